package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;

/**
 * A filter that ends the stream at byte N: after {@code readLimit} bytes have been read through it,
 * reads return 0 (end of stream, no retry flags) and {@link #eof()} is true, as a peer that closed
 * its socket; optionally, after {@code writeLimit} bytes have been written, writes fail with -1, no
 * retry, {@link BioError.Reason#BROKEN_PIPE}, as a peer that is gone (EPIPE).
 *
 * <p>The analogue of {@code BIO_set_mem_eof_return(bio, 0)} on a drained memory BIO, but at an
 * exact offset of a live stream. A read or write that would cross a limit is cut short at it, so
 * exactly the limit passes. Below the limits results, flags and errors of the next BIO are passed
 * up. Pending is capped at what may still be read; flush and reset are forwarded (the counts are
 * not reset). With no next BIO, read and write return 0 with {@link BioError.Reason#NO_NEXT_BIO}.
 * Not thread-safe.
 */
public final class EofAtBio extends Bio {

    /** Passed as a limit: never end that direction. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private long readLimit;
    private long writeLimit;
    private long readPassed;
    private long writePassed;

    /**
     * Ends reads after {@code readLimit} bytes, as if {@code BIO_set_mem_eof_return(bio, 0)} were
     * applied to a memory BIO holding exactly that many; writes are unlimited.
     *
     * @param readLimit bytes read before reads return 0 (end of stream), {@code >= 0} or {@link
     *     #UNLIMITED}
     * @throws IllegalArgumentException if {@code readLimit < 0}
     */
    public EofAtBio(long readLimit) {
        this(readLimit, UNLIMITED);
    }

    /**
     * Ends reads after {@code readLimit} bytes and fails writes after {@code writeLimit} bytes
     * (either may be {@link #UNLIMITED}; 0 ends at once). A failed write is what a socket BIO
     * reports for EPIPE: -1 without retry.
     *
     * @param readLimit bytes read before reads return 0 (end of stream), {@code >= 0} or {@link
     *     #UNLIMITED}
     * @param writeLimit bytes written before writes return -1 without retry, {@code >= 0} or {@link
     *     #UNLIMITED}
     * @throws IllegalArgumentException if a limit is negative
     */
    public EofAtBio(long readLimit, long writeLimit) {
        setReadLimit(readLimit);
        setWriteLimit(writeLimit);
    }

    /**
     * Moves the read limit, counted from the first byte ever read through this BIO.
     *
     * @param readLimit the new total, {@code >= 0} or {@link #UNLIMITED}; reads resume if it is
     *     above the count read
     */
    public void setReadLimit(long readLimit) {
        if (readLimit < 0) {
            throw new IllegalArgumentException("readLimit < 0: " + readLimit);
        }
        this.readLimit = readLimit;
    }

    /**
     * Moves the write limit, counted from the first byte ever written through this BIO.
     *
     * @param writeLimit the new total, {@code >= 0} or {@link #UNLIMITED}
     */
    public void setWriteLimit(long writeLimit) {
        if (writeLimit < 0) {
            throw new IllegalArgumentException("writeLimit < 0: " + writeLimit);
        }
        this.writeLimit = writeLimit;
    }

    /**
     * Bytes that may still be read before end of stream (0 once it is reached).
     *
     * @return bytes left to read, {@code >= 0}
     */
    public long remainingRead() {
        return Math.max(0, readLimit - readPassed);
    }

    /**
     * Bytes that may still be written before writes fail.
     *
     * @return bytes left to write, {@code >= 0}
     */
    public long remainingWrite() {
        return Math.max(0, writeLimit - writePassed);
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        long remaining = remainingRead();
        if (remaining == 0) {
            return 0;
        }
        if (next() == null) {
            return noNext();
        }
        int r = next().read(b, off, (int) Math.min(len, remaining));
        copyNextRetry();
        if (r > 0) {
            readPassed += r;
        }
        return r;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        long remaining = remainingWrite();
        if (remaining == 0) {
            setError(
                    BioError.Reason.BROKEN_PIPE,
                    "write limit of " + writeLimit + " bytes reached (EofAtBio)",
                    null);
            return -1;
        }
        if (next() == null) {
            return noNext();
        }
        int r = next().write(b, off, (int) Math.min(len, remaining));
        copyNextRetry();
        if (r > 0) {
            writePassed += r;
        }
        return r;
    }

    @Override
    protected boolean implEof() {
        return remainingRead() == 0 || super.implEof();
    }

    @Override
    protected long implPending() {
        return Math.min(remainingRead(), super.implPending());
    }

    private int noNext() {
        setError(BioError.Reason.NO_NEXT_BIO, "EofAtBio has no next BIO", null);
        return 0;
    }

    @Override
    public String toString() {
        return "EofAtBio[read "
                + readPassed
                + "/"
                + (readLimit == UNLIMITED ? "unlimited" : readLimit)
                + ", written "
                + writePassed
                + "/"
                + (writeLimit == UNLIMITED ? "unlimited" : writeLimit)
                + "]";
    }
}
