package io.tlsbio.ssl;

/**
 * What a certificate must be good for: OpenSSL's {@code X509_PURPOSE_*} as {@code verify -purpose}
 * names them.
 */
public enum CertificatePurpose {
    /** No purpose check (OpenSSL's {@code X509_verify_cert} without a purpose set). */
    ANY,
    /**
     * {@code X509_PURPOSE_SSL_CLIENT} ({@code sslclient}): a client's certificate, as a server
     * checks it.
     */
    SSL_CLIENT,
    /**
     * {@code X509_PURPOSE_SSL_SERVER} ({@code sslserver}): a server's certificate, as a client
     * checks it.
     */
    SSL_SERVER
}
