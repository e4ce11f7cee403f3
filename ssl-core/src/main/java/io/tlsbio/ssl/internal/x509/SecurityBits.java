package io.tlsbio.ssl.internal.x509;

/**
 * OpenSSL 3.0's key strength estimates, in bits of security: RSA by {@code
 * ossl_ifc_ffc_compute_security_bits} (NIST SP 800-56B rev 2 Appendix D), DSA by {@code
 * BN_security_bits}, EC by the curve order as the EC key manager does.
 */
final class SecurityBits {

    private static final long SCALE = 1L << 18;
    private static final long CBRT_SCALE = 1L << (2 * 18 / 3);
    private static final long LOG_2 = 0x02c5c8;
    private static final long LOG_E = 0x05c551;
    private static final long C1_923 = 0x07b126;
    private static final long C4_690 = 0x12c28f;

    private SecurityBits() {}

    /**
     * {@code ossl_ifc_ffc_compute_security_bits(n)}: the strength of an {@code n}-bit RSA modulus.
     */
    static int ifcFfc(int n) {
        switch (n) {
            case 2048:
                return 112;
            case 3072:
                return 128;
            case 4096:
                return 152;
            case 6144:
                return 176;
            case 7680:
                return 192;
            case 8192:
                return 200;
            case 15360:
                return 256;
            default:
                break;
        }
        if (n >= 687737) {
            return 1200;
        }
        if (n < 8) {
            return 0;
        }
        int cap = n <= 7680 ? 192 : n <= 15360 ? 256 : 1200;
        long x = n * LOG_2;
        long lx = ilogE(x);
        // the C code's fixed point arithmetic, in unsigned 64 bits then truncated to 16
        long y = ((mul2(C1_923, icbrt64(mul2(mul2(x, lx), lx))) - C4_690) / LOG_2) & 0xffff;
        y = (y + 4) & ~7L;
        return (int) Math.min(y, cap);
    }

    private static long mul2(long a, long b) {
        return Long.divideUnsigned(a * b, SCALE);
    }

    private static long icbrt64(long x) {
        long r = 0;
        for (int s = 63; s >= 0; s -= 3) {
            r <<= 1;
            long b = 3 * r * (r + 1) + 1;
            if (Long.compareUnsigned(x >>> s, b) >= 0) {
                x -= b << s;
                r++;
            }
        }
        return r * CBRT_SCALE;
    }

    private static long ilogE(long v) {
        long r = 0;
        while (Long.compareUnsigned(v, 2 * SCALE) >= 0) {
            v >>>= 1;
            r += SCALE;
        }
        for (long i = SCALE / 2; i != 0; i /= 2) {
            v = mul2(v, v);
            if (Long.compareUnsigned(v, 2 * SCALE) >= 0) {
                v >>>= 1;
                r += i;
            }
        }
        // r is a uint32_t in C
        return ((r & 0xffffffffL) * SCALE / LOG_E) & 0xffffffffL;
    }

    /**
     * {@code BN_security_bits(L, N)}: a finite field group with an {@code l}-bit prime and {@code
     * n}-bit subgroup.
     */
    static int bn(int l, int n) {
        int secbits;
        if (l >= 15360) {
            secbits = 256;
        } else if (l >= 7680) {
            secbits = 192;
        } else if (l >= 3072) {
            secbits = 128;
        } else if (l >= 2048) {
            secbits = 112;
        } else if (l >= 1024) {
            secbits = 80;
        } else {
            return 0;
        }
        if (n == -1) {
            return secbits;
        }
        int bits = n / 2;
        if (bits < 80) {
            return 0;
        }
        return Math.min(bits, secbits);
    }

    /**
     * The EC key manager's estimate from the bit length of the curve order (SP 800-57 part 1, table
     * 2).
     */
    static int ec(int orderBits) {
        if (orderBits >= 512) {
            return 256;
        }
        if (orderBits >= 384) {
            return 192;
        }
        if (orderBits >= 256) {
            return 128;
        }
        if (orderBits >= 224) {
            return 112;
        }
        if (orderBits >= 160) {
            return 80;
        }
        return orderBits / 2;
    }
}
