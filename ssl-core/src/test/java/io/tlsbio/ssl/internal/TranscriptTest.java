package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * The TLS 1.3 transcript hash (RFC 8446 4.4.1) against one computed here from all the bytes, for
 * whole messages and for any fragmentation, with and without a HelloRetryRequest.
 */
class TranscriptTest {

    private static final byte[] HRR_RANDOM =
            org.bouncycastle.util.encoders.Hex.decodeStrict(
                    "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    private final SecureRandom random = new SecureRandom(new byte[] {7});

    private byte[] message(int type, int bodyLength) {
        byte[] m = new byte[4 + bodyLength];
        random.nextBytes(m);
        m[0] = (byte) type;
        m[1] = (byte) (bodyLength >> 16);
        m[2] = (byte) (bodyLength >> 8);
        m[3] = (byte) bodyLength;
        return m;
    }

    /** A ServerHello (or HelloRetryRequest) with a session id of {@code sidLength} and a suite. */
    private byte[] serverHello(int suite, int sidLength, boolean hrr) {
        byte[] m = message(HandshakeType.server_hello, 2 + 32 + 1 + sidLength + 2 + 1 + 40);
        if (hrr) {
            System.arraycopy(HRR_RANDOM, 0, m, 6, 32);
        } else if (Arrays.equals(m, 6, 38, HRR_RANDOM, 0, 32)) {
            m[6] ^= 1;
        }
        m[38] = (byte) sidLength;
        m[39 + sidLength] = (byte) (suite >> 8);
        m[40 + sidLength] = (byte) suite;
        return m;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] digest(String alg, byte[] b) throws Exception {
        return MessageDigest.getInstance(alg).digest(b);
    }

    /** RFC 8446 4.4.1, computed with the JDK: message_hash of ClientHello1 after an HRR. */
    private static byte[] expected(String alg, byte[] ch1, byte[] rest, boolean hrr)
            throws Exception {
        if (!hrr) {
            return digest(alg, concat(ch1, rest));
        }
        byte[] d = digest(alg, ch1);
        byte[] header = {(byte) HandshakeType.message_hash, 0, 0, (byte) d.length};
        return digest(alg, concat(header, d, rest));
    }

    /** Adds {@code all} in pieces of {@code step} bytes (the last one shorter). */
    private static Transcript fed(byte[] all, int step) {
        Transcript t = new Transcript();
        for (int off = 0; off < all.length; off += step) {
            t.add(all, off, Math.min(step, all.length - off));
        }
        return t;
    }

    @Test
    void theRunningHashIsTheHashOfEverythingInAnyFragmentation() throws Exception {
        for (boolean hrr : new boolean[] {false, true}) {
            byte[] ch1 = message(HandshakeType.client_hello, 700);
            byte[] sh = serverHello(CipherSuite.TLS_AES_128_GCM_SHA256, 32, hrr);
            byte[] rest =
                    hrr
                            ? concat(
                                    sh,
                                    message(HandshakeType.client_hello, 730),
                                    serverHello(CipherSuite.TLS_AES_128_GCM_SHA256, 32, false),
                                    message(HandshakeType.finished, 32))
                            : concat(sh, message(HandshakeType.certificate, 900));
            byte[] all = concat(ch1, rest);
            byte[] want = expected("SHA-256", ch1, rest, hrr);
            for (int step : new int[] {1, 3, 5, 64, 704, 705, all.length}) {
                Transcript t = fed(all, step);
                assertThat(t.hash(CryptoHashAlgorithm.sha256))
                        .as("hrr %s, pieces of %d", hrr, step)
                        .isEqualTo(want);
            }
        }
    }

    @Test
    void aSha384SuiteHashesWithSha384() throws Exception {
        byte[] ch1 = message(HandshakeType.client_hello, 300);
        byte[] rest =
                concat(
                        serverHello(CipherSuite.TLS_AES_256_GCM_SHA384, 0, false),
                        message(HandshakeType.finished, 48));
        Transcript t = fed(concat(ch1, rest), 7);
        assertThat(t.hash(CryptoHashAlgorithm.sha384))
                .isEqualTo(expected("SHA-384", ch1, rest, false));
    }

    @Test
    void aServerHelloOfNoTls13SuiteEndsTheRecording() {
        Transcript t = new Transcript();
        byte[] ch = message(HandshakeType.client_hello, 200);
        t.add(ch, 0, ch.length);
        assertThat(t.open()).isTrue();
        byte[] sh = serverHello(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 32, false);
        t.add(sh, 0, sh.length);
        assertThat(t.open()).as("a TLS 1.2 suite").isFalse();
    }

    @Test
    void bytesThatAreNoClientHelloAndServerHelloAreHashedWhole() throws Exception {
        byte[] all =
                concat(
                        message(HandshakeType.client_hello, 100),
                        message(HandshakeType.certificate, 100));
        Transcript t = fed(all, 9);
        assertThat(t.hash(CryptoHashAlgorithm.sha256)).isEqualTo(digest("SHA-256", all));
    }

    @Test
    void aHashOtherThanTheSuitesOrAfterCloseIsRefused() {
        byte[] all =
                concat(
                        message(HandshakeType.client_hello, 100),
                        serverHello(CipherSuite.TLS_AES_128_GCM_SHA256, 0, false));
        Transcript t = fed(all, all.length);
        assertThatThrownBy(() -> t.hash(CryptoHashAlgorithm.sha384))
                .isInstanceOf(IllegalStateException.class);
        t.close();
        assertThat(t.open()).isFalse();
        assertThatThrownBy(() -> t.hash(CryptoHashAlgorithm.sha256))
                .isInstanceOf(IllegalStateException.class);
    }
}
