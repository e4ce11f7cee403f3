package io.tlsbio.bio;

/**
 * The operation a {@link BioCallback} is told about, as OpenSSL's {@code BIO_CB_*} values. The
 * control operations are the BIO_ctrl commands tlsbio exposes as methods.
 */
public enum BioOperation {
    /** {@code BIO_read} (BIO_CB_READ). */
    READ,
    /** {@code BIO_write} (BIO_CB_WRITE). */
    WRITE,
    /** {@code BIO_flush} (BIO_CTRL_FLUSH). */
    FLUSH,
    /** {@code BIO_ctrl_pending} (BIO_CTRL_PENDING). */
    PENDING,
    /** {@code BIO_ctrl_wpending} (BIO_CTRL_WPENDING). */
    WPENDING,
    /** {@code BIO_eof} (BIO_CTRL_EOF); the result is 1 for true, 0 for false. */
    EOF,
    /** {@code BIO_reset} (BIO_CTRL_RESET). */
    RESET,
    /** {@code BIO_free} (BIO_CB_FREE); a veto keeps the BIO open. */
    FREE
}
