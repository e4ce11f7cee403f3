package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.TlsVersion;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tlsbio s_client} against {@code tlsbio s_server}: the -www page and the relay, every
 * socket mode on each side, a server in its own JVM serving two clients at once with {@code -nbio},
 * verification failures on both sides, client certificates, and what {@code -state}, {@code -msg}
 * and {@code -brief} print.
 */
class TlsbioPairTest {

    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");
    private static final String GET = "GET / HTTP/1.0\r\n\r\n";

    @TempDir static Path dir;
    static TestPems pems;
    static PemFiles clientCert;

    @BeforeAll
    static void setUp() {
        pems = TestPems.write(dir);
        clientCert = TestPki.shared().client(KeyType.ECDSA).writePem(dir, "client");
    }

    static Stream<Arguments> modes() {
        List<Arguments> out = new ArrayList<>();
        for (TlsVersion v : TlsVersion.values()) {
            out.add(Arguments.of(v, List.of(), List.of("-nbio")));
            out.add(Arguments.of(v, List.of("-nbio"), List.of()));
            out.add(Arguments.of(v, List.of("-bio", "buffer"), List.of("-nbio", "-bio", "buffer")));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} server {1} client {2}")
    @MethodSource("modes")
    void clientGetsTheStatusPage(TlsVersion v, List<String> serverMode, List<String> clientMode)
            throws Exception {
        try (InProcess server =
                server(
                        pems.ecdsa(),
                        cat(List.of("-www", OpenSslInteropTest.flag(v)), serverMode))) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            InProcess.Result c;
            try {
                c = InProcess.run(GET, cat(client(port), clientMode).toArray(String[]::new));
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }

            assertThat(c.code()).as(c.err()).isZero();
            assertThat(c.out())
                    .contains(
                            "Verify return code: 0 (ok)",
                            "New, " + v.openSslName() + ", Cipher is ",
                            "HTTP/1.0 200 ok",
                            "    Protocol  : " + v.openSslName(),
                            "no client certificate available",
                            "closed");
            InProcess.Result s = server.result(InProcess.LIMIT);
            assertThat(s.code()).as(s.err()).isZero();
            String cipher = OpenSslInteropTest.group(c.out(), "^Cipher    : (\\S+)$");
            assertThat(s.out())
                    .contains(
                            "Protocol version: " + v.openSslName(),
                            "CIPHER is " + cipher,
                            "CONNECTION CLOSED");
        }
    }

