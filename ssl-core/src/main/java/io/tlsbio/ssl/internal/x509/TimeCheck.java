package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.VerifyResult;

/**
 * OpenSSL 3.0's {@code ossl_x509_check_cert_time}: a certificate's validity period at the
 * verification time.
 */
final class TimeCheck {

    private TimeCheck() {}

    /** The silent form (depth -1): whether {@code c} is valid at {@code now}. */
    static boolean valid(CertInfo c, long now) {
        return c.notBefore().compareTo(now) < 0 && c.notAfter().compareTo(now) > 0;
    }

    /**
     * The reporting form: tells the verify callback of each finding (13 or 9 for notBefore, 14 or
     * 10 for notAfter) for {@code c} at {@code depth}.
     *
     * @return false when the callback stops verification
     */
    static boolean check(VerifyState st, CertInfo c, int depth, long now) {
        int i = c.notBefore().compareTo(now);
        if (i == 0 && !st.fail(c, depth, VerifyResult.ERROR_IN_CERT_NOT_BEFORE_FIELD)) {
            return false;
        }
        if (i > 0 && !st.fail(c, depth, VerifyResult.CERT_NOT_YET_VALID)) {
            return false;
        }
        i = c.notAfter().compareTo(now);
        if (i == 0 && !st.fail(c, depth, VerifyResult.ERROR_IN_CERT_NOT_AFTER_FIELD)) {
            return false;
        }
        return i >= 0 || st.fail(c, depth, VerifyResult.CERT_HAS_EXPIRED);
    }
}
