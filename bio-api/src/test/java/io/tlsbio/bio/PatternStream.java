package io.tlsbio.bio;

import java.util.Arrays;
import java.util.Random;

/**
 * A deterministic byte sequence for one direction of a property case: the writer takes its next
 * bytes from it, the reader checks what arrives against it, so nothing is stored per case and a
 * lost, duplicated or reordered byte shows up at its exact offset.
 */
public final class PatternStream {

    /** Bytes before the pattern repeats: far more than one case moves. */
    private static final int PERIOD = (1 << 22) + 15;

    private static final byte[] PATTERN = new byte[PERIOD];

    static {
        new Random(0x7157B10L).nextBytes(PATTERN);
    }

    private final String label;
    private final int start;
    private long written;
    private long read;

    /** {@code label} names the seed and direction in every failure message. */
    public PatternStream(String label, long seed, int direction) {
        this.label = label;
        this.start = (int) Math.floorMod(seed * 1_000_003L + direction * 7_919L, (long) PERIOD);
    }

    /** Copies the next {@code n} unwritten bytes into {@code dst[0..n)} without consuming them. */
    public void peekUnwritten(byte[] dst, int n) {
        copy(written, dst, n);
    }

    /** Marks {@code n} more bytes as accepted by the writer. */
    public void wrote(int n) {
        written += n;
    }

    /** Checks that {@code b[off, off+n)} are the next bytes expected, and consumes them. */
    public void verifyRead(byte[] b, int off, int n) {
        if (read + n > written) {
            throw new AssertionError(
                    label
                            + ": read "
                            + (read + n)
                            + " bytes but only "
                            + written
                            + " were written");
        }
        // compare against the pattern in place, at most two segments (before and after it repeats)
        int from = (int) ((start + read) % PERIOD);
        int done = 0;
        while (done < n) {
            int chunk = Math.min(n - done, PERIOD - from);
            int at =
                    Arrays.mismatch(PATTERN, from, from + chunk, b, off + done, off + done + chunk);
            if (at >= 0) {
                throw new AssertionError(
                        label
                                + ": byte at stream offset "
                                + (read + done + at)
                                + " is "
                                + b[off + done + at]
                                + ", expected "
                                + PATTERN[from + at]);
            }
            done += chunk;
            from = 0;
        }
        read += n;
    }

    public long written() {
        return written;
    }

    public long read() {
        return read;
    }

    private void copy(long pos, byte[] dst, int n) {
        int from = (int) ((start + pos) % PERIOD);
        int done = 0;
        while (done < n) {
            int chunk = Math.min(n - done, PERIOD - from);
            System.arraycopy(PATTERN, from, dst, done, chunk);
            done += chunk;
            from = 0;
        }
    }
}
