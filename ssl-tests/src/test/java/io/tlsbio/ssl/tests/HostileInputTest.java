package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.ContentType;
import org.junit.jupiter.api.Test;

/**
 * OpenSSL 3.0's answers to input that is not TLS, empty records, warning floods and overlong
 * records, as probed against {@code openssl s_server} (docs/hostile-input.md): the same alert, in a
 * record of the same version, or nothing where OpenSSL sends nothing.
 */
class HostileInputTest {

    private static final int MAX_CALLS = 50;

    /** A server fed {@code input}, run until it stops; returns what it wrote. */
    private static byte[] serve(Ssl server, byte[] input) {
        MemBio in = MemBio.create();
        MemBio out = MemBio.create();
        in.write(input);
        server.setBio(in, out);
        for (int i = 0; i < MAX_CALLS; i++) {
            int r = server.accept();
            if (r != -1 || server.getError(r) != SslError.WANT_READ || in.pending() == 0) {
                break;
            }
        }
        byte[] written = new byte[(int) out.pending()];
        if (written.length > 0) {
            out.read(written, 0, written.length);
        }
        return written;
    }

    private static Ssl server() {
        return Contexts.server(KeyType.ECDSA, TlsVersion.TLS1_3).newSsl();
    }

    private static byte[] record(int type, int version, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type);
        b.write(version >> 8);
        b.write(version);
        b.write(body.length >> 8);
        b.write(body.length);
        b.writeBytes(body);
        return b.toByteArray();
    }

    private static byte[] alert(int version, short description) {
        return record(
                ContentType.alert, version, new byte[] {AlertLevel.fatal, (byte) description});
    }

    @Test
    void aPlainHttpRequestIsRefusedWithNoAlert() {
        Ssl s = server();
        byte[] out = serve(s, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(out).isEmpty();
        assertThat(s.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(s.lastError().reason()).isEqualTo(SslReason.HTTP_REQUEST);
        assertThat(s.lastError().message()).isEqualTo("http request");
    }

    @Test
    void aProxyConnectIsHttpsProxyRequest() {
        Ssl s = server();
        assertThat(
                        serve(
                                s,
                                "CONNECT example.com:443 HTTP/1.1\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
        assertThat(s.lastError().reason()).isEqualTo(SslReason.HTTPS_PROXY_REQUEST);
    }

    @Test
    void garbageIsWrongVersionNumberWithNoAlertInBothRoles() {
        byte[] garbage = {0x16, 0x00, 0x00, 0x00, 0x10, 1, 2, 3};
        Ssl s = server();
        assertThat(serve(s, garbage)).isEmpty();
        assertThat(s.lastError().reason()).isEqualTo(SslReason.WRONG_VERSION_NUMBER);

        MemPair p = new MemPair(TlsVersion.TLS1_3);
        assertThat(p.client.connect()).isEqualTo(-1);
        p.c2s.read(new byte[(int) p.c2s.pending()]);
        p.s2c.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 4, 1, 2, 3, 4});
        assertThat(p.client.connect()).isEqualTo(-1);
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.WRONG_VERSION_NUMBER);
        assertThat(p.c2s.pending()).as("nothing sent").isZero();
    }

    @Test
    void aFirstRecordThatIsNotAHandshakeGetsUnexpectedMessageInItsOwnRecordVersion() {
        for (int version : new int[] {0x0300, 0x0301, 0x0302, 0x0303}) {
            byte[] out = serve(server(), alert(version, AlertDescription.close_notify));
            assertThat(out)
                    .as("version %04x", version)
                    .isEqualTo(alert(version, AlertDescription.unexpected_message));
        }
        // 0x0304 is written as 0x0303
        byte[] out = serve(server(), record(ContentType.application_data, 0x0304, new byte[] {1}));
        assertThat(out).isEqualTo(alert(0x0303, AlertDescription.unexpected_message));
    }

    @Test
    void aMalformedClientHelloGetsDecodeErrorFramedTls12WhateverTheRecordVersion() {
        // a ClientHello whose body is shorter than its header says, inside a complete record
        byte[] hello = {1, 0, 0, 10, 3, 3, 0, 0};
        for (int version : new int[] {0x0301, 0x0303}) {
            Ssl s = server();
            byte[] out = serve(s, record(ContentType.handshake, version, hello));
            // bctls waits for the rest of the message; OpenSSL too until the length is complete
            assertThat(out).isEmpty();
            assertThat(s.getError(-1)).isEqualTo(SslError.WANT_READ);
        }
        byte[] truncatedInside = {1, 0, 0, 4, 3, 3, 0, 0};
        Ssl s = server();
        byte[] out = serve(s, record(ContentType.handshake, 0x0301, truncatedInside));
        assertThat(out).isEqualTo(alert(0x0303, AlertDescription.decode_error));
        assertThat(s.lastError().alertName()).isEqualTo("decode_error");
    }

    @Test
    void anOverlongPlaintextRecordIsReadWholeThenRecordOverflow() {
        byte[] header = {ContentType.handshake, 3, 1, (byte) (16400 >> 8), (byte) 16400};
        Ssl s = server();
        MemBio in = MemBio.create();
        MemBio out = MemBio.create();
        s.setBio(in, out);
        in.write(header);
        in.write(new byte[100]);
        assertThat(s.accept()).isEqualTo(-1);
        assertThat(s.getError(-1))
                .as("waits for the body, as OpenSSL")
                .isEqualTo(SslError.WANT_READ);
        assertThat(out.pending()).isZero();
        in.write(new byte[16300]);
        assertThat(s.accept()).isEqualTo(-1);
        assertThat(s.lastError().alertName()).isEqualTo("record_overflow");
        byte[] sent = new byte[(int) out.pending()];
        out.read(sent, 0, sent.length);
        assertThat(sent).isEqualTo(alert(0x0303, AlertDescription.record_overflow));
    }

    @Test
    void thirtyTwoEmptyHandshakeRecordsAreSkippedTheThirtyThirdIsRecordTooSmall()
            throws IOException {
        byte[] empty = record(ContentType.handshake, 0x0301, new byte[0]);
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < 33; i++) {
            flood.write(empty);
        }
        Ssl s = server();
        byte[] out = serve(s, flood.toByteArray());
        assertThat(out).isEqualTo(alert(0x0303, AlertDescription.unexpected_message));
        assertThat(s.lastError().message()).isEqualTo("record too small");

        // 32 of them, then a real ClientHello: the handshake goes on
        MemPair p = new MemPair(TlsVersion.TLS1_3);
        for (int i = 0; i < 32; i++) {
            p.c2s.write(empty);
        }
        new Driver().handshake(p.client, p.server, () -> {});
        assertThat(p.server.isInitFinished()).isTrue();
    }

    @Test
    void emptyApplicationDataRecordsAreCountedAfterTheHandshakeToo() throws IOException {
        FloodTest.Connected c = FloodTest.connectTls12();
        for (int i = 0; i < 33; i++) {
            c.client().sendRaw(ContentType.application_data, new byte[0]);
        }
        byte[] out = c.serverReads(c.drainClient());
        assertThat(c.server().lastError().message()).isEqualTo("record too small");
        assertThat(c.server().lastError().alertName()).isEqualTo("unexpected_message");
        assertThat(out).as("the encrypted alert went out").isNotEmpty();
    }

    @Test
    void theFifthWarningAlertInARowIsUnexpectedMessage() throws IOException {
        FloodTest.Connected c = FloodTest.connectTls12();
        for (int i = 0; i < 4; i++) {
            c.client()
                    .sendRaw(
                            ContentType.alert,
                            new byte[] {AlertLevel.warning, (byte) AlertDescription.user_canceled});
        }
        c.serverReads(c.drainClient());
        assertThat(c.server().getError(-1)).as("four are fine").isEqualTo(SslError.WANT_READ);
        c.client()
                .sendRaw(
                        ContentType.alert,
                        new byte[] {AlertLevel.warning, (byte) AlertDescription.user_canceled});
        c.serverReads(c.drainClient());
        assertThat(c.server().lastError().message()).isEqualTo("too many warn alerts");
        assertThat(Arrays.asList(c.server().lastError().alertName()))
                .containsExactly("unexpected_message");
    }

    @Test
    void afterTheServerHelloEveryRecordMustSayTls12() throws IOException {
        FloodTest.Connected c = FloodTest.connectTls12();
        c.client().sendRaw(ContentType.application_data, new byte[] {1, 2, 3});
        byte[] rec = c.drainClient();
        rec[2] = 1; // 0x0301
        c.serverReads(rec);
        assertThat(c.server().lastError().alertName()).isEqualTo("protocol_version");
        assertThat(c.server().lastError().message()).isEqualTo("wrong version number");
    }
}
