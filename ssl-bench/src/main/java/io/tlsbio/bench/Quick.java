package io.tlsbio.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quick side-by-side run: tlsbio against the JDK's SSLEngine and against bctls driven directly,
 * all in one JVM, timed round-robin as {@link Interleaved} does (a ratio is the median of per-rep
 * ratios, so load on a shared machine cancels out). Measures full TLS 1.3 handshakes/s, bulk MB/s
 * with 16 KiB and 1 KiB writes, and memory per idle established pair ({@link IdlePairs}). Prints a
 * table and the README's headline rows ({@link HeadlineTable}) and writes {@code bench.json}
 * ({@link Measure}).
 *
 * <pre>
 * java -jar ssl-bench/target/ssl-bench.jar --quick [--tiny] [--out FILE]
 * </pre>
 *
 * {@code FILE} defaults to {@code bench.json} in the directory of the jar (ssl-bench/target). The
 * variants: {@link Variants#TLSBIO_HYBRID} (MemBios, the client verifies PKIX and the host name),
 * {@link Variants#SSLENGINE} and {@link Variants#BCTLS_HYBRID_VERIFY} (bctls direct with the same
 * check).
 */
public final class Quick {

    /** The variant measured, and each baseline with its name in bench.json. */
    static final String TLSBIO = Variants.TLSBIO_HYBRID;

    static final Map<String, String> BASELINES =
            Map.of(Variants.SSLENGINE, "sslengine", Variants.BCTLS_HYBRID_VERIFY, "bctls-direct");
    static final List<String> BASELINE_VARIANTS =
            List.of(Variants.SSLENGINE, Variants.BCTLS_HYBRID_VERIFY);
    static final List<String> VARIANTS =
            List.of(TLSBIO, Variants.SSLENGINE, Variants.BCTLS_HYBRID_VERIFY);

    static final String RATE_UNIT = "handshakes/s (higher is better)";
    static final String BULK_UNIT = "MB/s (higher is better)";
    static final String MEMORY_UNIT = "KiB per pair (lower is better)";

    /**
     * How long each part runs.
     *
     * @param handshakeWarmup seconds of warm-up per variant before the handshake reps
     * @param bulkWarmup seconds of warm-up per variant before the reps of each bulk size
     * @param reps reps per variant, per throughput measure
     * @param handshakeRep seconds per handshake rep
     * @param bulkRep seconds per bulk rep
     * @param pairs established pairs held per variant for memory
     * @param memoryReps memory reps (heap delta) per variant
     * @param jolPairs of those pairs, how many JOL walks for the exact retained size
     */
    record Plan(
            double handshakeWarmup,
            double bulkWarmup,
            int reps,
            double handshakeRep,
            double bulkRep,
            int pairs,
            int memoryReps,
            int jolPairs) {
        /**
         * About 2.5 minutes on a quiet 2-core machine, JVM start included; longer under load (more
         * so for memory).
         */
        static final Plan QUICK = new Plan(8, 3, 7, 1.5, 1.0, 500, 2, 64);

        /** Under a second of measuring: for the unit test, the numbers mean nothing. */
        static final Plan TINY = new Plan(0, 0, 2, 0.02, 0.02, 8, 1, 4);
    }

    private Quick() {}

    public static void main(String[] args) throws IOException {
        Plan plan = Plan.QUICK;
        Path out = defaultOut();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--tiny")) {
                plan = Plan.TINY;
            } else if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else {
                System.err.println(
                        "usage: java -jar ssl-bench.jar --quick [--tiny] [--out bench.json]");
                System.exit(2);
            }
        }
        run(plan, out, System.out);
    }

    /** Runs {@code plan}, prints to {@code log}, writes {@code out}; returns what it wrote. */
    static List<Measure> run(Plan plan, Path out, PrintStream log) throws IOException {
        limitSslEngineToX25519(log);
        long start = System.nanoTime();
        log.printf(
                Locale.ROOT,
                "quick: Java %s (%s), %d CPUs, load average %s; tlsbio = %s; baselines %s%n",
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(),
                loadAverage(),
                TLSBIO,
                BASELINE_VARIANTS);
        List<Measure> measures = new ArrayList<>();
        measures.addAll(handshakes(plan, start, log));
        measures.addAll(bulk(plan, 16384, start, log));
        measures.addAll(bulk(plan, 1024, start, log));
        measures.addAll(memory(plan, start, log));
        Measure.write(out, measures);
        log.printf(Locale.ROOT, "%n%s%n[%.0f s] wrote %s%n%n", table(measures), since(start), out);
        log.println(HeadlineTable.render(Map.of("JDK " + Runtime.version().feature(), measures)));
        return measures;
    }

    private static double since(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static List<Measure> handshakes(Plan plan, long start, PrintStream log) {
        log.printf(
                Locale.ROOT,
                "[%.0f s] handshakes: warm-up %.0f s per variant, %d reps x %.1f s%n",
                since(start),
                plan.handshakeWarmup(),
                plan.reps(),
                plan.handshakeRep());
        Map<String, Runnable> ops = new LinkedHashMap<>();
        VARIANTS.forEach(v -> ops.put(v, Interleaved.handshakeOp(v)));
        return compare(
                "handshakes",
                RATE_UNIT,
                Interleaved.roundRobin(
                        ops, plan.handshakeWarmup(), plan.reps(), plan.handshakeRep(), 1, log));
    }

    private static List<Measure> bulk(Plan plan, int size, long start, PrintStream log) {
        log.printf(
                Locale.ROOT,
                "[%.0f s] bulk %d-byte writes: warm-up %.0f s per variant, %d reps x %.1f s%n",
                since(start),
                size,
                plan.bulkWarmup(),
                plan.reps(),
                plan.bulkRep());
        Map<String, Runnable> ops = new LinkedHashMap<>();
        VARIANTS.forEach(v -> ops.put(v, Interleaved.bulkOp(v, size)));
        return compare(
                "bulk-" + size / 1024 + "KiB",
                BULK_UNIT,
                Interleaved.roundRobin(
                        ops, plan.bulkWarmup(), plan.reps(), plan.bulkRep(), size / 1e6, log));
    }

    private static List<Measure> memory(Plan plan, long start, PrintStream log) {
        log.printf(
                Locale.ROOT,
                "[%.0f s] idle memory: %d established pairs per variant, %d reps; JOL over %d pairs%n",
                since(start),
                plan.pairs(),
                plan.memoryReps(),
                plan.jolPairs());
        Map<String, IdlePairs.Result> memory =
                IdlePairs.measure(VARIANTS, plan.pairs(), plan.memoryReps(), plan.jolPairs(), log);
        Map<String, List<Double>> heap = new LinkedHashMap<>();
        memory.forEach((v, r) -> heap.put(v, r.heapKiB()));
        List<Measure> out = new ArrayList<>(compare("idle-pair-heap", MEMORY_UNIT, heap));
        double t = memory.get(TLSBIO).retainedKiB();
        for (String b : BASELINE_VARIANTS) {
            double v = memory.get(b).retainedKiB();
            out.add(new Measure("idle-pair-retained", MEMORY_UNIT, t, BASELINES.get(b), v, t / v));
        }
        return out;
    }

    /**
     * Per baseline: tlsbio's median, the baseline's median, and the median of the per-rep ratios.
     */
    private static List<Measure> compare(
            String name, String unit, Map<String, List<Double>> values) {
        List<Measure> out = new ArrayList<>();
        List<Double> t = values.get(TLSBIO);
        for (String b : BASELINE_VARIANTS) {
            out.add(
                    new Measure(
                            name,
                            unit,
                            Stats.median(t),
                            BASELINES.get(b),
                            Stats.median(values.get(b)),
                            Stats.median(Interleaved.ratios(t, values.get(b)))));
        }
        return out;
    }

    /** The run's own table: one row per measure and baseline. */
    static String table(List<Measure> measures) {
        StringBuilder b =
                new StringBuilder(
                        "| measure | unit | tlsbio | baseline | baseline value | tlsbio / baseline |\n"
                                + "|---|---|---|---|---|---|\n");
        for (Measure m : measures) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %,.1f | %s | %,.1f | %.3f |%n",
                            m.name(),
                            m.unit(),
                            m.tlsbio(),
                            m.baseline(),
                            m.baselineValue(),
                            m.ratio()));
        }
        return b.toString();
    }

    /**
     * What the JMH forks set with {@link Fixtures#JDK_GROUPS_OPTION}: SSLEngine on X25519 only (JDK
     * 17 has no SSLParameters.setNamedGroups). JSSE reads the property once, when it first
     * initialises, which has not happened yet when the quick run starts.
     */
    private static void limitSslEngineToX25519(PrintStream log) {
        String groups = System.getProperty("jdk.tls.namedGroups");
        if (groups == null) {
            System.setProperty("jdk.tls.namedGroups", "x25519");
        } else if (!groups.equals("x25519")) {
            log.println(
                    "warning: jdk.tls.namedGroups="
                            + groups
                            + ", so SSLEngine may not use X25519 as the others do");
        }
    }

    /**
     * bench.json next to the jar (or next to the classes directory when run from one):
     * ssl-bench/target.
     */
    static Path defaultOut() {
        try {
            Path code =
                    Path.of(
                            Quick.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            Path dir =
                    Files.isDirectory(code) ? code.getParent() : code.toAbsolutePath().getParent();
            return dir.resolve("bench.json");
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Path.of("bench.json");
        }
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f (1 min)", load);
    }
}
