package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.VerifyResult;
import java.security.GeneralSecurityException;

/**
 * OpenSSL 3.0's {@code internal_verify}: from the top of the chain down to the leaf, each
 * certificate's signature by its issuer (the issuer's keyUsage must allow keyCertSign, 32; its key
 * must decode, 6; the signature must verify, 7; a self-signed top is not checked) and its validity
 * period (13, 9, 14, 10), then the callback hears of success at that depth. When the top is not
 * self-issued it is only used to check the certificate below it; a lone such certificate is 21.
 */
final class InternalVerify {

    private InternalVerify() {}

    /** Returns false when the verify callback stops verification. */
    static boolean verify(VerifyState st, long now) {
        int n = st.size() - 1;
        CertInfo xi = st.get(n);
        CertInfo xs;
        boolean checkSignature = true;
        if (xi.likelyIssuedBy(xi)) {
            xs = xi;
        } else if (n <= 0) {
            if (!st.fail(xi, 0, VerifyResult.UNABLE_TO_VERIFY_LEAF_SIGNATURE)) {
                return false;
            }
            xs = xi;
            checkSignature = false;
        } else {
            n--;
            st.at(n);
            xs = st.get(n);
        }
        while (n >= 0) {
            // a self-signed certificate's own signature adds nothing (no
            // X509_V_FLAG_CHECK_SS_SIGNATURE)
            if (checkSignature && xs != xi) {
                int issuerDepth = n + 1;
                if (xi.keyUsageRejects(CertInfo.KU_KEY_CERT_SIGN)
                        && !st.fail(xi, issuerDepth, VerifyResult.KEYUSAGE_NO_CERTSIGN)) {
                    return false;
                }
                if (!xi.key().decodable()) {
                    if (!st.fail(
                            xi, issuerDepth, VerifyResult.UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY)) {
                        return false;
                    }
                } else if (!signatureVerifies(xs, xi)
                        && !st.fail(xs, n, VerifyResult.CERT_SIGNATURE_FAILURE)) {
                    return false;
                }
            }
            if (!TimeCheck.check(st, xs, n, now)) {
                return false;
            }
            if (!st.ok(xs, n)) {
                return false;
            }
            checkSignature = true;
            if (--n >= 0) {
                xi = xs;
                xs = st.get(n);
            }
        }
        return true;
    }

    private static boolean signatureVerifies(CertInfo subject, CertInfo issuer) {
        try {
            subject.certificate().verify(issuer.certificate().getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
