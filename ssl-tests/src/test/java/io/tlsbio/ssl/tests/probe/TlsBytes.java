package io.tlsbio.ssl.tests.probe;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Raw TLS bytes for the probe suite: a growable byte buffer with TLS's big-endian integers and
 * length-prefixed vectors, and records. Every length field can be given explicitly (a "declared"
 * length that differs from the actual one), which is how probes break lengths.
 */
final class TlsBytes {

    // record content types
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    static final int HEARTBEAT = 24;

    // versions
    static final int SSL3 = 0x0300;
    static final int TLS10 = 0x0301;
    static final int TLS11 = 0x0302;
    static final int TLS12 = 0x0303;
    static final int TLS13 = 0x0304;

    // handshake types
    static final int CLIENT_HELLO = 1;
    static final int SERVER_HELLO = 2;

    /** OpenSSL's and RFC 8446's record plaintext limit. */
    static final int MAX_FRAGMENT = 16384;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TlsBytes u8(int v) {
        out.write(v & 0xff);
        return this;
    }

    TlsBytes u16(int v) {
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
        return this;
    }

    TlsBytes u24(int v) {
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
        return this;
    }

    TlsBytes u32(long v) {
        return u16((int) (v >>> 16)).u16((int) v);
    }

    TlsBytes bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    TlsBytes hex(String h) {
        return bytes(HexFormat.of().parseHex(h.replace(" ", "")));
    }

    /** {@code content} after a 1-byte length: the actual length. */
    TlsBytes vec8(byte[] content) {
        return u8(content.length).bytes(content);
    }

    TlsBytes vec16(byte[] content) {
        return u16(content.length).bytes(content);
    }

    TlsBytes vec24(byte[] content) {
        return u24(content.length).bytes(content);
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ static helpers

    static TlsBytes create() {
        return new TlsBytes();
    }

    static byte[] concat(byte[]... parts) {
        TlsBytes b = new TlsBytes();
        for (byte[] p : parts) {
            b.bytes(p);
        }
        return b.toBytes();
    }

    static byte[] u16s(int... values) {
        TlsBytes b = new TlsBytes();
        for (int v : values) {
            b.u16(v);
        }
        return b.toBytes();
    }

    static byte[] u8s(int... values) {
        TlsBytes b = new TlsBytes();
        for (int v : values) {
            b.u8(v);
        }
        return b.toBytes();
    }

    static byte[] fromHex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static String toHex(byte[] b, int max) {
        String h = HexFormat.of().formatHex(b, 0, Math.min(b.length, max));
        return b.length > max ? h + "..(" + b.length + " bytes)" : h;
    }

    static byte[] repeat(int value, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static byte[] truncate(byte[] b, int length) {
        return Arrays.copyOf(b, Math.min(length, b.length));
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** One record: type, version, the actual length, the fragment. */
    static byte[] record(int type, int version, byte[] fragment) {
        return record(type, version, fragment.length, fragment);
    }

    /**
     * One record whose header declares {@code declaredLength} whatever the fragment's real size.
     */
    static byte[] record(int type, int version, int declaredLength, byte[] fragment) {
        return create().u8(type).u16(version).u16(declaredLength).bytes(fragment).toBytes();
    }

    /** A record header alone. */
    static byte[] recordHeader(int type, int version, int declaredLength) {
        return create().u8(type).u16(version).u16(declaredLength).toBytes();
    }

    /**
     * {@code payload} cut into records of at most {@code fragment} bytes (at least one record, even
     * if empty).
     */
    static byte[] records(int type, int version, byte[] payload, int fragment) {
        TlsBytes b = create();
        if (payload.length == 0) {
            return record(type, version, payload);
        }
        for (int off = 0; off < payload.length; off += fragment) {
            b.bytes(
                    record(
                            type,
                            version,
                            Arrays.copyOfRange(
                                    payload, off, Math.min(payload.length, off + fragment))));
        }
        return b.toBytes();
    }

    /**
     * {@code payload} cut at the given offsets into handshake records, with {@code between} (any
     * bytes, e.g. another record) inserted between consecutive fragments.
     */
    static byte[] fragmented(int version, byte[] payload, byte[] between, int... cuts) {
        TlsBytes b = create();
        int from = 0;
        for (int cut : cuts) {
            b.bytes(record(HANDSHAKE, version, Arrays.copyOfRange(payload, from, cut)));
            b.bytes(between);
            from = cut;
        }
        b.bytes(record(HANDSHAKE, version, Arrays.copyOfRange(payload, from, payload.length)));
        return b.toBytes();
    }

    /** A handshake message: type, 3-byte actual length, body. */
    static byte[] handshake(int type, byte[] body) {
        return create().u8(type).vec24(body).toBytes();
    }

    /** An alert record's fragment. */
    static byte[] alert(int level, int description) {
        return u8s(level, description);
    }
}
