package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * bctls's pure-Java crypto for the handshake (fast EC, X25519, ECDSA) with the JDK's AES-GCM for
 * records (docs/decisions.md, docs/bctls.md). With {@code deterministic}, the per-connection nonce
 * generator ignores bctls's time-based seed material, so a seeded {@link SecureRandom} gives
 * byte-identical transcripts (docs/bctls.md, "Crypto").
 */
public final class HybridTlsCrypto extends BcTlsCrypto {

    private final boolean deterministic;
    private final boolean jceGcm;

    public HybridTlsCrypto(SecureRandom random, boolean deterministic, boolean jceGcm) {
        super(random);
        this.deterministic = deterministic;
        this.jceGcm = jceGcm;
    }

    @Override
    protected TlsAEADCipher createCipher_AES_GCM(
            TlsCryptoParameters params, int keySize, int macSize) throws IOException {
        if (!jceGcm) {
            return super.createCipher_AES_GCM(params, keySize, macSize);
        }
        try {
            return new TlsAEADCipher(
                    params,
                    new JceAesGcm(true),
                    new JceAesGcm(false),
                    keySize,
                    macSize,
                    TlsAEADCipher.AEAD_GCM,
                    null);
        } catch (GeneralSecurityException e) {
            // no JCE AES-GCM on this JVM: bctls's own is slower but correct
            return super.createCipher_AES_GCM(params, keySize, macSize);
        }
    }

    @Override
    public TlsNonceGenerator createNonceGenerator(byte[] additionalSeedMaterial) {
        return super.createNonceGenerator(
                deterministic ? new byte[additionalSeedMaterial.length] : additionalSeedMaterial);
    }
}
