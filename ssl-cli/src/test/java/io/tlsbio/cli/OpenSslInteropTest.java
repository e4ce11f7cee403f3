package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.ssl.TlsVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command against the real openssl: {@code tlsbio s_client} to {@code openssl s_server -www},
 * and {@code openssl s_client} to {@code tlsbio s_server -www}; TLS 1.2 and 1.3, RSA and ECDSA,
 * over a blocking socket BIO, a non-blocking one, and a BufferBio on a socket. Both sides' view of
 * the version and cipher is checked. Fails (never skips) when /usr/bin/openssl is missing.
 */
class OpenSslInteropTest extends OpenSslPemsTest {

    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");
    private static final String GET = "GET / HTTP/1.0\r\n\r\n";

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (TlsVersion v : TlsVersion.values()) {
            for (KeyType k : KeyType.values()) {
                for (String mode : List.of("blocking", "nbio", "buffer")) {
                    out.add(Arguments.of(v, k, mode));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("matrix")
    void tlsbioClientGetsTheOpenSslStatusPage(TlsVersion v, KeyType key, String mode)
            throws Exception {
        PemFiles cert = pems.server(key);
        try (ChildProcess server =
                ChildProcess.openssl(
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-naccept",
                        "1",
                        "-www",
                        "-cert",
                        cert.certificateChain().toString(),
                        "-key",
                        cert.privateKey().toString(),
                        flag(v))) {
            String port = server.awaitOut(ACCEPT, InProcess.LIMIT);
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "s_client",
                                    "-connect",
                                    "127.0.0.1:" + port,
                                    "-CAfile",
                                    pems.ca().toString(),
                                    "-servername",
                                    "localhost",
                                    "-verify_return_error"));
            args.addAll(modeFlags(mode));

            InProcess.Result r = InProcess.run(GET, args.toArray(String[]::new));

            assertThat(r.code()).as(r.err()).isZero();
            String out = r.out();
            assertThat(out)
                    .contains(
                            "CONNECTED(127.0.0.1:" + port + ")",
                            "Verify return code: 0 (ok)",
                            "Protocol  : " + v.openSslName(),
                            "HTTP/1.0 200 ok",
                            "closed");
            String cipher =
                    group(out, "^New, " + Pattern.quote(v.openSslName()) + ", Cipher is (\\S+)$");
            // openssl's page says what it negotiated: the same version and cipher
            String page = out.substring(out.indexOf("HTTP/1.0 200 ok"));
            assertThat(page).contains("New, " + v.openSslName() + ", Cipher is " + cipher);
            assertThat(server.exitCode(InProcess.LIMIT)).as(server.err.toString()).isZero();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("matrix")
    void openSslClientGetsTheTlsbioStatusPage(TlsVersion v, KeyType key, String mode)
            throws Exception {
        PemFiles cert = pems.server(key);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "s_server",
                                "-accept",
                                "127.0.0.1:0",
                                "-naccept",
                                "1",
                                "-www",
                                "-cert",
                                cert.certificateChain().toString(),
                                "-key",
                                cert.privateKey().toString(),
                                flag(v)));
        args.addAll(modeFlags(mode));
        try (InProcess server = InProcess.start("", args.toArray(String[]::new))) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            String out;
            try (ChildProcess client =
                    ChildProcess.openssl(
                            "s_client",
                            "-connect",
                            "127.0.0.1:" + port,
                            "-CAfile",
                            pems.ca().toString(),
                            "-servername",
                            "localhost",
                            "-ign_eof")) {
                client.stdin(GET);
                int code = client.exitCode(InProcess.LIMIT);
                out = client.out.toString();
                assertThat(code).as(out + client.err).isZero();
            } finally {
                unblock(server, port);
            }
            assertThat(out)
                    .contains(
                            "Verify return code: 0 (ok)",
                            "HTTP/1.0 200 ok",
                            "tlsbio s_server -www",
                            "Protocol  : " + v.openSslName());
            String cipher =
                    group(out, "^New, " + Pattern.quote(v.openSslName()) + ", Cipher is (\\S+)$");
            // our page and our stdout name what openssl negotiated
            assertThat(out.substring(out.indexOf("HTTP/1.0 200 ok")))
                    .contains("Cipher    : " + cipher);
            InProcess.Result r = server.result(InProcess.LIMIT);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out())
                    .contains(
                            "Protocol version: " + v.openSslName(),
                            "CIPHER is " + cipher,
                            "CONNECTION CLOSED");
        }
    }

    static String flag(TlsVersion v) {
        return v == TlsVersion.TLS1_2 ? "-tls1_2" : "-tls1_3";
    }

    static List<String> modeFlags(String mode) {
        return switch (mode) {
            case "nbio" -> List.of("-nbio");
            case "buffer" -> List.of("-bio", "buffer");
            default -> List.of();
        };
    }

    static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertThat(m.find()).as("/" + regex + "/ in\n" + text).isTrue();
        return m.group(1);
    }

    /**
     * A server still in accept() after a failed test would never end: one connection, closed at
     * once, makes it finish its -naccept 1 (with a handshake failure).
     */
    static void unblock(InProcess server, String port) {
        if (!server.isDone()) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port))) {
                s.shutdownOutput();
            } catch (IOException ignored) {
                // it ended meanwhile
            }
        }
    }
}
