package io.tlsbio.ssl.tests.pki;

/**
 * One error a verify callback saw: OpenSSL's {@code X509_STORE_CTX_get_error} and {@code
 * X509_STORE_CTX_get_error_depth} at a call with {@code ok == 0}, as {@code openssl verify} prints
 * it ("error 10 at 0 depth lookup: certificate has expired").
 *
 * @param code the X509_V_ERR number
 * @param depth the depth in the chain, 0 for the peer's certificate
 * @param text {@code X509_verify_cert_error_string(code)}
 */
record VerifyFinding(int code, int depth, String text) {

    /** "10@0". */
    String codeAtDepth() {
        return code + "@" + depth;
    }

    @Override
    public String toString() {
        return code + "@" + depth + " (" + text + ")";
    }
}
