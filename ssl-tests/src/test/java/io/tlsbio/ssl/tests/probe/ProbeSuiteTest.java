package io.tlsbio.ssl.tests.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * The differential probe suite (docs/hostile-input.md): every {@link Probes#all() probe} goes to a
 * real {@code openssl s_server} (OpenSSL 3.0's built-in defaults, RSA-2048 certificate from the
 * test PKI) over a 127.0.0.1 socket and to a tlsbio server {@link io.tlsbio.ssl.Ssl} with the same
 * certificate and default settings over memory BIOs; the two {@link ProbeOutcome}s must be equal,
 * unless {@link KnownDeviations} lists the probe.
 *
 * <p>Speed: {@link #SERVERS} s_server processes run side by side (each serves one connection after
 * another); a probe connects, sends, reads until the first record is complete or the peer closes,
 * or {@link ProbeRunner#WAIT} passes (then the outcome is "waiting"). The tlsbio side runs on the
 * test thread meanwhile. A summary per group goes to stdout (surefire: the test's {@code
 * -output.txt}) and the whole table to {@code target/probe-report.txt}.
 */
class ProbeSuiteTest {

    /** s_server processes in parallel: most of the run is waiting for "nothing, waiting" probes. */
    static final int SERVERS = 8;

    /** The wait for a second look at a probe openssl seemed to leave unanswered. */
    static final Duration RETRY_WAIT = Duration.ofSeconds(3);

    @TempDir static Path dir;

    private static List<Probe> probes;
    private static final Map<String, Result> results = new LinkedHashMap<>();
    private static long millis;

    record Result(Probe probe, ProbeOutcome openssl, ProbeOutcome tlsbio) {
        boolean equal() {
            return openssl.text().equals(tlsbio.text());
        }
    }

    @BeforeAll
    static void runAll() throws Exception {
        long start = System.nanoTime();
        probes = Probes.all();
        TestCredential cred = TestPki.shared().server(KeyType.RSA);
        PemFiles pem = cred.writePem(dir, "server");
        Path conf =
                Files.writeString(
                        dir.resolve("empty-openssl.cnf"), "# OpenSSL built-in defaults\n");
        SslContext tlsbio =
                SslContext.builder().certificate(cred.chain(), cred.privateKey()).build();

        List<OpenSslServer> servers = new ArrayList<>();
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        SERVERS,
                        r -> {
                            Thread t = new Thread(r, "probe-client");
                            t.setDaemon(true);
                            return t;
                        });
        try {
            BlockingQueue<OpenSslServer> idle = new ArrayBlockingQueue<>(SERVERS);
            for (int i = 0; i < SERVERS; i++) {
                OpenSslServer s =
                        OpenSslServer.start(
                                dir,
                                conf,
                                "-cert",
                                pem.certificateChain().toString(),
                                "-key",
                                pem.privateKey().toString());
                servers.add(s);
                idle.add(s);
            }
            Map<String, Future<ProbeOutcome>> fromOpenssl = new LinkedHashMap<>();
            for (Probe p : probes) {
                fromOpenssl.put(
                        p.id(),
                        pool.submit(
                                () -> {
                                    OpenSslServer s = idle.take();
                                    try {
                                        return ProbeRunner.overSocket(s.port(), p);
                                    } finally {
                                        idle.add(s);
                                    }
                                }));
            }
            Map<String, ProbeOutcome> fromTlsbio = new LinkedHashMap<>();
            for (Probe p : probes) {
                fromTlsbio.put(p.id(), ProbeRunner.overMemBio(tlsbio, p));
            }
            for (Probe p : probes) {
                ProbeOutcome o;
                try {
                    o = fromOpenssl.get(p.id()).get(60, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    o = ProbeOutcome.of("runner failed: " + e);
                }
                results.put(p.id(), new Result(p, o, fromTlsbio.get(p.id())));
            }
            // a loaded machine may make s_server slower than ProbeRunner.WAIT: a difference where
            // openssl
            // "waits" is measured again with more patience before it counts
            for (Result r : List.copyOf(results.values())) {
                if (!r.equal() && r.openssl().text().contains("waiting")) {
                    OpenSslServer s = idle.take();
                    try {
                        ProbeOutcome again =
                                ProbeRunner.overSocket(s.port(), r.probe(), RETRY_WAIT);
                        results.put(r.probe().id(), new Result(r.probe(), again, r.tlsbio()));
                    } finally {
                        idle.add(s);
                    }
                }
            }
            for (OpenSslServer s : servers) {
                assertThat(s.isAlive())
                        .as("%s still running after the probes; output:\n%s", s, s.outputTail())
                        .isTrue();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            for (OpenSslServer s : servers) {
                s.close();
            }
        }
        millis = (System.nanoTime() - start) / 1_000_000;
        report();
    }

    // ------------------------------------------------------------------ the tests

    @TestFactory
    Stream<DynamicNode> everyProbeAnswersAsOpenSslDoes() {
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
                                                                        () -> check(r)))));
    }

    private static void check(Result r) {
        if (r.equal()) {
            return;
        }
        Optional<String> known = KnownDeviations.reason(r.probe().id());
        assertThat(known)
                .as(
                        "%s: an unlisted difference\n  openssl: %s\n  tlsbio:  %s   [%s]\n"
                                + "fix tlsbio, or list it in KnownDeviations with the reason",
                        r.probe().id(), r.openssl(), r.tlsbio(), r.tlsbio().detail())
                .isPresent();
    }

    @Test
    void enoughProbesInEveryGroup() {
        assertThat(probes).hasSizeGreaterThanOrEqualTo(300);
        // the openssl side really answered: the valid hellos got a ServerHello, the rest an alert
        // or nothing
        assertThat(results.get("valid/tls13-default").openssl().text())
                .startsWith("ServerHello TLSv1.3");
        assertThat(results.get("valid/tls12-default").openssl().text())
                .startsWith("ServerHello TLSv1.2");
        assertThat(results.values())
                .noneMatch(
                        r ->
                                r.openssl().text().startsWith("connect failed")
                                        || r.openssl().text().startsWith("runner failed"));
    }

    @Test
    void everyKnownDeviationPatternNamesAProbe() {
        for (String pattern : KnownDeviations.DEVIATIONS.keySet()) {
            assertThat(probes)
                    .as("KnownDeviations pattern %s matches no probe", pattern)
                    .anyMatch(p -> KnownDeviations.matches(pattern, p.id()));
        }
    }

    /** With -Dprobes.strict=true: every listed pattern still matches a probe that differs. */
    @Test
    void noKnownDeviationIsStaleWhenStrict() {
        if (!Boolean.getBoolean("probes.strict")) {
            return;
        }
        for (String pattern : KnownDeviations.DEVIATIONS.keySet()) {
            assertThat(results.values())
                    .as("KnownDeviations pattern %s: its probes all agree now; delete it", pattern)
                    .anyMatch(
                            r ->
                                    !r.equal()
                                            && KnownDeviations.pattern(r.probe().id())
                                                    .orElse("")
                                                    .equals(pattern));
        }
    }

    // ------------------------------------------------------------------ report

    private static void report() {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        "probe suite: %d probes in %d ms (%d s_server processes)%n",
                        results.size(), millis, SERVERS));
        sb.append(
                String.format(
                        "%-20s %6s %6s %8s %9s%n",
                        "GROUP", "PROBES", "EQUAL", "KNOWN", "UNLISTED"));
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Result r : results.values()) {
            int[] c = counts.computeIfAbsent(r.probe().group(), g -> new int[4]);
            c[0]++;
            if (r.equal()) {
                c[1]++;
            } else if (KnownDeviations.reason(r.probe().id()).isPresent()) {
                c[2]++;
            } else {
                c[3]++;
            }
        }
        int[] total = new int[4];
        counts.forEach(
                (g, c) -> {
                    sb.append(String.format("%-20s %6d %6d %8d %9d%n", g, c[0], c[1], c[2], c[3]));
                    for (int i = 0; i < 4; i++) {
                        total[i] += c[i];
                    }
                });
        sb.append(
                String.format(
                        "%-20s %6d %6d %8d %9d%n",
                        "total", total[0], total[1], total[2], total[3]));

        // known deviations by cause, unlisted ones, and listed patterns that now agree
        Map<String, List<Result>> byCause = new LinkedHashMap<>();
        List<Result> unlisted = new ArrayList<>();
        for (Result r : results.values()) {
            if (!r.equal()) {
                Optional<String> reason = KnownDeviations.reason(r.probe().id());
                if (reason.isPresent()) {
                    byCause.computeIfAbsent(reason.get(), k -> new ArrayList<>()).add(r);
                } else {
                    unlisted.add(r);
                }
            }
        }
        byCause.forEach(
                (cause, rs) -> {
                    sb.append("\nKNOWN: ")
                            .append(cause)
                            .append(" (")
                            .append(rs.size())
                            .append(")\n");
                    rs.forEach(r -> line(sb, r));
                });
        if (!unlisted.isEmpty()) {
            sb.append("\nUNLISTED DIFFERENCES (").append(unlisted.size()).append(")\n");
            unlisted.forEach(r -> line(sb, r));
        }
        Map<String, List<String>> stale = new TreeMap<>();
        for (Result r : results.values()) {
            if (r.equal()) {
                KnownDeviations.pattern(r.probe().id())
                        .ifPresent(
                                p ->
                                        stale.computeIfAbsent(p, k -> new ArrayList<>())
                                                .add(r.probe().id()));
            }
        }
        if (!stale.isEmpty()) {
            sb.append("\nLISTED IN KnownDeviations BUT NOW EQUAL (narrow or delete the pattern)\n");
            stale.forEach(
                    (p, ids) -> sb.append("  ").append(p).append(": ").append(ids).append('\n'));
        }
        StringBuilder full = new StringBuilder(sb).append("\nALL PROBES\n");
        results.values().forEach(r -> line(full, r));
        System.out.println(sb);
        ProbeSupport.writeReport("probe-report.txt", full);
    }

    private static void line(StringBuilder sb, Result r) {
        sb.append(
                String.format(
                        "  %-60s %s%n      openssl: %s%s%n      tlsbio:  %s%s%n",
                        r.probe().id(),
                        r.equal() ? "EQUAL" : "DIFF",
                        r.openssl(),
                        r.openssl().detail().isEmpty() ? "" : "   [" + r.openssl().detail() + "]",
                        r.tlsbio(),
                        r.tlsbio().detail().isEmpty() ? "" : "   [" + r.tlsbio().detail() + "]"));
    }
}
