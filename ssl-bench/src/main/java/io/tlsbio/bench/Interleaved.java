package io.tlsbio.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A cross-check of the JMH numbers that is robust to a noisy machine: all variants in one JVM,
 * timed in short reps taken round-robin (rep i of A, B, C, then rep i+1), so drift and other load
 * hit every variant alike; the result per variant is the median rep, and the comparison of two
 * variants is the median of their per-rep ratios (each ratio from adjacent reps).
 *
 * <pre>
 * java -Djdk.tls.namedGroups=x25519 -Xms2g -Xmx2g -cp ssl-bench/target/ssl-bench.jar io.tlsbio.bench.Interleaved \
 *     handshake|bulk [warmupSeconds=8] [reps=9] [repSeconds=2] [variant...]
 * java -cp ssl-bench/target/ssl-bench.jar io.tlsbio.bench.Interleaved pool run-1.txt run-2.txt ...
 * </pre>
 *
 * Shares one JVM (and JIT profiles) between the variants, unlike JMH's forks: a variant that runs
 * other code (pure-Java or JCA crypto) can make shared bctls code slower for the others, so the
 * default variant lists use the hybrid crypto only.
 */
public final class Interleaved {

    private Interleaved() {}

    public static void main(String[] args) throws IOException {
        if (args.length > 1 && args[0].equals("pool")) {
            pool(List.of(args).subList(1, args.length));
            return;
        }
        if (args.length < 1 || !(args[0].equals("handshake") || args[0].equals("bulk"))) {
            System.err.println(
                    "usage: Interleaved handshake|bulk [warmupSeconds] [reps] [repSeconds] [variant...]");
            System.err.println(
                    "       Interleaved pool output-file...   (tables over the reps of earlier runs)");
            System.exit(2);
        }
        boolean bulk = args[0].equals("bulk");
        double warmup = args.length > 1 ? Double.parseDouble(args[1]) : 8;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        double repSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 2;
        List<String> variants =
                args.length > 4
                        ? List.of(args).subList(4, args.length)
                        : bulk
                                ? Variants.BULK
                                : List.of(
                                        Variants.TLSBIO_HYBRID,
                                        Variants.TLSBIO_HYBRID_NOVERIFY,
                                        Variants.BCTLS_HYBRID,
                                        Variants.BCTLS_HYBRID_VERIFY,
                                        Variants.SSLENGINE);

        Map<String, Runnable> ops = new LinkedHashMap<>();
        for (String v : variants) {
            ops.put(v, bulk ? bulkOp(v, BULK_WRITE_SIZE) : handshakeOp(v));
        }
        System.out.printf(
                "%s: %d variants, warm-up %.0f s each (round-robin 1 s slices), %d reps x %.1f s%n",
                args[0], variants.size(), warmup, reps, repSeconds);
        if (bulk && BULK_WRITE_SIZE != BulkBenchmark.WRITE_SIZE) {
            System.out.printf("write size %d bytes%n", BULK_WRITE_SIZE);
        }
        Map<String, List<Double>> rates =
                roundRobin(
                        ops,
                        warmup,
                        reps,
                        repSeconds,
                        bulk ? BULK_WRITE_SIZE / 1e6 : 1,
                        System.out);
        report(rates, bulk);
    }

