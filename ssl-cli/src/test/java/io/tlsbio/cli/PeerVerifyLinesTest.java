package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code s_client} and {@code s_server} print about verification, tlsbio against OpenSSL 3.0
 * on the same peer with the same flags: the verify callback's lines on stderr ({@code depth=N
 * <subject>}, {@code verify error:num=N:TEXT}, {@code notAfter=...}, {@code verify return:1},
 * {@code verify depth is N}), {@code Verify return code} on stdout ({@code SSL_get_verify_result})
 * and whether the handshake succeeds.
 *
 * <p>s_client: a real {@code openssl s_server -www} serves both clients, one case per server
 * certificate (good chain, chain without its root in the trust store (20), with its root sent along
 * (19), self-signed (18), hostname mismatch (62), expired (10)). s_server: tlsbio's and OpenSSL's
 * server ask a real {@code openssl s_client} for its certificate ({@code -verify 2}), a good and a
 * self-signed one, with and without {@code -verify_return_error}.
 *
 * <p>The callback lines need ssl-core's X509_verify_cert port, which calls the verify callback:
 * they are compared through {@link PendingVerifier} until it is merged. The verify result and the
 * handshake's outcome are compared strictly where the present verifier gets them right ({@code
 * resultPending == false}).
 */
class PeerVerifyLinesTest {

    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");
    private static final Pattern VERIFY_RETURN_CODE =
            Pattern.compile("^Verify return code: (.*)$", Pattern.MULTILINE);
    private static final String GET = "GET / HTTP/1.0\r\n\r\n";

    @TempDir static Path dir;
    static OpenSslPki pki;

    @BeforeAll
    static void setUp() throws Exception {
        assertThat(Path.of(ChildProcess.OPENSSL)).as("the openssl command").isExecutable();
        pki = OpenSslPki.create(dir);
    }

