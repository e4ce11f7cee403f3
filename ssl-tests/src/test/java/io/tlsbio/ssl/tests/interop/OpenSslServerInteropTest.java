package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tlsbio client (library API over a socket BIO) against the real {@code openssl s_server}: TLS 1.2
 * and 1.3, RSA and ECDSA, blocking and non-blocking (BioWait). Handshake, a few KiB each way
 * (s_server relays its stdin to us and prints what we send on its stdout), then our two-step
 * SSL_shutdown, which s_server answers with "DONE" and its own close_notify.
 *
 * <p>s_server runs without -brief/-quiet because only then does OpenSSL 3.0 print {@code ACCEPT
 * 127.0.0.1:<port>} for {@code -accept 127.0.0.1:0}. It then prints {@code CIPHER is <name>} and
 * the session as {@code SSL SESSION PARAMETERS} PEM; {@code openssl sess_id -text} turns that PEM
 * into {@code Protocol : TLSv1.x} / {@code Cipher : <name>}, openssl's own statement of the
 * negotiated version.
 */
class OpenSslServerInteropTest extends AgainstOpenSsl {

    private static final Pattern CIPHER_LINE = Pattern.compile("CIPHER is (\\S+)\\r?\\n");
    private static final Pattern SESSION_PEM =
            Pattern.compile(
                    "-----BEGIN SSL SESSION PARAMETERS-----\\r?\\n[A-Za-z0-9+/=\\r\\n]+"
                            + "-----END SSL SESSION PARAMETERS-----\\r?\\n");

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("io.tlsbio.ssl.tests.interop.SocketSsl#versionsKeysAndModes")
    void tlsbioClientToOpensslServer(TlsVersion v, KeyType type, Mode mode) throws IOException {
        PemFiles server = Interop.pem(dir, Interop.pki().server(type), "server");
        String toClient = Interop.payload(2, 96);
        String toServer = Interop.payload(1, 96);
        String sessionPem;
        String serverCipher;
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
                        SocketSsl.connect(Interop.client(v), srv.port(), mode).peer(srv::output)) {
            c.handshake();
            if (mode == Mode.BLOCKING) {
                assertThat(c.handshakeCalls)
                        .as("one blocking doHandshake call")
                        .containsExactly("1/NONE");
            } else {
                assertThat(c.handshakeCalls)
                        .as("non-blocking doHandshake: retries, then done")
                        .allMatch(
                                r ->
                                        r.equals("-1/WANT_READ")
                                                || r.equals("-1/WANT_WRITE")
                                                || r.equals("1/NONE"))
                        .endsWith("1/NONE");
            }
            assertThat(c.ssl.version()).isEqualTo(v);
            assertThat(c.ssl.cipher()).startsWith(Interop.cipherPrefix(v, type));
            assertThat(c.ssl.peerCertificates())
                    .first()
                    .isEqualTo(Interop.pki().server(type).certificate());

            // s_server prints the cipher once it has our Finished; only then feed its stdin (data
            // written earlier would be sent by an SSL_write that finishes the handshake silently)
            Matcher cipher = srv.awaitMatch(CIPHER_LINE, OpenSslProcess.TIMEOUT);
            serverCipher = cipher.group(1);
            assertThat(serverCipher).as("s_server's cipher").isEqualTo(c.ssl.cipher());
            Matcher session = srv.awaitMatch(SESSION_PEM, OpenSslProcess.TIMEOUT);
            sessionPem = session.group();

            if (mode == Mode.NON_BLOCKING) {
                // the peer sends no application data before we feed its stdin
                SocketSsl.Result early = c.readOnce();
                assertThat(early.ret()).isEqualTo(-1);
                assertThat(early.error()).isEqualTo(SslError.WANT_READ);
            }
            srv.send(toClient);
            assertThat(new String(c.readFully(toClient.length()), StandardCharsets.ISO_8859_1))
                    .isEqualTo(toClient);
            c.write(toServer.getBytes(StandardCharsets.ISO_8859_1));
            srv.awaitStdout(toServer, OpenSslProcess.TIMEOUT);

            // we initiate: our close_notify, then s_server's reply
            assertThat(c.shutdown()).as("first SSL_shutdown: close_notify sent").isZero();
            int second = c.shutdown();
            assertThat(second)
                    .as("second SSL_shutdown: %s %s", c.ssl.getError(second), c.ssl.lastError())
                    .isEqualTo(1);
            SocketSsl.Result end = c.readEnd();
            assertThat(end.ret()).isZero();
            assertThat(end.error()).isEqualTo(SslError.ZERO_RETURN);
            srv.awaitOutput("DONE", OpenSslProcess.TIMEOUT);
            c.close(); // openssl drains the socket for up to 500 ms before it exits
            assertThat(srv.awaitExit(OpenSslProcess.TIMEOUT))
                    .as("s_server -naccept 1 exit code\n%s", srv.output())
                    .isZero();
            assertThat(srv.output())
                    .as("a clean close on s_server's side")
                    .contains("DONE", "shutting down SSL", "CONNECTION CLOSED")
                    .doesNotContain("ERROR", ":error:");
        }
        String session = sessionText(sessionPem);
        assertThat(Interop.group(session, "Protocol\\s*: (\\S+)"))
                .as("s_server's version")
                .isEqualTo(v.openSslName());
        assertThat(Interop.group(session, "Cipher\\s*: (\\S+)")).isEqualTo(serverCipher);
    }

    /**
     * s_server {@code -www} answers a GET with its status page and then closes first: the page,
     * then 0/ZERO_RETURN from SSL_read, and our SSL_shutdown completes at once (1). The page shows
     * openssl's view of the session: {@code New, TLSv1.x, Cipher is ...} and {@code Protocol :
     * TLSv1.x}.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void opensslWwwServerClosesFirst(TlsVersion v) {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                server.certificateChain().toString(),
                                "-key",
                                server.privateKey().toString(),
                                "-naccept",
                                "1",
                                "-www",
                                Interop.flag(v));
                SocketSsl c =
                        SocketSsl.connect(Interop.client(v), srv.port(), Mode.NON_BLOCKING)
                                .peer(srv::output)) {
            c.handshake();
            c.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            StringBuilder page = new StringBuilder();
            SocketSsl.Result r = c.readEnd();
            for (int i = 0; i < 10_000 && r.ret() > 0; i++) {
                page.append(new String(r.data(), StandardCharsets.ISO_8859_1));
                r = c.readEnd();
            }
            assertThat(r.ret()).as("read after the page: %s", c.ssl.lastError()).isZero();
            assertThat(r.error()).isEqualTo(SslError.ZERO_RETURN);
            assertThat(page)
                    .startsWith("HTTP/1.0 200 ok\r\n")
                    .contains("New, " + v.openSslName() + ", Cipher is " + c.ssl.cipher() + "\n")
                    .containsPattern("Protocol\\s*: " + Pattern.quote(v.openSslName()) + "\n");
            assertThat(c.shutdown()).as("SSL_shutdown after the peer's close_notify").isEqualTo(1);
            c.close(); // openssl drains the socket for up to 500 ms before it exits
            assertThat(srv.awaitExit(OpenSslProcess.TIMEOUT)).as(srv.output()).isZero();
            assertThat(srv.output()).doesNotContain(":error:");
        }
    }

    /**
     * s_server's {@code q} command closes the socket without a close_notify: our SSL_read sees the
     * EOF as unclean, 0 with SYSCALL and reason UNEXPECTED_EOF (docs/decisions.md, decision 2's
     * rule after the handshake too), not as ZERO_RETURN.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void opensslServerQuitWithoutCloseNotifyIsUnexpectedEof(TlsVersion v) {
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
                        SocketSsl.connect(Interop.client(v), srv.port(), Mode.BLOCKING)
                                .peer(srv::output)) {
            c.handshake();
            srv.awaitMatch(CIPHER_LINE, OpenSslProcess.TIMEOUT);
            srv.send("q\n");
            SocketSsl.Result r = c.readEnd();
            assertThat(r.ret()).as("%s", c.ssl.lastError()).isZero();
            assertThat(r.error()).isEqualTo(SslError.SYSCALL);
            assertThat(c.ssl.lastError().reason()).isEqualTo(SslReason.UNEXPECTED_EOF);
            srv.awaitOutput("DONE", OpenSslProcess.TIMEOUT);
        }
    }

    /** {@code openssl sess_id -noout -text} of the session s_server printed. */
    private String sessionText(String pem) throws IOException {
        Path f = dir.resolve("session.pem");
        Files.writeString(f, pem, StandardCharsets.US_ASCII);
        try (OpenSslProcess p =
                OpenSslProcess.start(dir, "sess_id", "-in", f.toString(), "-noout", "-text")) {
            assertThat(p.awaitExit(OpenSslProcess.TIMEOUT)).as(p.output()).isZero();
            return p.stdout();
        }
    }
}
