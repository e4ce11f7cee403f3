package io.tlsbio.ssl.tests.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential probe suite against the command: every {@link Probes#all() probe} goes over a
 * 127.0.0.1 socket to one real {@code tlsbio s_server -nbio -www} process ({@code -www} alone with
 * {@code -Dprobes.cli.mode=blocking}; a child JVM, the same RSA-2048 certificate as {@link
 * ProbeSuiteTest}'s openssl side, PEM files), which serves them all; and to a tlsbio server {@link
 * Ssl} over memory BIOs as in {@link ProbeSuiteTest}. The two {@link ProbeOutcome}s must be equal
 * for every probe, with no exceptions list (both are tlsbio; {@link ProbeSuiteTest} compares the
 * library with OpenSSL).
 *
 * <p>The server's stderr: every probe connection ends in exactly one line {@code tlsbio s_server:
 * 127.0.0.1:<client port>: <why>}, matched to its probe by the client's port; a probe the library
 * fails names the library's {@link SslFailure} (reason, message, alert) exactly; no other line, no
 * stack trace. The server is still running after the last probe, and a normal client (tlsbio over a
 * blocking socket, verifying the chain and host name) completes a handshake and gets the {@code
 * -www} page before and after the probes.
 *
 * <p>Speed: {@link #CLIENTS} probes at a time (the {@code -nbio} server takes them all at once);
 * each waits for its stderr line (bounded) before the client thread moves on. Every wait is
 * bounded; a difference where the command seemed to "wait" is measured again with more patience.
 * The table goes to {@code target/cli-probe-report.txt}.
 */
class CliServerProbeTest {

    /**
     * {@code -nbio} (default): one thread serves every connection, {@link #CLIENTS} probes at a
     * time. {@code -Dprobes.cli.mode=blocking}: the default server, one connection after another,
     * one probe at a time (a queued connection would count its wait from connect).
     */
    static final boolean NBIO = !"blocking".equals(System.getProperty("probes.cli.mode"));

    static final int CLIENTS = NBIO ? 8 : 1;

    /** How long the server gets to log a connection after the client closed it. */
    static final Duration LINE_WAIT = Duration.ofSeconds(10);

    private static final String GET = "GET / HTTP/1.0\r\n\r\n";

    /** The line for a connection the library would have failed: Session.describe's format. */
    private static final String HANDSHAKE_FAILED = "handshake failed: ";

    private static final Pattern ANY_REASON =
            Pattern.compile("^handshake failed: [A-Z][A-Z0-9_]+: \\S.*$");

    /**
     * A Java exception's name in a line: {@code java.io.EOFException}, {@code
     * IllegalArgumentException}.
     */
    private static final Pattern JAVA_NAME =
            Pattern.compile("\\b(java|javax|org\\.bouncycastle)\\.[a-z]|\\w(Exception|Error)\\b");

    /**
     * Probes whose line still names a Java exception: ssl-core's {@code PeerInputErrors} turns a
     * parse failure into {@code "malformed client_hello: " + exception} (decode_error, as OpenSSL;
     * OpenSSL's reason would be "length mismatch"/"bad extension"/"unsupported protocol"-like).
     */
    static final List<String> JAVA_NAMES_IN_REASONS = List.of();

    @TempDir static Path dir;

    private static List<Probe> probes;
    private static final Map<String, Result> results = new LinkedHashMap<>();
    private static List<String> stderr;
    private static Map<Integer, List<String>> untaken;
    private static int connections;
    private static String clientBefore;
    private static String clientAfter;
    private static boolean aliveAfter;
    private static String serverOutput;
    private static long millis;

    /**
     * One connection of a probe to the command: what the client saw, its port, the server's line.
     */
    record Run(ProbeOutcome outcome, int clientPort, String line) {}

    record Result(Probe probe, ProbeOutcome library, SslFailure libraryFailure, List<Run> runs) {
        ProbeOutcome cli() {
            return runs.get(runs.size() - 1).outcome();
        }

        boolean equal() {
            return library.text().equals(cli().text());
        }
    }

    @BeforeAll
    static void runAll() throws Exception {
        long start = System.nanoTime();
        probes = Probes.all();
        TestCredential cred = TestPki.shared().server(KeyType.RSA);
        PemFiles pem = cred.writePem(dir, "server");
        SslContext library =
                SslContext.builder().certificate(cred.chain(), cred.privateKey()).build();
        SslContext client =
                SslContext.builder()
                        .trust(List.of(TestPki.shared().ca().certificate()))
                        .hostName(TestPki.HOST)
                        .build();

        Map<String, ProbeOutcome> fromLibrary = new LinkedHashMap<>();
        Map<String, SslFailure> failures = new LinkedHashMap<>();
        for (Probe p : probes) {
            AtomicReference<SslFailure> f = new AtomicReference<>();
            fromLibrary.put(p.id(), ProbeRunner.overMemBio(library, p, f::set));
            failures.put(p.id(), f.get());
        }

        ExecutorService pool =
                Executors.newFixedThreadPool(
                        CLIENTS,
                        r -> {
                            Thread t = new Thread(r, "cli-probe-client");
                            t.setDaemon(true);
                            return t;
                        });
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-cert",
                                pem.certificateChain().toString(),
                                "-key",
                                pem.privateKey().toString(),
                                "-www"));
        if (NBIO) {
            args.add("-nbio");
        }
        try (TlsbioServer server = TlsbioServer.start(dir, args.toArray(String[]::new))) {
            serverOutput = "";
            try {
                clientBefore = normalClient(server, client);
                Map<String, Future<Run>> fromCli = new LinkedHashMap<>();
                for (Probe p : probes) {
                    fromCli.put(p.id(), pool.submit(() -> run(server, p, ProbeRunner.WAIT)));
                }
                for (Probe p : probes) {
                    Run run;
                    try {
                        run = fromCli.get(p.id()).get(60, TimeUnit.SECONDS);
                    } catch (ExecutionException | TimeoutException e) {
                        run = new Run(ProbeOutcome.of("runner failed: " + e), -1, null);
                    }
                    List<Run> runs = new ArrayList<>(List.of(run));
                    results.put(
                            p.id(),
                            new Result(p, fromLibrary.get(p.id()), failures.get(p.id()), runs));
                }
                // a loaded machine may make the server slower than ProbeRunner.WAIT: a difference
                // where
                // the command "waits" is measured again with more patience before it counts
                for (Result r : results.values()) {
                    if (!r.equal() && r.cli().text().contains("waiting")) {
                        r.runs().add(run(server, r.probe(), ProbeSuiteTest.RETRY_WAIT));
                    }
                }
                clientAfter = normalClient(server, client);
                aliveAfter = server.isAlive();
            } finally {
                untaken = server.untakenConnectionLines();
                stderr = server.stderrLines();
                serverOutput = server.output();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        connections = results.values().stream().mapToInt(r -> r.runs().size()).sum();
        millis = (System.nanoTime() - start) / 1_000_000;
        report();
    }

    /**
     * Sends {@code p} to the server, then takes the server's line about that connection (bounded).
     */
    private static Run run(TlsbioServer server, Probe p, Duration wait) {
        AtomicInteger clientPort = new AtomicInteger(-1);
        ProbeOutcome o = ProbeRunner.overSocket(server.port(), p, wait, clientPort::set);
        String line =
                clientPort.get() < 0
                        ? null
                        : server.awaitConnectionLine(clientPort.get(), LINE_WAIT);
        return new Run(o, clientPort.get(), line);
    }

    /**
     * A tlsbio client over a blocking socket (chain and host name checked): handshake, GET, the
     * page to the end, close_notify. Returns "ok TLSv1.3 ..." or what failed.
     */
    private static String normalClient(TlsbioServer server, SslContext ctx) {
        int stdoutBefore = server.stdoutLineCount();
        SocketBio bio;
        try {
            bio =
                    SocketBio.wrap(
                            SocketChannel.open(
                                    new InetSocketAddress(
                                            InetAddress.getLoopbackAddress(), server.port())),
                            true);
        } catch (IOException e) {
            return "connect failed: " + e;
        }
        bio.setReadTimeout(Duration.ofSeconds(10));
        try (Ssl ssl = ctx.newSsl()) {
            ssl.setBio(bio, bio);
            ssl.setConnectState();
            int r = ssl.connect();
            if (r != 1) {
                return "handshake failed: " + ssl.getError(r) + " " + ssl.lastError();
            }
            String hello = "ok " + ssl.version().openSslName() + " " + ssl.cipher();
            byte[] get = GET.getBytes(StandardCharsets.US_ASCII);
            if (ssl.write(get, 0, get.length) != get.length) {
                return hello + "; write failed: " + ssl.lastError();
            }
            ByteArrayOutputStream page = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = ssl.read(buf, 0, buf.length)) > 0) {
                page.write(buf, 0, n);
            }
            if (ssl.getError(n) != SslError.ZERO_RETURN) {
                return hello + "; read ended with " + ssl.getError(n) + " " + ssl.lastError();
            }
            ssl.shutdown();
            String text = page.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.0 200 ok")) {
                return hello + "; no page: " + text;
            }
            // the server ends the session cleanly: CONNECTION CLOSED on stdout, nothing on stderr
            if (!server.awaitStdoutLine("CONNECTION CLOSED", stdoutBefore, LINE_WAIT)) {
                return hello + "; page received, but the server did not print CONNECTION CLOSED";
            }
            return hello + ", page received, CONNECTION CLOSED";
        } finally {
            bio.close();
        }
    }

    /**
     * What the command says for a connection the library fails with {@code f}: Session.describe's
     * line.
     */
    static String expectedLine(SslFailure f) {
        return HANDSHAKE_FAILED
                + f.reason()
                + ": "
                + f.message()
                + (f.alert() >= 0 ? " (alert " + f.alertName() + ")" : "");
    }

    // ------------------------------------------------------------------ the tests

    @TestFactory
    Stream<DynamicNode> everyProbeGetsTheLibrarysAnswerFromTheCommand() {
        return byGroup(
                (r) ->
                        assertThat(r.cli().text())
                                .as(
                                        "%s: tlsbio s_server and the library answer differently\n"
                                                + "  library: %s   [%s]\n  s_server: %s   [%s]\n%s",
                                        r.probe().id(),
                                        r.library(),
                                        r.library().detail(),
                                        r.cli(),
                                        r.cli().detail(),
                                        r.runs())
                                .isEqualTo(r.library().text()));
    }

    @TestFactory
    Stream<DynamicNode> everyProbeConnectionIsOneStderrLineNamingTheReason() {
        return byGroup(
                r -> {
                    for (Run run : r.runs()) {
                        assertThat(run.clientPort())
                                .as("%s: connected", r.probe().id())
                                .isPositive();
                        assertThat(run.line())
                                .as(
                                        "%s: no stderr line for client port %d within %s\n%s",
                                        r.probe().id(), run.clientPort(), LINE_WAIT, serverOutput)
                                .isNotNull();
                        if (r.libraryFailure() != null) {
                            // the library failed the connection: the command names the same reason
                            // and alert
                            assertThat(run.line())
                                    .as(r.probe().id())
                                    .isEqualTo(expectedLine(r.libraryFailure()));
                        } else {
                            // the library waits or answered a ServerHello: the client's hang-up
                            // ends it
                            assertThat(run.line()).as(r.probe().id()).matches(ANY_REASON);
                        }
                    }
                });
    }

    @Test
    void stderrHasOneLinePerConnectionAndNothingElse() {
        assertThat(stderr)
                .as(serverOutput)
                .allMatch(l -> TlsbioServer.CONNECTION_LINE.matcher(l).matches());
        assertThat(stderr)
                .as("one line per probe connection (the normal clients end cleanly)")
                .hasSize(connections);
        assertThat(untaken).as("lines no probe connection took").isEmpty();
        // no stack trace, and no failure of tlsbio's own: a peer's bytes never make an internal
        // error
        assertThat(String.join("\n", stderr))
                .doesNotContain(
                        "\tat ",
                        "Caused by",
                        "Exception in thread",
                        "internal error",
                        "INTERNAL_ERROR");
    }

    /**
     * A reason reads like OpenSSL's, not like a Java exception: the lines that still name one are
     * {@link #JAVA_NAMES_IN_REASONS}, and no other may. With {@code -Dprobes.strict=true} a listed
     * probe whose line no longer names one fails too (delete it from the list).
     */
    @Test
    void noReasonNamesAJavaExceptionButTheListedOnes() {
        Map<String, String> named = new LinkedHashMap<>();
        for (Result r : results.values()) {
            for (Run run : r.runs()) {
                if (run.line() != null && JAVA_NAME.matcher(run.line()).find()) {
                    named.put(r.probe().id(), run.line());
                }
            }
        }
        Map<String, String> unlisted = new LinkedHashMap<>(named);
        unlisted.keySet().removeAll(JAVA_NAMES_IN_REASONS);
        assertThat(unlisted)
                .as(
                        "stderr lines naming a Java exception (say what was wrong with the input instead)")
                .isEmpty();
        if (Boolean.getBoolean("probes.strict")) {
            assertThat(named.keySet())
                    .as("JAVA_NAMES_IN_REASONS lists probes whose line is fine now")
                    .containsAll(JAVA_NAMES_IN_REASONS);
        }
    }

    @Test
    void theServerKeepsServing() {
        assertThat(probes).hasSizeGreaterThanOrEqualTo(300);
        assertThat(clientBefore)
                .as(serverOutput)
                .startsWith("ok TLSv1.3")
                .endsWith("CONNECTION CLOSED");
        assertThat(aliveAfter).as("s_server still running after %d probes", probes.size()).isTrue();
        assertThat(clientAfter)
                .as(serverOutput)
                .startsWith("ok TLSv1.3")
                .endsWith("CONNECTION CLOSED");
        // the command really answered: the valid hellos got a ServerHello
        assertThat(results.get("valid/tls13-default").cli().text())
                .startsWith("ServerHello TLSv1.3");
        assertThat(results.get("valid/tls12-default").cli().text())
                .startsWith("ServerHello TLSv1.2");
    }

    private static Stream<DynamicNode> byGroup(java.util.function.Consumer<Result> check) {
        Map<String, List<Result>> byGroup =
                results.values().stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> r.probe().group(),
                                        LinkedHashMap::new,
                                        Collectors.toList()));
        return byGroup.entrySet().stream()
                .map(
                        g ->
                                DynamicContainer.dynamicContainer(
                                        g.getKey(),
                                        g.getValue().stream()
                                                .map(
                                                        r ->
                                                                DynamicTest.dynamicTest(
                                                                        r.probe().name(),
                                                                        () -> check.accept(r)))));
    }

    // ------------------------------------------------------------------ report

    private static void report() {
        StringBuilder sb = new StringBuilder();
        long equal = results.values().stream().filter(Result::equal).count();
        long retried = results.values().stream().filter(r -> r.runs().size() > 1).count();
        sb.append(
                String.format(
                        "tlsbio s_server%s probe suite: %d probes, %d connections in %d ms (%d clients at a time);"
                                + " %d answer as the library does, %d retried; %d stderr lines%n",
                        NBIO ? " -nbio" : "",
                        results.size(),
                        connections,
                        millis,
                        CLIENTS,
                        equal,
                        retried,
                        stderr.size()));
        sb.append("normal client before: ").append(clientBefore).append('\n');
        sb.append("normal client after:  ").append(clientAfter).append('\n');
        Map<String, Long> lineKinds =
                results.values().stream()
                        .flatMap(r -> r.runs().stream())
                        .map(
                                run ->
                                        run.line() == null
                                                ? "(none)"
                                                : run.line().replaceAll(": .*", ""))
                        .collect(
                                Collectors.groupingBy(
                                        k -> k, LinkedHashMap::new, Collectors.counting()));
        sb.append("stderr lines by kind: ").append(lineKinds).append('\n');
        List<Result> diff = results.values().stream().filter(r -> !r.equal()).toList();
        if (!diff.isEmpty()) {
            sb.append("\nDIFFERENCES (").append(diff.size()).append(")\n");
            diff.forEach(r -> line(sb, r));
        }
        StringBuilder full = new StringBuilder(sb).append("\nALL PROBES\n");
        results.values().forEach(r -> line(full, r));
        System.out.println(sb);
        ProbeSupport.writeReport("cli-probe-report.txt", full);
    }

    private static void line(StringBuilder sb, Result r) {
        sb.append(
                String.format(
                        "  %-60s %s%n      library:  %s%s%n      s_server: %s%s%n",
                        r.probe().id(),
                        r.equal() ? "EQUAL" : "DIFF",
                        r.library(),
                        r.library().detail().isEmpty() ? "" : "   [" + r.library().detail() + "]",
                        r.cli(),
                        r.cli().detail().isEmpty() ? "" : "   [" + r.cli().detail() + "]"));
        for (Run run : r.runs()) {
            sb.append("      stderr:   ").append(run.line()).append('\n');
        }
    }
}
