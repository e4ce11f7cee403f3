package io.tlsbio.ssl;

/**
 * The outcome of the peer certificate check: OpenSSL's {@code X509_V_ERR_*} codes ({@link #code()})
 * and texts ({@link #text()}, as {@code X509_verify_cert_error_string}), read with
 * {@link Ssl#verifyResult()} ({@code SSL_get_verify_result}). The alert sent for each is the one
 * OpenSSL 3.0's {@code ssl_x509err2alert} table gives.
 */
public enum VerifyResult {
    /** X509_V_OK: verified, or nothing was verified. */
    OK(0, "ok", -1),
    /** X509_V_ERR_UNSPECIFIED. */
    UNSPECIFIED(1, "unspecified certificate verification error", 80),
    /** X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT. */
    UNABLE_TO_GET_ISSUER_CERT(2, "unable to get issuer certificate", 48),
    /** X509_V_ERR_CERT_SIGNATURE_FAILURE. */
    CERT_SIGNATURE_FAILURE(7, "certificate signature failure", 51),
    /** X509_V_ERR_CERT_NOT_YET_VALID. */
    CERT_NOT_YET_VALID(9, "certificate is not yet valid", 42),
    /** X509_V_ERR_CERT_HAS_EXPIRED. */
    CERT_HAS_EXPIRED(10, "certificate has expired", 45),
    /** X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT. */
    DEPTH_ZERO_SELF_SIGNED_CERT(18, "self-signed certificate", 48),
    /** X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN. */
    SELF_SIGNED_CERT_IN_CHAIN(19, "self-signed certificate in certificate chain", 48),
    /** X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY. */
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY(20, "unable to get local issuer certificate", 48),
    /** X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
    UNABLE_TO_VERIFY_LEAF_SIGNATURE(21, "unable to verify the first certificate", 48),
    /** X509_V_ERR_INVALID_CA. */
    INVALID_CA(24, "invalid CA certificate", 48),
    /** X509_V_ERR_PATH_LENGTH_EXCEEDED. */
    PATH_LENGTH_EXCEEDED(25, "path length constraint exceeded", 48),
    /** X509_V_ERR_INVALID_PURPOSE. */
    INVALID_PURPOSE(26, "unsuitable certificate purpose", 43),
    /** X509_V_ERR_CERT_REJECTED. */
    CERT_REJECTED(28, "certificate rejected", 42),
    /** X509_V_ERR_KEYUSAGE_NO_CERTSIGN. */
    KEYUSAGE_NO_CERTSIGN(32, "key usage does not include certificate signing", 46),
    /** X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION. */
    UNHANDLED_CRITICAL_EXTENSION(34, "unhandled critical extension", 46),
    /** X509_V_ERR_HOSTNAME_MISMATCH. */
    HOSTNAME_MISMATCH(62, "hostname mismatch", 42),
    /** X509_V_ERR_IP_ADDRESS_MISMATCH. */
    IP_ADDRESS_MISMATCH(64, "IP address mismatch", 42),
    /** X509_V_ERR_CA_MD_TOO_WEAK. */
    CA_MD_TOO_WEAK(68, "CA signature digest algorithm too weak", 42);

    private final int code;
    private final String text;
    private final short alert;

    VerifyResult(int code, String text, int alert) {
        this.code = code;
        this.text = text;
        this.alert = (short) alert;
    }

    /** OpenSSL's number ({@code X509_V_ERR_HOSTNAME_MISMATCH} is 62). */
    public int code() {
        return code;
    }

    /** OpenSSL's text ("hostname mismatch"). */
    public String text() {
        return text;
    }

    /** The TLS alert OpenSSL sends for it, or -1 for {@link #OK}. */
    public short alert() {
        return alert;
    }

    @Override
    public String toString() {
        return code + " (" + text + ")";
    }
}
