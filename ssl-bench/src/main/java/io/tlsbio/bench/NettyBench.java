package io.tlsbio.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code TlsbioHandler} against Netty's {@code SslHandler} with the JDK provider, over loopback in
 * one JVM, reps taken round-robin between the variants (as {@link Interleaved}): handshakes per
 * second with a two-loop server and many clients, bulk MB/s on one connection, heap per idle
 * connection. The comparison is the median of the per-rep ratios.
 *
 * <pre>
 * J="java -Djdk.tls.namedGroups=x25519 -Xms2g -Xmx2g -cp ssl-bench/target/ssl-bench.jar"
 * $J io.tlsbio.bench.NettyBench handshake [warmupSeconds=20] [reps=9] [repSeconds=3] [concurrency=64]
 * $J io.tlsbio.bench.NettyBench bulk [warmupSeconds=10] [reps=9] [repSeconds=3] [variant...]
 * $J io.tlsbio.bench.NettyBench idle [connections=2000] [reps=3]
 * </pre>
 */
public final class NettyBench {

    private NettyBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        try (NettyLoops loops = new NettyLoops()) {
            switch (mode) {
                case "handshake" ->
                        handshakes(
                                loops,
                                arg(args, 1, 20),
                                (int) arg(args, 2, 9),
                                arg(args, 3, 3),
                                (int) arg(args, 4, 64));
                case "bulk" ->
                        bulk(
                                loops,
                                arg(args, 1, 10),
                                (int) arg(args, 2, 9),
                                arg(args, 3, 3),
                                args.length > 4
                                        ? List.of(args).subList(4, args.length).stream()
                                                .map(NettyVariant::byLabel)
                                                .toList()
                                        : List.of(NettyVariant.TLSBIO, NettyVariant.JDK));
                case "idle" -> idle(loops, (int) arg(args, 1, 2000), (int) arg(args, 2, 3));
                default -> {
                    System.err.println(
                            "usage: NettyBench handshake [warmup reps repSeconds concurrency]"
                                    + " | bulk [warmup reps repSeconds] | idle [connections reps]");
                    System.exit(2);
                }
            }
        }
    }

    private static double arg(String[] args, int i, double dflt) {
        return args.length > i ? Double.parseDouble(args[i]) : dflt;
    }

    private static void handshakes(
            NettyLoops loops, double warmup, int reps, double repSeconds, int concurrency)
            throws Exception {
        Map<NettyVariant, NettyHandshakes> runs = new LinkedHashMap<>();
        for (NettyVariant v : List.of(NettyVariant.TLSBIO, NettyVariant.JDK)) {
            runs.put(v, new NettyHandshakes(loops, v, concurrency));
        }
        System.out.printf(
                Locale.ROOT,
                "handshake: server 2 loops, clients 2 loops, %d in flight; warm-up %.0f s each;"
                        + " %d reps x %.1f s%n",
                concurrency,
                warmup,
                reps,
                repSeconds);
        for (int s = 0; s < Math.ceil(warmup); s++) {
            for (NettyHandshakes r : runs.values()) {
                r.rep(1);
            }
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int i = 0; i < reps; i++) {
            StringBuilder line = new StringBuilder("rep " + (i + 1) + ":");
            for (Map.Entry<NettyVariant, NettyHandshakes> e : runs.entrySet()) {
                double r = e.getValue().rep(repSeconds);
                rates.computeIfAbsent(e.getKey().label(), k -> new ArrayList<>()).add(r);
                line.append(String.format(Locale.ROOT, "  %s %,.1f", e.getKey().label(), r));
            }
            System.out.println(line);
        }
        report(rates, "hs/s");
    }

    private static void bulk(
            NettyLoops loops,
            double warmup,
            int reps,
            double repSeconds,
            List<NettyVariant> variants)
            throws Exception {
        Map<NettyVariant, NettyBulk> runs = new LinkedHashMap<>();
        for (NettyVariant v : variants) {
            runs.put(v, new NettyBulk(loops, v));
        }
        System.out.printf(
                Locale.ROOT,
                "bulk: one connection per variant, %d-byte heap writes; warm-up %.0f s each;"
                        + " %d reps x %.1f s%n",
                NettyBulk.WRITE_SIZE,
                warmup,
                reps,
                repSeconds);
        for (int s = 0; s < Math.ceil(warmup); s++) {
            for (NettyBulk r : runs.values()) {
                r.rep(1);
            }
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int i = 0; i < reps; i++) {
            StringBuilder line = new StringBuilder("rep " + (i + 1) + ":");
            for (Map.Entry<NettyVariant, NettyBulk> e : runs.entrySet()) {
                double r = e.getValue().rep(repSeconds);
                rates.computeIfAbsent(e.getKey().label(), k -> new ArrayList<>()).add(r);
                line.append(String.format(Locale.ROOT, "  %s %,.1f", e.getKey().label(), r));
            }
            System.out.println(line);
        }
        runs.values().forEach(NettyBulk::close);
        report(rates, "MB/s");
    }

    private static void idle(NettyLoops loops, int n, int reps) throws Exception {
        Map<NettyVariant, NettyIdleMemory> runs = new LinkedHashMap<>();
        for (NettyVariant v : NettyVariant.values()) {
            NettyIdleMemory m = new NettyIdleMemory(loops, v);
            m.rep(Math.min(n, 200)); // warm-up: class loading, pools, JIT
            runs.put(v, m);
        }
        System.out.printf(
                "idle: %d connections per variant (both ends in this JVM), %d reps, heap max %d MiB%n",
                n, reps, Runtime.getRuntime().maxMemory() >> 20);
        Map<String, List<Double>> kib = new LinkedHashMap<>();
        for (int i = 0; i < reps; i++) {
            for (Map.Entry<NettyVariant, NettyIdleMemory> e : runs.entrySet()) {
                double k = e.getValue().rep(n);
                kib.computeIfAbsent(e.getKey().label(), x -> new ArrayList<>()).add(k);
                System.out.printf(
                        Locale.ROOT,
                        "rep %d %-16s %8.1f KiB per connection%n",
                        i + 1,
                        e.getKey().label(),
                        k);
            }
        }
        System.out.printf(
                "%n| variant | KiB per idle connection, both ends: median (min–max of %d reps) |%n|---|---|%n",
                reps);
        for (Map.Entry<String, List<Double>> e : kib.entrySet()) {
            System.out.printf("| %s | %s |%n", e.getKey(), Stats.summary(e.getValue(), 1));
        }
    }

    /** Medians per variant and the per-rep ratio of tlsbio to SslHandler. */
    private static void report(Map<String, List<Double>> rates, String unit) {
        int reps = rates.values().iterator().next().size();
        System.out.printf(
                "%n| variant | %s median (min–max of %d reps) |%n|---|---|%n", unit, reps);
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            System.out.printf("| %s | %s |%n", e.getKey(), Stats.summary(e.getValue(), 0));
        }
        List<Double> a = rates.get(NettyVariant.TLSBIO.label());
        List<Double> b = rates.get(NettyVariant.JDK.label());
        if (a == null || b == null) {
            return;
        }
        List<Double> ratios = new ArrayList<>();
        int slower = 0;
        for (int i = 0; i < a.size(); i++) {
            ratios.add(a.get(i) / b.get(i));
            slower += a.get(i) < b.get(i) ? 1 : 0;
        }
        double[] q = Stats.sorted(ratios);
        System.out.printf(
                Locale.ROOT,
                "%n%s vs %s: median ratio %.2fx (quartiles %.2fx … %.2fx, range %.2fx … %.2fx);"
                        + " tlsbio slower in %d of %d reps%n",
                NettyVariant.TLSBIO.label(),
                NettyVariant.JDK.label(),
                Stats.median(ratios),
                q[q.length / 4],
                q[(3 * q.length) / 4],
                q[0],
                q[q.length - 1],
                slower,
                q.length);
    }
}
