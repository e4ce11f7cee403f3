package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.InternalBugException;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells bugs from protocol failures and makes them visible. A peer's bytes end in a fatal alert (a
 * bctls {@link TlsFatalAlert}, one of ours, or the peer's own); anything else that escapes the
 * engine — a runtime exception thrown in tlsbio's, bctls's or a callback's code, which bctls turns
 * into internal_error — is a bug: logged at WARN with its stack trace, counted, and in strict mode
 * rethrown (docs/hostile-input.md, "Bugs are not protocol failures"). One per context.
 */
public final class InternalBugs {

    private static final Logger log = LoggerFactory.getLogger(InternalBugs.class);

    private final boolean strict;
    private final AtomicLong count = new AtomicLong();

    public InternalBugs(boolean strict) {
        this.strict = strict;
    }

    /** The bug behind {@code e}, or null when {@code e} is a protocol failure. */
    static Throwable bugIn(Exception e) {
        if (e instanceof TlsFatalAlertReceived || e instanceof RecordGuard.Refused) {
            return null;
        }
        if (e instanceof TlsFatalAlert a) {
            // bctls wraps what it did not expect in internal_error with the exception as cause
            return a.getAlertDescription() == AlertDescription.internal_error
                            && a.getCause() instanceof RuntimeException r
                    ? r
                    : null;
        }
        return e;
    }

    /**
     * Records {@code e} if it is a bug: logs and counts it, and in strict mode returns the
     * exception the call must throw (after the connection has failed); null otherwise.
     */
    InternalBugException report(Object connection, Exception e) {
        Throwable bug = bugIn(e);
        if (bug == null) {
            return null;
        }
        count.incrementAndGet();
        log.warn("{}: internal error, not caused by the peer: {}", connection, bug.toString(), bug);
        return strict
                ? new InternalBugException("internal error in " + connection + ": " + bug, bug)
                : null;
    }

    /** How many bugs connections of this context met. */
    public long count() {
        return count.get();
    }

    /** Whether bugs are rethrown. */
    public boolean strict() {
        return strict;
    }
}
