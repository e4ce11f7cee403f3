package io.tlsbio.ssl.tests.probe;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NamedGroup;

/**
 * What a server answered to a probe, as one comparable line: the first record it wrote (type and
 * record version; for an alert its level and description; for a ServerHello or HelloRetryRequest
 * the negotiated version, suite and group), or that it wrote nothing and closed, or wrote nothing
 * and still waits for input. A probe with a follow-up that got "nothing, waiting" at first is
 * described as {@code "waiting; then <outcome after the follow-up>"}.
 *
 * @param text the comparable description
 * @param detail extra information for the report only (never compared): a reason, a cause
 */
record ProbeOutcome(String text, String detail) {

    static final String CLOSED = "nothing, closed";
    static final String WAITING = "nothing, waiting";

    private static final byte[] HRR_RANDOM =
            TlsBytes.fromHex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    static ProbeOutcome of(String text) {
        return new ProbeOutcome(text, "");
    }

    boolean isWaiting() {
        return text.equals(WAITING);
    }

    ProbeOutcome withDetail(String d) {
        return new ProbeOutcome(text, d == null ? "" : d);
    }

    /** "waiting; then ..." for a probe whose follow-up was sent. */
    ProbeOutcome afterFollowUp(ProbeOutcome second) {
        return new ProbeOutcome("waiting; then " + second.text, second.detail);
    }

    /**
     * Whether {@code received[0..len)} already decides the outcome: the first record is complete.
     * (The socket runner stops reading then, rather than waiting for its timeout.)
     */
    static boolean decided(byte[] received, int len) {
        if (len < 5) {
            return false;
        }
        int type = received[0] & 0xff;
        if (type < 20 || type > 24) {
            return false; // not TLS: read until the peer closes or the timeout
        }
        int recLen = ((received[3] & 0xff) << 8) | (received[4] & 0xff);
        return len >= 5 + recLen;
    }

    /**
     * The outcome for the bytes a server wrote, given whether it then closed (or failed) or waits
     * for more input.
     */
    static ProbeOutcome parse(byte[] received, boolean closed) {
        if (received.length == 0) {
            return of(closed ? CLOSED : WAITING);
        }
        if (received.length < 5) {
            return of("partial record header " + TlsBytes.toHex(received, 8));
        }
        int type = received[0] & 0xff;
        int version = u16(received, 1);
        int length = u16(received, 3);
        String rec = String.format("record %04x", version);
        if (type < 20 || type > 24) {
            return of("non-TLS bytes " + TlsBytes.toHex(received, 16));
        }
        if (received.length < 5 + length) {
            return of(
                    String.format(
                            "incomplete record type %d (%s, length %d, got %d)",
                            type, rec, length, received.length - 5));
        }
        byte[] frag = Arrays.copyOfRange(received, 5, 5 + length);
        if (type == TlsBytes.ALERT) {
            if (frag.length != 2) {
                return of("alert record of " + frag.length + " bytes (" + rec + ")");
            }
            String level = frag[0] == 1 ? "warning" : frag[0] == 2 ? "fatal" : "level" + frag[0];
            return of(
                    "alert " + level + " " + AlertDescription.getName(frag[1]) + " (" + rec + ")");
        }
        if (type == TlsBytes.HANDSHAKE && frag.length >= 4) {
            int msg = frag[0] & 0xff;
            if (msg == TlsBytes.SERVER_HELLO) {
                try {
                    return of(serverHello(frag) + " (" + rec + ")");
                } catch (RuntimeException e) {
                    return of("unparseable ServerHello (" + rec + "): " + TlsBytes.toHex(frag, 48));
                }
            }
            return of("handshake message type " + msg + " (" + rec + ")");
        }
        return of("record type " + type + " length " + length + " (" + rec + ")");
    }

    private static String serverHello(byte[] m) {
        int p = 4;
        int legacy = u16(m, p);
        p += 2;
        byte[] random = Arrays.copyOfRange(m, p, p + 32);
        p += 32;
        p += 1 + (m[p] & 0xff);
        int suite = u16(m, p);
        p += 2;
        p += 1; // compression
        int version = legacy;
        int group = -1;
        if (p + 2 <= m.length) {
            int end = p + 2 + u16(m, p);
            p += 2;
            while (p + 4 <= end) {
                int type = u16(m, p);
                int len = u16(m, p + 2);
                if (type == ClientHelloBuilder.EXT_SUPPORTED_VERSIONS && len == 2) {
                    version = u16(m, p + 4);
                }
                if (type == ClientHelloBuilder.EXT_KEY_SHARE && len >= 2) {
                    group = u16(m, p + 4);
                }
                p += 4 + len;
            }
        }
        boolean hrr = Arrays.equals(random, HRR_RANDOM);
        StringBuilder sb =
                new StringBuilder(hrr ? "HelloRetryRequest " : "ServerHello ")
                        .append(versionName(version))
                        .append(' ')
                        .append(suiteName(suite));
        if (group >= 0) {
            sb.append(" group ").append(groupName(group));
        }
        return sb.toString();
    }

    static String versionName(int v) {
        switch (v) {
            case 0x0300:
                return "SSLv3";
            case 0x0301:
                return "TLSv1";
            case 0x0302:
                return "TLSv1.1";
            case 0x0303:
                return "TLSv1.2";
            case 0x0304:
                return "TLSv1.3";
            default:
                return String.format("version %04x", v);
        }
    }

    private static final Map<Integer, String> SUITES = new HashMap<>();

    static {
        for (Field f : CipherSuite.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                try {
                    SUITES.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    static String suiteName(int suite) {
        return SUITES.getOrDefault(suite, String.format("suite %04x", suite));
    }

    static String groupName(int group) {
        String n = NamedGroup.getName(group);
        return n == null ? "group " + group : n;
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    @Override
    public String toString() {
        return text;
    }
}
