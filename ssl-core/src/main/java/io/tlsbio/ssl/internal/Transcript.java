package io.tlsbio.ssl.internal;

import java.io.ByteArrayOutputStream;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsHash;

/**
 * The TLS 1.3 handshake transcript, kept by tlsbio because bctls 1.84 keeps its own to itself and
 * derives no resumption_master_secret: every handshake message in and out, in order, until the
 * client's Finished. {@link #hash} is Transcript-Hash(ClientHello ... client Finished) of RFC 8446
 * 4.4.1, with a first ClientHello answered by a HelloRetryRequest replaced by its message_hash.
 */
final class Transcript {

    /** The random of a HelloRetryRequest (RFC 8446 4.1.3). */
    private static final byte[] HRR_RANDOM =
            org.bouncycastle.util.encoders.Hex.decodeStrict(
                    "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    private ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);

    /**
     * Adds handshake bytes in the order they were sent or received (whole messages or record
     * fragments).
     */
    void add(byte[] b, int off, int len) {
        if (bytes != null) {
            bytes.write(b, off, len);
        }
    }

    /** Stops recording and drops what was kept. */
    void close() {
        bytes = null;
    }

    /** Whether it is still recording. */
    boolean open() {
        return bytes != null;
    }

    /** Transcript-Hash of everything added, with {@code cryptoHashAlgorithm}. */
    byte[] hash(TlsCrypto crypto, int cryptoHashAlgorithm) {
        byte[] all = bytes.toByteArray();
        TlsHash h = crypto.createHash(cryptoHashAlgorithm);
        int first = all.length >= 4 ? 4 + length(all, 0) : all.length;
        if (first + 4 + 2 + 32 <= all.length
                && all[first] == HandshakeType.server_hello
                && java.util.Arrays.equals(all, first + 6, first + 38, HRR_RANDOM, 0, 32)) {
            // RFC 8446 4.4.1: ClientHello1 becomes message_hash(Hash(ClientHello1))
            TlsHash ch1 = crypto.createHash(cryptoHashAlgorithm);
            ch1.update(all, 0, first);
            byte[] d = ch1.calculateHash();
            h.update(new byte[] {(byte) HandshakeType.message_hash, 0, 0, (byte) d.length}, 0, 4);
            h.update(d, 0, d.length);
            h.update(all, first, all.length - first);
        } else {
            h.update(all, 0, all.length);
        }
        return h.calculateHash();
    }

    private static int length(byte[] b, int at) {
        return ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
