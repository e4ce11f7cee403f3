package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.TlsVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code -keylogfile}, {@code -keymatexport}/{@code -keymatexportlen}, the peer-signature and
 * temp-key lines, and s_server's ALPN lines, each next to the real openssl in the same place: the
 * key-log files of the two ends of one connection hold the same lines, both ends print the same
 * keying material, and tlsbio prints the lines openssl prints for the same peer.
 */
class KeyLogAndHandshakeLinesTest extends OpenSslPemsTest {

    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");
    private static final Pattern KEYING_MATERIAL =
            Pattern.compile("^    Keying material: ([0-9A-F]+)$");
    private static final String LABEL = "EXPERIMENTING";

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (TlsVersion v : TlsVersion.values()) {
            for (KeyType k : KeyType.values()) {
                out.add(Arguments.of(v, k));
            }
        }
        return out.stream();
    }

    private static Set<String> secrets(Path keyLog) throws Exception {
        return Files.readAllLines(keyLog).stream()
                .filter(l -> !l.startsWith("#"))
                .collect(Collectors.toSet());
    }

    /** The lines of {@code text} that start with one of {@code prefixes}, in order. */
    private static List<String> lines(String text, String... prefixes) {
        return Arrays.stream(text.split("\n"))
                .filter(l -> Arrays.stream(prefixes).anyMatch(l::startsWith))
                .collect(Collectors.toList());
    }

    private static List<String> openSslServer(KeyType key, TlsVersion v, String... extra) {
        PemFiles cert = pems.server(key);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "s_server",
                                "-accept",
                                "127.0.0.1:0",
                                "-cert",
                                cert.certificateChain().toString(),
                                "-key",
                                cert.privateKey().toString(),
                                OpenSslInteropTest.flag(v)));
        args.addAll(List.of(extra));
        return args;
    }

    private static List<String> clientArgs(String port, TlsVersion v, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + port,
                                "-CAfile",
                                pems.ca().toString(),
                                "-servername",
                                TestPki.HOST,
                                OpenSslInteropTest.flag(v)));
        args.addAll(List.of(extra));
        return args;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrix")
    void tlsbioClientLogsExportsAndDescribesTheServerAsOpenssl(TlsVersion v, KeyType key)
            throws Exception {
        Path ours = dir.resolve("c-" + v + key + ".keys");
        Path theirs = dir.resolve("s-" + v + key + ".keys");
        try (ChildProcess server =
                ChildProcess.openssl(
                        openSslServer(
                                        key,
                                        v,
                                        "-naccept",
                                        "2",
                                        "-keylogfile",
                                        theirs.toString(),
                                        "-keymatexport",
                                        LABEL,
                                        "-keymatexportlen",
                                        "20")
                                .toArray(String[]::new))) {
            String port = server.awaitOut(ACCEPT, InProcess.LIMIT);
            InProcess.Result r =
                    InProcess.run(
                            "",
                            clientArgs(
                                            port,
                                            v,
                                            "-verify_return_error",
                                            "-keylogfile",
                                            ours.toString(),
                                            "-keymatexport",
                                            LABEL,
                                            "-keymatexportlen",
                                            "20")
                                    .toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(Files.readAllLines(ours).get(0))
                    .isEqualTo("# SSL/TLS secrets log file, generated by tlsbio");
            assertThat(secrets(ours))
                    .hasSize(v == TlsVersion.TLS1_2 ? 1 : 5)
                    .isEqualTo(secrets(theirs));
            String material = server.awaitOut(KEYING_MATERIAL, InProcess.LIMIT);
            assertThat(
                            lines(
                                    r.out(),
                                    "Keying material exporter:",
                                    "    Label: ",
                                    "    Length: ",
                                    "    Keying material: "))
                    .containsExactly(
                            "Keying material exporter:",
                            "    Label: 'EXPERIMENTING'",
                            "    Length: 20 bytes",
                            "    Keying material: " + material);
            // openssl's own client, to the same server, says the same of it
            try (ChildProcess client =
                    ChildProcess.openssl(clientArgs(port, v).toArray(String[]::new))) {
                client.stdin("");
                assertThat(client.exitCode(InProcess.LIMIT)).isZero();
                String[] same = {
                    "Peer signing digest: ", "Peer signature type: ", "Server Temp Key: "
                };
                assertThat(lines(r.out(), same))
                        .hasSize(3)
                        .isEqualTo(lines(client.out.toString(), same));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrix")
    void opensslClientLogsAndExportsWhatTlsbioServerDoes(TlsVersion v, KeyType key)
            throws Exception {
        Path ours = dir.resolve("s2-" + v + key + ".keys");
        Path theirs = dir.resolve("c2-" + v + key + ".keys");
        PemFiles cert = pems.server(key);
        try (InProcess server =
                InProcess.start(
                        "",
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-naccept",
                        "1",
                        "-cert",
                        cert.certificateChain().toString(),
                        "-key",
                        cert.privateKey().toString(),
                        "-keylogfile",
                        ours.toString(),
                        "-keymatexport",
                        LABEL,
                        OpenSslInteropTest.flag(v))) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            String out;
            try (ChildProcess client =
                    ChildProcess.openssl(
                            clientArgs(
                                            port,
                                            v,
                                            "-keylogfile",
                                            theirs.toString(),
                                            "-keymatexport",
                                            LABEL)
                                    .toArray(String[]::new))) {
                client.stdin("");
                assertThat(client.exitCode(InProcess.LIMIT)).as(client.err.toString()).isZero();
                out = client.out.toString();
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }
            InProcess.Result r = server.result(InProcess.LIMIT);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(secrets(ours))
                    .hasSize(v == TlsVersion.TLS1_2 ? 1 : 5)
                    .isEqualTo(secrets(theirs));
            String material = OpenSslInteropTest.group(out, "^    Keying material: ([0-9A-F]+)$");
            assertThat(r.out())
                    .contains(
                            "Keying material exporter:\n    Label: 'EXPERIMENTING'\n    Length: 20 bytes\n"
                                    + "    Keying material: "
                                    + material
                                    + "\n");
            // the client signed nothing
            assertThat(r.out()).doesNotContain("Peer signing digest", "Peer signature type");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrix")
    void briefLinesAsOpensslClient(TlsVersion v, KeyType key) throws Exception {
        // TLS 1.2: the client lists P-256 too, the curve of the ECDSA certificate; TLS 1.3: P-384
        // alone,
        // as tlsbio's client (bctls) sends its key share for P-256 when listed, openssl for the
        // first group
        String groups = v == TlsVersion.TLS1_2 ? "P-384:P-256" : "P-384";
        try (ChildProcess server =
                ChildProcess.openssl(
                        openSslServer(key, v, "-naccept", "2").toArray(String[]::new))) {
            String port = server.awaitOut(ACCEPT, InProcess.LIMIT);
            InProcess.Result r =
                    InProcess.run(
                            "",
                            clientArgs(port, v, "-brief", "-groups", groups)
                                    .toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            try (ChildProcess client =
                    ChildProcess.openssl(
                            clientArgs(port, v, "-brief", "-groups", groups)
                                    .toArray(String[]::new))) {
                client.stdin("");
                assertThat(client.exitCode(InProcess.LIMIT)).isZero();
                String[] same = {
                    "Peer certificate: ",
                    "Hash used: ",
                    "Signature type: ",
                    "Verification",
                    "Server Temp Key: "
                };
                assertThat(lines(r.err(), same))
                        .hasSize(5)
                        .isEqualTo(lines(client.err.toString(), same));
                assertThat(r.err()).contains("Server Temp Key: ECDH, secp384r1, 384 bits");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void serverPrintsTheClientSignatureAsOpensslServer(TlsVersion v) throws Exception {
        PemFiles clientCert = TestPki.shared().client(KeyType.RSA).writePem(dir, "client-rsa");
        String[] clientFlags = {
            "-cert",
            clientCert.certificateChain().toString(),
            "-key",
            clientCert.privateKey().toString()
        };
        List<String> serverFlags =
                List.of("-naccept", "1", "-Verify", "1", "-CAfile", pems.ca().toString());
        String[] same = {"Peer signing digest: ", "Peer signature type: "};

        List<String> theirLines;
        try (ChildProcess server =
                        ChildProcess.openssl(
                                openSslServer(KeyType.ECDSA, v, serverFlags.toArray(String[]::new))
                                        .toArray(String[]::new));
                ChildProcess client =
                        ChildProcess.openssl(
                                clientArgs(server.awaitOut(ACCEPT, InProcess.LIMIT), v, clientFlags)
                                        .toArray(String[]::new))) {
            // s_server's lines come through stdio: wait for them, then end the session
            server.out.awaitText(t -> t.contains("CIPHER is "), "CIPHER is", InProcess.LIMIT);
            client.stdin("");
            client.exitCode(InProcess.LIMIT);
            server.exitCode(InProcess.LIMIT);
            theirLines = lines(server.out.toString(), same);
        }
        PemFiles cert = pems.server(KeyType.ECDSA);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "s_server",
                                "-accept",
                                "127.0.0.1:0",
                                "-cert",
                                cert.certificateChain().toString(),
                                "-key",
                                cert.privateKey().toString(),
                                OpenSslInteropTest.flag(v)));
        args.addAll(serverFlags);
        try (InProcess server = InProcess.start("", args.toArray(String[]::new))) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            try (ChildProcess client =
                    ChildProcess.openssl(clientArgs(port, v, clientFlags).toArray(String[]::new))) {
                client.stdin("");
                client.exitCode(InProcess.LIMIT);
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }
            InProcess.Result r = server.result(InProcess.LIMIT);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(lines(r.out(), same)).hasSize(2).isEqualTo(theirLines);
        }
    }

    @Test
    void serverAlpnLinesAsOpensslServer() throws Exception {
        String[] expected = {
            "ALPN protocols advertised by the client: foo, http/1.1",
            "ALPN protocols selected: http/1.1"
        };
        try (ChildProcess server =
                        ChildProcess.openssl(
                                openSslServer(
                                                KeyType.ECDSA,
                                                TlsVersion.TLS1_3,
                                                "-naccept",
                                                "1",
                                                "-alpn",
                                                "h2,http/1.1")
                                        .toArray(String[]::new));
                ChildProcess client =
                        ChildProcess.openssl(
                                clientArgs(
                                                server.awaitOut(ACCEPT, InProcess.LIMIT),
                                                TlsVersion.TLS1_3,
                                                "-alpn",
                                                "foo,http/1.1")
                                        .toArray(String[]::new))) {
            client.stdin("");
            client.exitCode(InProcess.LIMIT);
            server.exitCode(InProcess.LIMIT);
            assertThat(lines(server.out.toString(), "ALPN protocols")).containsExactly(expected);
        }
        PemFiles cert = pems.server(KeyType.ECDSA);
        try (InProcess server =
                InProcess.start(
                        "",
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-naccept",
                        "2",
                        "-cert",
                        cert.certificateChain().toString(),
                        "-key",
                        cert.privateKey().toString(),
                        "-alpn",
                        "h2,http/1.1")) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            String refused;
            try (ChildProcess client =
                    ChildProcess.openssl(
                            clientArgs(port, TlsVersion.TLS1_3, "-alpn", "foo,http/1.1")
                                    .toArray(String[]::new))) {
                client.stdin("");
                assertThat(client.exitCode(InProcess.LIMIT)).isZero();
                assertThat(client.out.toString()).contains("ALPN protocol: http/1.1");
            }
            try (ChildProcess client =
                    ChildProcess.openssl(
                            clientArgs(port, TlsVersion.TLS1_3, "-alpn", "foo")
                                    .toArray(String[]::new))) {
                client.stdin("");
                client.exitCode(InProcess.LIMIT);
                refused = client.err.toString();
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }
            InProcess.Result r = server.result(InProcess.LIMIT);
            assertThat(lines(r.out(), "ALPN protocols"))
                    .containsExactly(
                            expected[0],
                            expected[1],
                            "ALPN protocols advertised by the client: foo");
            // no protocol in common: OpenSSL 3.0's s_server callback fails the handshake
            assertThat(refused).contains("alert no application protocol");
            assertThat(r.err()).contains("no_application_protocol");
        }
    }

    @Test
    void keymatexportlenMustBePositive() throws Exception {
        InProcess.Result r =
                InProcess.run(
                        "",
                        "s_client",
                        "-connect",
                        "127.0.0.1:1",
                        "-keymatexport",
                        LABEL,
                        "-keymatexportlen",
                        "0");
        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.err()).contains("-keymatexportlen: non-positive number: 0");
    }

    @Test
    void unwritableKeyLogFileIsOneLine() throws Exception {
        Path missing = dir.resolve("no-such-dir").resolve("keys.log");
        InProcess.Result r =
                InProcess.run(
                        "",
                        "s_client",
                        "-connect",
                        "127.0.0.1:1",
                        "-keylogfile",
                        missing.toString());
        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.errLines())
                .singleElement()
                .asString()
                .startsWith("tlsbio s_client: -keylogfile " + missing + ": ");
    }
}
