package io.tlsbio.ssl.internal;

import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Optional;

/**
 * Private keys as bctls's JCA signer wants them: it picks Ed25519 and Ed448 signers by {@code
 * getAlgorithm()} ("Ed25519"/"Ed448"), while the JDK's EdDSA keys all answer "EdDSA".
 */
final class JcaKeys {

    private JcaKeys() {}

    /** {@code key}, or for a JDK EdDSA key the same key under its curve's name. */
    static PrivateKey forSigner(PrivateKey key, CertSlot slot) {
        boolean ed = slot == CertSlot.ED25519 || slot == CertSlot.ED448;
        if (ed
                && key instanceof EdECPrivateKey edKey
                && !slot.keyName().equalsIgnoreCase(key.getAlgorithm())) {
            return new NamedEdKey(edKey, slot.keyName());
        }
        return key;
    }

    /**
     * An EdDSA private key that names its curve as its algorithm; everything else is the JDK key's.
     */
    private static final class NamedEdKey implements EdECPrivateKey {
        private static final long serialVersionUID = 1L;
        private final EdECPrivateKey key;
        private final String algorithm;

        NamedEdKey(EdECPrivateKey key, String algorithm) {
            this.key = key;
            this.algorithm = algorithm;
        }

        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return key.getFormat();
        }

        @Override
        public byte[] getEncoded() {
            return key.getEncoded();
        }

        @Override
        public Optional<byte[]> getBytes() {
            return key.getBytes();
        }

        @Override
        public NamedParameterSpec getParams() {
            return key.getParams();
        }
    }
}
