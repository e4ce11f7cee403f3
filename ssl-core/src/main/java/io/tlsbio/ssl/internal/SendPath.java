package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslMode;
import io.tlsbio.ssl.SslReason;
import java.io.IOException;
import java.util.Set;

/**
 * The sending half of an established connection: {@code SSL_write} with OpenSSL's retry rules and
 * modes, a scheduled {@code SSL_key_update}, our close_notify, and flushing what is queued.
 */
public final class SendPath {

    private final RecordPump pump;
    private PendingWrite pendingWrite;
    private KeyUpdate keyUpdate = KeyUpdate.NONE;

    public SendPath(RecordPump pump) {
        this.pump = pump;
    }

    /**
     * Writes {@code len > 0} bytes, or continues the write a retry left pending (a longer retry
     * writes the longer length; a shorter one is BAD_LENGTH; another array or offset is
     * BAD_WRITE_RETRY unless ACCEPT_MOVING_WRITE_BUFFER; both fatal, nothing sent).
     *
     * @return the bytes written (all of them, or with ENABLE_PARTIAL_WRITE those of the records
     *     written so far); -1 on a retry or a failure
     */
    public int write(Connection c, byte[] b, int off, int len, Set<SslMode> modes) {
        PendingWrite pw = pendingWrite;
        if (pw == null) {
            pw = new PendingWrite(b, off, len);
        } else {
            PendingWrite.RetryCheck check =
                    pw.retry(b, off, len, modes.contains(SslMode.ACCEPT_MOVING_WRITE_BUFFER));
            if (check == PendingWrite.RetryCheck.BAD_LENGTH) {
                return c.fail(
                        new SslFailure(
                                SslReason.BAD_LENGTH,
                                SslError.SSL,
                                -1,
                                "bad length: retry of "
                                        + len
                                        + " bytes after "
                                        + pw.taken()
                                        + " were taken",
                                null));
            }
            if (check == PendingWrite.RetryCheck.MOVED) {
                return c.fail(
                        new SslFailure(
                                SslReason.BAD_WRITE_RETRY,
                                SslError.SSL,
                                -1,
                                "bad write retry: the retry passed another array or offset",
                                null));
            }
        }
        pendingWrite = pw;
        try {
            sendKeyUpdate(c.engine());
            RecordPump.Step step =
                    pump.write(
                            c.engine(), pw, b, off, modes.contains(SslMode.ENABLE_PARTIAL_WRITE));
            if (step != RecordPump.Step.DONE) {
                return c.stalled(step);
            }
        } catch (IOException | RuntimeException e) {
            return c.engineFailure(e);
        }
        pendingWrite = null;
        return pw.taken();
    }

    /** Whether a write waits for its retry. */
    public boolean writePending() {
        return pendingWrite != null;
    }

    /** Schedules a KeyUpdate for the next write or handshake call. */
    public void scheduleKeyUpdate(boolean requestPeerUpdate) {
        keyUpdate = requestPeerUpdate ? KeyUpdate.REQUESTED : KeyUpdate.NOT_REQUESTED;
    }

    /** Whether nothing is scheduled, queued or owed a flush. */
    public boolean idle(Engine engine) {
        return keyUpdate == KeyUpdate.NONE && pump.idle(engine);
    }

    /** Sends a scheduled KeyUpdate and everything queued: 1 when all is out, else -1. */
    public int flush(Connection c) {
        try {
            sendKeyUpdate(c.engine());
            RecordPump.Step step = pump.flushAll(c.engine());
            return step == RecordPump.Step.DONE ? 1 : c.stalled(step);
        } catch (IOException | RuntimeException e) {
            return c.engineFailure(e);
        }
    }

    /**
     * Queues our close_notify unless it is already (moving the lifecycle on), then sends everything
     * queued: the first step of {@code SSL_shutdown}. 1 when all is out, else -1.
     */
    public int closeNotify(Connection c) {
        Lifecycle s = c.state();
        if (s == Lifecycle.ESTABLISHED || s == Lifecycle.RECEIVED_SHUTDOWN) {
            try {
                c.engine().sendCloseNotify();
            } catch (IOException | RuntimeException e) {
                return c.engineFailure(e);
            }
            c.on(Lifecycle.Event.CLOSE_NOTIFY_SENT);
        }
        return flush(c);
    }

    private void sendKeyUpdate(Engine engine) throws IOException {
        if (keyUpdate != KeyUpdate.NONE && !engine.closeNotifySent()) {
            engine.sendKeyUpdate(keyUpdate == KeyUpdate.REQUESTED);
        }
        keyUpdate = KeyUpdate.NONE;
    }

    /** Forgets the pending write. */
    public void free() {
        pendingWrite = null;
    }
}
