package io.tlsbio.bio;

/**
 * Why a BIO asked for a retry: OpenSSL's retry type plus {@code BIO_get_retry_reason}.
 *
 * <p>{@link #READ} and {@link #WRITE} mirror {@code BIO_should_read}/{@code BIO_should_write};
 * {@link #CONNECT} and {@link #ACCEPT} are the io-special reasons {@code BIO_RR_CONNECT} and
 * {@code BIO_RR_ACCEPT} that SSL_get_error turns into WANT_CONNECT / WANT_ACCEPT.
 */
public enum RetryReason {
    /** No retry is pending. */
    NONE,
    /** Retry the call when the BIO is readable (BIO_should_read). */
    READ,
    /** Retry the call when the BIO is writable (BIO_should_write). */
    WRITE,
    /** io-special: a non-blocking connect is in progress (BIO_RR_CONNECT). */
    CONNECT,
    /** io-special: a non-blocking accept has nobody to accept yet (BIO_RR_ACCEPT). */
    ACCEPT
}
