package io.tlsbio.harness;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * TLS record and handshake-message framing for {@link RecordMutator}: splitting a byte stream into
 * records (type, version, body) and a plaintext handshake stream into messages (type, 24-bit
 * length, body), and joining them again. Package-private: the mutator's model, not an API.
 */
final class TlsRecords {

    static final int HEADER = 5;
    static final int MESSAGE_HEADER = 4;
    static final int HANDSHAKE = 22;

    /** The largest body a record header can announce. */
    static final int MAX_BODY = 0xFFFF;

    /**
     * The largest plaintext fragment TLS allows: what a re-fragmented handshake stream is cut to.
     */
    static final int MAX_FRAGMENT = 16384;

    static final int MAX_MESSAGE = 0xFFFFFF;

    private TlsRecords() {}

    /** One record: content type, 16-bit version, body (at most {@link #MAX_BODY} bytes). */
    static final class Rec {
        int type;
        int version;
        byte[] body;

        Rec(int type, int version, byte[] body) {
            this.type = type;
            this.version = version;
            this.body = body;
        }

        Rec copy() {
            return new Rec(type, version, body.clone());
        }
    }

    /** One handshake message: type and body; its 24-bit length is the body's. */
    static final class Msg {
        int type;
        byte[] body;

        Msg(int type, byte[] body) {
            this.type = type;
            this.body = body;
        }

        Msg copy() {
            return new Msg(type, body.clone());
        }

        int size() {
            return MESSAGE_HEADER + body.length;
        }
    }

    /**
     * The whole records at the start of {@code b}; bytes after the last whole record are left out.
     */
    static List<Rec> parse(byte[] b) {
        List<Rec> out = new ArrayList<>();
        int off = 0;
        while (off + HEADER <= b.length) {
            int len = u16(b, off + 3);
            if (off + HEADER + len > b.length) {
                break;
            }
            out.add(
                    new Rec(
                            b[off] & 0xff,
                            u16(b, off + 1),
                            Arrays.copyOfRange(b, off + HEADER, off + HEADER + len)));
            off += HEADER + len;
        }
        return out;
    }

    /** Bytes of {@code b} that form whole records from its start. */
    static int wholeRecordsLength(byte[] b) {
        int off = 0;
        while (off + HEADER <= b.length && off + HEADER + u16(b, off + 3) <= b.length) {
            off += HEADER + u16(b, off + 3);
        }
        return off;
    }

    /**
     * {@code stream} as handshake messages if it is exactly a sequence of whole ones (at least
     * one), else null.
     */
    static List<Msg> messages(byte[] stream) {
        List<Msg> out = new ArrayList<>();
        int off = 0;
        while (off < stream.length) {
            if (off + MESSAGE_HEADER > stream.length) {
                return null;
            }
            int len = ((stream[off + 1] & 0xff) << 16) | u16(stream, off + 2);
            if (off + MESSAGE_HEADER + len > stream.length) {
                return null;
            }
            out.add(
                    new Msg(
                            stream[off] & 0xff,
                            Arrays.copyOfRange(
                                    stream, off + MESSAGE_HEADER, off + MESSAGE_HEADER + len)));
            off += MESSAGE_HEADER + len;
        }
        return out.isEmpty() ? null : out;
    }

    /** The handshake stream of {@code messages}: each message's 4-byte header, then its body. */
    static byte[] join(List<Msg> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Msg m : messages) {
            int len = m.body.length;
            out.write(m.type);
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
            out.writeBytes(m.body);
        }
        return out.toByteArray();
    }

    static void write(
            ByteArrayOutputStream out, int type, int version, byte[] b, int off, int len) {
        out.write(type);
        out.write(version >>> 8);
        out.write(version);
        out.write(len >>> 8);
        out.write(len);
        out.write(b, off, len);
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }
}
