package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.pair.BioPair;
import io.tlsbio.bio.testkit.KeyType;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslWant;
import io.tlsbio.ssl.TlsVersion;
import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

/**
 * A peer that floods us with records that each make us answer, and never reads: the answers may not
 * pile up without bound. OpenSSL stops reading when it cannot write; so does tlsbio, once more than
 * its own pending record waits (docs/ssl-lifecycle.md, RecordPump).
 */
class FloodTest {

    /** A bctls client that can put any handshake bytes into an encrypted record. */
    static final class RawClient extends TlsClientProtocol {
        void sendRaw(short type, byte[] body) throws IOException {
            safeWriteRecord(type, body, 0, body.length);
        }
    }

    private static DefaultTlsClient tls12Client() {
        return new DefaultTlsClient(new BcTlsCrypto(new SecureRandom())) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.TLSv12.only();
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return new ServerOnlyTlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                        // the test's own server
                    }
                };
            }
        };
    }

    private static byte[] drain(RawClient c) {
        byte[] out = new byte[c.getAvailableOutputBytes()];
        c.readOutput(out, 0, out.length);
        return out;
    }

    private static byte[] drain(MemBio bio) {
        byte[] out = new byte[(int) bio.pending()];
        if (out.length > 0) {
            bio.read(out, 0, out.length);
        }
        return out;
    }

    /** A tlsbio TLS 1.2 server connected to a raw bctls client over memory BIOs. */
    record Connected(Ssl server, RawClient client, MemBio in, MemBio out) {
        byte[] drainClient() {
            return drain(client);
        }

        /** Feeds {@code bytes} to the server, reads until it stops; returns what it wrote. */
        byte[] serverReads(byte[] bytes) {
            in.write(bytes);
            byte[] buf = new byte[1024];
            for (int i = 0; i < 100 && server.read(buf, 0, buf.length) > 0; i++) {
                // application data is not what these tests look at
            }
            return drain(out);
        }
    }

    static Connected connectTls12() throws IOException {
        Ssl server = Contexts.server(KeyType.ECDSA, TlsVersion.TLS1_2).newSsl();
        MemBio in = MemBio.create();
        MemBio out = MemBio.create();
        server.setBio(in, out);
        server.setAcceptState();
        RawClient client = new RawClient();
        client.connect(tls12Client());
        for (int i = 0; i < 20 && (client.isHandshaking() || server.isInInit()); i++) {
            in.write(drain(client));
            server.doHandshake();
            byte[] reply = drain(out);
            if (reply.length > 0) {
                client.offerInput(reply);
            }
        }
        assertThat(server.isInitFinished()).isTrue();
        assertThat(client.isHandshaking()).isFalse();
        return new Connected(server, client, in, out);
    }

    @Test
    void aRenegotiationFloodFromAPeerThatNeverReadsStopsOurReading() throws IOException {
        Connected c = connectTls12();
        Ssl server = c.server();
        RawClient client = c.client();
        MemBio in = c.in();

        // 64 records, each 4,096 empty ClientHellos: bctls answers every one with a warning alert
        byte[] hellos = new byte[16384];
        for (int i = 0; i < hellos.length; i += 4) {
            hellos[i] = HandshakeType.client_hello;
        }
        for (int i = 0; i < 64; i++) {
            client.sendRaw(ContentType.handshake, hellos);
        }
        byte[] flood = drain(client);
        in.write(flood);

        // the answers go into a 4 KiB pair nobody reads
        BioPair pair = BioPair.create(4096, 4096);
        server.setBio(in, pair.first());
        byte[] buf = new byte[100];
        long consumedAfterFirst = -1;
        for (int call = 0; call < 200; call++) {
            assertThat(server.read(buf, 0, buf.length)).isEqualTo(-1);
            assertThat(server.getError(-1)).as("call %d", call).isEqualTo(SslError.WANT_WRITE);
            assertThat(server.want()).isEqualTo(SslWant.WRITING);
            if (call == 0) {
                consumedAfterFirst = flood.length - in.pending();
            }
        }
        long consumed = flood.length - in.pending();
        assertThat(consumed).as("only the first records are read, then nothing more")
                .isEqualTo(consumedAfterFirst)
                .isLessThan(flood.length / 8);
    }
}
