package io.tlsbio.ssl.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lenient read of a ClientHello body, enough for the checks OpenSSL makes before bctls parses the
 * message (docs/hostile-input.md): the extensions by type, the key shares in order and the offered
 * versions. {@link #parse} returns null for a body it cannot walk; bctls then gives its own
 * decode_error.
 */
final class ClientHelloView {

    static final int SERVER_NAME = 0;
    static final int SUPPORTED_GROUPS = 10;
    static final int SIGNATURE_ALGORITHMS = 13;
    static final int SUPPORTED_VERSIONS = 43;
    static final int KEY_SHARE = 51;

    /** One key_share entry. */
    record KeyShare(int group, byte[] key) {}

    final Map<Integer, byte[]> extensions = new LinkedHashMap<>();
    private int[] cipherSuites = new int[0];

    /** legacy_version, as two bytes. */
    int legacyVersion;

    /** The compression methods offered. */
    byte[] compressionMethods = new byte[0];

    private ClientHelloView() {}

    static ClientHelloView parse(byte[] b) {
        try {
            int p = 2 + 32;
            p += 1 + (b[p] & 0xff);
            int suitesLength = u16(b, p);
            ClientHelloView v = new ClientHelloView();
            v.legacyVersion = u16(b, 0);
            v.cipherSuites = new int[suitesLength / 2];
            for (int i = 0; i < v.cipherSuites.length; i++) {
                v.cipherSuites[i] = u16(b, p + 2 + 2 * i);
            }
            p += 2 + suitesLength;
            v.compressionMethods = java.util.Arrays.copyOfRange(b, p + 1, p + 1 + (b[p] & 0xff));
            p += 1 + (b[p] & 0xff);
            if (p == b.length) {
                return v;
            }
            int end = p + 2 + u16(b, p);
            if (end != b.length) {
                return null;
            }
            p += 2;
            while (p < end) {
                int type = u16(b, p);
                int len = u16(b, p + 2);
                if (p + 4 + len > end) {
                    return null;
                }
                byte[] data = java.util.Arrays.copyOfRange(b, p + 4, p + 4 + len);
                if (v.extensions.putIfAbsent(type, data) != null) {
                    return null;
                }
                p += 4 + len;
            }
            return v;
        } catch (ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * The host_name of the server_name extension (as OpenSSL keeps it, the first entry), or null
     * when there is none or it cannot be read.
     */
    String serverName() {
        byte[] e = extensions.get(SERVER_NAME);
        if (e == null || e.length < 5 || e[2] != 0) {
            return null;
        }
        int len = u16(e, 3);
        if (5 + len > e.length || len == 0) {
            return null;
        }
        return new String(e, 5, len, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Whether any TLS 1.3 cipher suite (0x13xx) is offered. */
    boolean offersTls13Suite() {
        for (int c : cipherSuites) {
            if ((c >> 8) == 0x13) {
                return true;
            }
        }
        return false;
    }

    /** Whether supported_versions offers TLS 1.3 (0x0304). */
    boolean offersTls13() {
        byte[] sv = extensions.get(SUPPORTED_VERSIONS);
        if (sv == null || sv.length < 1) {
            return false;
        }
        for (int i = 1; i + 1 < sv.length && i <= (sv[0] & 0xff); i += 2) {
            if ((sv[i] & 0xff) == 3 && (sv[i + 1] & 0xff) == 4) {
                return true;
            }
        }
        return false;
    }

    /** The groups of supported_groups, or null when absent or malformed. */
    int[] supportedGroups() {
        return u16List(extensions.get(SUPPORTED_GROUPS));
    }

    /** The key shares in the client's order, or null when absent or malformed. */
    List<KeyShare> keyShares() {
        List<KeyShare> out = new ArrayList<>();
        return keySharesUpToError(out) ? out : null;
    }

    /**
     * Adds the key shares that parse, in order, to {@code out}; false when the list is absent or
     * malformed at some point (what parsed before that point is still added, as OpenSSL looks at
     * each share as it reads it).
     */
    boolean keySharesUpToError(List<KeyShare> out) {
        byte[] k = extensions.get(KEY_SHARE);
        if (k == null || k.length < 2) {
            return false;
        }
        int end = Math.min(k.length, 2 + u16(k, 0));
        int p = 2;
        while (p < end) {
            if (p + 4 > end) {
                return false;
            }
            int len = u16(k, p + 2);
            if (p + 4 + len > end) {
                return false;
            }
            out.add(new KeyShare(u16(k, p), java.util.Arrays.copyOfRange(k, p + 4, p + 4 + len)));
            p += 4 + len;
        }
        return u16(k, 0) == k.length - 2;
    }

    /** The signature schemes of signature_algorithms, or null when absent or malformed. */
    int[] signatureSchemes() {
        return u16List(extensions.get(SIGNATURE_ALGORITHMS));
    }

    /** A vector of 16-bit values with a 16-bit length that fills {@code v} exactly, or null. */
    private static int[] u16List(byte[] v) {
        if (v == null || v.length < 2 || u16(v, 0) != v.length - 2 || v.length % 2 != 0) {
            return null;
        }
        int[] out = new int[(v.length - 2) / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = u16(v, 2 + 2 * i);
        }
        return out;
    }

    static int u16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }
}
