package io.tlsbio.ssl;

/** Revocation checking against the context's CRLs: OpenSSL's {@code X509_V_FLAG_CRL_CHECK*}. */
public enum CrlCheck {
    /** No revocation check (OpenSSL's default). */
    NONE,
    /** {@code X509_V_FLAG_CRL_CHECK} ({@code -crl_check}): the peer's certificate only. */
    LEAF,
    /**
     * {@code X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL} ({@code -crl_check_all}): every
     * certificate of the chain, the self-signed root included (OpenSSL 3.0 wants a CRL from the
     * root for the root itself: error 3 without one).
     */
    ALL
}
