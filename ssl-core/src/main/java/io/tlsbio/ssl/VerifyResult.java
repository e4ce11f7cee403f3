package io.tlsbio.ssl;

/**
 * The outcome of the peer certificate check: OpenSSL 3.0's {@code X509_V_ERR_*} codes ({@link
 * #code()}) and texts ({@link #text()}, as {@code X509_verify_cert_error_string}), read with {@link
 * Ssl#verifyResult()} ({@code SSL_get_verify_result}). The alert sent for each is the one OpenSSL
 * 3.0's {@code ssl_x509err2alert} table gives; codes the table does not list send
 * certificate_unknown (46), as OpenSSL's does.
 */
public enum VerifyResult {
    /** X509_V_OK: verified, or nothing was verified. */
    OK(0, "ok", -1),
    /**
     * X509_V_ERR_UNSPECIFIED: also what a verify callback's rejection of a successful step leaves.
     */
    UNSPECIFIED(1, "unspecified certificate verification error", 80),
    /**
     * X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT: a trusted, not self-signed certificate has no trusted
     * issuer.
     */
    UNABLE_TO_GET_ISSUER_CERT(2, "unable to get issuer certificate", 48),
    /** X509_V_ERR_UNABLE_TO_GET_CRL. */
    UNABLE_TO_GET_CRL(3, "unable to get certificate CRL", 48),
    /** X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY. */
    UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY(6, "unable to decode issuer public key", 42),
    /** X509_V_ERR_CERT_SIGNATURE_FAILURE. */
    CERT_SIGNATURE_FAILURE(7, "certificate signature failure", 51),
    /** X509_V_ERR_CRL_SIGNATURE_FAILURE. */
    CRL_SIGNATURE_FAILURE(8, "CRL signature failure", 51),
    /** X509_V_ERR_CERT_NOT_YET_VALID. */
    CERT_NOT_YET_VALID(9, "certificate is not yet valid", 42),
    /** X509_V_ERR_CERT_HAS_EXPIRED. */
    CERT_HAS_EXPIRED(10, "certificate has expired", 45),
    /** X509_V_ERR_CRL_NOT_YET_VALID. */
    CRL_NOT_YET_VALID(11, "CRL is not yet valid", 42),
    /** X509_V_ERR_CRL_HAS_EXPIRED. */
    CRL_HAS_EXPIRED(12, "CRL has expired", 45),
    /** X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD. */
    ERROR_IN_CERT_NOT_BEFORE_FIELD(13, "format error in certificate's notBefore field", 42),
    /** X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD. */
    ERROR_IN_CERT_NOT_AFTER_FIELD(14, "format error in certificate's notAfter field", 42),
    /** X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD. */
    ERROR_IN_CRL_LAST_UPDATE_FIELD(15, "format error in CRL's lastUpdate field", 42),
    /** X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD. */
    ERROR_IN_CRL_NEXT_UPDATE_FIELD(16, "format error in CRL's nextUpdate field", 42),
    /** X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT. */
    DEPTH_ZERO_SELF_SIGNED_CERT(18, "self-signed certificate", 48),
    /** X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN. */
    SELF_SIGNED_CERT_IN_CHAIN(19, "self-signed certificate in certificate chain", 48),
    /** X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY. */
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY(20, "unable to get local issuer certificate", 48),
    /** X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
    UNABLE_TO_VERIFY_LEAF_SIGNATURE(21, "unable to verify the first certificate", 48),
    /** X509_V_ERR_CERT_CHAIN_TOO_LONG: more intermediates than the verify depth allows. */
    CERT_CHAIN_TOO_LONG(22, "certificate chain too long", 48),
    /** X509_V_ERR_CERT_REVOKED. */
    CERT_REVOKED(23, "certificate revoked", 44),
    /** X509_V_ERR_PATH_LENGTH_EXCEEDED. */
    PATH_LENGTH_EXCEEDED(25, "path length constraint exceeded", 48),
    /** X509_V_ERR_INVALID_PURPOSE. */
    INVALID_PURPOSE(26, "unsuitable certificate purpose", 43),
    /** X509_V_ERR_CERT_REJECTED. */
    CERT_REJECTED(28, "certificate rejected", 42),
    /** X509_V_ERR_KEYUSAGE_NO_CERTSIGN. */
    KEYUSAGE_NO_CERTSIGN(32, "key usage does not include certificate signing", 46),
    /** X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER. */
    UNABLE_TO_GET_CRL_ISSUER(33, "unable to get CRL issuer certificate", 48),
    /** X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION. */
    UNHANDLED_CRITICAL_EXTENSION(34, "unhandled critical extension", 46),
    /** X509_V_ERR_KEYUSAGE_NO_CRL_SIGN. */
    KEYUSAGE_NO_CRL_SIGN(35, "key usage does not include CRL signing", 46),
    /** X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION. */
    UNHANDLED_CRITICAL_CRL_EXTENSION(36, "unhandled critical CRL extension", 46),
    /** X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED. */
    PROXY_CERTIFICATES_NOT_ALLOWED(
            40, "proxy certificates not allowed, please set the appropriate flag", 46),
    /** X509_V_ERR_INVALID_EXTENSION. */
    INVALID_EXTENSION(41, "invalid or inconsistent certificate extension", 46),
    /** X509_V_ERR_DIFFERENT_CRL_SCOPE. */
    DIFFERENT_CRL_SCOPE(44, "different CRL scope", 46),
    /** X509_V_ERR_PERMITTED_VIOLATION. */
    PERMITTED_VIOLATION(47, "permitted subtree violation", 46),
    /** X509_V_ERR_EXCLUDED_VIOLATION. */
    EXCLUDED_VIOLATION(48, "excluded subtree violation", 46),
    /** X509_V_ERR_SUBTREE_MINMAX. */
    SUBTREE_MINMAX(49, "name constraints minimum and maximum not supported", 46),
    /** X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE. */
    UNSUPPORTED_CONSTRAINT_TYPE(51, "unsupported name constraint type", 46),
    /** X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX. */
    UNSUPPORTED_CONSTRAINT_SYNTAX(52, "unsupported or invalid name constraint syntax", 46),
    /** X509_V_ERR_UNSUPPORTED_NAME_SYNTAX. */
    UNSUPPORTED_NAME_SYNTAX(53, "unsupported or invalid name syntax", 46),
    /** X509_V_ERR_HOSTNAME_MISMATCH. */
    HOSTNAME_MISMATCH(62, "hostname mismatch", 42),
    /** X509_V_ERR_IP_ADDRESS_MISMATCH. */
    IP_ADDRESS_MISMATCH(64, "IP address mismatch", 42),
    /** X509_V_ERR_EE_KEY_TOO_SMALL: the peer's key is weaker than the security level. */
    EE_KEY_TOO_SMALL(66, "EE certificate key too weak", 42),
    /** X509_V_ERR_CA_KEY_TOO_SMALL: an issuer's key is weaker than the security level. */
    CA_KEY_TOO_SMALL(67, "CA certificate key too weak", 42),
    /**
     * X509_V_ERR_CA_MD_TOO_WEAK: a signature digest weaker than the security level (SHA-1 at level
     * 1).
     */
    CA_MD_TOO_WEAK(68, "CA signature digest algorithm too weak", 42),
    /** X509_V_ERR_INVALID_CA (79 in OpenSSL 3.0; 24 is now X509_V_ERR_NO_ISSUER_PUBLIC_KEY). */
    INVALID_CA(79, "invalid CA certificate", 48),
    /** X509_V_ERR_EC_KEY_EXPLICIT_PARAMS. */
    EC_KEY_EXPLICIT_PARAMS(94, "Certificate public key has explicit ECC parameters", 42);

    private final int code;
    private final String text;
    private final short alert;

    VerifyResult(int code, String text, int alert) {
        this.code = code;
        this.text = text;
        this.alert = (short) alert;
    }

    /**
     * OpenSSL's number ({@code X509_V_ERR_HOSTNAME_MISMATCH} is 62).
     *
     * @return the {@code X509_V_*} value, as {@code SSL_get_verify_result} returns it
     */
    public int code() {
        return code;
    }

    /**
     * OpenSSL's text ("hostname mismatch").
     *
     * @return what {@code X509_verify_cert_error_string} says for it
     */
    public String text() {
        return text;
    }

    /**
     * The TLS alert OpenSSL sends for it ({@code ssl_x509err2alert}).
     *
     * @return the alert description, or -1 for {@link #OK}
     */
    public short alert() {
        return alert;
    }

    @Override
    public String toString() {
        return code + " (" + text + ")";
    }
}
