package io.tlsbio.harness.fuzz;

import java.util.Arrays;

/**
 * The model of a byte stream: appended at one end, taken at the other; what a BIO must agree with.
 */
final class ByteModel {

    private byte[] buf = new byte[256];
    private int start;
    private int end;

    int size() {
        return end - start;
    }

    void append(byte[] b, int off, int len) {
        if (buf.length - end < len) {
            byte[] n = new byte[Math.max(2 * buf.length, size() + len)];
            System.arraycopy(buf, start, n, 0, size());
            end -= start;
            start = 0;
            buf = n;
        }
        System.arraycopy(b, off, buf, end, len);
        end += len;
    }

    /** Takes {@code n} bytes and checks they are {@code got[off, off + n)}. */
    void take(byte[] got, int off, int n, String what) {
        if (n > size()) {
            throw new AssertionError(
                    what + ": " + n + " bytes came out, only " + size() + " went in");
        }
        if (!Arrays.equals(buf, start, start + n, got, off, off + n)) {
            throw new AssertionError(
                    what + ": bytes out differ from bytes in at stream offset " + start);
        }
        start += n;
    }

    void clear() {
        start = 0;
        end = 0;
    }
}
