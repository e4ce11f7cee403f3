package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Bounded read/write loops and small helpers shared by the tests. */
final class BioLoops {

    static final int MAX_CALLS = 100_000;

    private BioLoops() {}

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes all of data, retrying on should-retry results, within MAX_CALLS calls. */
    static void writeAll(Bio bio, byte[] data) {
        int done = 0;
        for (int i = 0; done < data.length; i++) {
            if (i == MAX_CALLS) {
                throw new AssertionError(
                        "no progress writing: " + done + " of " + data.length + " via " + bio);
            }
            int r = bio.write(data, done, data.length - done);
            if (r > 0) {
                done += r;
            } else if (!bio.shouldRetry()) {
                throw new AssertionError("write failed: " + r + " " + bio.lastError());
            }
        }
    }

    /** Reads exactly n bytes, retrying on should-retry results, within MAX_CALLS calls. */
    static byte[] readExactly(Bio bio, int n) {
        byte[] out = new byte[n];
        int got = 0;
        for (int i = 0; got < n; i++) {
            if (i == MAX_CALLS) {
                throw new AssertionError(
                        "no progress reading: " + got + " of " + n + " via " + bio);
            }
            int r = bio.read(out, got, n - got);
            if (r > 0) {
                got += r;
            } else if (!bio.shouldRetry()) {
                throw new AssertionError(
                        "read failed after " + got + " of " + n + ": " + r + " " + bio.lastError());
            }
        }
        return out;
    }

    /** Reads until a non-retry result (EOF or error), at most max bytes; returns what was read. */
    static byte[] readToEnd(Bio bio, int max) {
        byte[] out = new byte[max];
        int got = 0;
        for (int i = 0; i < MAX_CALLS && got < max; i++) {
            int r = bio.read(out, got, max - got);
            if (r > 0) {
                got += r;
            } else if (!bio.shouldRetry()) {
                return Arrays.copyOf(out, got);
            }
        }
        throw new AssertionError("no end of stream after " + got + " bytes via " + bio);
    }

    /** Deterministic test data. */
    static byte[] pattern(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
