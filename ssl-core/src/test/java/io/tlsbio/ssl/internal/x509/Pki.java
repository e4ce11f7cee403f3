package io.tlsbio.ssl.internal.x509;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for the verifier tests: certificates and CRLs built with bcpkix,
 * every field settable, defaults that make a valid EC P-256 chain around {@link #NOW}.
 */
final class Pki {

    /** The verification time the tests use. */
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SERIAL = new AtomicLong(1000);
    private static KeyPair sharedEc;

    private Pki() {}

    /** A certificate and its key. */
    record Cert(X509Certificate cert, KeyPair key) {
        String name() {
            return cert.getSubjectX500Principal().getName();
        }
    }

    /** An EC P-256 key pair; the same one each call unless {@code fresh}. */
    static synchronized KeyPair ec(boolean fresh) {
        if (!fresh && sharedEc != null) {
            return sharedEc;
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair kp = g.generateKeyPair();
            if (!fresh) {
                sharedEc = kp;
            }
            return kp;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh EC P-256 key pair. */
    static KeyPair ec() {
        return ec(true);
    }

    /** A fresh RSA key pair of {@code bits}. */
    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh key pair of {@code algorithm} ("Ed25519", "Ed448", ...). */
    static KeyPair keys(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a certificate named {@code dn} ("CN=x,O=y"). */
    static Builder cert(String dn) {
        return new Builder(dn);
    }

    /** A self-signed root CA named CN={@code cn}. */
    static Cert root(String cn) {
        return cert("CN=" + cn).ca().build();
    }

    /** An intermediate CA named CN={@code cn} issued by {@code issuer}. */
    static Cert intermediate(String cn, Cert issuer) {
        return cert("CN=" + cn).ca().issuer(issuer).build();
    }

    /** A TLS server/client leaf for {@code dns} issued by {@code issuer}. */
    static Cert leaf(String dns, Cert issuer) {
        return cert("CN=" + dns).issuer(issuer).dns(dns).build();
    }

    /** Builds one certificate. */
    static final class Builder {
        private final String dn;
        private Cert issuer;
        private KeyPair key;
        private Instant notBefore = NOW.minusSeconds(86400);
        private Instant notAfter = NOW.plusSeconds(365L * 86400);
        private String sigAlg;
        private boolean v1;
        private BigInteger serial = BigInteger.valueOf(SERIAL.incrementAndGet());
        private boolean skid = true;
        private boolean akid = true;
        private final List<Object[]> extensions = new ArrayList<>();
        private final List<GeneralName> sans = new ArrayList<>();
        private boolean caSet;
        private SubjectPublicKeyInfo spki;
        private boolean noBasicConstraints;
        private boolean bcParsed;
        private org.bouncycastle.asn1.x509.Time rawNotBefore;
        private org.bouncycastle.asn1.x509.Time rawNotAfter;

        private Builder(String dn) {
            this.dn = dn;
        }

        /** Signed by {@code issuer} (default: self-signed). */
        Builder issuer(Cert issuer) {
            this.issuer = issuer;
            return this;
        }

        /**
         * Publishes {@code info} as the certificate's key instead of the key pair's (it still
         * signs).
         */
        Builder publicKeyInfo(SubjectPublicKeyInfo info) {
            this.spki = info;
            return this;
        }

        /** Leaves basicConstraints out (by default a non-CA certificate says CA:FALSE). */
        Builder noBasicConstraints() {
            this.noBasicConstraints = true;
            return this;
        }

        /**
         * Parses the result with bouncycastle's certificate factory (the JDK's refuses some
         * encodings).
         */
        Builder bcParsed() {
            this.bcParsed = true;
            return this;
        }

        Builder key(KeyPair key) {
            this.key = key;
            return this;
        }

        Builder validity(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        /** Validity times encoded exactly as given (to produce encodings RFC 5280 forbids). */
        Builder rawValidity(
                org.bouncycastle.asn1.x509.Time from, org.bouncycastle.asn1.x509.Time to) {
            this.rawNotBefore = from;
            this.rawNotAfter = to;
            return this;
        }

        /**
         * The JCA signature algorithm ("SHA1withRSA"); default SHA-256 with the issuer key's type.
         */
        Builder sigAlg(String alg) {
            this.sigAlg = alg;
            return this;
        }

        Builder serial(long s) {
            this.serial = BigInteger.valueOf(s);
            return this;
        }

        /** A version 1 certificate: no extensions at all. */
        Builder v1() {
            this.v1 = true;
            return this;
        }

        Builder noKeyIds() {
            this.skid = false;
            this.akid = false;
            return this;
        }

        Builder noAuthorityKeyId() {
            this.akid = false;
            return this;
        }

        /** basicConstraints CA:TRUE (critical) and keyUsage keyCertSign, cRLSign (critical). */
        Builder ca() {
            caSet = true;
            ext(Extension.basicConstraints, true, new BasicConstraints(true));
            return keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign);
        }

        /**
         * basicConstraints CA:TRUE with a path length constraint, keyUsage keyCertSign, cRLSign.
         */
        Builder ca(int pathLen) {
            caSet = true;
            ext(Extension.basicConstraints, true, new BasicConstraints(pathLen));
            return keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign);
        }

        Builder basicConstraints(boolean isCa) {
            caSet = true;
            return ext(Extension.basicConstraints, true, new BasicConstraints(isCa));
        }

        /** keyUsage with bouncycastle {@link KeyUsage} bits, critical. */
        Builder keyUsage(int bits) {
            extensions.removeIf(e -> e[0].equals(Extension.keyUsage));
            return ext(Extension.keyUsage, true, new KeyUsage(bits));
        }

        Builder eku(KeyPurposeId... ids) {
            return ext(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ids));
        }

        Builder dns(String... names) {
            for (String n : names) {
                sans.add(new GeneralName(GeneralName.dNSName, n));
            }
            return this;
        }

        Builder ip(String... addresses) {
            for (String a : addresses) {
                sans.add(new GeneralName(GeneralName.iPAddress, a));
            }
            return this;
        }

        Builder san(GeneralName... names) {
            sans.addAll(List.of(names));
            return this;
        }

        Builder nameConstraints(GeneralSubtree[] permitted, GeneralSubtree[] excluded) {
            return ext(Extension.nameConstraints, true, new NameConstraints(permitted, excluded));
        }

        Builder ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            extensions.add(new Object[] {oid, critical, value});
            return this;
        }

        Cert build() {
            KeyPair kp = key != null ? key : ec(true);
            PrivateKey signer = issuer == null ? kp.getPrivate() : issuer.key().getPrivate();
            X500Name subject = new X500Name(dn);
            X500Name issuerName =
                    issuer == null
                            ? subject
                            : X500Name.getInstance(
                                    issuer.cert().getSubjectX500Principal().getEncoded());
            try {
                SubjectPublicKeyInfo spki =
                        this.spki != null
                                ? this.spki
                                : SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
                ContentSigner cs =
                        new JcaContentSignerBuilder(sigAlg != null ? sigAlg : defaultAlg(signer))
                                .build(signer);
                X509CertificateHolder h;
                if (v1) {
                    h =
                            new X509v1CertificateBuilder(
                                            issuerName,
                                            serial,
                                            Date.from(notBefore),
                                            Date.from(notAfter),
                                            subject,
                                            spki)
                                    .build(cs);
                } else {
                    X509v3CertificateBuilder b =
                            rawNotBefore != null
                                    ? new X509v3CertificateBuilder(
                                            issuerName,
                                            serial,
                                            rawNotBefore,
                                            rawNotAfter,
                                            subject,
                                            spki)
                                    : new X509v3CertificateBuilder(
                                            issuerName,
                                            serial,
                                            Date.from(notBefore),
                                            Date.from(notAfter),
                                            subject,
                                            spki);
                    JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
                    if (skid) {
                        b.addExtension(
                                Extension.subjectKeyIdentifier,
                                false,
                                u.createSubjectKeyIdentifier(kp.getPublic()));
                    }
                    if (akid && issuer != null) {
                        b.addExtension(
                                Extension.authorityKeyIdentifier,
                                false,
                                new AuthorityKeyIdentifier(
                                        u.createSubjectKeyIdentifier(issuer.key().getPublic())
                                                .getKeyIdentifier()));
                    }
                    if (!caSet && !noBasicConstraints) {
                        b.addExtension(
                                Extension.basicConstraints, false, new BasicConstraints(false));
                    }
                    for (Object[] e : extensions) {
                        b.addExtension(
                                (ASN1ObjectIdentifier) e[0], (Boolean) e[1], (ASN1Encodable) e[2]);
                    }
                    if (!sans.isEmpty()) {
                        b.addExtension(
                                Extension.subjectAlternativeName,
                                false,
                                new GeneralNames(sans.toArray(new GeneralName[0])));
                    }
                    h = b.build(cs);
                }
                return new Cert(bcParsed ? toBcX509(h.getEncoded()) : toX509(h.getEncoded()), kp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static String defaultAlg(PrivateKey k) {
        if (k instanceof java.security.interfaces.EdECKey ed) {
            return ed.getParams().getName();
        }
        switch (k.getAlgorithm()) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
                return "SHA256withECDSA";
            default:
                return k.getAlgorithm();
        }
    }

    /** Parses DER as the JDK does for the code under test. */
    static X509Certificate toX509(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses DER with bouncycastle's certificate factory. */
    static X509Certificate toBcX509(byte[] der) {
        try {
            return (X509Certificate)
                    new org.bouncycastle.jcajce.provider.asymmetric.x509.CertificateFactory()
                            .engineGenerateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a CRL signed by {@code issuer}. */
    static CrlBuilder crl(Cert issuer) {
        return new CrlBuilder(issuer);
    }

    /** Builds one CRL. */
    static final class CrlBuilder {
        private final Cert issuer;
        private PrivateKey signer;
        private Instant thisUpdate = NOW.minusSeconds(3600);
        private Instant nextUpdate = NOW.plusSeconds(30L * 86400);
        private boolean akid = true;
        private final List<Object[]> revoked = new ArrayList<>();
        private final List<Object[]> extensions = new ArrayList<>();

        private CrlBuilder(Cert issuer) {
            this.issuer = issuer;
            this.signer = issuer.key().getPrivate();
        }

        CrlBuilder revoke(Cert c) {
            return revoke(c, CRLReason.keyCompromise);
        }

        CrlBuilder revoke(Cert c, int reason) {
            revoked.add(new Object[] {c.cert().getSerialNumber(), reason});
            return this;
        }

        CrlBuilder times(Instant thisUpd, Instant nextUpd) {
            this.thisUpdate = thisUpd;
            this.nextUpdate = nextUpd;
            return this;
        }

        CrlBuilder signedBy(PrivateKey k) {
            this.signer = k;
            return this;
        }

        CrlBuilder noAuthorityKeyId() {
            this.akid = false;
            return this;
        }

        CrlBuilder ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            extensions.add(new Object[] {oid, critical, value});
            return this;
        }

        X509CRL build() {
            try {
                X500Name name =
                        X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
                X509v2CRLBuilder b = new X509v2CRLBuilder(name, Date.from(thisUpdate));
                if (nextUpdate != null) {
                    b.setNextUpdate(Date.from(nextUpdate));
                }
                for (Object[] r : revoked) {
                    b.addCRLEntry((BigInteger) r[0], Date.from(thisUpdate), (Integer) r[1]);
                }
                if (akid) {
                    b.addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            new AuthorityKeyIdentifier(
                                    new JcaX509ExtensionUtils()
                                            .createSubjectKeyIdentifier(issuer.key().getPublic())
                                            .getKeyIdentifier()));
                }
                for (Object[] e : extensions) {
                    b.addExtension(
                            (ASN1ObjectIdentifier) e[0], (Boolean) e[1], (ASN1Encodable) e[2]);
                }
                X509CRLHolder h =
                        b.build(new JcaContentSignerBuilder(defaultAlg(signer)).build(signer));
                return (X509CRL)
                        CertificateFactory.getInstance("X.509")
                                .generateCRL(new ByteArrayInputStream(h.getEncoded()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
