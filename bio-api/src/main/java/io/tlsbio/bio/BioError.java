package io.tlsbio.bio;

import java.util.Objects;

/**
 * Why the last operation of a {@link Bio} failed without a retry: the analogue of the error that
 * OpenSSL's BIO functions push on the error queue, kept per BIO instead of per thread.
 *
 * @param reason what went wrong
 * @param message a human-readable line
 * @param cause the underlying exception (an {@code IOException} from a socket), or {@code null}
 */
public record BioError(Reason reason, String message, Throwable cause) {

    /** The failure classes a BIO reports; names follow OpenSSL's {@code BIO_R_*} reasons. */
    public enum Reason {
        /**
         * The BIO is not (or no longer) connected to anything: an unpaired pair end
         * (BIO_R_UNINITIALIZED).
         */
        UNINITIALIZED,
        /** Write to a read-only memory BIO (BIO_R_WRITE_TO_READ_ONLY_BIO). */
        WRITE_TO_READ_ONLY_BIO,
        /** Write after this end shut its write side (BIO_R_BROKEN_PIPE). */
        BROKEN_PIPE,
        /** A filter has no next BIO to pass data to. */
        NO_NEXT_BIO,
        /** The operation is not supported by this BIO type (BIO_R_UNSUPPORTED_METHOD). */
        UNSUPPORTED_METHOD,
        /** A blocking read ran past its timeout. */
        TIMEOUT,
        /** A connect failed (BIO_R_CONNECT_ERROR / BIO_R_NBIO_CONNECT_ERROR). */
        CONNECT_ERROR,
        /** Binding, listening or accepting failed (BIO_R_ACCEPT_ERROR). */
        ACCEPT_ERROR,
        /** A host:port string did not resolve or parse (BIO_R_LOOKUP_RETURNED_NOTHING). */
        LOOKUP_FAILED,
        /**
         * Any other I/O failure of the transport: reset, broken pipe, closed channel (ERR_LIB_SYS).
         */
        IO_ERROR
    }

    /**
     * Checks that {@code reason} and {@code message} are present ({@code cause} may be null).
     *
     * @param reason what went wrong, not {@code null}
     * @param message a human-readable line, not {@code null}
     * @param cause the underlying exception, or {@code null}
     */
    public BioError {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return reason + ": " + message + (cause == null ? "" : " (" + cause + ")");
    }
}
