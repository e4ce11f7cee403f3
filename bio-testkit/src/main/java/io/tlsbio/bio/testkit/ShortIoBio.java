package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import java.util.SplittableRandom;

/**
 * A filter that passes every read and write on to the next BIO with its length cut to a random size
 * between 1 and a maximum: short reads and writes "down to 1 byte", seeded.
 *
 * <p>The analogue of tls-channel's {@code RandomChunkingByteChannel}, and of driving BoringSSL's
 * {@code async_bio} one byte of quota at a time. Each read or write draws exactly one size from its
 * direction's own stream (reads and writes do not disturb each other's sequence), so the same seed
 * and the same sequence of calls give the same cuts. Nothing is buffered: the next BIO's result,
 * retry flags and error are passed up unchanged ({@code BIO_copy_next_retry}). Flush, pending, eof
 * and reset are forwarded. With no next BIO, read and write return 0 with {@link
 * BioError.Reason#NO_NEXT_BIO}. Not thread-safe.
 */
public final class ShortIoBio extends Bio {

    /** Passed as a maximum: leave that direction's lengths alone (and draw nothing for it). */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final SplittableRandom readRandom;
    private final SplittableRandom writeRandom;
    private final int maxRead;
    private final int maxWrite;

    /**
     * Cuts reads and writes to a random 1..{@code max} bytes, drawn from {@code seed}:
     * tls-channel's {@code RandomChunkingByteChannel} as a BIO.
     *
     * @param seed the random seed; one seed replays one run
     * @param max the largest read or write passed on, {@code >= 1}
     * @throws IllegalArgumentException if {@code max < 1}
     */
    public ShortIoBio(long seed, int max) {
        this(seed, max, max);
    }

    /**
     * Cuts reads to 1..{@code maxRead} and writes to 1..{@code maxWrite} bytes (either may be
     * {@link #UNLIMITED}), drawn from {@code seed}.
     *
     * @param seed the random seed; one seed replays one run
     * @param maxRead the largest read passed on, {@code >= 1} or {@link #UNLIMITED}
     * @param maxWrite the largest write passed on, {@code >= 1} or {@link #UNLIMITED}
     * @throws IllegalArgumentException if a maximum is below 1
     */
    public ShortIoBio(long seed, int maxRead, int maxWrite) {
        this(
                new SplittableRandom(seed),
                new SplittableRandom(~seed * 0x9E3779B97F4A7C15L),
                maxRead,
                maxWrite);
    }

    private ShortIoBio(
            SplittableRandom readRandom, SplittableRandom writeRandom, int maxRead, int maxWrite) {
        if (maxRead < 1) {
            throw new IllegalArgumentException("maxRead < 1: " + maxRead);
        }
        if (maxWrite < 1) {
            throw new IllegalArgumentException("maxWrite < 1: " + maxWrite);
        }
        this.readRandom = readRandom;
        this.writeRandom = writeRandom;
        this.maxRead = maxRead;
        this.maxWrite = maxWrite;
    }

    /**
     * Cuts every read and write to exactly {@code chunk} bytes (or fewer when fewer are asked for);
     * {@code fixed(1)} is byte-at-a-time I/O, as BoringSSL's shim gets from {@code async_bio} by
     * granting one byte of quota per retry (tls-channel: {@code ChunkingByteChannel}).
     *
     * @param chunk the size of every read and write passed on, {@code >= 1}
     * @return a filter with fixed-size I/O
     * @throws IllegalArgumentException if {@code chunk < 1}
     */
    public static ShortIoBio fixed(int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk < 1: " + chunk);
        }
        return new ShortIoBio(null, null, chunk, chunk);
    }

    /**
     * The largest read passed on ({@link #UNLIMITED} if reads are not cut).
     *
     * @return the read cap in bytes
     */
    public int maxRead() {
        return maxRead;
    }

    /**
     * The largest write passed on ({@link #UNLIMITED} if writes are not cut).
     *
     * @return the write cap in bytes
     */
    public int maxWrite() {
        return maxWrite;
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        int n = Math.min(len, cap(readRandom, maxRead));
        if (next() == null) {
            return noNext();
        }
        int r = next().read(b, off, n);
        copyNextRetry();
        return r;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        int n = Math.min(len, cap(writeRandom, maxWrite));
        if (next() == null) {
            return noNext();
        }
        int r = next().write(b, off, n);
        copyNextRetry();
        return r;
    }

    private static int cap(SplittableRandom random, int max) {
        if (max == UNLIMITED) {
            return max;
        }
        return random == null ? max : 1 + random.nextInt(max);
    }

    private int noNext() {
        setError(BioError.Reason.NO_NEXT_BIO, "ShortIoBio has no next BIO", null);
        return 0;
    }

    @Override
    public String toString() {
        return "ShortIoBio[maxRead="
                + maxRead
                + ", maxWrite="
                + maxWrite
                + (readRandom == null ? ", fixed" : "")
                + "]";
    }
}
