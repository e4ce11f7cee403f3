package io.tlsbio.ssl.internal;

import io.tlsbio.bio.Bio;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslWant;
import java.io.IOException;

/**
 * The I/O loops between the TLS engine and the BIOs: drive the handshake, read records until data
 * or close_notify arrives, write one record at a time, flush. Each loop ends in a {@link Step};
 * waits go to the {@link ErrorState} (for {@code SSL_get_error}), and BIO failures come back as
 * {@link #failure()} for the caller's lifecycle to record. Engine exceptions pass through.
 */
public final class RecordPump {

    /** How a loop ended. */
    public enum Step {
        /** Its goal was reached. */
        DONE,
        /** A BIO asked for a retry; the wait is recorded in the error state. */
        RETRY,
        /** A BIO failed; see {@link #failure()}. */
        FAILED,
        /** The read BIO reported EOF. */
        EOF
    }

    /** Plaintext bytes per record we encrypt (the TLS maximum). */
    static final int MAX_FRAGMENT = 16384;

    /** Queued output above which reading stops: two whole records (ours pending, and one more). */
    static final int MAX_QUEUED_WHILE_READING = 2 * RecordWriter.MAX_WRITE;

    private final RecordReader reader;
    private final RecordWriter writer = new RecordWriter();
    private final ErrorState errors;
    private Bio rbio;
    private Bio wbio;
    private SslFailure failure;

    public RecordPump(boolean readAhead, ErrorState errors) {
        this.reader = new RecordReader(readAhead);
        this.errors = errors;
    }

    /** The BIOs of the next calls: {@code SSL_set_bio}. */
    public void setBio(Bio rbio, Bio wbio) {
        this.rbio = rbio;
        this.wbio = wbio;
    }

    /** The BIO failure of the last FAILED step. */
    public SslFailure failure() {
        return failure;
    }

    /**
     * Runs the handshake until bctls has finished and our last flight is flushed (DONE), or a BIO
     * stops it. While a write is blocked only bytes already available are read, so two peers on
     * tiny buffers never wait on each other's writes.
     */
    public Step handshake(Engine engine, HandshakeTracker tracker) throws IOException {
        boolean askAgain = engine.x509LookupPending();
        while (true) {
            RecordWriter.Result w = writer.drain(engine, wbio);
            boolean blocked = w != RecordWriter.Result.DONE;
            if (blocked && (written(w, wbio, "write") == Step.FAILED || wbio.shouldIoSpecial())) {
                // failed, or a connect/accept BIO is still connecting: WANT_CONNECT/ACCEPT
                return failure != null ? Step.FAILED : Step.RETRY;
            }
            if (tracker.finished()) {
                return blocked ? Step.RETRY : written(writer.flush(wbio), wbio, "flush");
            }
            if (engine.x509LookupPending()) {
                // the callback is asked once per call, as OpenSSL asks it once per SSL_do_handshake
                if (askAgain) {
                    askAgain = false;
                    engine.retryX509Lookup();
                }
                if (engine.x509LookupPending()) {
                    // nothing is read while a message is held (its bytes live in the read buffers)
                    errors.want(SslWant.X509_LOOKUP);
                    return Step.RETRY;
                }
                continue;
            }
            RecordReader.Result r = reader.read(rbio, engine, blocked, writer, wbio);
            if (r == RecordReader.Result.NEED_MORE) {
                // retry the blocked write: it goes through now, or its retry flags are set afresh
                Step s = written(writer.drain(engine, wbio), wbio, "write");
                if (s != Step.DONE) {
                    return s;
                }
            } else if (r != RecordReader.Result.RECORD) {
                return stalled(r);
            }
        }
    }

