package io.tlsbio.ssl.internal;

import java.util.Arrays;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;

/**
 * The TLS 1.3 handshake transcript, kept by tlsbio because bctls 1.84 keeps its own to itself and
 * derives no resumption_master_secret: every handshake message in and out, in order, until the
 * client's Finished. {@link #hash} is Transcript-Hash(ClientHello ... client Finished) of RFC 8446
 * 4.4.1, with a first ClientHello answered by a HelloRetryRequest replaced by its message_hash.
 *
 * <p>The bytes are kept only until the cipher suite of the ServerHello (or HelloRetryRequest) is
 * in, which names the hash; from then on they go into a running hash, as OpenSSL's
 * ssl3_init_finished_mac / ssl3_digest_cached_records do. A ServerHello with a suite of no TLS 1.3
 * hash ends the recording (no TLS 1.3 handshake, nothing to hash); bytes that do not parse as a
 * ClientHello followed by a ServerHello stay kept and are hashed at the end.
 */
final class Transcript {

    /** The random of a HelloRetryRequest (RFC 8446 4.1.3). */
    private static final byte[] HRR_RANDOM =
            org.bouncycastle.util.encoders.Hex.decodeStrict(
                    "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    /** ServerHello: type(1) length(3) legacy_version(2) random(32), then the session id length. */
    private static final int SESSION_ID_AT = 4 + 2 + 32;

    /** Where the recording stands. */
    private enum State {
        /** Before the ServerHello's suite: the bytes are kept. */
        KEEPING,
        /** The hash is known: the bytes go into {@link #digest}. */
        HASHING,
        /** Closed, or no TLS 1.3 handshake: nothing is recorded. */
        CLOSED
    }

    private State state = State.KEEPING;

    /** The bytes kept while {@link State#KEEPING}: {@link #size} of them. */
    private byte[] kept;

    private int size;

    /** The running hash while {@link State#HASHING}, of {@link #hashAlgorithm}. */
    private Digest digest;

    private int hashAlgorithm = -1;

    /**
     * Adds handshake bytes in the order they were sent or received (whole messages or record
     * fragments).
     */
    void add(byte[] b, int off, int len) {
        switch (state) {
            case HASHING -> digest.update(b, off, len);
            case KEEPING -> {
                keep(b, off, len);
                startHashing();
            }
            case CLOSED -> {
                // nothing recorded
            }
        }
    }

    /** Stops recording and drops what was kept. */
    void close() {
        state = State.CLOSED;
        kept = null;
        digest = null;
    }

    /** Whether it is still recording. */
    boolean open() {
        return state != State.CLOSED;
    }

    /**
     * Transcript-Hash of everything added, with {@code cryptoHashAlgorithm}: the hash the
     * ServerHello's suite names (a TLS 1.3 handshake's PRF hash).
     *
     * @throws IllegalStateException when closed, or when the running hash is another one
     */
    byte[] hash(int cryptoHashAlgorithm) {
        return switch (state) {
            case HASHING -> {
                if (cryptoHashAlgorithm != hashAlgorithm) {
                    throw new IllegalStateException(
                            "transcript hashed with "
                                    + hashAlgorithm
                                    + ", asked for "
                                    + cryptoHashAlgorithm);
                }
                byte[] out = new byte[digest.getDigestSize()];
                digest.doFinal(out, 0);
                // doFinal reset the digest: what comes next is hashed alone, as before
                yield out;
            }
            case KEEPING -> {
                // no ServerHello could be read: what was kept, hashed at once
                Digest d = digestOfKept(cryptoHashAlgorithm);
                byte[] out = new byte[d.getDigestSize()];
                d.doFinal(out, 0);
                yield out;
            }
            case CLOSED -> throw new IllegalStateException("transcript closed");
        };
    }

    private void keep(byte[] b, int off, int len) {
        if (kept == null) {
            // the ClientHello, and room for the start of the ServerHello after it
            kept = new byte[Math.max(512, len + 128)];
        } else if (size + len > kept.length) {
            kept = Arrays.copyOf(kept, Math.max(size + len, kept.length * 2));
        }
        System.arraycopy(b, off, kept, size, len);
        size += len;
    }

    /**
     * Once the ClientHello and the ServerHello's suite are in: the running hash of the suite's
     * hash, fed what was kept (the ClientHello as its message_hash after a HelloRetryRequest).
     */
    private void startHashing() {
        if (size < 4) {
            return;
        }
        int first = 4 + length(kept, 0);
        if (size < first + SESSION_ID_AT + 1) {
            return;
        }
        if (kept[first] != HandshakeType.server_hello) {
            // not a ClientHello and a ServerHello: kept whole, hashed at the end
            return;
        }
        int suiteAt = first + SESSION_ID_AT + 1 + (kept[first + SESSION_ID_AT] & 0xff);
        if (size < suiteAt + 2) {
            return;
        }
        int alg = hashOf(((kept[suiteAt] & 0xff) << 8) | (kept[suiteAt + 1] & 0xff));
        if (alg < 0) {
            // no TLS 1.3 suite, so no TLS 1.3 handshake: nobody will ask for the hash
            close();
            return;
        }
        digest = digestOfKept(alg);
        hashAlgorithm = alg;
        kept = null;
        size = 0;
        state = State.HASHING;
    }

    /**
     * A running hash of {@code cryptoHashAlgorithm} fed what was kept, a first ClientHello answered
     * by a HelloRetryRequest as its message_hash (RFC 8446 4.4.1).
     */
    private Digest digestOfKept(int cryptoHashAlgorithm) {
        byte[] all = kept == null ? new byte[0] : kept;
        int n = size;
        Digest d = newDigest(cryptoHashAlgorithm);
        int first = n >= 4 ? 4 + length(all, 0) : n;
        if (first + 4 + 2 + 32 <= n
                && all[first] == HandshakeType.server_hello
                && Arrays.equals(all, first + 6, first + 38, HRR_RANDOM, 0, 32)) {
            Digest ch1 = newDigest(cryptoHashAlgorithm);
            ch1.update(all, 0, first);
            byte[] m = new byte[4 + ch1.getDigestSize()];
            m[0] = (byte) HandshakeType.message_hash;
            m[3] = (byte) ch1.getDigestSize();
            ch1.doFinal(m, 4);
            d.update(m, 0, m.length);
            d.update(all, first, n - first);
        } else {
            d.update(all, 0, n);
        }
        return d;
    }

    /**
     * The CryptoHashAlgorithm of a TLS 1.3 suite (bctls's getPRFAlgorithm13, which is not public,
     * then getHashForPRF), or -1 for a suite of no TLS 1.3 hash.
     */
    static int hashOf(int cipherSuite) {
        return switch (cipherSuite) {
            case CipherSuite.TLS_AES_128_GCM_SHA256,
                    CipherSuite.TLS_AES_128_CCM_SHA256,
                    CipherSuite.TLS_AES_128_CCM_8_SHA256,
                    CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                    CipherSuite.TLS_SHA256_SHA256 ->
                    CryptoHashAlgorithm.sha256;
            case CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_SHA384_SHA384 ->
                    CryptoHashAlgorithm.sha384;
            case CipherSuite.TLS_SM4_CCM_SM3, CipherSuite.TLS_SM4_GCM_SM3 ->
                    CryptoHashAlgorithm.sm3;
            default -> -1;
        };
    }

    private static Digest newDigest(int cryptoHashAlgorithm) {
        return switch (cryptoHashAlgorithm) {
            case CryptoHashAlgorithm.sha256 -> new SHA256Digest();
            case CryptoHashAlgorithm.sha384 -> new SHA384Digest();
            case CryptoHashAlgorithm.sm3 -> new SM3Digest();
            default -> throw new IllegalArgumentException("hash " + cryptoHashAlgorithm);
        };
    }

    private static int length(byte[] b, int at) {
        return ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
