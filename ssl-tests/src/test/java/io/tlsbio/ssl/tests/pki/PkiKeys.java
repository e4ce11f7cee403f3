package io.tlsbio.ssl.tests.pki;

import io.tlsbio.ssl.DeterministicRandom;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * The matrix's key pairs: made once per JVM from a fixed seed and the key's label (BouncyCastle's
 * lightweight generators over {@link DeterministicRandom}), so a run makes each key once and two
 * runs make the same keys. Cases that do not need a key of their own share one by label.
 */
final class PkiKeys {

    /**
     * What kind of key: the matrix's default is P-256, RSA 2048 where RSA matters, RSA 1024 to be
     * too small.
     */
    enum Kind {
        EC_P256("EC", 0),
        RSA_2048("RSA", 2048),
        RSA_1024("RSA", 1024);

        final String algorithm;
        final int bits;

        Kind(String algorithm, int bits) {
            this.algorithm = algorithm;
            this.bits = bits;
        }
    }

    private static final long SEED = 0x706b696d61747269L;
    private static final DeterministicRandom ROOT = new DeterministicRandom(SEED);
    private static final Map<String, KeyPair> CACHE = new ConcurrentHashMap<>();

    private PkiKeys() {}

    /** The key pair named {@code label} of {@code kind}; the same object for the same arguments. */
    static KeyPair get(String label, Kind kind) {
        return CACHE.computeIfAbsent(kind + "/" + label, k -> generate(kind, ROOT.derive(k)));
    }

    private static KeyPair generate(Kind kind, DeterministicRandom random) {
        AsymmetricCipherKeyPair kp;
        if (kind == Kind.EC_P256) {
            ECKeyPairGenerator g = new ECKeyPairGenerator();
            g.init(
                    new ECKeyGenerationParameters(
                            ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1),
                            random));
            kp = g.generateKeyPair();
        } else {
            RSAKeyPairGenerator g = new RSAKeyPairGenerator();
            g.init(
                    new RSAKeyGenerationParameters(
                            BigInteger.valueOf(65537), random, kind.bits, 112));
            kp = g.generateKeyPair();
        }
        try {
            KeyFactory kf = KeyFactory.getInstance(kind.algorithm);
            return new KeyPair(
                    kf.generatePublic(
                            new X509EncodedKeySpec(
                                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                                                    kp.getPublic())
                                            .getEncoded())),
                    kf.generatePrivate(
                            new PKCS8EncodedKeySpec(
                                    PrivateKeyInfoFactory.createPrivateKeyInfo(kp.getPrivate())
                                            .getEncoded())));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot import a generated " + kind + " key", e);
        }
    }
}
