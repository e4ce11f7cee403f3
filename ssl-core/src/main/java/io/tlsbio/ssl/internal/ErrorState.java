package io.tlsbio.ssl.internal;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.SslWant;

/**
 * One connection's error state: the failure of the current call (OpenSSL's error queue, but per
 * connection and cleared at the start of every call), the fatal failure that every later call
 * replays, what the call was waiting for ({@code SSL_want}), and {@code SSL_get_error}'s
 * classification from those and the BIOs' retry flags.
 */
public final class ErrorState {

    private SslFailure callError;
    private SslFailure fatal;
    private SslWant want = SslWant.NOTHING;

    /** Clears the call's failure and wait state: every public call starts here. */
    public void beginCall() {
        callError = null;
        want = SslWant.NOTHING;
    }

    /** Records a failure of this call only; the connection lives on. Returns -1. */
    public int callFail(SslReason reason, SslError error, String message) {
        callError = new SslFailure(reason, error, -1, message, null);
        return -1;
    }

    /**
     * Records a fatal failure; the first one wins and later calls replay it. {@link #want()} is
     * left as the failing call set it (OpenSSL's rwstate after a failed BIO call).
     *
     * @return whether {@code f} is the connection's first fatal failure
     */
    public boolean fail(SslFailure f) {
        boolean first = fatal == null;
        if (first) {
            fatal = f;
        }
        callError = fatal;
        return first;
    }

    /** Adds to the fatal failure's message (what was really written), keeping everything else. */
    public void amendFatal(String note) {
        if (fatal != null) {
            fatal =
                    new SslFailure(
                            fatal.reason(),
                            fatal.error(),
                            fatal.alert(),
                            fatal.message() + note,
                            fatal.cause());
            callError = fatal;
        }
    }

    /** Makes this call report the fatal failure again. */
    public void replay() {
        callError = fatal;
    }

    /** The call waits for {@code w}: the BIO's retry flags decide the WANT_* result. */
    public void want(SslWant w) {
        want = w;
    }

    /** {@code SSL_want}. */
    public SslWant want() {
        return want;
    }

    /** The last call's failure, or null. */
    public SslFailure lastError() {
        return callError;
    }

    /** The fatal failure, or null. */
    public SslFailure fatal() {
        return fatal;
    }

    /**
     * {@code SSL_get_error}, in OpenSSL's order: success; this call's failure; the retry flags of
     * the BIO the call waited on; a received close_notify; else SYSCALL.
     *
     * @param zeroReturn whether the peer's close_notify has arrived (or an EOF counts as one)
     */
    public SslError classify(int ret, Bio rbio, Bio wbio, boolean zeroReturn) {
        if (ret > 0) {
            return SslError.NONE;
        }
        if (callError != null) {
            return callError.error();
        }
        SslError fromBio =
                switch (want) {
                    case READING -> fromRetryFlags(rbio, true);
                    case WRITING -> fromRetryFlags(wbio, false);
                    case NOTHING -> null;
                    case X509_LOOKUP -> SslError.WANT_X509_LOOKUP;
                };
        if (fromBio != null) {
            return fromBio;
        }
        return zeroReturn ? SslError.ZERO_RETURN : SslError.SYSCALL;
    }

    private static SslError fromRetryFlags(Bio bio, boolean readFirst) {
        if (bio == null) {
            return null;
        }
        if (readFirst ? bio.shouldRead() : bio.shouldWrite()) {
            return readFirst ? SslError.WANT_READ : SslError.WANT_WRITE;
        }
        if (readFirst ? bio.shouldWrite() : bio.shouldRead()) {
            return readFirst ? SslError.WANT_WRITE : SslError.WANT_READ;
        }
        if (bio.shouldIoSpecial()) {
            return switch (bio.retryReason()) {
                case CONNECT -> SslError.WANT_CONNECT;
                case ACCEPT -> SslError.WANT_ACCEPT;
                default -> SslError.SYSCALL;
            };
        }
        return null;
    }

    /**
     * The failure for a BIO that failed without asking for a retry. A failure of the transport
     * itself (socket I/O, connect, accept, timeout) is {@code SYSCALL}, as OpenSSL reports errors
     * of its system library; a BIO-level error with a reason (a read-only memory BIO, a closed
     * pair, no next BIO) is {@code SSL}, as OpenSSL reports {@code ERR_LIB_BIO} errors; a BIO that
     * failed with no error at all is {@code SYSCALL}.
     */
    public static SslFailure bioFailure(Bio bio, String op) {
        BioError be = bio.lastError();
        SslError kind =
                be == null
                        ? SslError.SYSCALL
                        : switch (be.reason()) {
                            case IO_ERROR, TIMEOUT, CONNECT_ERROR, ACCEPT_ERROR -> SslError.SYSCALL;
                            default -> SslError.SSL;
                        };
        return new SslFailure(
                SslReason.BIO_ERROR,
                kind,
                -1,
                op + " BIO failed" + (be == null ? "" : ": " + be),
                be == null ? null : be.cause());
    }
}
