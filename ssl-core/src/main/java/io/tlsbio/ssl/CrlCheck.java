package io.tlsbio.ssl;

/** Revocation checking against the context's CRLs: OpenSSL's {@code X509_V_FLAG_CRL_CHECK*}. */
public enum CrlCheck {
    /** No revocation check (OpenSSL's default). */
    NONE,
    /** {@code X509_V_FLAG_CRL_CHECK} ({@code -crl_check}): the peer's certificate only. */
    LEAF,
    /** {@code X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL} ({@code -crl_check_all}): every certificate but the trust anchor. */
    ALL
}
