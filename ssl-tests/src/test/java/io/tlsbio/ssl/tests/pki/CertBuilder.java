package io.tlsbio.ssl.tests.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes one X.509 v3 certificate with exactly the extensions a matrix case needs (bcpkix): the
 * certificates {@code openssl x509 -req -extfile} would make from a hand-written extension file.
 *
 * <p>Defaults: a CA ({@link #ca}) has basicConstraints {@code critical,CA:true} and keyUsage {@code
 * critical,keyCertSign,cRLSign}; a leaf ({@link #leaf}) has {@code CA:false}, keyUsage
 * digitalSignature (+keyEncipherment for RSA) and extendedKeyUsage serverAuth,clientAuth; both have
 * subject and authority key identifiers and are valid from a day ago for ten years, signed with
 * SHA-256. Every setter replaces one of these.
 */
final class CertBuilder {

    /** How basicConstraints appears. */
    enum Bc {
        ABSENT,
        NOT_CA,
        CA
    }

    /** The digest the issuer signs with. */
    enum Digest {
        SHA256,
        SHA1
    }

    /**
     * An extension OID of our own arc that no verifier knows, for "unhandled critical extension".
     */
    static final ASN1ObjectIdentifier UNKNOWN_EXTENSION =
            new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1.1");

    private static final AtomicLong SERIALS = new AtomicLong(0x1000);

    /** One instant for the whole run, so every "valid now" certificate agrees. */
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final String commonName;
    private final KeyPair keys;
    private Issued issuer;
    private Instant notBefore = NOW.minus(Duration.ofDays(1));
    private Instant notAfter = NOW.plus(Duration.ofDays(3650));
    private Bc bc;
    private Integer pathLen;
    private Integer keyUsage;
    private boolean keyUsageAbsent;
    private List<KeyPurposeId> eku;
    private final List<GeneralName> sans = new ArrayList<>();
    private final List<GeneralSubtree> permitted = new ArrayList<>();
    private final List<GeneralSubtree> excluded = new ArrayList<>();
    private boolean unknownCritical;
    private boolean v1;
    private Digest digest = Digest.SHA256;

    private CertBuilder(String commonName, KeyPair keys, Bc bc) {
        this.commonName = commonName;
        this.keys = keys;
        this.bc = bc;
    }

    /** A CA certificate for {@code commonName}, self-signed unless {@link #issuer} is set. */
    static CertBuilder ca(String commonName, KeyPair keys) {
        return new CertBuilder(commonName, keys, Bc.CA);
    }

    /**
     * An end-entity certificate for {@code commonName}, self-signed unless {@link #issuer} is set.
     */
    static CertBuilder leaf(String commonName, KeyPair keys) {
        CertBuilder b = new CertBuilder(commonName, keys, Bc.NOT_CA);
        b.eku = List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
        return b;
    }

    CertBuilder issuer(Issued signer) {
        this.issuer = signer;
        return this;
    }

    CertBuilder validity(Instant from, Instant until) {
        this.notBefore = from;
        this.notAfter = until;
        return this;
    }

    /** Valid from two years ago until a year ago. */
    CertBuilder expired() {
        return validity(NOW.minus(Duration.ofDays(730)), NOW.minus(Duration.ofDays(365)));
    }

    /** Valid from a year ahead for a year. */
    CertBuilder notYetValid() {
        return validity(NOW.plus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(730)));
    }

    CertBuilder basicConstraints(Bc value) {
        this.bc = value;
        return this;
    }

    /** basicConstraints {@code CA:true, pathlen:n}. */
    CertBuilder pathLen(int n) {
        this.bc = Bc.CA;
        this.pathLen = n;
        return this;
    }

    /** keyUsage (critical) with these {@link KeyUsage} bits. */
    CertBuilder keyUsage(int bits) {
        this.keyUsage = bits;
        this.keyUsageAbsent = false;
        return this;
    }

    CertBuilder noKeyUsage() {
        this.keyUsageAbsent = true;
        return this;
    }

    /** extendedKeyUsage with exactly these purposes; none at all for an empty array. */
    CertBuilder eku(KeyPurposeId... purposes) {
        this.eku = List.of(purposes);
        return this;
    }

    CertBuilder dns(String... names) {
        for (String n : names) {
            sans.add(new GeneralName(GeneralName.dNSName, n));
        }
        return this;
    }

    CertBuilder ip(String literal) {
        try {
            sans.add(
                    new GeneralName(
                            GeneralName.iPAddress,
                            new DEROctetString(InetAddress.getByName(literal).getAddress())));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + literal, e);
        }
        return this;
    }

    /** nameConstraints permitted;DNS:{@code dns}. */
    CertBuilder permitDns(String dns) {
        permitted.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, dns)));
        return this;
    }

    /** nameConstraints excluded;DNS:{@code dns}. */
    CertBuilder excludeDns(String dns) {
        excluded.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, dns)));
        return this;
    }

    /** Adds a critical extension of an unknown OID. */
    CertBuilder unknownCriticalExtension() {
        this.unknownCritical = true;
        return this;
    }

    /** An X.509 v1 certificate: no extensions at all (every extension setting is ignored). */
    CertBuilder v1() {
        this.v1 = true;
        return this;
    }

    CertBuilder digest(Digest d) {
        this.digest = d;
        return this;
    }

    Issued build() {
        try {
            X500Name subject = new X500Name("O=tlsbio matrix,CN=" + commonName);
            X500Name issuerName =
                    issuer == null
                            ? subject
                            : X500Name.getInstance(
                                    issuer.certificate().getSubjectX500Principal().getEncoded());
            KeyPair signer = issuer == null ? keys : issuer.keys();
            if (v1) {
                X509CertificateHolder h =
                        new JcaX509v1CertificateBuilder(
                                        issuerName,
                                        BigInteger.valueOf(SERIALS.incrementAndGet()),
                                        Date.from(notBefore),
                                        Date.from(notAfter),
                                        subject,
                                        keys.getPublic())
                                .build(
                                        new JcaContentSignerBuilder(signatureAlgorithm(signer))
                                                .build(signer.getPrivate()));
                return new Issued(new JcaX509CertificateConverter().getCertificate(h), keys);
            }
            X509v3CertificateBuilder b =
                    new JcaX509v3CertificateBuilder(
                            issuerName,
                            BigInteger.valueOf(SERIALS.incrementAndGet()),
                            Date.from(notBefore),
                            Date.from(notAfter),
                            subject,
                            keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            switch (bc) {
                case CA ->
                        b.addExtension(
                                Extension.basicConstraints,
                                true,
                                pathLen == null
                                        ? new BasicConstraints(true)
                                        : new BasicConstraints(pathLen));
                case NOT_CA ->
                        b.addExtension(
                                Extension.basicConstraints, true, new BasicConstraints(false));
                case ABSENT -> {}
                default -> throw new AssertionError(bc);
            }
            Integer ku = keyUsageAbsent ? null : keyUsage != null ? keyUsage : defaultKeyUsage();
            if (ku != null) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(ku));
            }
            if (eku != null && !eku.isEmpty()) {
                b.addExtension(
                        Extension.extendedKeyUsage,
                        false,
                        new ExtendedKeyUsage(eku.toArray(new KeyPurposeId[0])));
            }
            if (!sans.isEmpty()) {
                b.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            if (!permitted.isEmpty() || !excluded.isEmpty()) {
                b.addExtension(
                        Extension.nameConstraints,
                        true,
                        new NameConstraints(
                                permitted.isEmpty()
                                        ? null
                                        : permitted.toArray(new GeneralSubtree[0]),
                                excluded.isEmpty()
                                        ? null
                                        : excluded.toArray(new GeneralSubtree[0])));
            }
            if (unknownCritical) {
                b.addExtension(UNKNOWN_EXTENSION, true, new DERUTF8String("tlsbio matrix"));
            }
            b.addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    ext.createSubjectKeyIdentifier(keys.getPublic()));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    ext.createAuthorityKeyIdentifier(signer.getPublic()));
            X509Certificate cert =
                    new JcaX509CertificateConverter()
                            .getCertificate(
                                    b.build(
                                            new JcaContentSignerBuilder(signatureAlgorithm(signer))
                                                    .build(signer.getPrivate())));
            return new Issued(cert, keys);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the certificate for " + commonName, e);
        }
    }

    /**
     * {@code issued} with the last byte of its signature changed: the same names and extensions, a
     * signature that no longer verifies.
     */
    static Issued withBrokenSignature(Issued issued) {
        try {
            byte[] der = issued.certificate().getEncoded();
            der[der.length - 1] ^= 0x01;
            X509Certificate broken =
                    (X509Certificate)
                            CertificateFactory.getInstance("X.509")
                                    .generateCertificate(new ByteArrayInputStream(der));
            return new Issued(broken, issued.keys());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot re-read " + issued, e);
        }
    }

    private Integer defaultKeyUsage() {
        if (bc == Bc.CA) {
            return KeyUsage.keyCertSign | KeyUsage.cRLSign;
        }
        if (bc == Bc.ABSENT) {
            // without basicConstraints nothing is implied: a case that wants a keyUsage sets it
            return null;
        }
        return KeyUsage.digitalSignature
                | ("RSA".equals(keys.getPublic().getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
    }

    private String signatureAlgorithm(KeyPair signer) {
        String d = digest == Digest.SHA1 ? "SHA1" : "SHA256";
        return d + ("RSA".equals(signer.getPublic().getAlgorithm()) ? "withRSA" : "withECDSA");
    }
}
