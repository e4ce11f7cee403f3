package io.tlsbio.ssl.internal.x509;

import io.tlsbio.ssl.VerifyResult;

/**
 * OpenSSL 3.0's authentication security level ({@code check_auth_level}, {@code check_key_level},
 * {@code check_sig_level}): from level 1 to 5 every key must give at least 80, 112, 128, 192 or 256
 * bits of security and every signature but the trust anchor's as many; level 0 or below checks
 * nothing. SSL sets the level to the connection's security level ({@code ssl_verify_cert_chain}).
 */
final class AuthLevel {

    private static final int[] MIN_BITS = {80, 112, 128, 192, 256};

    private final int level;

    AuthLevel(int level) {
        this.level = Math.min(level, MIN_BITS.length);
    }

    /**
     * {@code check_key_level}: whether {@code c}'s key is strong enough (an undecodable key never
     * is).
     */
    boolean keyOk(CertInfo c) {
        if (level <= 0) {
            return true;
        }
        return c.key().decodable() && c.key().securityBits() >= MIN_BITS[level - 1];
    }

    /** {@code check_sig_level}: whether {@code c}'s signature algorithm is strong enough. */
    boolean signatureOk(CertInfo c) {
        if (level <= 0) {
            return true;
        }
        return c.signature().securityBits() >= MIN_BITS[level - 1];
    }

    /**
     * {@code check_auth_level}: issuer keys (67) and every signature below the top of the chain
     * (68); the leaf's key was checked before the chain was built.
     *
     * @return false when the verify callback stops verification
     */
    boolean check(VerifyState st) {
        if (level <= 0) {
            return true;
        }
        int num = st.size();
        for (int i = 0; i < num; i++) {
            CertInfo c = st.get(i);
            if (i > 0 && !keyOk(c) && !st.fail(c, i, VerifyResult.CA_KEY_TOO_SMALL)) {
                return false;
            }
            if (i < num - 1 && !signatureOk(c) && !st.fail(c, i, VerifyResult.CA_MD_TOO_WEAK)) {
                return false;
            }
        }
        return true;
    }
}
