package io.tlsbio.ssl.internal;

import java.math.BigInteger;
import org.bouncycastle.tls.KeyExchangeAlgorithm;

/**
 * What a TLS 1.2 ServerKeyExchange says that bctls does not keep: the ECDHE group, the size of the
 * DHE prime, and the signature scheme (RFC 8422 section 5.4, RFC 5246 section 7.4.3).
 *
 * @param group the named group of ECDHE, or -1 (DHE names none)
 * @param dhBits the bits of the DHE prime, or 0
 * @param scheme the signature scheme of the signed parameters, or -1
 */
record ServerKeyExchangeView(int group, int dhBits, int scheme) {

    /** ECParameters.curve_type of a named curve. */
    private static final int NAMED_CURVE = 3;

    /**
     * Reads a ServerKeyExchange body for key exchange {@code kx} ({@link KeyExchangeAlgorithm});
     * null for a key exchange without one that tlsbio reads, or a body too short (bctls has checked
     * it by the time this is asked, so that only happens for a kind it does not name here).
     */
    static ServerKeyExchangeView parse(int kx, byte[] b) {
        try {
            switch (kx) {
                case KeyExchangeAlgorithm.ECDHE_ECDSA, KeyExchangeAlgorithm.ECDHE_RSA -> {
                    if ((b[0] & 0xff) != NAMED_CURVE) {
                        return null;
                    }
                    int group = u16(b, 1);
                    int p = 3 + 1 + (b[3] & 0xff);
                    return new ServerKeyExchangeView(group, 0, p + 2 <= b.length ? u16(b, p) : -1);
                }
                case KeyExchangeAlgorithm.DHE_RSA, KeyExchangeAlgorithm.DHE_DSS -> {
                    int pLen = u16(b, 0);
                    int bits =
                            new BigInteger(1, java.util.Arrays.copyOfRange(b, 2, 2 + pLen))
                                    .bitLength();
                    int p = 2 + pLen;
                    p += 2 + u16(b, p); // g
                    p += 2 + u16(b, p); // Ys
                    return new ServerKeyExchangeView(-1, bits, p + 2 <= b.length ? u16(b, p) : -1);
                }
                default -> {
                    return null;
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }
}
