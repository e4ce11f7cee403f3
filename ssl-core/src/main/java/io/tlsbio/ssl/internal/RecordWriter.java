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

    /**
     * Most bytes one {@code BIO_write} is offered: one whole record of the TLS maximum (plaintext,
     * header and expansion); a longer queue goes out in several writes, as OpenSSL writes record by
     * record.
     */
    static final int MAX_WRITE = 16384 + 5 + 256;

    /** Whether bytes went into the BIO since its last successful flush. */
    private boolean unflushed;

    /**
     * Writes the whole queue into {@code wbio}, stopping at the first refusal. The bytes go from
     * the queue into the BIO in place: nothing is staged, and nothing is held here between calls.
     */
    public Result drain(OutputQueue queue, Bio wbio) {
        while (queue.outputAvailable() > 0) {
            int w = queue.writeOutput(wbio, MAX_WRITE);
            if (w <= 0) {
                return wbio.shouldRetry() ? Result.RETRY : Result.FAILED;
            }
            unflushed = true;
        }
        return Result.DONE;
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
