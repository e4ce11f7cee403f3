package io.tlsbio.bio;

/**
 * Why a BIO asked for a retry: OpenSSL's retry type plus {@code BIO_get_retry_reason}.
 *
 * <p>{@link #READ} and {@link #WRITE} mirror {@code BIO_should_read}/{@code BIO_should_write};
 * {@link #CONNECT} and {@link #ACCEPT} are the io-special reasons {@code BIO_RR_CONNECT} and {@code
 * BIO_RR_ACCEPT} that SSL_get_error turns into WANT_CONNECT / WANT_ACCEPT; {@link #SSL_X509_LOOKUP}
 * is what an SSL BIO reports for SSL_ERROR_WANT_X509_LOOKUP.
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
    ACCEPT,
    /**
     * io-special: an SSL BIO's certificate callback asked to be called again
     * (BIO_RR_SSL_X509_LOOKUP); no socket event ends that wait.
     */
    SSL_X509_LOOKUP
}