    /**
     * One s_client case.
     *
     * @param server the openssl s_server's -cert, -key and -cert_chain arguments
     * @param client the flags both clients get after -connect
     * @param resultPending whether the verify result / outcome also waits for the verifier port
     */
    record ClientCase(
            String name,
            Function<OpenSslPki, List<String>> server,
            Function<OpenSslPki, List<String>> client,
            boolean resultPending) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> clientCases() {
        Function<OpenSslPki, List<String>> goodChain =
                p -> args("-cert", p.leaf(), "-key", p.leafKey(), "-cert_chain", p.intermediate());
        Function<OpenSslPki, List<String>> expiredChain =
                p ->
                        args(
                                "-cert",
                                p.expired(),
                                "-key",
                                p.leafKey(),
                                "-cert_chain",
                                p.intermediate());
        return Stream.of(
                        new ClientCase(
                                "valid chain", goodChain, p -> args("-CAfile", p.root()), false),
                        new ClientCase("unknown CA: 20", goodChain, p -> args(), false),
                        new ClientCase(
                                "unknown CA, root sent: 19",
                                p ->
                                        args(
                                                "-cert",
                                                p.leaf(),
                                                "-key",
                                                p.leafKey(),
                                                "-cert_chain",
                                                p.file("int-and-root.pem")),
                                p -> args(),
                                false),
                        new ClientCase(
                                "self-signed: 18",
                                p -> args("-cert", p.selfSigned(), "-key", p.leafKey()),
                                p -> args("-CAfile", p.root()),
                                false),
                        new ClientCase(
                                "hostname mismatch: 62",
                                goodChain,
                                p -> args("-CAfile", p.root(), "-verify_hostname", "other.example"),
                                false),
                        new ClientCase(
                                "expired: 10", expiredChain, p -> args("-CAfile", p.root()), false),
                        new ClientCase(
                                "expired, -verify_return_error",
                                expiredChain,
                                p -> args("-CAfile", p.root(), "-verify_return_error"),
                                false),
                        new ClientCase(
                                "-CApath",
                                goodChain,
                                p -> args("-CApath", hashedRootDirectory(p)),
                                false),
                        new ClientCase(
                                "IP address mismatch: 64",
                                goodChain,
                                p -> args("-CAfile", p.root(), "-verify_ip", "10.0.0.1"),
                                false),
                        new ClientCase(
                                "-attime 1: not yet valid",
                                goodChain,
                                p -> args("-CAfile", p.root(), "-attime", "1"),
                                false),
                        new ClientCase(
                                "revoked, -crl_check: 23",
                                p ->
                                        args(
                                                "-cert",
                                                p.revoked(),
                                                "-key",
                                                p.leafKey(),
                                                "-cert_chain",
                                                p.intermediate()),
                                p -> args("-CAfile", p.root(), "-CRL", p.crl(), "-crl_check"),
                                true),
                        new ClientCase(
                                "-verify_depth 0",
                                goodChain,
                                p -> args("-CAfile", p.root(), "-verify_depth", "0"),
                                true),
                        new ClientCase(
                                "unknown CA, -verify 1",
                                goodChain,
                                p -> args("-verify", "1"),
                                true),
                        new ClientCase("unknown CA, -brief", goodChain, p -> args("-brief"), true))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientCases")
    void sClientPrintsWhatOpenSslPrints(ClientCase c) throws Throwable {
        writeIntAndRoot();
        List<String> serverArgs =
                new ArrayList<>(
                        List.of("s_server", "-accept", "127.0.0.1:0", "-naccept", "2", "-www"));
        serverArgs.addAll(c.server().apply(pki));
        Run openssl;
        Run tlsbio;
        try (ChildProcess server = ChildProcess.openssl(serverArgs.toArray(String[]::new))) {
            String port = server.awaitOut(ACCEPT, InProcess.LIMIT);
            List<String> clientArgs =
                    new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port));
            clientArgs.addAll(c.client().apply(pki));
            openssl = opensslClient(clientArgs);
            InProcess.Result r = InProcess.run(GET, clientArgs.toArray(String[]::new));
            tlsbio = new Run(r.code() == 0, verifyLines(r.err()), verifyReturnCode(r.out()));
            int served;
            try {
                served = server.exitCode(InProcess.LIMIT);
            } catch (TimeoutException e) {
                throw new AssertionError(
                        "the server did not see both clients; tlsbio: "
                                + r
                                + "; openssl: "
                                + openssl,
                        e);
            }
            assertThat(served).as(server.err.toString()).isZero();
        }

