package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * bctls's pure-Java crypto for the handshake (fast EC, X25519, ECDSA) with the JDK's AES-GCM for
 * records (docs/decisions.md, docs/bctls.md). With {@code deterministic}, the per-connection nonce
 * generator ignores bctls's time-based seed material, so a seeded {@link SecureRandom} gives
 * byte-identical transcripts (docs/bctls.md, "Crypto"). A TLS 1.3 AES-GCM cipher is a {@link
 * Tls13RecordCipher}, which tlsbio's own application-data records share with bctls; it reaches the
 * connection through the connection's nonce generator ({@link ConnectionNonces}).
 */
public final class HybridTlsCrypto extends BcTlsCrypto {

    private final boolean deterministic;
    private final boolean jceGcm;
    private final ParsedCertificates certificates = new ParsedCertificates();

    public HybridTlsCrypto(SecureRandom random, boolean deterministic, boolean jceGcm) {
        super(random);
        this.deterministic = deterministic;
        this.jceGcm = jceGcm;
    }

    /** X.509 certificates come parsed from {@link ParsedCertificates} when seen before. */
    @Override
    public TlsCertificate createCertificate(short type, byte[] encoding) throws IOException {
        if (type != CertificateType.X509) {
            return super.createCertificate(type, encoding);
        }
        return certificates.get(encoding, e -> super.createCertificate(type, e));
    }

    @Override
    public TlsCipher createCipher(
            TlsCryptoParameters params, int encryptionAlgorithm, int macAlgorithm)
            throws IOException {
        int keySize =
                encryptionAlgorithm == EncryptionAlgorithm.AES_128_GCM
                        ? 16
                        : encryptionAlgorithm == EncryptionAlgorithm.AES_256_GCM ? 32 : 0;
        if (!jceGcm || keySize == 0 || !Tls13RecordCipher.tls13(params)) {
            return super.createCipher(params, encryptionAlgorithm, macAlgorithm);
        }
        OnJdk gcm = onJdk(params, keySize, Tls13RecordCipher.TAG);
        if (gcm == null) {
            return super.createCipher(params, encryptionAlgorithm, macAlgorithm);
        }
        Tls13RecordCipher c = new Tls13RecordCipher(params, gcm.cipher, gcm.sealer, gcm.opener);
        if (params.getNonceGenerator() instanceof ConnectionNonces n) {
            n.recordCipher(c);
        }
        return c;
    }

    @Override
    protected TlsAEADCipher createCipher_AES_GCM(
            TlsCryptoParameters params, int keySize, int macSize) throws IOException {
        OnJdk gcm = jceGcm ? onJdk(params, keySize, macSize) : null;
        return gcm != null ? gcm.cipher : super.createCipher_AES_GCM(params, keySize, macSize);
    }

    /** bctls's AES-GCM cipher over {@link JceAesGcm}, with the two it drives. */
    private record OnJdk(TlsAEADCipher cipher, JceAesGcm sealer, JceAesGcm opener) {}

    /** AES-GCM on the JDK, or null when this JVM has none (bctls's own is slower but correct). */
    private static OnJdk onJdk(TlsCryptoParameters params, int keySize, int macSize)
            throws IOException {
        JceAesGcm sealer;
        JceAesGcm opener;
        try {
            sealer = new JceAesGcm(true);
            opener = new JceAesGcm(false);
        } catch (GeneralSecurityException e) {
            return null;
        }
        return new OnJdk(
                new TlsAEADCipher(
                        params, sealer, opener, keySize, macSize, TlsAEADCipher.AEAD_GCM, null),
                sealer,
                opener);
    }

    @Override
    public TlsNonceGenerator createNonceGenerator(byte[] additionalSeedMaterial) {
        byte[] seed =
                deterministic ? new byte[additionalSeedMaterial.length] : additionalSeedMaterial;
        return new ConnectionNonces(
                super.createNonceGenerator(seed), () -> super.createNonceGenerator(seed));
    }
}
