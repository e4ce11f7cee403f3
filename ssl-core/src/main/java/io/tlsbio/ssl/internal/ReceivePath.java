package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.SslShutdown;
import java.io.IOException;

/**
 * The receiving half of an established connection: {@code SSL_read}/{@code SSL_peek} and the wait
 * for the peer's close_notify in {@code SSL_shutdown}, with OpenSSL's results for close_notify,
 * fatal alerts, EOF and data that arrives where only close_notify may.
 */
public final class ReceivePath {

    private final RecordPump pump;
    private final PeekBuffer peeked = new PeekBuffer();

    public ReceivePath(RecordPump pump) {
        this.pump = pump;
    }

    /**
     * Serves decrypted data, reading records until some arrives: {@code SSL_read} ({@code consume})
     * or {@code SSL_peek}. A zero {@code len} returns 0 once a record of data is decrypted.
     *
     * @return bytes served; 0 at close_notify, at a fatal alert from the peer or at EOF; -1 on a
     *     retry or a failure
     */
    public int read(Connection c, byte[] b, int off, int len, boolean consume) {
        Engine engine = c.engine();
        try {
            while (true) {
                if (peeked.available() > 0) {
                    return peeked.take(b, off, len, consume);
                }
                if (engine.getAvailableInputBytes() > 0) {
                    if (consume || len == 0) {
                        return engine.readInput(b, off, len);
                    }
                    peeked.fillFrom(engine);
                    continue;
                }
                if (c.state().receivedCloseNotify()) {
                    return 0;
                }
                RecordPump.Step step = pump.readRecord(engine);
                if (step != RecordPump.Step.DONE) {
                    c.stalled(step);
                    // at EOF SSL_read returns 0 (UNEXPECTED_EOF, or a close_notify when ignored)
                    return step == RecordPump.Step.EOF ? 0 : -1;
                }
                if (engine.takeKeyUpdateRequest() && !engine.closeNotifySent()) {
                    // answered at once, as OpenSSL does (it goes out before the next record is
                    // read)
                    engine.sendKeyUpdate(false);
                }
                noteCloseNotify(c);
            }
        } catch (IOException | RuntimeException e) {
            int r = c.engineFailure(e);
            // OpenSSL's SSL_read answers 0 for the peer's fatal alert
            return c.shutdownFlags().contains(SslShutdown.RECEIVED) ? 0 : r;
        }
    }

    /**
     * Reads until the peer's close_notify arrives: the second step of {@code SSL_shutdown}.
     * Application data instead is fatal and dropped, with no alert after our close_notify.
     *
     * @return 1 once it arrived (or a fatal alert, or an EOF counted as close_notify); -1 otherwise
     */
    public int awaitCloseNotify(Connection c) {
        Engine engine = c.engine();
        try {
            while (c.state() == Lifecycle.SENT_SHUTDOWN && pending(engine) == 0) {
                RecordPump.Step step = pump.readRecord(engine);
                if (step != RecordPump.Step.DONE) {
                    c.stalled(step);
                    return c.state() == Lifecycle.CLOSED ? 1 : -1;
                }
                noteCloseNotify(c);
            }
            if (pending(engine) > 0) {
                peeked.clear();
                engine.discardApplicationData();
                return c.fail(
                        new SslFailure(
                                SslReason.APPLICATION_DATA_AFTER_CLOSE_NOTIFY,
                                SslError.SSL,
                                -1,
                                "application data after close notify",
                                null));
            }
            return 1;
        } catch (IOException | RuntimeException e) {
            int r = c.engineFailure(e);
            // a fatal alert in answer to our close_notify ends the exchange: OpenSSL returns 1
            return c.shutdownFlags().size() == 2 ? 1 : r;
        }
    }

    /** Moves the lifecycle on once the engine has seen the peer's close_notify. */
    public void noteCloseNotify(Connection c) {
        Lifecycle s = c.state();
        if (c.engine().closeNotifyReceived()
                && s != Lifecycle.RECEIVED_SHUTDOWN
                && s != Lifecycle.CLOSED) {
            c.on(Lifecycle.Event.CLOSE_NOTIFY_RECEIVED);
        }
    }

    /** Decrypted bytes readable without I/O: {@code SSL_pending}. */
    public int pending(Engine engine) {
        return peeked.available() + (engine == null ? 0 : engine.getAvailableInputBytes());
    }

    /** Releases the buffers. */
    public void free() {
        peeked.clear();
    }
}
