package io.tlsbio.ssl;

/**
 * The certificate callback: {@code SSL_CTX_set_cert_cb}. Called when a certificate is about to be
 * chosen — on a server after each ClientHello (and after the {@link ServerNameCallback}), on a
 * client when the server asked for a certificate — so the application can set one for this
 * connection with {@link Ssl#useCertificate}, or ask to be called again later.
 */
@FunctionalInterface
public interface CertCallback {

    /** The callback's answer: OpenSSL's return values 1, 0 and -1. */
    enum Result {
        /** 1: go on with the certificates the connection has now. */
        OK,
        /** 0: fail the handshake (internal_error alert, as OpenSSL's SSL_R_CERT_CB_ERROR). */
        FAIL,
        /**
         * -1: not ready yet. The handshake call returns -1 with {@link SslError#WANT_X509_LOOKUP};
         * calling it again calls this callback again.
         */
        RETRY
    }

    /**
     * Chooses or loads the connection's certificate; runs on the handshake's thread.
     *
     * @param ssl the connection about to choose its certificate
     * @return {@link Result#OK} (1), {@link Result#FAIL} (0) or {@link Result#RETRY} (-1)
     */
    Result onCertificate(Ssl ssl);
}
