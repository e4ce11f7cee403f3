package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real {@code openssl s_client} against a tlsbio server (library API over an accepted socket
 * BIO): TLS 1.2 and 1.3, RSA and ECDSA, blocking and non-blocking (BioWait). s_client verifies our
 * chain and host name ({@code -CAfile ca.pem -servername localhost -verify_return_error}), relays
 * its stdin to us and prints our data; {@code -ign_eof} keeps it from closing at stdin EOF, so the
 * close is ours: SSL_shutdown returns 0, s_client prints "closed" and answers with its
 * close_notify, the second SSL_shutdown returns 1 and s_client exits 0.
 */
class OpenSslClientInteropTest extends AgainstOpenSsl {

    /** s_client's summary line, e.g. {@code New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384}. */
    static final Pattern NEW_LINE =
            Pattern.compile("New, (TLSv1\\.[0-9]), Cipher is (\\S+)\\r?\\n");

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("io.tlsbio.ssl.tests.interop.SocketSsl#versionsKeysAndModes")
    void opensslClientToTlsbioServer(TlsVersion v, KeyType type, Mode mode) {
        Path ca = Interop.caFile(dir);
        String toClient = Interop.payload(2, 96);
        String toServer = Interop.payload(1, 96);
        try (AcceptBio acceptor = SocketSsl.listen();
                OpenSslProcess cli =
                        Interop.verifyingClient(dir, acceptor.localPort(), ca, Interop.flag(v));
                SocketSsl s =
                        SocketSsl.server(
                                        Interop.server(v, Interop.pki().server(type)),
                                        SocketSsl.accept(acceptor, cli::output),
                                        mode)
                                .peer(cli::output)) {
            s.handshake();
            if (mode == Mode.BLOCKING) {
                assertThat(s.handshakeCalls)
                        .as("one blocking doHandshake call")
                        .containsExactly("1/NONE");
            } else {
                assertThat(s.handshakeCalls)
                        .as("non-blocking doHandshake: retries, then done")
                        .allMatch(
                                r ->
                                        r.equals("-1/WANT_READ")
                                                || r.equals("-1/WANT_WRITE")
                                                || r.equals("1/NONE"))
                        .endsWith("1/NONE");
            }
            assertThat(s.ssl.version()).isEqualTo(v);
            assertThat(s.ssl.cipher()).startsWith(Interop.cipherPrefix(v, type));

            Matcher summary = cli.awaitMatch(NEW_LINE, OpenSslProcess.TIMEOUT);
            assertThat(summary.group(1)).as("s_client's version").isEqualTo(v.openSslName());
            assertThat(summary.group(2)).as("s_client's cipher").isEqualTo(s.ssl.cipher());
            // stdout, in this order: "Verification: OK" ... "Verify return code: 0 (ok)"
            assertThat(cli.awaitOutput("Verify return code: 0 (ok)", OpenSslProcess.TIMEOUT))
                    .contains("Verification: OK");
            // stderr, from the verify callback (its own reader thread: awaited separately)
            cli.awaitStderr("depth=0 CN = localhost\nverify return:1", OpenSslProcess.TIMEOUT);

            s.write(toClient.getBytes(StandardCharsets.ISO_8859_1));
            cli.awaitStdout(toClient, OpenSslProcess.TIMEOUT);
            if (mode == Mode.NON_BLOCKING) {
                // the peer sends no application data before we feed its stdin
                SocketSsl.Result early = s.readOnce();
                assertThat(early.ret()).isEqualTo(-1);
                assertThat(early.error()).isEqualTo(SslError.WANT_READ);
            }
            cli.send(toServer);
            assertThat(new String(s.readFully(toServer.length()), StandardCharsets.ISO_8859_1))
                    .isEqualTo(toServer);

            // we initiate the close; s_client reads our close_notify, says "closed" and answers
            assertThat(s.shutdown()).as("first SSL_shutdown").isZero();
            int second = s.shutdown();
            assertThat(second)
                    .as("second SSL_shutdown: %s %s", s.ssl.getError(second), s.ssl.lastError())
                    .isEqualTo(1);
            SocketSsl.Result end = s.readEnd();
            assertThat(end.ret()).isZero();
            assertThat(end.error()).isEqualTo(SslError.ZERO_RETURN);
            s.close(); // openssl drains the socket for up to 500 ms before it exits
            assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT))
                    .as("s_client exit code\n%s", cli.output())
                    .isZero();
            assertThat(cli.stdout()).contains("closed");
            assertThat(cli.output()).doesNotContain(":error:");
        }
    }

    /**
     * Without {@code -ign_eof}, s_client closes first when its stdin ends: it prints "DONE" and
     * sends close_notify; our SSL_read returns 0/ZERO_RETURN and SSL_shutdown then returns 1 at
     * once, which s_client (waiting up to 500 ms for it) reads before it exits 0.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void opensslClientClosesFirstAtStdinEof(TlsVersion v) {
        Path ca = Interop.caFile(dir);
        String toServer = Interop.payload(1, 96);
        try (AcceptBio acceptor = SocketSsl.listen();
                OpenSslProcess cli =
                        OpenSslProcess.start(
                                dir,
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + acceptor.localPort(),
                                "-CAfile",
                                ca.toString(),
                                "-servername",
                                "localhost",
                                "-verify_return_error",
                                Interop.flag(v));
                SocketSsl s =
                        SocketSsl.server(
                                        Interop.server(v, Interop.pki().server(KeyType.ECDSA)),
                                        SocketSsl.accept(acceptor, cli::output),
                                        Mode.NON_BLOCKING)
                                .peer(cli::output)) {
            s.handshake();
            cli.awaitOutput("Verify return code: 0 (ok)", OpenSslProcess.TIMEOUT);
            cli.send(toServer);
            cli.closeStdin();
            assertThat(new String(s.readFully(toServer.length()), StandardCharsets.ISO_8859_1))
                    .isEqualTo(toServer);
            SocketSsl.Result end = s.readEnd();
            assertThat(end.ret())
                    .as("read after s_client's close_notify: %s", s.ssl.lastError())
                    .isZero();
            assertThat(end.error()).isEqualTo(SslError.ZERO_RETURN);
            assertThat(s.shutdown()).as("SSL_shutdown after the peer's close_notify").isEqualTo(1);
            s.close(); // openssl drains the socket for up to 500 ms before it exits
            assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(cli.output()).isZero();
            assertThat(cli.stderr()).contains("DONE");
            assertThat(cli.output()).doesNotContain(":error:");
        }
    }
}