    /**
     * Reads one record after queued output had its chance to leave: DONE when a record was
     * processed. A blocked write does not stop a read while what waits is no more than our own
     * pending record (two peers writing at once must still be able to read), but once more than
     * {@link #MAX_QUEUED_WHILE_READING} bytes wait, it is output the peer's records made (alerts,
     * KeyUpdate answers) and the peer is not reading: like OpenSSL, stop reading and report the
     * write as the thing to wait for, so a peer that never reads cannot grow the queue.
     */
    public Step readRecord(Engine engine) throws IOException {
        RecordWriter.Result w = writer.drain(engine, wbio);
        if (w == RecordWriter.Result.FAILED
                || (w == RecordWriter.Result.RETRY
                        && engine.outputAvailable() > MAX_QUEUED_WHILE_READING)) {
            return written(w, wbio, "write");
        }
        RecordReader.Result r = reader.read(rbio, engine, false, writer, wbio);
        return r == RecordReader.Result.RECORD ? Step.DONE : stalled(r);
    }

    /**
     * Hands {@code pw}'s bytes to the engine one record at a time, each written out before the next
     * is made, then flushes. With {@code partial} it stops after the first whole record.
     */
    public Step write(Engine engine, PendingWrite pw, byte[] b, int off, boolean partial)
            throws IOException {
        // as OpenSSL's ssl3_write_bytes: finishing a record left from a blocked call does not end a
        // partial write, only a record made and written out in this call does
        boolean madeOne = false;
        while (true) {
            Step s = written(writer.drain(engine, wbio), wbio, "write");
            if (s != Step.DONE) {
                return s;
            }
            if (pw.remaining() == 0 || (partial && madeOne)) {
                return written(writer.flush(wbio), wbio, "flush");
            }
            int chunk = Math.min(MAX_FRAGMENT, pw.remaining());
            engine.writeApplicationData(b, off + pw.taken(), chunk);
            pw.took(chunk);
            madeOne = true;
        }
    }

    /** Writes and flushes everything queued. */
    public Step flushAll(OutputQueue queue) {
        return written(writer.drainAndFlush(queue, wbio), wbio, "write");
    }

    /**
     * Pushes a queued fatal alert out, ignoring retries and failures: the connection is dead
     * anyway.
     *
     * @return whether everything queued reached the write BIO
     */
    public boolean sendAlertBestEffort(OutputQueue queue) {
        if (wbio == null) {
            return false;
        }
        try {
            return writer.drainAndFlush(queue, wbio) == RecordWriter.Result.DONE;
        } catch (RuntimeException e) {
            // best effort only
            return false;
        }
    }

    /** Whether nothing is queued and no flush is owed. */
    public boolean idle(OutputQueue queue) {
        return writer.idle(queue);
    }

    /** Bytes read from the BIO and not yet offered as a record. */
    public int buffered() {
        return reader.buffered();
    }

    /**
     * Once the handshake is over: gives the read buffer back if it is empty, and lets the engine's
     * empty output queue drop the array its largest flight grew (docs/ssl-lifecycle.md, "Buffers").
     */
    public void shrink(OutputQueue queue) {
        reader.shrink();
        queue.releaseOutput();
    }

    /** Releases the buffers: {@code SSL_free}. */
    public void free() {
        reader.free();
    }

    private Step written(RecordWriter.Result r, Bio bio, String op) {
        switch (r) {
            case DONE:
                return Step.DONE;
            case RETRY:
                errors.want(SslWant.WRITING);
                return Step.RETRY;
            default:
                // OpenSSL leaves SSL_want at SSL_WRITING after a failed BIO_write
                errors.want(SslWant.WRITING);
                failure = ErrorState.bioFailure(bio, op);
                return Step.FAILED;
        }
    }

    private Step stalled(RecordReader.Result r) {
        switch (r) {
            case WANT_READ:
                errors.want(SslWant.READING);
                return Step.RETRY;
            case WANT_WRITE:
                errors.want(SslWant.WRITING);
                return Step.RETRY;
            case READ_FAILED:
                errors.want(SslWant.READING);
                failure = ErrorState.bioFailure(rbio, "read");
                return Step.FAILED;
            case FLUSH_FAILED:
                errors.want(SslWant.WRITING);
                failure = ErrorState.bioFailure(wbio, "flush");
                return Step.FAILED;
            case EOF:
                return Step.EOF;
            default:
                throw new IllegalStateException("not a stall: " + r);
        }
    }
}
