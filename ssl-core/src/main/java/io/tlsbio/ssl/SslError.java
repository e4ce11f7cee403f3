package io.tlsbio.ssl;

/**
 * What {@link Ssl#getError(int)} reports about a call's result: OpenSSL's {@code SSL_ERROR_*}
 * values, with the same numbers ({@link #code()}).
 */
public enum SslError {
    /** SSL_ERROR_NONE: the call succeeded. */
    NONE(0),
    /**
     * SSL_ERROR_SSL: a protocol failure; {@link Ssl#lastError()} says which. The connection is
     * dead.
     */
    SSL(1),
    /** SSL_ERROR_WANT_READ: call again once the read BIO is readable. */
    WANT_READ(2),
    /** SSL_ERROR_WANT_WRITE: call again once the write BIO is writable. */
    WANT_WRITE(3),
    /** SSL_ERROR_WANT_X509_LOOKUP: a certificate callback asked to be called again. */
    WANT_X509_LOOKUP(4),
    /**
     * SSL_ERROR_SYSCALL: the transport failed or hit EOF without a close_notify. The connection is
     * dead.
     */
    SYSCALL(5),
    /** SSL_ERROR_ZERO_RETURN: the peer sent close_notify. */
    ZERO_RETURN(6),
    /** SSL_ERROR_WANT_CONNECT: a non-blocking connect BIO is still connecting. */
    WANT_CONNECT(7),
    /** SSL_ERROR_WANT_ACCEPT: a non-blocking accept BIO has nobody to accept yet. */
    WANT_ACCEPT(8);

    private final int code;

    SslError(int code) {
        this.code = code;
    }

    /**
     * OpenSSL's numeric value of this error ({@code SSL_ERROR_WANT_READ} is 2, ...).
     *
     * @return the {@code SSL_ERROR_*} constant's value
     */
    public int code() {
        return code;
    }
}
