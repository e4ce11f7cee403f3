package io.tlsbio.bench;

import java.util.Locale;

/**
 * How fast a variant gets up to speed from a cold JVM: {@code --warmup VARIANT [SLICES]} runs the
 * bulk operation of the quick run (16 KiB writes, encrypt and decrypt on one thread) from the first
 * call and prints the MB/s of each half-second slice. Run each variant in a fresh JVM (the first
 * slice includes class loading); ssl-bench/README.md has the command and a result.
 */
public final class WarmUp {

    private static final long SLICE_NANOS = 500_000_000L;

    private WarmUp() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: --warmup VARIANT [SLICES]");
        }
        String variant = args[0];
        int slices = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        if (slices < 1 || slices > 1000) {
            throw new IllegalArgumentException("slices must be 1..1000: " + slices);
        }
        Runnable op = Interleaved.bulkOp(variant, BulkBenchmark.WRITE_SIZE);
        StringBuilder line = new StringBuilder(variant).append(" MB/s per 0.5 s:");
        for (int s = 0; s < slices; s++) {
            long t0 = System.nanoTime();
            long n = 0;
            while (System.nanoTime() - t0 < SLICE_NANOS) {
                op.run();
                n++;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            line.append(
                    String.format(
                            Locale.ROOT, " %.0f", n * BulkBenchmark.WRITE_SIZE / 1e6 / seconds));
        }
        System.out.println(line);
    }
}
