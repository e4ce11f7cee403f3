package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A source/sink that plays one recorded direction of a conversation back: reads return the given
 * bytes in order, then either ask for a retry or report end of stream ({@link AtEnd}); writes are
 * all accepted and kept ({@link #written()}), as by a memory BIO.
 *
 * <p>The read side is OpenSSL's {@code BIO_new_mem_buf} (with {@code BIO_set_mem_eof_return(b, -1)}
 * for {@link AtEnd#RETRY}, its default 0 for {@link AtEnd#EOF}); the write side is {@code
 * BIO_s_mem}. Optionally each read is cut to a seeded 1..{@code maxChunk} bytes, so a peer meets
 * records split anywhere; the same seed and the same calls give the same cuts. {@link #append} adds
 * bytes to the end of what is played back ("more arrived"). {@link #pending()} counts the bytes not
 * yet read, {@link #eof()} is true when there are none (as for a memory BIO), {@link #reset()}
 * rewinds the playback and the chunk sizes and forgets what was written. The data is copied in; a
 * caller's array is never kept. Not thread-safe.
 */
public final class ReplayBio extends Bio {

    /** What a read answers once every byte has been played. */
    public enum AtEnd {
        /** -1 with retry-read, as an empty {@code BIO_s_mem}: "no data yet". */
        RETRY,
        /** 0 without flags, as a drained {@code BIO_new_mem_buf}: end of stream. */
        EOF
    }

    /** Passed as {@code maxChunk}: reads are not cut. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final AtEnd atEnd;
    private final long seed;
    private final int maxChunk;
    private SplittableRandom chunks;
    private byte[] data;
    private int length;
    private int readPos;
    private byte[] written = new byte[0];
    private int writtenLength;

    /**
     * Plays {@code data} back in reads as large as asked, then answers as {@code atEnd} says.
     *
     * @param data the bytes reads return; copied
     * @param atEnd what a read answers once {@code data} is played
     */
    public ReplayBio(byte[] data, AtEnd atEnd) {
        this(data, atEnd, 0, UNLIMITED);
    }

    /**
     * Plays {@code data} back with each read cut to a size drawn from {@code seed} between 1 and
     * {@code maxChunk} ({@link #UNLIMITED}: not cut), then answers as {@code atEnd} says.
     *
     * @param data the bytes reads return; copied
     * @param atEnd what a read answers once {@code data} is played
     * @param seed the random seed for the read sizes; one seed replays one run
     * @param maxChunk the largest read, {@code >= 1} or {@link #UNLIMITED}
     * @throws IllegalArgumentException if {@code maxChunk < 1}
     */
    public ReplayBio(byte[] data, AtEnd atEnd, long seed, int maxChunk) {
        Objects.requireNonNull(data, "data");
        this.atEnd = Objects.requireNonNull(atEnd, "atEnd");
        if (maxChunk < 1) {
            throw new IllegalArgumentException("maxChunk < 1: " + maxChunk);
        }
        this.seed = seed;
        this.maxChunk = maxChunk;
        this.chunks = new SplittableRandom(seed);
        this.data = data.clone();
        this.length = data.length;
    }

    /**
     * Adds {@code more} (copied) after the bytes still to be played.
     *
     * @param more the bytes to play after the current ones
     */
    public void append(byte[] more) {
        Objects.requireNonNull(more, "more");
        ensureOpen();
        if (data.length - length < more.length) {
            data = Arrays.copyOf(data, Math.max(length + more.length, 2 * data.length));
        }
        System.arraycopy(more, 0, data, length, more.length);
        length += more.length;
    }

    /**
     * A copy of every byte written since creation or the last {@link #reset()}.
     *
     * @return a new array with the bytes written
     */
    public byte[] written() {
        return Arrays.copyOf(written, writtenLength);
    }

    /**
     * How many bytes have been written since creation or the last {@link #reset()}.
     *
     * @return the count of bytes written
     */
    public int writtenLength() {
        return writtenLength;
    }

    /**
     * How many of the bytes to be played have been read.
     *
     * @return bytes played so far
     */
    public int played() {
        return readPos;
    }

    /**
     * What a read answers at the end of the data.
     *
     * @return the answer at the end of the data, as given when made
     */
    public AtEnd atEnd() {
        return atEnd;
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        int available = length - readPos;
        if (available == 0) {
            if (atEnd == AtEnd.RETRY) {
                setRetryRead();
                return -1;
            }
            return 0;
        }
        int n = Math.min(len, available);
        if (maxChunk != UNLIMITED) {
            n = Math.min(n, 1 + chunks.nextInt(maxChunk));
        }
        System.arraycopy(data, readPos, b, off, n);
        readPos += n;
        return n;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        if (written.length - writtenLength < len) {
            long want = Math.max((long) writtenLength + len, Math.max(256L, 2L * written.length));
            if (want > Integer.MAX_VALUE - 8) {
                if ((long) writtenLength + len > Integer.MAX_VALUE - 8) {
                    throw new OutOfMemoryError(
                            "ReplayBio would keep more than " + (Integer.MAX_VALUE - 8) + " bytes");
                }
                want = Integer.MAX_VALUE - 8;
            }
            written = Arrays.copyOf(written, (int) want);
        }
        System.arraycopy(b, off, written, writtenLength, len);
        writtenLength += len;
        return len;
    }

    @Override
    protected int implFlush() {
        return 1;
    }

    @Override
    protected long implPending() {
        return length - readPos;
    }

    @Override
    protected long implWpending() {
        return 0;
    }

    @Override
    protected boolean implEof() {
        return readPos == length;
    }

    /**
     * Rewinds the playback and the chunk sizes to the start and forgets what was written; returns
     * 1.
     */
    @Override
    protected int implReset() {
        readPos = 0;
        chunks = new SplittableRandom(seed);
        written = new byte[0];
        writtenLength = 0;
        return 1;
    }

    @Override
    protected void implClose() {
        data = new byte[0];
        length = 0;
        readPos = 0;
        written = new byte[0];
        writtenLength = 0;
    }

    @Override
    public String toString() {
        return "ReplayBio[played "
                + readPos
                + "/"
                + length
                + ", written "
                + writtenLength
                + ", at end "
                + atEnd
                + (maxChunk == UNLIMITED ? "" : ", chunks 1.." + maxChunk)
                + "]";
    }
}
