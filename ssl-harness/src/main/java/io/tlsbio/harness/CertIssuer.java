package io.tlsbio.harness;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcContentSignerBuilder;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.operator.bc.BcRSAContentSignerBuilder;

/**
 * Key generation and certificate signing with BouncyCastle's lightweight API, so that the output
 * depends only on the {@link SecureRandom} given (and the pinned BC version), not on JDK providers.
 * Keys are handed out as JDK key objects, re-imported from their standard encodings.
 */
final class CertIssuer {

    private static final BigInteger RSA_PUBLIC_EXPONENT = BigInteger.valueOf(65537);
    private static final int RSA_BITS = 2048;
    private static final int RSA_CERTAINTY = 112;

    /** What to put in one certificate. */
    record Spec(
            X500Name subject,
            PublicKey subjectKey,
            X500Name issuer,
            PublicKey issuerPublicKey,
            PrivateKey issuerKey,
            KeyType issuerKeyType,
            Instant notBefore,
            Instant notAfter,
            boolean ca,
            KeyType subjectKeyType,
            GeneralNames subjectAltNames) {}

    private CertIssuer() {}

    /** A fresh key pair of {@code type}, drawing only from {@code random}. */
    static KeyPair generate(KeyType type, SecureRandom random) {
        AsymmetricCipherKeyPair kp;
        switch (type) {
            case RSA -> {
                RSAKeyPairGenerator gen = new RSAKeyPairGenerator();
                gen.init(
                        new RSAKeyGenerationParameters(
                                RSA_PUBLIC_EXPONENT, random, RSA_BITS, RSA_CERTAINTY));
                kp = gen.generateKeyPair();
            }
            case ECDSA -> {
                ECKeyPairGenerator gen = new ECKeyPairGenerator();
                gen.init(
                        new ECKeyGenerationParameters(
                                ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1),
                                random));
                kp = gen.generateKeyPair();
            }
            default -> throw new AssertionError(type);
        }
        try {
            KeyFactory kf = KeyFactory.getInstance(type.keyAlgorithm());
            byte[] spki =
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(kp.getPublic())
                            .getEncoded();
            byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(kp.getPrivate()).getEncoded();
            return new KeyPair(
                    kf.generatePublic(new X509EncodedKeySpec(spki)),
                    kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot import a generated " + type + " key", e);
        }
    }

    /**
     * Signs a certificate as {@code spec} describes; serial and signature draw from {@code random}.
     */
    static X509Certificate issue(Spec spec, SecureRandom random) {
        try {
            SubjectPublicKeyInfo subjectInfo =
                    SubjectPublicKeyInfo.getInstance(spec.subjectKey().getEncoded());
            SubjectPublicKeyInfo issuerInfo =
                    SubjectPublicKeyInfo.getInstance(spec.issuerPublicKey().getEncoded());
            BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
            X509v3CertificateBuilder b =
                    new X509v3CertificateBuilder(
                            spec.issuer(),
                            serial,
                            Date.from(spec.notBefore()),
                            Date.from(spec.notAfter()),
                            spec.subject(),
                            subjectInfo);
            BcX509ExtensionUtils ext = new BcX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(spec.ca()));
            int usage =
                    spec.ca()
                            ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                            : KeyUsage.digitalSignature
                                    | (spec.subjectKeyType() == KeyType.RSA
                                            ? KeyUsage.keyEncipherment
                                            : 0);
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            if (!spec.ca()) {
                b.addExtension(
                        Extension.extendedKeyUsage,
                        false,
                        new ExtendedKeyUsage(
                                new KeyPurposeId[] {
                                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                                }));
            }
            if (spec.subjectAltNames() != null) {
                b.addExtension(Extension.subjectAlternativeName, false, spec.subjectAltNames());
            }
            b.addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    ext.createSubjectKeyIdentifier(subjectInfo));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    ext.createAuthorityKeyIdentifier(issuerInfo));
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(spec, random)));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + spec.subject(), e);
        }
    }

    private static ContentSigner signer(Spec spec, SecureRandom random)
            throws IOException, OperatorCreationException {
        AlgorithmIdentifier sigAlg =
                new DefaultSignatureAlgorithmIdentifierFinder()
                        .find(spec.issuerKeyType().signatureAlgorithm());
        AlgorithmIdentifier digAlg = new DefaultDigestAlgorithmIdentifierFinder().find(sigAlg);
        BcContentSignerBuilder builder =
                spec.issuerKeyType() == KeyType.RSA
                        ? new BcRSAContentSignerBuilder(sigAlg, digAlg)
                        : new BcECContentSignerBuilder(sigAlg, digAlg);
        AsymmetricKeyParameter key = PrivateKeyFactory.createKey(spec.issuerKey().getEncoded());
        return builder.setSecureRandom(random).build(key);
    }
}
