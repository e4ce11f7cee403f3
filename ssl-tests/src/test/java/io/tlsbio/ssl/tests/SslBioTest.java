package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import io.tlsbio.bio.buffer.BufferBio;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.pair.BioPair;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.CertCallback;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslBio;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.SslShutdown;
import io.tlsbio.ssl.TlsVersion;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * SslBio behaviour the OpenSSL oracle (SslBioOracleTest) does not show: failures and their {@link
 * Bio#lastError()}, the WANT_X509_LOOKUP gap, flush taking the write BIO's retry, ownership of the
 * Ssl, reset, and the chain helpers.
 */
class SslBioTest {

    private static final TlsVersion V = TlsVersion.TLS1_3;

    /** A client SslBio over one end of a pair, a plain server Ssl on the other. */
    private static final class Wired implements AutoCloseable {
        final BioPair pair;
        final SslBio client;
        final Ssl server;
        final SslBioPeer peer;

        Wired(SslContext clientCtx, SslContext serverCtx, int pairSize) {
            pair = BioPair.create(pairSize, pairSize);
            client = SslBio.newSsl(clientCtx, SslBio.Role.CLIENT);
            client.push(pair.first());
            server = serverCtx.newSsl();
            server.setAcceptState();
            server.setBio(pair.second(), pair.second());
            peer = new SslBioPeer(server, client);
        }

        Wired() {
            this(Contexts.client(V), Contexts.server(KeyType.ECDSA, V), 0);
        }

        @Override
        public void close() {
            client.closeAll();
            server.free();
            pair.second().close();
        }
    }

    @Test
    void aTlsFailureIsNoRetryWithAnIoErrorCausedBySslException() {
        SslContext wrongHost = Contexts.clientBuilder(V).hostName("other.example").build();
        try (Wired w = new Wired(wrongHost, Contexts.server(KeyType.ECDSA, V), 0)) {
            int r = 0;
            for (int i = 0;
                    i < 10 && (r = w.client.doHandshake()) < 0 && w.client.shouldRetry();
                    i++) {
                w.server.doHandshake();
            }
            assertThat(r).isEqualTo(-1);
            assertThat(w.client.shouldRetry()).isFalse();
            assertThat(w.client.retryReason()).isEqualTo(RetryReason.NONE);
            assertThat(w.client.ssl().getError(r)).isEqualTo(SslError.SSL);
            assertThat(w.client.ssl().lastError().reason())
                    .isEqualTo(SslReason.CERTIFICATE_VERIFY_FAILED);
            BioError e = w.client.lastError();
            assertThat(e.reason()).isEqualTo(BioError.Reason.IO_ERROR);
            assertThat(e.cause())
                    .isInstanceOf(SSLException.class)
                    .hasMessageContaining("CERTIFICATE_VERIFY_FAILED");
            // the failure stays: a read fails the same way, and a successful query does not clear
            // it
            assertThat(w.client.read(new byte[4], 0, 4)).isEqualTo(-1);
            assertThat(w.client.lastError().reason()).isEqualTo(BioError.Reason.IO_ERROR);
        }
    }

    @Test
    void aTransportFailureIsReportedWithTheTransportsOwnError() {
        Ssl ssl = Contexts.client(V).newSsl();
        ssl.setConnectState();
        MemBio readOnly = MemBio.readOnly(new byte[0]);
        ssl.setBio(MemBio.create(), readOnly);
        SslBio bio = SslBio.create(ssl, SslBio.CloseFlag.CLOSE);
        try {
            assertThat(bio.doHandshake()).isEqualTo(-1);
            assertThat(bio.shouldRetry()).isFalse();
            assertThat(ssl.lastError().reason()).isEqualTo(SslReason.BIO_ERROR);
            assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.WRITE_TO_READ_ONLY_BIO);
        } finally {
            bio.closeAll();
            readOnly.close();
        }
    }

    @Test
    void wantX509LookupIsAnIoSpecialRetry() {
        int[] calls = {0};
        SslContext server =
                Contexts.serverBuilder(KeyType.ECDSA, V)
                        .certCallback(
                                s ->
                                        ++calls[0] == 1
                                                ? CertCallback.Result.RETRY
                                                : CertCallback.Result.OK)
                        .build();
        BioPair pair = BioPair.create(0, 0);
        SslBio bio = SslBio.newSsl(server, SslBio.Role.SERVER);
        bio.push(pair.second());
        Ssl client = Contexts.client(V).newSsl();
        client.setConnectState();
        client.setBio(pair.first(), pair.first());
        try {
            assertThat(client.doHandshake()).isEqualTo(-1);
            assertThat(bio.doHandshake()).isEqualTo(-1);
            // BIO_RR_SSL_X509_LOOKUP, as OpenSSL's SSL BIO
            assertThat(bio.shouldIoSpecial()).isTrue();
            assertThat(bio.retryReason()).isEqualTo(io.tlsbio.bio.RetryReason.SSL_X509_LOOKUP);
            assertThat(bio.lastError()).isNull();
            assertThat(bio.ssl().getError(-1)).isEqualTo(SslError.WANT_X509_LOOKUP);
            assertThat(bio.doHandshake()).isEqualTo(-1);
            assertThat(bio.shouldRead()).isTrue();
            assertThat(calls[0]).isEqualTo(2);
            int c = -1;
            int s = -1;
            for (int i = 0; i < 10 && (c != 1 || s != 1); i++) {
                c = client.doHandshake();
                s = bio.doHandshake();
            }
            assertThat(c).isEqualTo(1);
            assertThat(s).isEqualTo(1);
        } finally {
            bio.closeAll();
            client.free();
            pair.first().close();
        }
    }

    @Test
    void flushTakesTheWriteBiosRetryFlags() {
        // SslBio -> BufferBio(4096) -> pair of 64 bytes: a record stays in the buffer until the
        // peer reads
        BioPair pair = BioPair.create(64, 64);
        SslBio bio = SslBio.newSsl(Contexts.client(V), SslBio.Role.CLIENT);
        bio.push(BufferBio.create().push(pair.first()));
        Ssl server = Contexts.server(KeyType.ECDSA, V).newSsl();
        server.setAcceptState();
        server.setBio(pair.second(), pair.second());
        SslBioPeer peer = new SslBioPeer(server, bio);
        try {
            peer.handshake();
            byte[] data = new byte[1000];
            assertThat(bio.write(data, 0, data.length)).isEqualTo(-1);
            assertThat(bio.shouldWrite()).isTrue();
            assertThat(bio.flush()).isEqualTo(-1);
            assertThat(bio.shouldWrite()).isTrue();
            assertThat(bio.retryReason()).isEqualTo(RetryReason.WRITE);
            int w = -1;
            for (int i = 0; i < 1000 && w < 0; i++) {
                server.read(new byte[2000], 0, 2000);
                w = bio.write(data, 0, data.length);
            }
            assertThat(w).isEqualTo(1000);
            int f = -1;
            for (int i = 0; i < 1000 && f != 1; i++) {
                server.read(new byte[2000], 0, 2000);
                f = bio.flush();
            }
            assertThat(f).isEqualTo(1);
            assertThat(bio.shouldRetry()).isFalse();
        } finally {
            bio.closeAll();
            server.free();
            pair.second().close();
        }
    }

    @Test
    void closeWithCloseFreesTheSslAndNoCloseLeavesItUsable() {
        try (Wired w = new Wired()) {
            w.peer.handshake();
            Ssl ssl = w.client.ssl();
            Bio transport = w.client.pop();
            w.client.setCloseFlag(SslBio.CloseFlag.NOCLOSE);
            assertThat(w.client.closeFlag()).isEqualTo(SslBio.CloseFlag.NOCLOSE);
            w.client.close();
            // popped, then BIO_free with BIO_NOCLOSE: the Ssl lives on; given its BIOs back it
            // still works
            ssl.setBio(transport, transport);
            w.peer.write("still here".getBytes(StandardCharsets.US_ASCII));
            byte[] got = new byte[10];
            assertThat(ssl.read(got, 0, 10)).isEqualTo(10);
            SslBio again = SslBio.create(ssl, SslBio.CloseFlag.CLOSE);
            assertThat(again.next()).isSameAs(transport);
            again.close();
            assertThatThrownBy(ssl::isInitFinished).isInstanceOf(IllegalStateException.class);
            assertThat(w.server.read(new byte[8], 0, 8)).isZero();
            assertThat(w.server.getError(0)).isEqualTo(SslError.ZERO_RETURN);
            transport.close();
        }
    }

    @Test
    void resetReturnsZeroAndChangesNothing() {
        try (Wired w = new Wired()) {
            w.peer.handshake();
            assertThat(w.client.reset()).isZero();
            assertThat(w.client.ssl().isInitFinished()).isTrue();
            w.peer.write(new byte[] {42});
            assertThat(w.client.read(new byte[1], 0, 1)).isEqualTo(1);
        }
    }

    @Test
    void withoutANextBioTheSslReportsItsMissingBios() {
        SslBio bio = SslBio.newSsl(Contexts.client(V), SslBio.Role.CLIENT);
        try {
            assertThat(bio.pending()).isZero();
            assertThat(bio.wpending()).isZero();
            assertThat(bio.eof()).isFalse();
            assertThat(bio.flush()).isZero();
            assertThat(bio.write(new byte[1], 0, 1)).isEqualTo(-1);
            assertThat(bio.shouldRetry()).isFalse();
            assertThat(bio.ssl().lastError().reason()).isEqualTo(SslReason.WRITE_BIO_NOT_SET);
        } finally {
            bio.close();
        }
    }

    @Test
    void findAndSslShutdownWalkTheChain() {
        try (Wired w = new Wired()) {
            w.peer.handshake();
            BufferBio head = BufferBio.create();
            head.push(w.client);
            assertThat(SslBio.find(head)).isSameAs(w.client);
            assertThat(SslBio.find(w.pair.first())).isNull();
            SslBio.sslShutdown(head);
            assertThat(w.client.ssl().getShutdown()).contains(SslShutdown.SENT);
            assertThat(w.server.read(new byte[8], 0, 8)).isZero();
            assertThat(w.server.getError(0)).isEqualTo(SslError.ZERO_RETURN);
            head.pop();
            head.close();
        }
    }

    @Test
    void doHandshakeAfterCloseThrows() {
        SslBio bio = SslBio.newSsl(Contexts.client(V), SslBio.Role.CLIENT);
        bio.close();
        assertThatThrownBy(bio::doHandshake)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
