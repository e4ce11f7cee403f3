package io.tlsbio.ssl;

/**
 * Write-path modes: OpenSSL's {@code SSL_MODE_*} bits that change how {@link Ssl#write} behaves.
 * Set per context ({@link SslContext.Builder#mode}, {@code SSL_CTX_set_mode}) or per connection
 * ({@link Ssl#setMode}, {@code SSL_set_mode}).
 */
public enum SslMode {
    /**
     * {@code SSL_MODE_ENABLE_PARTIAL_WRITE}: {@code write} returns as soon as one record has been
     * written (e.g. 16384, 16384, 7232 for a 40,000-byte write) instead of only when all of it has.
     */
    ENABLE_PARTIAL_WRITE,
    /**
     * {@code SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER}: a write retried after {@code WANT_WRITE} may
     * pass the same bytes in another array or at another offset. Without it that is {@link
     * SslReason#BAD_WRITE_RETRY}.
     */
    ACCEPT_MOVING_WRITE_BUFFER
}
