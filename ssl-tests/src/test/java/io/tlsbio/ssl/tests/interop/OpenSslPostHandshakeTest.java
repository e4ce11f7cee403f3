package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.ssl.SslMessage;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * After the handshake, against the real {@code openssl s_server}: TLS 1.3 KeyUpdate in both
 * directions (each side asking the other to update too), and about 1 MiB each way over a
 * non-blocking socket BIO, where writes and reads must retry with BioWait.
 */
class OpenSslPostHandshakeTest extends AgainstOpenSsl {

    private static final Pattern CIPHER_LINE = Pattern.compile("CIPHER is (\\S+)\\r?\\n");
    private static final int KEY_UPDATE = 24;

    /**
     * s_server {@code -msg}: the KeyUpdate it sends with update_requested (the body's last byte
     * 01).
     */
    private static final String SENT_KEY_UPDATE_REQUESTED =
            ">>> TLS 1.3, Handshake [length 0005], KeyUpdate\n    18 00 00 01 01";

    private static final String GOT_KEY_UPDATE_NOT_REQUESTED =
            "<<< TLS 1.3, Handshake [length 0005], KeyUpdate\n    18 00 00 01 00";
    private static final String GOT_KEY_UPDATE_REQUESTED =
            "<<< TLS 1.3, Handshake [length 0005], KeyUpdate\n    18 00 00 01 01";
    private static final String SENT_KEY_UPDATE_NOT_REQUESTED =
            ">>> TLS 1.3, Handshake [length 0005], KeyUpdate\n    18 00 00 01 00";

    private static long keyUpdates(List<SslMessage> messages, boolean write) {
        return messages.stream()
                .filter(m -> m.write() == write && m.handshakeType() == KEY_UPDATE)
                .count();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void tls13KeyUpdateBothWays(Mode mode) {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        List<SslMessage> messages = new CopyOnWriteArrayList<>();
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                server.certificateChain().toString(),
                                "-key",
                                server.privateKey().toString(),
                                "-naccept",
                                "1",
                                "-tls1_3",
                                "-msg");
                SocketSsl c =
                        SocketSsl.connect(Interop.client(TlsVersion.TLS1_3), srv.port(), mode)
                                .peer(srv::output)) {
            c.ssl.setMessageCallback((ssl, m) -> messages.add(m));
            c.handshake();
            srv.awaitMatch(CIPHER_LINE, OpenSslProcess.TIMEOUT);

            // s_server's "K" command: it updates its sending keys and asks us to update ours
            srv.send("K\n");
            srv.awaitStdout(SENT_KEY_UPDATE_REQUESTED, OpenSslProcess.TIMEOUT);
            String toClient = Interop.payload(2, 20);
            srv.send(toClient);
            assertThat(new String(c.readFully(toClient.length()), StandardCharsets.ISO_8859_1))
                    .isEqualTo(toClient);
            assertThat(keyUpdates(messages, false))
                    .as("KeyUpdate received: %s", messages)
                    .isEqualTo(1);
            String toServer = Interop.payload(1, 20);
            c.write(toServer.getBytes(StandardCharsets.ISO_8859_1));
            srv.awaitStdout(toServer, OpenSslProcess.TIMEOUT);
            assertThat(srv.stdout())
                    .as("our answer, under new keys, before the data")
                    .contains(GOT_KEY_UPDATE_NOT_REQUESTED);
            assertThat(keyUpdates(messages, true)).isEqualTo(1);

            // now we update and ask s_server to; it answers before its next data
            assertThat(c.ssl.keyUpdate(true)).isEqualTo(1);
            String toServer2 = Interop.payload(3, 20);
            c.write(toServer2.getBytes(StandardCharsets.ISO_8859_1));
            srv.awaitStdout(toServer2, OpenSslProcess.TIMEOUT);
            assertThat(srv.stdout()).contains(GOT_KEY_UPDATE_REQUESTED);
            String toClient2 = Interop.payload(4, 20);
            srv.send(toClient2);
            assertThat(new String(c.readFully(toClient2.length()), StandardCharsets.ISO_8859_1))
                    .isEqualTo(toClient2);
            // s_server's stdout is stdio-buffered: what it sent may show up after we read it
            srv.awaitStdout(SENT_KEY_UPDATE_NOT_REQUESTED, OpenSslProcess.TIMEOUT);
            assertThat(keyUpdates(messages, false))
                    .as("s_server's answer received: %s", messages)
                    .isEqualTo(2);
            assertThat(keyUpdates(messages, true)).isEqualTo(2);

            assertThat(c.shutdown()).isZero();
            assertThat(c.shutdown()).isEqualTo(1);
            srv.awaitStdout("DONE", OpenSslProcess.TIMEOUT);
            c.close(); // openssl drains the socket for up to 500 ms before it exits
            assertThat(srv.awaitExit(OpenSslProcess.TIMEOUT)).isZero();
            assertThat(srv.output()).doesNotContain(":error:");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void aboutOneMebibyteEachWayNonBlocking(TlsVersion v) {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.RSA), "server");
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                server.certificateChain().toString(),
                                "-key",
                                server.privateKey().toString(),
                                "-naccept",
                                "1",
                                Interop.flag(v));
                SocketSsl c =
                        SocketSsl.connect(Interop.client(v), srv.port(), Mode.NON_BLOCKING)
                                .peer(srv::output)) {
            c.handshake();
            srv.awaitMatch(CIPHER_LINE, OpenSslProcess.TIMEOUT);
            String up = Interop.payload(1, 22_000);
            c.write(up.getBytes(StandardCharsets.ISO_8859_1));
            // the last line is unique (line numbers), so it marks the end
            srv.awaitStdout(up.substring(up.length() - 48), OpenSslProcess.TIMEOUT);
            assertThat(srv.stdout()).contains(up);
            String down = Interop.payload(2, 22_000);
            srv.sendInBackground(down);
            assertThat(new String(c.readFully(down.length()), StandardCharsets.ISO_8859_1))
                    .isEqualTo(down);
            srv.awaitSent(OpenSslProcess.TIMEOUT);
            assertThat(c.shutdown()).isZero();
            assertThat(c.shutdown()).isEqualTo(1);
            srv.awaitStdout("DONE", OpenSslProcess.TIMEOUT);
            c.close(); // openssl drains the socket for up to 500 ms before it exits
            assertThat(srv.awaitExit(OpenSslProcess.TIMEOUT)).isZero();
        }
    }
}
