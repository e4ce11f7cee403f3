package io.tlsbio.ssl.internal.x509;

import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * One certificate with what OpenSSL 3.0's {@code x509v3_cache_extensions} derives from it: the
 * {@code EXFLAG_*} facts (self-issued, self-signed, CA, key usage, critical extensions it does not
 * handle, invalid extensions), key identifiers, names and name constraints, validity times and the
 * key. Immutable, and made once per certificate while it is among the last few used ({@link #of}).
 */
final class CertInfo {

    /**
     * keyUsage bits in OpenSSL's {@code ex_kusage} layout (first octet, then second octet shifted
     * by 8).
     */
    static final int KU_DIGITAL_SIGNATURE = 0x0080;

    static final int KU_KEY_ENCIPHERMENT = 0x0020;
    static final int KU_KEY_AGREEMENT = 0x0008;
    static final int KU_KEY_CERT_SIGN = 0x0004;
    static final int KU_CRL_SIGN = 0x0002;

    /** nsCertType bits ({@code ex_nscert}). */
    static final int NS_SSL_CLIENT = 0x80;

    static final int NS_SSL_SERVER = 0x40;
    static final int NS_SSL_CA = 0x04;
    static final int NS_ANY_CA = 0x07;

    private static final String NS_CERT_TYPE = "2.16.840.1.113730.1.1";
    private static final String PROXY_CERT_INFO = "1.3.6.1.5.5.7.1.14";

    /**
     * {@code X509_supported_extension}: the extensions OpenSSL's verifier handles when critical.
     */
    private static final Set<String> SUPPORTED_CRITICAL =
            Set.of(
                    NS_CERT_TYPE,
                    "2.5.29.15",
                    "2.5.29.17",
                    "2.5.29.19",
                    "2.5.29.32",
                    "2.5.29.31",
                    "2.5.29.37",
                    "1.3.6.1.5.5.7.1.7",
                    "1.3.6.1.5.5.7.1.8",
                    "1.3.6.1.5.5.7.48.1.5",
                    "2.5.29.36",
                    PROXY_CERT_INFO,
                    "2.5.29.30",
                    "2.5.29.33",
                    "2.5.29.54");

    private final X509Certificate cert;
    private final byte[] der;
    private final X500Principal subject;
    private final X500Principal issuer;
    private final BigInteger serial;
    private final int version;
    private final CertKey key;
    private final SignatureInfo signature;
    private final Asn1Time notBefore;
    private final Asn1Time notAfter;
    private boolean invalid;
    private boolean basicConstraints;
    private boolean ca;
    private int pathLen = -1;
    private int keyUsage = -1;
    private Set<String> extendedKeyUsage;
    private int nsCertType = -1;
    private byte[] subjectKeyId;
    private AuthorityKeyIdentifier authorityKeyId;
    private boolean criticalUnhandled;
    private boolean proxy;
    private List<GeneralName> subjectAltNames;
    private NameConstraints nameConstraints;
    private CRLDistPoint crlDistributionPoints;
    private final boolean selfIssued;
    private final boolean selfSigned;

    private CertInfo(X509Certificate cert, byte[] der) {
        this.cert = cert;
        this.der = der;
        this.subject = cert.getSubjectX500Principal();
        this.issuer = cert.getIssuerX500Principal();
        this.serial = cert.getSerialNumber();
        Asn1Time[] validity = DerTimes.certificateValidity(der);
        this.notBefore = validity == null ? Asn1Time.of(0, null) : validity[0];
        this.notAfter = validity == null ? Asn1Time.of(0, null) : validity[1];
        Certificate bc = parse(der);
        if (bc == null) {
            // an encoding the JDK took but OpenSSL's stricter decoder would refuse: unusable
            this.version = cert.getVersion();
            this.key = CertKey.of(null);
            this.signature = SignatureInfo.UNKNOWN;
            this.invalid = true;
        } else {
            this.version = bc.getVersionNumber();
            this.key = CertKey.of(bc.getSubjectPublicKeyInfo());
            this.signature = SignatureInfo.of(bc.getSignatureAlgorithm());
            Extensions exts = bc.getTBSCertificate().getExtensions();
            if (exts != null) {
                readExtensions(exts);
            }
        }
        this.selfIssued = subject.equals(issuer);
        // EXFLAG_SS: self-issued, its AKID matches itself, and its key could have made its
        // signature
        this.selfSigned =
                selfIssued
                        && !invalid
                        && akidMatches(this, authorityKeyId)
                        && signature.madeBy(key.type());
    }

    private static Certificate parse(byte[] der) {
        try {
            return Certificate.getInstance(der);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * How many certificates {@link #of} remembers: a server's chain and a few peers' are seen again
     * and again.
     */
    private static final int CACHED = 64;

    /** Least recently used first; equal certificates (same DER) share an entry. */
    private static final Map<X509Certificate, CertInfo> CACHE =
            new LinkedHashMap<>(CACHED * 2, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<X509Certificate, CertInfo> eldest) {
                    return size() > CACHED;
                }
            };

    /**
     * Caches what OpenSSL caches about {@code cert}. Everything here follows from the DER, so a
     * certificate seen recently (the same peer chain on every handshake) is not decoded again: the
     * answer may hold an equal {@code X509Certificate} object from an earlier call.
     */
    static CertInfo of(X509Certificate cert) {
        synchronized (CACHE) {
            CertInfo known = CACHE.get(cert);
            if (known != null) {
                return known;
            }
        }
        CertInfo made;
        try {
            made = new CertInfo(cert, cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
        synchronized (CACHE) {
            CACHE.put(cert, made);
        }
        return made;
    }

    private void readExtensions(Extensions exts) {
        for (ASN1ObjectIdentifier oid : exts.getExtensionOIDs()) {
            Extension ext = exts.getExtension(oid);
            String id = oid.getId();
            try {
                readExtension(id, ext.getParsedValue());
            } catch (RuntimeException e) {
                // OpenSSL's d2i failed: EXFLAG_INVALID
                invalid = true;
            }
            if (ext.isCritical() && !SUPPORTED_CRITICAL.contains(id)) {
                criticalUnhandled = true;
            }
        }
        if (proxy
                && (ca
                        || subjectAltNames != null
                        || exts.getExtension(Extension.issuerAlternativeName) != null)) {
            invalid = true;
        }
    }

    private void readExtension(String id, ASN1Encodable value) {
        switch (id) {
            case "2.5.29.19":
                {
                    BasicConstraints bc = BasicConstraints.getInstance(value);
                    basicConstraints = true;
                    ca = bc.isCA();
                    BigInteger len = bc.getPathLenConstraint();
                    if (len != null) {
                        if (len.signum() < 0) {
                            invalid = true;
                        } else {
                            pathLen = len.bitLength() > 31 ? Integer.MAX_VALUE : len.intValue();
                        }
                    }
                    break;
                }
            case "2.5.29.15":
                {
                    // first octet, then the second shifted by 8, unused bits cleared: OpenSSL's
                    // ex_kusage
                    keyUsage = ASN1BitString.getInstance(value).intValue() & 0xffff;
                    if (keyUsage == 0) {
                        // RFC 5280 4.2.1.3: an empty key usage is invalid
                        invalid = true;
                    }
                    break;
                }
            case "2.5.29.37":
                {
                    Set<String> eku = new HashSet<>();
                    for (ASN1Encodable e : ASN1Sequence.getInstance(value)) {
                        eku.add(ASN1ObjectIdentifier.getInstance(e).getId());
                    }
                    extendedKeyUsage = Collections.unmodifiableSet(eku);
                    break;
                }
            case NS_CERT_TYPE:
                {
                    nsCertType = ASN1BitString.getInstance(value).intValue() & 0xff;
                    break;
                }
            case "2.5.29.14":
                subjectKeyId = SubjectKeyIdentifier.getInstance(value).getKeyIdentifier();
                break;
            case "2.5.29.35":
                authorityKeyId = AuthorityKeyIdentifier.getInstance(value);
                break;
            case "2.5.29.17":
                subjectAltNames = List.of(GeneralNames.getInstance(value).getNames());
                break;
            case "2.5.29.30":
                nameConstraints = NameConstraints.getInstance(value);
                break;
            case "2.5.29.31":
                crlDistributionPoints = CRLDistPoint.getInstance(value);
                break;
            case PROXY_CERT_INFO:
                proxy = true;
                break;
            default:
                break;
        }
    }

    /**
     * {@code X509_check_akid}: whether {@code akid} (of a certificate {@code issuer} may have
     * issued) names {@code issuer}: key identifier, serial number and issuer name, each if present.
     */
    static boolean akidMatches(CertInfo issuer, AuthorityKeyIdentifier akid) {
        if (akid == null) {
            return true;
        }
        byte[] keyId =
                akid.getKeyIdentifierObject() == null
                        ? null
                        : akid.getKeyIdentifierObject().getOctets();
        if (keyId != null
                && issuer.subjectKeyId != null
                && !Arrays.equals(keyId, issuer.subjectKeyId)) {
            return false;
        }
        BigInteger serial = akid.getAuthorityCertSerialNumber();
        if (serial != null && !serial.equals(issuer.serial)) {
            return false;
        }
        GeneralNames names = akid.getAuthorityCertIssuer();
        if (names != null) {
            for (GeneralName gn : names.getNames()) {
                if (gn.getTagNo() == GeneralName.directoryName) {
                    // only the first directoryName counts
                    return Names.principal(gn.getName()).equals(issuer.issuer);
                }
            }
        }
        return true;
    }

    /**
     * {@code x509_likely_issued(issuer, this) == X509_V_OK}, the verifier's {@code check_issued}:
     * names chain, the AKID names {@code issuer}, and {@code issuer}'s key type made the signature.
     * The signature itself is not checked.
     */
    boolean likelyIssuedBy(CertInfo candidate) {
        return candidate.subject.equals(issuer)
                && !invalid
                && !candidate.invalid
                && akidMatches(candidate, authorityKeyId)
                && signature.madeBy(candidate.key.type());
    }

    /**
     * {@code X509_self_signed(x, 0)}: 1 if self-signed, 0 if not, -1 when OpenSSL cannot tell (no
     * decodable key or invalid extensions).
     */
    int selfSignedState() {
        if (!key.decodable() || invalid) {
            return -1;
        }
        return selfSigned ? 1 : 0;
    }

    /** {@code X509_cmp(a, b) == 0}: the same certificate, byte for byte. */
    boolean sameAs(CertInfo other) {
        return this == other || Arrays.equals(der, other.der);
    }

    /** {@code ku_reject(x, usage)}: a key usage is present and allows none of {@code usage}. */
    boolean keyUsageRejects(int usage) {
        return keyUsage >= 0 && (keyUsage & usage) == 0;
    }

    /** {@code ns_reject(x, usage)}. */
    boolean nsCertTypeRejects(int usage) {
        return nsCertType >= 0 && (nsCertType & usage) == 0;
    }

    /**
     * {@code xku_reject}: an extended key usage is present and has none of {@code oids}
     * (serverAuth's SGC aliases included by the caller).
     */
    boolean extendedKeyUsageRejects(String... oids) {
        if (extendedKeyUsage == null) {
            return false;
        }
        for (String oid : oids) {
            if (extendedKeyUsage.contains(oid)) {
                return false;
            }
        }
        return true;
    }

    X509Certificate certificate() {
        return cert;
    }

    X500Principal subject() {
        return subject;
    }

    X500Principal issuer() {
        return issuer;
    }

    BigInteger serial() {
        return serial;
    }

    int version() {
        return version;
    }

    CertKey key() {
        return key;
    }

    SignatureInfo signature() {
        return signature;
    }

    Asn1Time notBefore() {
        return notBefore;
    }

    Asn1Time notAfter() {
        return notAfter;
    }

    /** EXFLAG_INVALID: an extension OpenSSL could not decode or rejects. */
    boolean invalid() {
        return invalid;
    }

    /** EXFLAG_BCONS. */
    boolean hasBasicConstraints() {
        return basicConstraints;
    }

    /** EXFLAG_CA. */
    boolean ca() {
        return ca;
    }

    /** {@code ex_pathlen}: -1 when unconstrained. */
    int pathLen() {
        return pathLen;
    }

    /** EXFLAG_KUSAGE. */
    boolean hasKeyUsage() {
        return keyUsage >= 0;
    }

    /** {@code ex_kusage}; meaningful only with {@link #hasKeyUsage()}. */
    int keyUsage() {
        return keyUsage;
    }

    /** EXFLAG_NSCERT. */
    boolean hasNsCertType() {
        return nsCertType >= 0;
    }

    int nsCertType() {
        return nsCertType;
    }

    /** EXFLAG_CRITICAL: a critical extension OpenSSL does not handle. */
    boolean criticalUnhandled() {
        return criticalUnhandled;
    }

    /** EXFLAG_PROXY. */
    boolean proxy() {
        return proxy;
    }

    /** EXFLAG_SI. */
    boolean selfIssued() {
        return selfIssued;
    }

    /** EXFLAG_SS (self-issued and plausibly self-signed; the signature is not checked). */
    boolean selfSigned() {
        return selfSigned;
    }

    AuthorityKeyIdentifier authorityKeyId() {
        return authorityKeyId;
    }

    /** The subjectAltName entries, or null without the extension. */
    List<GeneralName> subjectAltNames() {
        return subjectAltNames;
    }

    NameConstraints nameConstraints() {
        return nameConstraints;
    }

    CRLDistPoint crlDistributionPoints() {
        return crlDistributionPoints;
    }

    /** A copy of the DER encoding. */
    byte[] encoded() {
        return der.clone();
    }

    @Override
    public String toString() {
        return subject.getName();
    }
}
