package io.tlsbio.ssl.internal;

/** Byte helpers for the record tests. */
final class TestBytes {

    private TestBytes() {}

    /** {@code n} bytes counting up from {@code seed}, so any shift or duplication shows. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 7 + (i >> 8));
        }
        return b;
    }

    /** A TLS record: 5-byte header (type, 3.3, body length) then a {@code bodyLen}-byte body. */
    static byte[] record(int type, int bodyLen, int seed) {
        byte[] r = new byte[5 + bodyLen];
        r[0] = (byte) type;
        r[1] = 3;
        r[2] = 3;
        r[3] = (byte) (bodyLen >>> 8);
        r[4] = (byte) bodyLen;
        System.arraycopy(pattern(bodyLen, seed), 0, r, 5, bodyLen);
        return r;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }
}