    /**
     * The tables: per variant the median rep; per comparison the per-rep ratios' median, quartiles
     * and range.
     */
    static void report(Map<String, List<Double>> rates, boolean bulk) {
        int reps = rates.values().iterator().next().size();
        String unit = bulk ? "MB/s" : "hs/s";
        System.out.printf(
                "%n| variant | %s median (min–max of %d reps) |%n|---|---|%n", unit, reps);
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            System.out.printf("| %s | %s |%n", e.getKey(), Stats.summary(e.getValue(), 0));
        }
        System.out.printf(
                "%n| comparison | difference: median of per-rep ratios | quartiles | min – max | reps where the first is slower |%n"
                        + "|---|---|---|---|---|%n");
        for (String[] pair : comparisons(bulk)) {
            List<Double> a = rates.get(pair[0]);
            List<Double> b = rates.get(pair[1]);
            if (a == null || b == null) {
                continue;
            }
            List<Double> ratios = ratios(a, b);
            int slower = (int) ratios.stream().filter(r -> r < 1).count();
            double[] q = Stats.sorted(ratios);
            System.out.printf(
                    Locale.ROOT,
                    "| %s vs %s | %+.1f%% | %+.1f%% … %+.1f%% | %+.1f%% … %+.1f%% | %d of %d |%n",
                    pair[0],
                    pair[1],
                    (Stats.median(ratios) - 1) * 100,
                    (q[q.length / 4] - 1) * 100,
                    (q[(3 * q.length) / 4] - 1) * 100,
                    (q[0] - 1) * 100,
                    (q[q.length - 1] - 1) * 100,
                    slower,
                    q.length);
        }
    }

    /**
     * Pools the "rep N:" lines of earlier runs' outputs (same mode) and prints the tables over all
     * of them.
     */
    static void pool(List<String> files) throws IOException {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Boolean bulk = null;
        for (String f : files) {
            for (String line : Files.readAllLines(Path.of(f))) {
                if (bulk == null && (line.startsWith("bulk:") || line.startsWith("handshake:"))) {
                    bulk = line.startsWith("bulk:");
                }
                if (!line.startsWith("rep ")) {
                    continue;
                }
                String[] t = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
                for (int i = 0; i + 1 < t.length; i += 2) {
                    rates.computeIfAbsent(t[i], k -> new ArrayList<>())
                            .add(Double.parseDouble(t[i + 1].replace(",", "")));
                }
            }
        }
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("no rep lines in " + files);
        }
        System.out.println("pooled " + files);
        report(rates, Boolean.TRUE.equals(bulk));
    }

    static List<String[]> comparisons(boolean bulk) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {Variants.TLSBIO_HYBRID, Variants.SSLENGINE});
        if (bulk) {
            out.add(new String[] {Variants.TLSBIO_HYBRID, Variants.BCTLS_HYBRID});
            out.add(new String[] {Variants.TLSBIO_BIOPAIR, Variants.BCTLS_HYBRID});
            out.add(new String[] {Variants.TLSBIO_BIOPAIR, Variants.SSLENGINE});
        } else {
            out.add(new String[] {Variants.TLSBIO_HYBRID_NOVERIFY, Variants.BCTLS_HYBRID});
            out.add(new String[] {Variants.TLSBIO_HYBRID, Variants.BCTLS_HYBRID_VERIFY});
            out.add(new String[] {Variants.TLSBIO_HYBRID_NOVERIFY, Variants.SSLENGINE});
        }
        return out;
    }

    /**
     * Times {@code ops} round-robin: {@code warmup} seconds each in slices of at most 1 s, then
     * {@code reps} reps of {@code repSeconds} each (rep i of every op before rep i+1), printing one
     * "rep N:" line per rep (what {@link #pool} reads) to {@code log}.
     *
     * @param unitsPerOp what one run of an op is worth in the reported unit (1 for ops/s, bytes /
     *     10^6 for MB/s)
     * @return per op, its rate in each rep, in the reported unit
     */
    static Map<String, List<Double>> roundRobin(
            Map<String, Runnable> ops,
            double warmup,
            int reps,
            double repSeconds,
            double unitsPerOp,
            PrintStream log) {
        int slices = (int) Math.ceil(warmup);
        for (int s = 0; s < slices; s++) {
            for (Runnable op : ops.values()) {
                rate(op, warmup / slices);
            }
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (String v : ops.keySet()) {
            rates.put(v, new ArrayList<>());
        }
        for (int r = 0; r < reps; r++) {
            StringBuilder line = new StringBuilder("rep " + (r + 1) + ":");
            for (Map.Entry<String, Runnable> e : ops.entrySet()) {
                double value = rate(e.getValue(), repSeconds) * unitsPerOp;
                rates.get(e.getKey()).add(value);
                line.append(String.format(Locale.ROOT, "  %s %,.1f", e.getKey(), value));
            }
            log.println(line);
        }
        return rates;
    }

    /**
     * The per-rep ratios a[i] / b[i]: each from adjacent reps, so load that hit both cancels out.
     */
    static List<Double> ratios(List<Double> a, List<Double> b) {
        List<Double> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i) / b.get(i));
        }
        return out;
    }

    /**
     * One full handshake on a fresh connection of {@code variant}, after checking what the variant
     * negotiates.
     */
    static Runnable handshakeOp(String variant) {
        Supplier<Connection> f = Variants.factory(variant);
        Connection c = f.get();
        c.handshake();
        Checks.expectSuite(variant, c);
        return () -> f.get().handshake();
    }

    /**
     * Bytes per bulk write of the {@code bulk} mode: {@code -Dbulk.writeSize=1024} for small
     * writes; MB/s counts these bytes.
     */
    static final int BULK_WRITE_SIZE =
            Integer.getInteger("bulk.writeSize", BulkBenchmark.WRITE_SIZE);

    /**
     * One {@code size}-byte write from client to server, read back whole, on one established
     * connection.
     */
    static Runnable bulkOp(String variant, int size) {
        Connection c = Variants.factory(variant).get();
        c.handshake();
        Checks.expectSuite(variant, c);
        byte[] data = new byte[size];
        new SplittableRandom(1).nextBytes(data);
        byte[] sink = new byte[size];
        c.clientToServer(data, sink);
        if (!Arrays.equals(data, sink)) {
            throw new IllegalStateException(
                    variant + ": the server read other bytes than the client wrote");
        }
        return () -> c.clientToServer(data, sink);
    }

    /** Operations per second of {@code op} over about {@code seconds}. */
    static double rate(Runnable op, double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        long elapsed;
        do {
            for (int i = 0; i < 8; i++) {
                op.run();
            }
            n += 8;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return n / (elapsed / 1e9);
    }
}
