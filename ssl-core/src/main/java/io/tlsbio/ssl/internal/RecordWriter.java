package io.tlsbio.ssl.internal;

import io.tlsbio.bio.Bio;

/**
 * Moves encrypted records from an {@link OutputQueue} into the write BIO and flushes it at the end
 * of a flight. Only what the BIO accepted leaves the queue, so a {@code WANT_WRITE} retry resumes
 * exactly where the BIO stopped (OpenSSL's {@code ssl3_write_pending}); a {@code BIO_flush} that
 * asks for a retry is a write retry too (docs/ssl-lifecycle.md, "flush policy").
 */
public final class RecordWriter {

    /** The outcome of a drain or a flush. */
    public enum Result {
        /** Everything was written (and flushed, where asked). */
        DONE,
        /** The BIO asked for a retry: {@code WANT_WRITE} (or its IO_SPECIAL variants). */
        RETRY,
        /** The BIO failed without a retry; its {@code lastError()} says why. */
        FAILED
    }

    /** Plaintext bytes per record (the TLS maximum); one staging buffer holds one record. */
    static final int STAGING_SIZE = 16384 + 5 + 256;

    /**
     * Staging on the way from the queue to the BIO. It holds nothing between calls (what the BIO
     * refuses stays queued), so one per thread serves every connection and an idle connection keeps
     * no 16 KiB buffer. Borrowed and returned, so a BIO callback that drives another connection on
     * this thread gets its own.
     */
    private static final ThreadLocal<byte[]> STAGING = new ThreadLocal<>();

    /** Whether bytes went into the BIO since its last successful flush. */
    private boolean unflushed;

    /** Writes the whole queue into {@code wbio}, stopping at the first refusal. */
    public Result drain(OutputQueue queue, Bio wbio) {
        if (queue.outputAvailable() == 0) {
            return Result.DONE;
        }
        byte[] out = STAGING.get();
        STAGING.set(null);
        if (out == null) {
            out = new byte[STAGING_SIZE];
        }
        try {
            while (queue.outputAvailable() > 0) {
                int n = queue.peekOutput(out, 0, out.length);
                int w = wbio.write(out, 0, n);
                if (w <= 0) {
                    return wbio.shouldRetry() ? Result.RETRY : Result.FAILED;
                }
                queue.removeOutput(w);
                unflushed = true;
            }
            return Result.DONE;
        } finally {
            STAGING.set(out);
        }
    }

    /** {@code BIO_flush} if anything was written since the last flush. */
    public Result flush(Bio wbio) {
        if (!unflushed) {
            return Result.DONE;
        }
        if (wbio.flush() > 0) {
            unflushed = false;
            return Result.DONE;
        }
        return wbio.shouldRetry() ? Result.RETRY : Result.FAILED;
    }

    /** {@link #drain} then {@link #flush}: the end of a flight. */
    public Result drainAndFlush(OutputQueue queue, Bio wbio) {
        Result r = drain(queue, wbio);
        return r == Result.DONE ? flush(wbio) : r;
    }

    /** Whether a flush is owed: bytes were written and not flushed yet. */
    public boolean flushPending() {
        return unflushed;
    }

    /** Whether nothing is queued and nothing is owed a flush. */
    public boolean idle(OutputQueue queue) {
        return !unflushed && queue.outputAvailable() == 0;
    }
}