    @Test
    void relayCarriesStdinToTheServersStdout() throws Exception {
        try (InProcess server = server(pems.rsa(), List.of())) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            InProcess.Result c;
            try {
                c = InProcess.run("hello from the client\n", client(port).toArray(String[]::new));
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }

            // end of stdin: DONE, close_notify, then the server's close_notify ends the session
            assertThat(c.code()).as(c.err()).isZero();
            // the verify callback's lines (as openssl s_client prints them), then DONE
            assertThat(c.err())
                    .contains("depth=0 CN = localhost\nverify return:1\n")
                    .endsWith("DONE" + System.lineSeparator());
            assertThat(c.out()).endsWith("closed" + System.lineSeparator());
            InProcess.Result s = server.result(InProcess.LIMIT);
            assertThat(s.code()).as(s.err()).isZero();
            assertThat(s.out())
                    .contains(
                            "hello from the client\nDONE"
                                    + System.lineSeparator()
                                    + "CONNECTION CLOSED");
        }
    }

    @Test
    void nbioServerInItsOwnJvmServesTwoClientsAtOnce() throws Exception {
        PemFiles cert = pems.ecdsa();
        try (ChildProcess server =
                ChildProcess.tlsbio(
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-nbio",
                        "-www",
                        "-naccept",
                        "2",
                        "-cert",
                        cert.certificateChain().toString(),
                        "-key",
                        cert.privateKey().toString())) {
            server.stdin("");
            String port = server.awaitOut(ACCEPT, InProcess.LIMIT);
            PipedOutputStream firstStdin = new PipedOutputStream();
            try (InProcess first =
                    InProcess.start(
                            new PipedInputStream(firstStdin),
                            client(port).toArray(String[]::new))) {
                // the first client is connected and idle...
                first.out.awaitLine(
                        Pattern.compile("^Verify return code: 0 \\(ok\\)$"), InProcess.LIMIT);
                // ...while a second one is served in full by the same thread
                InProcess.Result second =
                        InProcess.run(
                                GET, cat(client(port), List.of("-nbio")).toArray(String[]::new));
                assertThat(second.code()).as(second.err()).isZero();
                assertThat(second.out()).contains("HTTP/1.0 200 ok");
                assertThat(first.isDone()).isFalse();

                firstStdin.write(GET.getBytes(StandardCharsets.US_ASCII));
                firstStdin.close();
                InProcess.Result r = first.result(InProcess.LIMIT);
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.out()).contains("HTTP/1.0 200 ok");
            }
            assertThat(server.exitCode(InProcess.LIMIT)).as(server.err.toString()).isZero();
            assertThat(server.out.toString().split("CONNECTION CLOSED", -1)).hasSize(3);
        }
    }

    @Test
    void verifyReturnErrorFailsTheHandshakeOnAnUntrustedServer() throws Exception {
        try (InProcess server = server(pems.untrusted(), List.of("-www"))) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            InProcess.Result c;
            try {
                c = InProcess.run(GET, client(port).toArray(String[]::new));
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }

            assertThat(c.code()).isEqualTo(Main.FAILURE);
            String[] lines = c.errLines();
            assertThat(lines[lines.length - 1])
                    .startsWith("tlsbio s_client: handshake failed: CERTIFICATE_VERIFY_FAILED: ");
            // before it only the verify callback's lines, as OpenSSL's s_client prints them
            assertThat(Arrays.asList(lines).subList(0, lines.length - 1))
                    .allMatch(
                            l ->
                                    l.startsWith("depth=")
                                            || l.startsWith("verify error:num=")
                                            || l.equals("verify return:1"));
            InProcess.Result s = server.result(InProcess.LIMIT);
            assertThat(s.code()).isEqualTo(Main.FAILURE);
            assertThat(s.errLines())
                    .singleElement()
                    .asString()
                    .matches(
                            "tlsbio s_server: 127\\.0\\.0\\.1:\\d+: handshake failed: ALERT_RECEIVED: .*");
        }
    }

    @Test
    void withoutVerifyReturnErrorTheResultIsReportedAndTheSessionGoesOn() throws Throwable {
        try (InProcess server = server(pems.untrusted(), List.of("-www"))) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            InProcess.Result c;
            try {
                c =
                        InProcess.run(
                                GET,
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + port,
                                "-CAfile",
                                pems.ca().toString());
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }

            assertThat(c.code()).as(c.err()).isZero();
            assertThat(c.out()).contains("HTTP/1.0 200 ok");
            assertThat(server.result(InProcess.LIMIT).code()).isZero();
            // a lone leaf of an unknown CA: OpenSSL reports 20, then 21, and keeps the last
            PendingVerifier.expect(
                    "21 for a lone untrusted leaf",
                    () ->
                            assertThat(c.out())
                                    .contains(
                                            "Verify return code: 21 (unable to verify the first certificate)"));
        }
    }

    @Test
    void requiredClientCertificateIsCheckedAndShown() throws Exception {
        try (InProcess server =
                server(
                        pems.ecdsa(),
                        List.of(
                                "-www",
                                "-Verify",
                                "1",
                                "-CAfile",
                                pems.ca().toString(),
                                "-naccept",
                                "2"))) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            InProcess.Result with;
            InProcess.Result without;
            try {
                with =
                        InProcess.run(
                                GET,
                                cat(
                                                client(port),
                                                List.of(
                                                        "-cert",
                                                        clientCert.certificateChain().toString(),
                                                        "-key",
                                                        clientCert.privateKey().toString()))
                                        .toArray(String[]::new));
                without = InProcess.run(GET, client(port).toArray(String[]::new));
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }

            assertThat(with.code()).as(with.err()).isZero();
            assertThat(with.out()).contains("Client certificate: CN = client");
            assertThat(without.code()).isEqualTo(Main.FAILURE);
            InProcess.Result s = server.result(InProcess.LIMIT);
            assertThat(s.out()).contains("Client certificate: CN = client");
            assertThat(s.errLines()[0]).isEqualTo("verify depth is 1, must return a certificate");
            assertThat(s.errLines())
                    .filteredOn(l -> l.startsWith("tlsbio s_server: "))
                    .singleElement()
                    .asString()
                    .contains("handshake failed: PEER_DID_NOT_RETURN_A_CERTIFICATE");
            assertThat(s.code()).isEqualTo(Main.FAILURE);
        }
    }

    @Test
    void stateMsgAndBriefPrintLikeOpenSsl() throws Exception {
        try (InProcess server = server(pems.ecdsa(), List.of("-www", "-tls1_3", "-brief"))) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            InProcess.Result c;
            try {
                c =
                        InProcess.run(
                                GET,
                                cat(
                                                client(port),
                                                List.of(
                                                        "-nbio",
                                                        "-state",
                                                        "-msg",
                                                        "-brief",
                                                        "-alpn",
                                                        "h2,http/1.1"))
                                        .toArray(String[]::new));
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }

            assertThat(c.code()).as(c.err()).isZero();
            assertThat(c.err())
                    .contains(
                            "SSL_connect:before SSL initialization",
                            "SSL_connect:SSLv3/TLS write client hello",
                            "SSL_connect:SSL negotiation finished successfully",
                            "CONNECTION ESTABLISHED",
                            "Protocol version: TLSv1.3",
                            "Ciphersuite: TLS_",
                            "Peer certificate: CN = localhost",
                            "Verification: OK",
                            "SSL3 alert read:warning");
            assertThat(c.out())
                    .contains(
                            ">>> TLS, Handshake [length ",
                            "ClientHello",
                            "<<< TLS 1.3, Handshake [length ",
                            "Certificate",
                            ">>> TLS 1.3, Handshake [length 0030], Finished",
                            "HTTP/1.0 200 ok")
                    .doesNotContain("CONNECTED(", "Verify return code");
            InProcess.Result s = server.result(InProcess.LIMIT);
            assertThat(s.err())
                    .contains(
                            "CONNECTION ESTABLISHED",
                            "Protocol version: TLSv1.3",
                            "No peer certificate");
        }
    }

    @Test
    void nbioClientShowsItsRetriesAndAnEofIsOneLine() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(listener.getLocalPort());
            PipedOutputStream stdin = new PipedOutputStream();
            try (InProcess client =
                            InProcess.start(
                                    new PipedInputStream(stdin),
                                    cat(client(port), List.of("-nbio", "-state"))
                                            .toArray(String[]::new));
                    Socket silent = listener.accept()) {
                // a server that says nothing: the non-blocking handshake wants to read, and says
                // where
                client.err.awaitLine(
                        Pattern.compile("^SSL_connect:error in SSLv3/TLS write client hello$"),
                        InProcess.LIMIT);
                silent.close();
                InProcess.Result r = client.result(InProcess.LIMIT);

                assertThat(r.code()).isEqualTo(Main.FAILURE);
                String[] lines = r.errLines();
                assertThat(lines[lines.length - 1])
                        .isEqualTo(
                                "tlsbio s_client: handshake failed: UNEXPECTED_EOF: unexpected eof while reading");
                assertThat(r.err()).doesNotContain("\tat ");
            } finally {
                stdin.close();
            }
        }
    }

    /**
     * An in-process {@code s_server -accept 127.0.0.1:0 -naccept 1} with {@code cert} and {@code
     * extra} flags.
     */
    private static InProcess server(PemFiles cert, List<String> extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "s_server",
                                "-accept",
                                "127.0.0.1:0",
                                "-cert",
                                cert.certificateChain().toString(),
                                "-key",
                                cert.privateKey().toString()));
        if (!extra.contains("-naccept")) {
            args.addAll(List.of("-naccept", "1"));
        }
        args.addAll(extra);
        return InProcess.start("", args.toArray(String[]::new));
    }

    /** {@code s_client} to the port, trusting the test CA, failing on a bad chain. */
    private static List<String> client(String port) {
        return List.of(
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-CAfile",
                pems.ca().toString(),
                "-servername",
                "localhost",
                "-verify_return_error");
    }

    private static List<String> cat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