        Run o = openssl;
        Run t = tlsbio;
        if (c.resultPending()) {
            PendingVerifier.expect(
                    c.name() + ": outcome and verify result", () -> assertOutcome(t, o));
        } else {
            assertOutcome(t, o);
        }
        PendingVerifier.expect(
                c.name() + ": verify callback lines",
                () -> assertThat(t.lines()).isEqualTo(o.lines()));
    }

    /** An s_server case: the client's certificate and the server's extra flags. */
    record ServerCase(
            String name, Function<OpenSslPki, List<String>> clientCert, List<String> serverFlags) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> serverCases() {
        Function<OpenSslPki, List<String>> good =
                p -> args("-cert", p.leaf(), "-key", p.leafKey(), "-cert_chain", p.intermediate());
        Function<OpenSslPki, List<String>> selfSigned =
                p -> args("-cert", p.selfSigned(), "-key", p.leafKey());
        return Stream.of(
                        new ServerCase("good client chain", good, List.of()),
                        new ServerCase(
                                "self-signed client certificate: accepted", selfSigned, List.of()),
                        new ServerCase(
                                "self-signed client certificate, -verify_return_error",
                                selfSigned,
                                List.of("-verify_return_error")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverCases")
    void sServerPrintsWhatOpenSslPrints(ServerCase c) throws Throwable {
        List<String> serverArgs =
                new ArrayList<>(
                        args(
                                "s_server",
                                "-accept",
                                "127.0.0.1:0",
                                "-naccept",
                                "1",
                                "-www",
                                "-cert",
                                pki.leaf(),
                                "-key",
                                pki.leafKey(),
                                "-cert_chain",
                                pki.intermediate(),
                                "-verify",
                                "2",
                                "-CAfile",
                                pki.root()));
        serverArgs.addAll(c.serverFlags());

        String opensslLines;
        boolean opensslServed;
        try (ChildProcess server = ChildProcess.openssl(serverArgs.toArray(String[]::new))) {
            String port = server.awaitOut(ACCEPT, InProcess.LIMIT);
            Run client = opensslClient(clientTo(port, c));
            server.exitCode(InProcess.LIMIT);
            opensslLines = verifyLines(server.err.toString());
            opensslServed =
                    client.verifyReturnCode() != null
                            && server.out.toString().contains("1 server accepts that finished");
        }

        String tlsbioLines;
        boolean tlsbioServed;
        try (InProcess server = InProcess.start("", serverArgs.toArray(String[]::new))) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            try {
                opensslClient(clientTo(port, c));
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }
            InProcess.Result r = server.result(InProcess.LIMIT);
            tlsbioLines = verifyLines(r.err());
            tlsbioServed = r.code() == 0;
        }

        // the present verifier fails every bad chain in PEER mode: the outcome waits for the port
        // too
        PendingVerifier.expect(
                c.name() + ": outcome", () -> assertThat(tlsbioServed).isEqualTo(opensslServed));
        PendingVerifier.expect(
                c.name() + ": verify callback lines",
                () -> assertThat(tlsbioLines).isEqualTo(opensslLines));
    }

    /** What a client run showed about verification. */
    record Run(boolean succeeded, String lines, String verifyReturnCode) {}

    private static void assertOutcome(Run tlsbio, Run openssl) {
        assertThat(tlsbio.succeeded())
                .as("handshake and session succeeded; openssl: %s", openssl)
                .isEqualTo(openssl.succeeded());
        if (tlsbio.succeeded()) {
            // tlsbio prints no summary after a failed handshake; OpenSSL prints one
            assertThat(tlsbio.verifyReturnCode())
                    .as("Verify return code")
                    .isEqualTo(openssl.verifyReturnCode());
        }
    }

    private static List<String> clientTo(String port, ServerCase c) {
        List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port));
        args.addAll(c.clientCert().apply(pki));
        return args;
    }

    /** openssl s_client ARGS with the GET request on stdin, waiting for the server to close. */
    private static Run opensslClient(List<String> sClientArgs) throws Exception {
        List<String> args = new ArrayList<>(sClientArgs.subList(1, sClientArgs.size()));
        args.add(0, "s_client");
        args.add("-ign_eof");
        try (ChildProcess client = ChildProcess.openssl(args.toArray(String[]::new))) {
            client.stdin(GET);
            int code = client.exitCode(InProcess.LIMIT);
            return new Run(
                    code == 0,
                    verifyLines(client.err.toString()),
                    verifyReturnCode(client.out.toString()));
        }
    }

    /** The stderr lines about verification, in order. */
    static String verifyLines(String stderr) {
        return Arrays.stream(stderr.split("\n"))
                .filter(
                        l ->
                                l.startsWith("depth=")
                                        || l.startsWith("verify ")
                                        || l.startsWith("notAfter=")
                                        || l.startsWith("notBefore=")
                                        || l.startsWith("issuer= ")
                                        || l.startsWith("Verification")
                                        || l.startsWith("Peer certificate:"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The first (unindented) {@code Verify return code} on stdout, or null. */
    static String verifyReturnCode(String stdout) {
        Matcher m = VERIFY_RETURN_CODE.matcher(stdout);
        return m.find() ? m.group(1) : null;
    }

    private static Path hashedRootDirectory(OpenSslPki p) {
        try {
            return p.hashedRootDirectory();
        } catch (Exception e) {
            throw new IllegalStateException("openssl rehash failed", e);
        }
    }

    private static void writeIntAndRoot() throws Exception {
        Path p = pki.file("int-and-root.pem");
        if (!java.nio.file.Files.exists(p)) {
            java.nio.file.Files.writeString(
                    p,
                    java.nio.file.Files.readString(pki.intermediate())
                            + java.nio.file.Files.readString(pki.root()));
        }
    }

    static List<String> args(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            out.add(p.toString());
        }
        return out;
    }
}
