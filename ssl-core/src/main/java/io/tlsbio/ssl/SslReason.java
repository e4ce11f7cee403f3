package io.tlsbio.ssl;

/**
 * Why an {@link Ssl} call failed: the reason in {@link SslFailure}, named after OpenSSL's {@code
 * SSL_R_*} reasons where one exists.
 */
public enum SslReason {
    /** doHandshake before setConnectState/setAcceptState (SSL_R_CONNECTION_TYPE_NOT_SET). */
    CONNECTION_TYPE_NOT_SET,
    /** read/write/shutdown before a role was set (SSL_R_UNINITIALIZED). */
    UNINITIALIZED,
    /** No read BIO was set (SSL_R_READ_BIO_NOT_SET). */
    READ_BIO_NOT_SET,
    /** No write BIO was set. */
    WRITE_BIO_NOT_SET,
    /** The transport ended without a close_notify (SSL_R_UNEXPECTED_EOF_WHILE_READING). */
    UNEXPECTED_EOF,
    /** The peer sent a fatal alert; see {@link SslFailure#alert()}. */
    ALERT_RECEIVED,
    /** We found a protocol error and sent a fatal alert; see {@link SslFailure#alert()}. */
    ALERT_SENT,
    /**
     * The peer's certificate chain, dates or name did not verify (SSL_R_CERTIFICATE_VERIFY_FAILED).
     */
    CERTIFICATE_VERIFY_FAILED,
    /** The peer requires a certificate we do not have, or we require one the peer did not send. */
    PEER_DID_NOT_RETURN_A_CERTIFICATE,
    /**
     * The peer's first bytes are an HTTP request, not TLS (SSL_R_HTTP_REQUEST); nothing is sent.
     */
    HTTP_REQUEST,
    /**
     * The peer's first bytes are an HTTP CONNECT request (SSL_R_HTTPS_PROXY_REQUEST); nothing is
     * sent.
     */
    HTTPS_PROXY_REQUEST,
    /**
     * The peer's first record is not TLS: its major version is not 3 (SSL_R_WRONG_VERSION_NUMBER);
     * nothing is sent.
     */
    WRONG_VERSION_NUMBER,
    /**
     * A record header announced a length beyond the limit (SSL_R_PACKET_LENGTH_TOO_LONG /
     * record_overflow).
     */
    RECORD_TOO_LARGE,
    /** The read or write BIO failed without asking for a retry; see {@link SslFailure#cause()}. */
    BIO_ERROR,
    /** shutdown before the handshake finished (SSL_R_SHUTDOWN_WHILE_IN_INIT). */
    SHUTDOWN_WHILE_IN_INIT,
    /** write after our close_notify, or after the peer's (SSL_R_PROTOCOL_IS_SHUTDOWN). */
    PROTOCOL_IS_SHUTDOWN,
    /**
     * Application data arrived while shutdown waited for close_notify
     * (SSL_R_APPLICATION_DATA_AFTER_CLOSE_NOTIFY).
     */
    APPLICATION_DATA_AFTER_CLOSE_NOTIFY,
    /**
     * A write was retried from another array or offset without {@link
     * SslMode#ACCEPT_MOVING_WRITE_BUFFER}, or a key update was asked for while a write waits for
     * its retry (SSL_R_BAD_WRITE_RETRY).
     */
    BAD_WRITE_RETRY,
    /**
     * A write was retried with fewer bytes than the record layer already took (SSL_R_BAD_LENGTH).
     */
    BAD_LENGTH,
    /**
     * accept on a client-only or connect on a server-only object
     * (ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED).
     */
    SHOULD_NOT_HAVE_BEEN_CALLED,
    /** A failure inside the TLS engine not covered above. */
    INTERNAL_ERROR
}
