package io.tlsbio.ssl.internal.x509;

/**
 * OpenSSL 3.0's {@code ossl_a2i_ipadd}: text to address bytes, IPv6 when the text has a colon. IPv4
 * is read as OpenSSL 3.0 reads it, with {@code sscanf("%d.%d.%d.%d")}: white space and a sign
 * before each number and leading zeros are accepted, trailing white space too.
 */
public final class IpAddresses {

    private IpAddresses() {}

    /** The 4 or 16 address bytes of {@code text}, or null when it is no IP address. */
    public static byte[] parse(String text) {
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text, 0, text.length());
    }

    private static byte[] ipv4(String s, int from, int to) {
        byte[] out = new byte[4];
        int[] pos = {from};
        for (int k = 0; k < 4; k++) {
            if (k > 0) {
                if (pos[0] >= to || s.charAt(pos[0]) != '.') {
                    return null;
                }
                pos[0]++;
            }
            long v = scanInt(s, pos, to);
            if (v < 0 || v > 255) {
                return null;
            }
            out[k] = (byte) v;
        }
        if (pos[0] < to && !isSpace(s.charAt(pos[0]))) {
            return null;
        }
        return out;
    }

    /** One {@code %d}: white space, a sign, digits; -1 when absent or negative. */
    private static long scanInt(String s, int[] pos, int to) {
        int p = pos[0];
        while (p < to && isSpace(s.charAt(p))) {
            p++;
        }
        boolean negative = false;
        if (p < to && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
            negative = s.charAt(p) == '-';
            p++;
        }
        int start = p;
        long v = 0;
        while (p < to && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
            v = Math.min(v * 10 + (s.charAt(p) - '0'), 1L << 40);
            p++;
        }
        if (p == start) {
            return -1;
        }
        pos[0] = p;
        return negative && v != 0 ? -1 : v;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /**
     * {@code ipv6_from_asc}: colon-separated groups, one {@code ::}, an optional final dotted quad.
     */
    private static byte[] ipv6(String s) {
        byte[] tmp = new byte[16];
        int total = 0;
        int zeroPos = -1;
        int zeroCnt = 0;
        int start = 0;
        // CONF_parse_list(in, ':'): every element, empty ones included
        while (true) {
            int colon = s.indexOf(':', start);
            int end = colon < 0 ? s.length() : colon;
            int len = end - start;
            if (total == 16) {
                return null;
            }
            if (len == 0) {
                if (zeroPos == -1) {
                    zeroPos = total;
                } else if (zeroPos != total) {
                    return null;
                }
                zeroCnt++;
            } else if (len > 4) {
                if (total > 12 || colon >= 0) {
                    return null;
                }
                byte[] v4 = ipv4(s, start, end);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, tmp, total, 4);
                total += 4;
            } else {
                int num = 0;
                for (int i = start; i < end; i++) {
                    int d = Character.digit(s.charAt(i), 16);
                    if (d < 0) {
                        return null;
                    }
                    num = (num << 4) | d;
                }
                tmp[total] = (byte) (num >> 8);
                tmp[total + 1] = (byte) num;
                total += 2;
            }
            if (colon < 0) {
                break;
            }
            start = colon + 1;
        }
        if (zeroPos == -1) {
            if (total != 16) {
                return null;
            }
            return tmp;
        }
        if (total == 16
                || zeroCnt > 3
                || (zeroCnt == 3 && total > 0)
                || (zeroCnt == 2 && zeroPos != 0 && zeroPos != total)
                || (zeroCnt == 1 && (zeroPos == 0 || zeroPos == total))) {
            return null;
        }
        byte[] v6 = new byte[16];
        System.arraycopy(tmp, 0, v6, 0, zeroPos);
        System.arraycopy(tmp, zeroPos, v6, zeroPos + 16 - total, total - zeroPos);
        return v6;
    }
}
