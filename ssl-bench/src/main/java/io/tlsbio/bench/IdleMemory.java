package io.tlsbio.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.openjdk.jol.info.GraphLayout;

/**
 * Heap per idle established connection, both ends: holds N established pairs of one variant and
 * reports the heap delta / N, measured after {@code System.gc()} x4 before and after (as the
 * measurements behind the hybrid crypto did, docs/decisions.md). Variants are interleaved over
 * several reps; the median is reported. What is held is {@link Connection#retained()}: the two Ssl
 * objects with their BIOs for tlsbio, the two SSLEngines (the harness's ByteBuffers dropped; the
 * JDK server's session-cache entry counts), the two bctls protocol objects (the harness's wire
 * buffer dropped).
 *
 * <pre>
 * java -Djdk.tls.namedGroups=x25519 -Xms2g -Xmx2g -cp ssl-bench/target/ssl-bench.jar \
 *     -Djdk.attach.allowAttachSelf=true io.tlsbio.bench.IdleMemory [pairs=2000] [reps=3]
 * </pre>
 *
 * <p>Beside the heap delta, the exact retained size per pair from JOL ({@link #jolPerPair}): the
 * object graph of {@value #JOL_PAIRS} + 1 pairs minus that of one, divided by {@value #JOL_PAIRS},
 * so what pairs share (contexts, crypto, certificates) is not counted. With {@code
 * -Didle.footprint=true} the classes of one pair's own objects are listed too.
 */
public final class IdleMemory {

    /** tlsbio hybrid with its Ssl objects detached from their MemBios: the Ssl's own share. */
    static final String TLSBIO_SSL_ONLY = "tlsbio-hybrid-ssl-only";

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** Pairs whose graph JOL walks beyond the first. */
    static final int JOL_PAIRS = 20;

    private IdleMemory() {}

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> variants =
                List.of(
                        Variants.TLSBIO_HYBRID,
                        TLSBIO_SSL_ONLY,
                        Variants.TLSBIO_BIOPAIR,
                        Variants.BCTLS_HYBRID,
                        Variants.SSLENGINE);
        Map<String, Supplier<Connection>> factories = new LinkedHashMap<>();
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (String v : variants) {
            factories.put(
                    v, Variants.factory(v.equals(TLSBIO_SSL_ONLY) ? Variants.TLSBIO_HYBRID : v));
            results.put(v, new ArrayList<>());
            // warm-up: class loading, static caches, JIT
            hold(v, factories.get(v), 200);
        }
        System.out.printf(
                "idle memory: %d established pairs per variant, %d reps, heap max %d MiB%n",
                n, reps, Runtime.getRuntime().maxMemory() >> 20);
        for (int r = 0; r < reps; r++) {
            for (String v : variants) {
                long before = usedAfterGc();
                Object[] held = hold(v, factories.get(v), n);
                long after = usedAfterGc();
                double perPair = (after - before) / (double) n / 1024;
                results.get(v).add(perPair);
                System.out.printf(
                        "rep %d %-24s %8.1f KiB/pair (%d held)%n", r + 1, v, perPair, held.length);
                held = null;
            }
        }
        System.out.printf(
                "%n| variant | KiB per idle pair, both ends: median (min–max of %d reps) |%n|---|---|%n",
                reps);
        for (Map.Entry<String, List<Double>> e : results.entrySet()) {
            System.out.printf("| %s | %s |%n", e.getKey(), Stats.summary(e.getValue(), 1));
        }
        System.out.printf(
                "%n| variant | JOL retained KiB per idle pair (GraphLayout.totalSize, shared objects excluded) |%n|---|---|%n");
        for (String v : variants) {
            System.out.printf("| %s | %.2f |%n", v, jolPerPair(v, factories.get(v)) / 1024.0);
        }
        if (Boolean.getBoolean("idle.footprint")) {
            for (String v : variants) {
                Object[] one = hold(v, factories.get(v), 1);
                Object[] two = hold(v, factories.get(v), 1);
                System.out.printf(
                        "%n%s: the objects of one pair that another pair does not share%n%s",
                        v,
                        GraphLayout.parseInstance(one, two)
                                .subtract(GraphLayout.parseInstance(one))
                                .toFootprint());
            }
        }
    }

    /**
     * Exact bytes one more idle pair retains, by JOL: (graph of 1 + N pairs - graph of 1 pair) / N.
     */
    static double jolPerPair(String variant, Supplier<Connection> factory) {
        Object[] first = hold(variant, factory, 1);
        Object[] more = hold(variant, factory, JOL_PAIRS);
        long one = GraphLayout.parseInstance(first).totalSize();
        long all = GraphLayout.parseInstance(first, more).totalSize();
        return (all - one) / (double) JOL_PAIRS;
    }

    private static Object[] hold(String variant, Supplier<Connection> factory, int n) {
        Object[] held = new Object[n];
        for (int i = 0; i < n; i++) {
            Connection c = factory.get();
            c.handshake();
            if (variant.equals(TLSBIO_SSL_ONLY)) {
                TlsbioConnection t = (TlsbioConnection) c;
                t.client().setBio(null, null);
                t.server().setBio(null, null);
            }
            held[i] = c.retained();
        }
        return held;
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
