package io.tlsbio.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.openjdk.jol.info.GraphLayout;

/**
 * Memory per idle established connection pair (both ends), two ways, for the quick run:
 *
 * <ul>
 *   <li><b>heap delta</b>: used heap after full GCs with N pairs held, less before, / N. Counts
 *       what the shared contexts keep per connection too (the JDK server's session-cache entry);
 *   <li><b>retained</b>: the exact size (JOL) of the objects reachable from the pairs' objects
 *       ({@link Connection#retained()}), as the marginal cost of a pair: (size of all N pairs'
 *       graph − size of one pair's graph) / (N − 1), over the first N pairs of the last rep.
 *       Whatever one pair already reaches (contexts, crypto, caches, classes) counts once and
 *       cancels, so this is what a connection owns.
 * </ul>
 *
 * Variants are interleaved per rep.
 */
final class IdlePairs {

    /**
     * One variant's result: the heap delta per rep, and the exact retained size, in KiB per pair.
     */
    record Result(List<Double> heapKiB, double retainedKiB) {}

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final int WARM_UP_PAIRS = 20;

    private IdlePairs() {}

    /**
     * @param pairs pairs held per variant per rep, for the heap delta
     * @param reps reps of the heap delta
     * @param jolPairs of the last rep's pairs, how many JOL walks (each walk also goes through
     *     everything the shared contexts reach, 145,000 objects for SSLEngine's, hence not all of
     *     them)
     */
    static Map<String, Result> measure(
            List<String> variants, int pairs, int reps, int jolPairs, PrintStream log) {
        if (jolPairs < 2 || jolPairs > pairs) {
            throw new IllegalArgumentException(
                    "JOL needs 2 to " + pairs + " pairs, not " + jolPairs);
        }
        // JOL: find field offsets without Unsafe.objectFieldOffset (which refuses records), and do
        // not try
        // to attach an agent to this JVM (a warning; JOL needs no Instrumentation for this)
        System.setProperty(
                "jol.magicFieldOffset", System.getProperty("jol.magicFieldOffset", "true"));
        System.setProperty(
                "jol.skipDynamicAttach", System.getProperty("jol.skipDynamicAttach", "true"));
        Map<String, Supplier<Connection>> factories = new LinkedHashMap<>();
        Map<String, List<Double>> heap = new LinkedHashMap<>();
        for (String v : variants) {
            factories.put(v, Variants.factory(v));
            heap.put(v, new ArrayList<>());
            hold(factories.get(v), WARM_UP_PAIRS); // class loading and static caches, not counted
        }
        Map<String, Double> retained = new LinkedHashMap<>();
        for (int r = 0; r < reps; r++) {
            StringBuilder line = new StringBuilder("rep " + (r + 1) + ":");
            for (String v : variants) {
                long before = usedAfterGc();
                Object[] held = hold(factories.get(v), pairs);
                try {
                    long after = usedAfterGc();
                    heap.get(v).add((after - before) / 1024.0 / pairs);
                    if (r == reps - 1) {
                        retained.put(v, retainedKiB(held, jolPairs));
                    }
                } finally {
                    Reference.reachabilityFence(held);
                }
                line.append(String.format(Locale.ROOT, "  %s %.1f", v, heap.get(v).get(r)));
            }
            log.println(line + "  (KiB per pair, heap delta)");
        }
        Map<String, Result> out = new LinkedHashMap<>();
        for (String v : variants) {
            out.put(v, new Result(heap.get(v), retained.get(v)));
        }
        return out;
    }

    /** {@code n} established connections' retained objects. */
    private static Object[] hold(Supplier<Connection> factory, int n) {
        Object[] held = new Object[n];
        for (int i = 0; i < n; i++) {
            Connection c = factory.get();
            c.handshake();
            held[i] = c.retained();
        }
        return held;
    }

    /**
     * The marginal retained size of one pair in KiB, over the first {@code n} pairs: see the class
     * comment.
     */
    private static double retainedKiB(Object[] held, int n) {
        long all = GraphLayout.parseInstance(roots(held, n)).totalSize();
        long one = GraphLayout.parseInstance(roots(held, 1)).totalSize();
        return (all - one) / 1024.0 / (n - 1);
    }

    /** The objects of the first {@code n} pairs, without the arrays that carry them. */
    private static Object[] roots(Object[] held, int n) {
        List<Object> roots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (held[i] instanceof Object[] parts) {
                roots.addAll(List.of(parts));
            } else {
                roots.add(held[i]);
            }
        }
        return roots.toArray();
    }

    /**
     * Used heap after full collections: the lowest of three (System.gc() is a full, synchronous GC
     * on G1).
     */
    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
