package io.tlsbio.ssl;

/**
 * The server's servername callback: {@code SSL_CTX_set_tlsext_servername_callback}. Called on each
 * ClientHello, before the server picks its certificate, whether or not the client sent SNI; {@link
 * Ssl#serverName()} gives the name it sent (or null), and the callback may move the connection to
 * another context with {@link Ssl#setSslContext(SslContext)} — one server, several names, each with
 * its own certificate.
 */
@FunctionalInterface
public interface ServerNameCallback {

    /** The callback's answer: OpenSSL's {@code SSL_TLSEXT_ERR_*}. */
    enum Result {
        /**
         * {@code SSL_TLSEXT_ERR_OK}: the name is accepted; the server acknowledges it (an empty
         * server_name extension).
         */
        OK,
        /**
         * {@code SSL_TLSEXT_ERR_NOACK}: go on without acknowledging the name (also what happens
         * without a callback).
         */
        NOACK,
        /**
         * {@code SSL_TLSEXT_ERR_ALERT_WARNING}: a warning unrecognized_name alert (TLS 1.2 only;
         * TLS 1.3 has no warnings), then go on.
         */
        ALERT_WARNING,
        /**
         * {@code SSL_TLSEXT_ERR_ALERT_FATAL}: fail the handshake with a fatal unrecognized_name
         * alert.
         */
        ALERT_FATAL
    }

    /**
     * Decides on the client's server name ({@link Ssl#serverName()}); runs on the handshake's
     * thread.
     *
     * @param ssl the server connection whose ClientHello is being processed
     * @return an {@code SSL_TLSEXT_ERR_*} answer: {@link Result#OK}, {@link Result#NOACK}, {@link
     *     Result#ALERT_WARNING} or {@link Result#ALERT_FATAL}
     */
    Result onServerName(Ssl ssl);
}
