package io.tlsbio.ssl.internal.x509;

import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.TBSCertList;

/**
 * One CRL with what OpenSSL 3.0's {@code crl_cb} caches: the issuing distribution point flags, the
 * authority key identifier, whether a critical extension (of the CRL or an entry) is one it does
 * not handle, and the raw update times.
 */
final class CrlInfo {

    /** {@code CRLDP_ALL_REASONS}. */
    static final int ALL_REASONS = 0x807f;

    private static final int REMOVE_FROM_CRL = 8;

    private final X509CRL crl;
    private final X500Principal issuer;
    private final TBSCertList tbs;
    private AuthorityKeyIdentifier authorityKeyId;
    private boolean criticalUnhandled;
    private boolean delta;
    private boolean idpPresent;
    private boolean onlyUser;
    private boolean onlyCa;
    private boolean onlyAttr;
    private boolean indirect;
    private boolean someReasons;
    private boolean idpInvalid;
    private int idpReasons = ALL_REASONS;
    private DistributionPointName idpDistPoint;
    private final Asn1Time thisUpdate;
    private final Asn1Time nextUpdate;

    private CrlInfo(X509CRL crl, byte[] der) {
        this.crl = crl;
        this.issuer = crl.getIssuerX500Principal();
        CertificateList list = CertificateList.getInstance(der);
        this.tbs = list.getTBSCertList();
        Asn1Time[] times = DerTimes.crlValidity(der);
        this.thisUpdate = times == null ? Asn1Time.of(0, null) : times[0];
        this.nextUpdate = times == null ? null : times[1];
        Extensions exts = tbs.getExtensions();
        if (exts != null) {
            for (ASN1ObjectIdentifier oid : exts.getExtensionOIDs()) {
                Extension ext = exts.getExtension(oid);
                readExtension(oid, ext);
                if (ext.isCritical()
                        && !oid.equals(Extension.issuingDistributionPoint)
                        && !oid.equals(Extension.authorityKeyIdentifier)
                        && !oid.equals(Extension.deltaCRLIndicator)) {
                    criticalUnhandled = true;
                }
            }
        }
        for (TBSCertList.CRLEntry e : tbs.getRevokedCertificates()) {
            Extensions entryExts = e.getExtensions();
            if (entryExts == null) {
                continue;
            }
            for (ASN1ObjectIdentifier oid : entryExts.getExtensionOIDs()) {
                if (entryExts.getExtension(oid).isCritical()
                        && !oid.equals(Extension.certificateIssuer)) {
                    criticalUnhandled = true;
                }
            }
        }
    }

    /**
     * Caches what OpenSSL caches about {@code crl}; null for a CRL whose encoding or extensions do
     * not decode.
     */
    static CrlInfo of(X509CRL crl) {
        try {
            return new CrlInfo(crl, crl.getEncoded());
        } catch (CRLException | RuntimeException e) {
            return null;
        }
    }

    private void readExtension(ASN1ObjectIdentifier oid, Extension ext) {
        if (oid.equals(Extension.authorityKeyIdentifier)) {
            authorityKeyId = AuthorityKeyIdentifier.getInstance(ext.getParsedValue());
        } else if (oid.equals(Extension.deltaCRLIndicator)) {
            delta = true;
        } else if (oid.equals(Extension.issuingDistributionPoint)) {
            // setup_idp
            IssuingDistributionPoint idp =
                    IssuingDistributionPoint.getInstance(ext.getParsedValue());
            idpPresent = true;
            onlyUser = idp.onlyContainsUserCerts();
            onlyCa = idp.onlyContainsCACerts();
            onlyAttr = idp.onlyContainsAttributeCerts();
            idpInvalid = (onlyUser ? 1 : 0) + (onlyCa ? 1 : 0) + (onlyAttr ? 1 : 0) > 1;
            indirect = idp.isIndirectCRL();
            if (idp.getOnlySomeReasons() != null) {
                someReasons = true;
                idpReasons = idp.getOnlySomeReasons().intValue() & ALL_REASONS;
            }
            idpDistPoint = idp.getDistributionPoint();
        }
    }

    /**
     * {@code X509_CRL_get0_by_cert}: 0 when {@code serial} is not listed, 1 when revoked, 2 when
     * listed with reason removeFromCRL.
     */
    int lookup(BigInteger serial) {
        for (TBSCertList.CRLEntry e : tbs.getRevokedCertificates()) {
            if (!e.getUserCertificate().getValue().equals(serial)) {
                continue;
            }
            Extensions exts = e.getExtensions();
            Extension reason = exts == null ? null : exts.getExtension(Extension.reasonCode);
            if (reason != null
                    && ASN1Enumerated.getInstance(reason.getParsedValue()).intValueExact()
                            == REMOVE_FROM_CRL) {
                return 2;
            }
            return 1;
        }
        return 0;
    }

    X509CRL crl() {
        return crl;
    }

    X500Principal issuer() {
        return issuer;
    }

    AuthorityKeyIdentifier authorityKeyId() {
        return authorityKeyId;
    }

    /** EXFLAG_CRITICAL on the CRL. */
    boolean criticalUnhandled() {
        return criticalUnhandled;
    }

    /** A delta CRL ({@code base_crl_number} set). */
    boolean delta() {
        return delta;
    }

    boolean idpPresent() {
        return idpPresent;
    }

    boolean onlyUser() {
        return onlyUser;
    }

    boolean onlyCa() {
        return onlyCa;
    }

    boolean onlyAttr() {
        return onlyAttr;
    }

    boolean indirect() {
        return indirect;
    }

    /** IDP_REASONS: the CRL covers only some reasons. */
    boolean someReasons() {
        return someReasons;
    }

    /** IDP_INVALID: more than one "only contains" flag. */
    boolean idpInvalid() {
        return idpInvalid;
    }

    int idpReasons() {
        return idpReasons;
    }

    DistributionPointName idpDistPoint() {
        return idpDistPoint;
    }

    Asn1Time thisUpdate() {
        return thisUpdate;
    }

    /** Null when the CRL has no nextUpdate. */
    Asn1Time nextUpdate() {
        return nextUpdate;
    }
}
