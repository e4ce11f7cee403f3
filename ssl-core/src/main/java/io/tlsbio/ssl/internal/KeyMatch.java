package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Whether a private key belongs to a certificate: OpenSSL's {@code X509_check_private_key}, which
 * {@code SSL_CTX_use_PrivateKey} and {@code SSL_CTX_check_private_key} run. RSA compares modulus
 * and public exponent, EC the curve and the public point (recomputed from the private scalar),
 * Ed25519 and Ed448 the public key bytes (recomputed from the seed).
 */
final class KeyMatch {

    private KeyMatch() {}

    /**
     * Checks that {@code key} (of {@code slot}'s type) is the private half of {@code cert}'s public
     * key.
     *
     * @throws IllegalArgumentException with one line naming the certificate: "key type mismatch"
     *     (e.g. an RSA key with an EC certificate) or "key values mismatch", OpenSSL's reasons
     */
    static void check(X509Certificate cert, CertSlot slot, AsymmetricKeyParameter key) {
        SubjectPublicKeyInfo spki =
                SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded());
        CertSlot certSlot = CertSlot.of(spki.getAlgorithm().getAlgorithm());
        String who = cert.getSubjectX500Principal().getName();
        if (certSlot != slot) {
            String certType =
                    certSlot != null
                            ? certSlot.keyName()
                            : CertSlot.unsupportedName(spki.getAlgorithm().getAlgorithm());
            throw new IllegalArgumentException(
                    "private key does not match the certificate public key ("
                            + who
                            + "): key type mismatch, "
                            + slot.keyName()
                            + " key with an "
                            + certType
                            + " certificate");
        }
        AsymmetricKeyParameter pub;
        try {
            pub = PublicKeyFactory.createKey(spki);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot decode the public key of the certificate ("
                            + who
                            + "): "
                            + e.getMessage(),
                    e);
        }
        if (!sameKey(pub, key)) {
            throw new IllegalArgumentException(
                    "private key does not match the certificate public key ("
                            + who
                            + "): key values mismatch");
        }
    }

    private static boolean sameKey(AsymmetricKeyParameter pub, AsymmetricKeyParameter priv) {
        if (pub instanceof RSAKeyParameters p && priv instanceof RSAKeyParameters k) {
            boolean exponent =
                    !(k instanceof RSAPrivateCrtKeyParameters crt)
                            || crt.getPublicExponent().equals(p.getExponent());
            return p.getModulus().equals(k.getModulus()) && exponent;
        }
        if (pub instanceof ECPublicKeyParameters p && priv instanceof ECPrivateKeyParameters k) {
            return p.getParameters().equals(k.getParameters())
                    && k.getParameters()
                            .getG()
                            .multiply(k.getD())
                            .normalize()
                            .equals(p.getQ().normalize());
        }
        if (pub instanceof Ed25519PublicKeyParameters p
                && priv instanceof Ed25519PrivateKeyParameters k) {
            return Arrays.equals(p.getEncoded(), k.generatePublicKey().getEncoded());
        }
        if (pub instanceof Ed448PublicKeyParameters p
                && priv instanceof Ed448PrivateKeyParameters k) {
            return Arrays.equals(p.getEncoded(), k.generatePublicKey().getEncoded());
        }
        return false;
    }
}
