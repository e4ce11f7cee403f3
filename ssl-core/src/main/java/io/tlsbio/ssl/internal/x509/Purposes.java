package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.CertificatePurpose;

/**
 * OpenSSL 3.0's {@code v3_purp.c}: whether a certificate may act as a CA ({@code X509_check_ca})
 * and whether it suits a purpose ({@code X509_check_purpose} with {@code check_purpose_ssl_server}
 * / {@code check_purpose_ssl_client}).
 */
final class Purposes {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String NS_SGC = "2.16.840.1.113730.4.1";
    private static final String MS_SGC = "1.3.6.1.4.1.311.10.3.3";

    /** {@code KU_TLS}: what a TLS server's key may be used for. */
    private static final int KU_TLS =
            CertInfo.KU_DIGITAL_SIGNATURE
                    | CertInfo.KU_KEY_ENCIPHERMENT
                    | CertInfo.KU_KEY_AGREEMENT;

    private Purposes() {}

    /**
     * {@code X509_check_ca}: 0 not a CA, 1 a CA by basicConstraints, 3 a self-signed version 1
     * certificate, 4 no basicConstraints but keyUsage with keyCertSign, 5 a Netscape CA type.
     */
    static int checkCa(CertInfo x) {
        if (x.invalid() || x.keyUsageRejects(CertInfo.KU_KEY_CERT_SIGN)) {
            return 0;
        }
        if (x.hasBasicConstraints()) {
            return x.ca() ? 1 : 0;
        }
        if (x.version() == 1 && x.selfSigned()) {
            return 3;
        }
        if (x.hasKeyUsage()) {
            return 4;
        }
        if (x.hasNsCertType() && (x.nsCertType() & CertInfo.NS_ANY_CA) != 0) {
            return 5;
        }
        return 0;
    }

    /**
     * {@code X509_check_purpose(x, purpose, requireCa)}: 1 suitable, 0 not, -1 when OpenSSL cannot
     * tell (invalid extensions), which the verifier does not hold against the certificate.
     */
    static int check(CertInfo x, CertificatePurpose purpose, boolean requireCa) {
        if (x.invalid()) {
            return -1;
        }
        switch (purpose) {
            case SSL_SERVER:
                if (x.extendedKeyUsageRejects(SERVER_AUTH, NS_SGC, MS_SGC)) {
                    return 0;
                }
                if (requireCa) {
                    return sslCa(x);
                }
                return x.nsCertTypeRejects(CertInfo.NS_SSL_SERVER) || x.keyUsageRejects(KU_TLS)
                        ? 0
                        : 1;
            case SSL_CLIENT:
                if (x.extendedKeyUsageRejects(CLIENT_AUTH)) {
                    return 0;
                }
                if (requireCa) {
                    return sslCa(x);
                }
                return x.keyUsageRejects(CertInfo.KU_DIGITAL_SIGNATURE | CertInfo.KU_KEY_AGREEMENT)
                                || x.nsCertTypeRejects(CertInfo.NS_SSL_CLIENT)
                        ? 0
                        : 1;
            default:
                return 1;
        }
    }

    /** {@code check_ssl_ca}: a CA, and a Netscape-typed one only if typed as an SSL CA. */
    private static int sslCa(CertInfo x) {
        int ca = checkCa(x);
        if (ca == 0 || (ca == 5 && (x.nsCertType() & CertInfo.NS_SSL_CA) == 0)) {
            return 0;
        }
        return 1;
    }
}
