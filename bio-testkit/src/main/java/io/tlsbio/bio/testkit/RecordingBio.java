package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import io.tlsbio.bio.BioOperation;
import io.tlsbio.bio.RetryReason;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A transparent filter that records what passes through it: the bytes each read returned (the read
 * transcript), the bytes the next BIO accepted from each write (the written transcript) and, if
 * asked, one {@link Event} per read, write and flush. Used to assert exact flights and that two
 * seeded runs are byte-identical.
 *
 * <p>The analogue of OpenSSL's {@code BIO_f_null} with a {@code BIO_set_callback_ex} tracer (or
 * {@code BIO_s_mem} tee); tlsbio does it as a filter so that it can sit anywhere in a chain.
 * Results, retry flags and errors of the next BIO are passed up unchanged; pending, eof and reset
 * are forwarded (reset does not clear the recording: use {@link #clear()}). With no next BIO, read
 * and write return 0 with {@link BioError.Reason#NO_NEXT_BIO} (and are recorded as such). Recording
 * grows without bound. Not thread-safe.
 */
public final class RecordingBio extends Bio {

    /**
     * One operation as the caller saw it.
     *
     * @param op READ, WRITE or FLUSH
     * @param length bytes asked for (0 for FLUSH)
     * @param result what the operation returned
     * @param retry the retry reason it left ({@link RetryReason#NONE} if none)
     */
    public record Event(BioOperation op, int length, int result, RetryReason retry) {

        /**
         * Checks that {@code op} and {@code retry} are present.
         *
         * @param op READ, WRITE or FLUSH, not {@code null}
         * @param length bytes asked for (0 for FLUSH)
         * @param result what the operation returned
         * @param retry the retry reason it left, not {@code null}
         */
        public Event {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(retry, "retry");
        }

        @Override
        public String toString() {
            return op
                    + "("
                    + length
                    + ")="
                    + result
                    + (retry == RetryReason.NONE ? "" : " retry " + retry);
        }
    }

    private final boolean recordEvents;
    private final ByteArrayOutputStream read = new ByteArrayOutputStream();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final List<Event> events = new ArrayList<>();

    /** Records both transcripts, no events. */
    public RecordingBio() {
        this(false);
    }

    /**
     * Records both transcripts and, if {@code recordEvents}, the event log.
     *
     * @param recordEvents {@code true} to also log every read, write and flush as an {@link Event}
     */
    public RecordingBio(boolean recordEvents) {
        this.recordEvents = recordEvents;
    }

    /**
     * A copy of every byte returned by reads through this BIO, in order: the bytes a {@code
     * BIO_set_callback_ex} post-read callback would have seen.
     *
     * @return a new array with every byte read so far
     */
    public byte[] readTranscript() {
        return read.toByteArray();
    }

    /**
     * A copy of every byte the next BIO accepted from writes through this BIO, in order (a short
     * write contributes only the accepted prefix), as {@code BIO_number_written} counts them.
     *
     * @return a new array with every byte written so far
     */
    public byte[] writtenTranscript() {
        return written.toByteArray();
    }

    /**
     * A copy of the event log, oldest first (empty unless made with {@code recordEvents}): the
     * (operation, length, return, retry) of each call, what a {@code BIO_set_callback_ex} tracer
     * prints.
     *
     * @return the events recorded so far, oldest first
     */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /**
     * Whether this BIO keeps an event log.
     *
     * @return {@code true} if made with {@code recordEvents}
     */
    public boolean recordsEvents() {
        return recordEvents;
    }

    /** Forgets both transcripts and the event log. */
    public void clear() {
        read.reset();
        written.reset();
        events.clear();
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        int r;
        if (next() == null) {
            r = noNext();
        } else {
            r = next().read(b, off, len);
            copyNextRetry();
            if (r > 0) {
                read.write(b, off, r);
            }
        }
        log(BioOperation.READ, len, r);
        return r;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        int r;
        if (next() == null) {
            r = noNext();
        } else {
            r = next().write(b, off, len);
            copyNextRetry();
            if (r > 0) {
                written.write(b, off, r);
            }
        }
        log(BioOperation.WRITE, len, r);
        return r;
    }

    @Override
    protected int implFlush() {
        int r = super.implFlush();
        log(BioOperation.FLUSH, 0, r);
        return r;
    }

    private void log(BioOperation op, int len, int result) {
        if (recordEvents) {
            events.add(new Event(op, len, result, retryReason()));
        }
    }

    private int noNext() {
        setError(BioError.Reason.NO_NEXT_BIO, "RecordingBio has no next BIO", null);
        return 0;
    }

    @Override
    public String toString() {
        return "RecordingBio[read="
                + read.size()
                + ", written="
                + written.size()
                + (recordEvents ? ", events=" + events.size() : "")
                + "]";
    }
}
