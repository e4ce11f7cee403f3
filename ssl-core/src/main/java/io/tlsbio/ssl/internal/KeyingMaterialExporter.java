package io.tlsbio.ssl.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsHash;
import org.bouncycastle.tls.crypto.TlsSecret;

/**
 * Keying material exporters ({@code SSL_export_keying_material}): RFC 5705 over the TLS 1.2 PRF,
 * RFC 8446 section 7.5 over the TLS 1.3 exporter master secret, with OpenSSL 3.0's rules ({@code
 * tls1_export_keying_material}, {@code tls13_export_keying_material}). bctls's own exporter works
 * only inside its handshake-complete callback and refuses TLS 1.2 sessions without
 * extended_master_secret, which OpenSSL serves; this one works on a copy of the secret for the life
 * of the connection.
 */
public final class KeyingMaterialExporter {

    /**
     * Labels TLS 1.2 reserves for itself: OpenSSL refuses any label that starts with one
     * (SSL_R_TLS_ILLEGAL_EXPORTER_LABEL).
     */
    private static final String[] TLS12_RESERVED = {
        "client finished",
        "server finished",
        "master secret",
        "extended master secret",
        "key expansion"
    };

    /** OpenSSL's TLS13_MAX_LABEL_LEN: "tls13 " and the label fit the 255 bytes of an HkdfLabel. */
    private static final int TLS13_MAX_LABEL = 249;

    private final TlsSecret secret;
    private final boolean tls13;

    /**
     * TLS 1.3: the hash of the suite ({@code CryptoHashAlgorithm}); TLS 1.2: the PRF ({@code
     * PRFAlgorithm}).
     */
    private final int algorithm;

    private final TlsCrypto crypto;
    private final byte[] clientRandom;
    private final byte[] serverRandom;

    private KeyingMaterialExporter(
            TlsSecret secret,
            boolean tls13,
            int algorithm,
            TlsCrypto crypto,
            byte[] clientRandom,
            byte[] serverRandom) {
        this.secret = secret;
        this.tls13 = tls13;
        this.algorithm = algorithm;
        this.crypto = crypto;
        this.clientRandom = clientRandom;
        this.serverRandom = serverRandom;
    }

    /** A TLS 1.3 exporter over a copy of the exporter master secret and the suite's hash. */
    static KeyingMaterialExporter tls13(
            TlsSecret exporterMasterSecret, int cryptoHashAlgorithm, TlsCrypto crypto) {
        return new KeyingMaterialExporter(
                exporterMasterSecret, true, cryptoHashAlgorithm, crypto, null, null);
    }

    /** A TLS 1.2 exporter over a copy of the master secret, the PRF and both randoms. */
    static KeyingMaterialExporter tls12(
            TlsSecret masterSecret, int prfAlgorithm, byte[] clientRandom, byte[] serverRandom) {
        return new KeyingMaterialExporter(
                masterSecret,
                false,
                prfAlgorithm,
                null,
                clientRandom.clone(),
                serverRandom.clone());
    }

    /**
     * {@code length} bytes of keying material for {@code label} and {@code context} (null: none,
     * which TLS 1.3 treats as empty and TLS 1.2 leaves out of the seed).
     *
     * @throws IllegalArgumentException where OpenSSL fails: a TLS 1.2 label reserved for the
     *     protocol or a length of 0; a TLS 1.3 label over 249 bytes or a length over 255 hash
     *     lengths; a context over 65535 bytes
     */
    public byte[] export(String label, byte[] context, int length) {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        if (context != null && context.length > 0xffff) {
            throw new IllegalArgumentException(
                    "context longer than 65535 bytes: " + context.length);
        }
        return tls13 ? export13(l, context, length) : export12(label, l, context, length);
    }

    private byte[] export12(String label, byte[] l, byte[] context, int length) {
        for (String reserved : TLS12_RESERVED) {
            if (label.startsWith(reserved)) {
                throw new IllegalArgumentException(
                        "illegal exporter label: '"
                                + label
                                + "' (TLS 1.2 reserves '"
                                + reserved
                                + "')");
            }
        }
        if (length == 0) {
            // OpenSSL's TLS 1.2 PRF refuses an empty output ("invalid key length")
            throw new IllegalArgumentException("length 0: TLS 1.2 exports at least one byte");
        }
        ByteArrayOutputStream seed = new ByteArrayOutputStream();
        // PRF(secret, label, seed) hashes label || seed, so the label's bytes go first in the seed
        seed.writeBytes(l);
        seed.writeBytes(clientRandom);
        seed.writeBytes(serverRandom);
        if (context != null) {
            seed.write(context.length >> 8);
            seed.write(context.length);
            seed.writeBytes(context);
        }
        return secret.deriveUsingPRF(algorithm, "", seed.toByteArray(), length).extract();
    }

    private byte[] export13(byte[] l, byte[] context, int length) {
        if (l.length > TLS13_MAX_LABEL) {
            throw new IllegalArgumentException(
                    "illegal exporter label: longer than " + TLS13_MAX_LABEL + " bytes");
        }
        int hashLength = hash(new byte[0]).length;
        if (length > 255 * hashLength) {
            throw new IllegalArgumentException(
                    "length " + length + " over HKDF's limit of " + 255 * hashLength);
        }
        // Derive-Secret(Secret, label, "") then HKDF-Expand-Label(.., "exporter", Hash(context),
        // length)
        TlsSecret derived =
                secret.hkdfExpand(
                        algorithm, hkdfLabel(l, hash(new byte[0]), hashLength), hashLength);
        byte[] exporter = "exporter".getBytes(StandardCharsets.US_ASCII);
        byte[] out =
                derived.hkdfExpand(
                                algorithm,
                                hkdfLabel(
                                        exporter,
                                        hash(context == null ? new byte[0] : context),
                                        length),
                                length)
                        .extract();
        derived.destroy();
        return out;
    }

    /**
     * RFC 8446's HkdfLabel: uint16 length, opaque label&lt;7..255&gt; ("tls13 " + label), opaque
     * context&lt;0..255&gt;.
     */
    private static byte[] hkdfLabel(byte[] label, byte[] context, int length) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(length >> 8);
        b.write(length);
        b.write(6 + label.length);
        b.writeBytes("tls13 ".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(label);
        b.write(context.length);
        b.writeBytes(context);
        return b.toByteArray();
    }

    private byte[] hash(byte[] data) {
        TlsHash h = crypto.createHash(algorithm);
        h.update(data, 0, data.length);
        return h.calculateHash();
    }

    /** Wipes the secret. */
    void destroy() {
        secret.destroy();
    }
}
