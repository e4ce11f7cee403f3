package io.tlsbio.ssl.tests.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a v2 CRL as {@code openssl ca -gencrl} would: issued by a CA, with a CRL number and the
 * issuer's key identifier; current (last update an hour ago, next update in thirty days) or
 * expired.
 */
final class CrlMaker {

    private static final AtomicLong NUMBERS = new AtomicLong();

    private CrlMaker() {}

    /** A CRL by {@code issuer} listing {@code revoked} (none: an empty, valid CRL). */
    static X509CRL crl(Issued issuer, X509Certificate... revoked) {
        return crl(
                issuer,
                CertBuilder.NOW.minus(Duration.ofHours(1)),
                CertBuilder.NOW.plus(Duration.ofDays(30)),
                revoked);
    }

    /** A CRL by {@code issuer} whose next update was a month ago. */
    static X509CRL expiredCrl(Issued issuer, X509Certificate... revoked) {
        return crl(
                issuer,
                CertBuilder.NOW.minus(Duration.ofDays(60)),
                CertBuilder.NOW.minus(Duration.ofDays(30)),
                revoked);
    }

    /**
     * An empty CRL in the name of {@code issuer} (and with its key identifier) signed with another
     * key.
     */
    static X509CRL crlSignedBy(Issued issuer, Issued wrongSigner) {
        return crl(
                new Issued(issuer.certificate(), wrongSigner.keys()),
                CertBuilder.NOW.minus(Duration.ofHours(1)),
                CertBuilder.NOW.plus(Duration.ofDays(30)));
    }

    private static X509CRL crl(
            Issued issuer, Instant thisUpdate, Instant nextUpdate, X509Certificate... revoked) {
        try {
            X509Certificate ca = issuer.certificate();
            X509v2CRLBuilder b =
                    new X509v2CRLBuilder(
                            X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                            Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (X509Certificate r : revoked) {
                b.addCRLEntry(r.getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            b.addExtension(
                    Extension.cRLNumber,
                    false,
                    new CRLNumber(BigInteger.valueOf(NUMBERS.incrementAndGet())));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.getPublicKey()));
            String alg =
                    "RSA".equals(ca.getPublicKey().getAlgorithm())
                            ? "SHA256withRSA"
                            : "SHA256withECDSA";
            return new JcaX509CRLConverter()
                    .getCRL(
                            b.build(
                                    new JcaContentSignerBuilder(alg)
                                            .build(issuer.keys().getPrivate())));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a CRL for " + issuer, e);
        }
    }
}
