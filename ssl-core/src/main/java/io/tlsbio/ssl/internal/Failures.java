package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.InternalBugException;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.SslWant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a connection ends badly, in OpenSSL's terms: a fatal failure (recorded once, the connection
 * FAILED), a loop stopped by a BIO (a retry, a BIO error, EOF — or, when told to ignore an
 * unexpected EOF, a close_notify), and whatever the engine threw (the peer's close_notify during
 * the handshake, a fatal alert received or sent). Each returns the value the call returns.
 */
public final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Ssl.class);

    private final ErrorState errors;
    private final HandshakeTracker tracker;
    private final RecordPump pump;
    private final boolean ignoreUnexpectedEof;
    private final InternalBugs bugs;

    public Failures(
            ErrorState errors,
            HandshakeTracker tracker,
            RecordPump pump,
            boolean ignoreUnexpectedEof,
            InternalBugs bugs) {
        this.errors = errors;
        this.tracker = tracker;
        this.pump = pump;
        this.ignoreUnexpectedEof = ignoreUnexpectedEof;
        this.bugs = bugs;
    }

    /** Enters FAILED with {@code f} (once; the first failure wins). Returns -1. */
    public int fail(Connection c, SslFailure f) {
        boolean peerAlert = f.reason() == SslReason.ALERT_RECEIVED;
        if (errors.fail(f)) {
            c.failed(Lifecycle.shutdownFlagsAfter(c.shutdownFlags(), peerAlert));
            tracker.state("error", "error");
            log.debug("{} failed: {}", c, f);
        }
        return -1;
    }

    /**
     * A loop that stopped short: a retry (its wait is already recorded), a BIO failure or EOF.
     * Returns -1.
     */
    public int stalled(Connection c, RecordPump.Step step) {
        if (step == RecordPump.Step.FAILED) {
            fail(c, pump.failure());
        } else if (step == RecordPump.Step.EOF) {
            Lifecycle s = c.state();
            if (ignoreUnexpectedEof
                    && (s == Lifecycle.ESTABLISHED || s == Lifecycle.SENT_SHUTDOWN)) {
                c.on(Lifecycle.Event.CLOSE_NOTIFY_RECEIVED);
            } else {
                fail(
                        c,
                        new SslFailure(
                                SslReason.UNEXPECTED_EOF,
                                ignoreUnexpectedEof ? SslError.ZERO_RETURN : SslError.SYSCALL,
                                -1,
                                "unexpected eof while reading",
                                null));
            }
        }
        return -1;
    }

    /**
     * Turns what the engine threw into the call's return value, sending a queued alert if it can.
     */
    @SuppressWarnings(
            "ReferenceEquality") // whether the failure recorded is this very one, not an earlier
    // one
    public int engineFailure(Connection c, Exception e) {
        // a fatal alert read during the handshake leaves OpenSSL's SSL_want at SSL_READING (the
        // libssl oracle's client_cert_cb_none scenario shows it); any other failure at SSL_NOTHING
        errors.want(
                e instanceof org.bouncycastle.tls.TlsFatalAlertReceived
                                && c.state() == Lifecycle.HANDSHAKING
                        ? SslWant.READING
                        : SslWant.NOTHING);
        Engine engine = c.engine();
        if (engine != null && engine.closeNotifyReceived() && c.state() == Lifecycle.HANDSHAKING) {
            c.on(Lifecycle.Event.PEER_CLOSED_IN_INIT);
            tracker.state("error", "peer closed during handshake");
            log.debug("{} close_notify during handshake", c);
            return 0;
        }
        SslFailure f = EngineFailures.of(e, tracker);
        int r = fail(c, f);
        boolean sent = engine != null && pump.sendAlertBestEffort(engine);
        if (!sent
                && errors.fatal() == f
                && f.alert() >= 0
                && f.reason() != SslReason.ALERT_RECEIVED) {
            // say what was really written: the alert is still queued, or there is no write BIO
            errors.amendFatal(" (the alert could not be written)");
        }
        InternalBugException bug = bugs.report(c, e);
        if (bug != null) {
            throw bug;
        }
        return r;
    }
}
