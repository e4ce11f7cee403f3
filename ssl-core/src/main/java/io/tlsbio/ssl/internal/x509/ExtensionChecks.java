package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.CertificatePurpose;
import io.tlsbio.ssl.VerifyResult;

/**
 * OpenSSL 3.0's {@code check_extensions} (without {@code X509_V_FLAG_X509_STRICT}), certificate by
 * certificate from the leaf up: unhandled critical extensions (34), proxy certificates (40),
 * issuers that are no CA (79: an intermediate needs basicConstraints CA:TRUE, the top of the chain
 * may also be a version 1 self-signed root or carry keyCertSign or a Netscape CA type), EC keys
 * with explicit curve parameters (94), the purpose (26) and path length constraints (25).
 */
final class ExtensionChecks {

    private ExtensionChecks() {}

    /** Returns false when the verify callback stops verification. */
    static boolean check(VerifyState st, CertificatePurpose purpose) {
        int num = st.size();
        int plen = 0;
        boolean mustBeCa = false;
        for (int i = 0; i < num; i++) {
            CertInfo x = st.get(i);
            if (x.criticalUnhandled()
                    && !st.fail(x, i, VerifyResult.UNHANDLED_CRITICAL_EXTENSION)) {
                return false;
            }
            if (x.proxy() && !st.fail(x, i, VerifyResult.PROXY_CERTIFICATES_NOT_ALLOWED)) {
                return false;
            }
            if (mustBeCa) {
                int ca = Purposes.checkCa(x);
                if ((ca == 0 || (i + 1 < num && ca != 1))
                        && !st.fail(x, i, VerifyResult.INVALID_CA)) {
                    return false;
                }
            }
            if (num > 1) {
                // check_curve: no key at all is an internal error, explicit EC parameters are
                // refused
                if (!x.key().decodable() && !st.fail(x, i, VerifyResult.UNSPECIFIED)) {
                    return false;
                }
                if (x.key().explicitEcParameters()
                        && !st.fail(x, i, VerifyResult.EC_KEY_EXPLICIT_PARAMS)) {
                    return false;
                }
            }
            // check_purpose: store certificates carry no auxiliary trust here, so only the purpose
            // counts
            if (purpose != CertificatePurpose.ANY
                    && Purposes.check(x, purpose, mustBeCa) == 0
                    && !st.fail(x, i, VerifyResult.INVALID_PURPOSE)) {
                return false;
            }
            if (i > 1
                    && x.pathLen() != -1
                    && plen > x.pathLen()
                    && !st.fail(x, i, VerifyResult.PATH_LENGTH_EXCEEDED)) {
                return false;
            }
            // self-issued intermediates do not count against path lengths
            if (i > 0 && !x.selfIssued()) {
                plen++;
            }
            mustBeCa = true;
        }
        return true;
    }
}
