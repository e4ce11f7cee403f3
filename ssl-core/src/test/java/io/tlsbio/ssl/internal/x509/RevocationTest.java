package io.tlsbio.ssl.internal.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.CrlCheck;
import io.tlsbio.ssl.VerifyResult;
import io.tlsbio.ssl.internal.x509.Pki.Cert;
import java.security.cert.X509CRL;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/**
 * check_revocation with -crl_check (leaf) and -crl_check_all (every certificate, in OpenSSL 3.0 the
 * trust anchor too), with the codes OpenSSL 3.0.19 reports: 3 no CRL, 23 revoked, 11/12 CRL times,
 * 8 CRL signature, 35 issuer without cRLSign, 36 critical CRL extension, 44 scope. CRL findings are
 * reported at the depth of the certificate being checked.
 */
class RevocationTest {

    private static final Cert ROOT = Pki.root("Root");
    private static final Cert INT = Pki.intermediate("Int", ROOT);
    private static final Cert LEAF = Pki.leaf("leaf.example.com", INT);

    private static Scenario leafCheck(X509CRL... crls) {
        return new Scenario().trust(ROOT).untrusted(INT).crls(crls).crlCheck(CrlCheck.LEAF);
    }

    @Test
    void aCurrentCrlWithoutTheLeafPasses() {
        assertThat(leafCheck(Pki.crl(INT).build()).run(LEAF).error()).isEqualTo(VerifyResult.OK);
    }

    @Test
    void aRevokedLeafIsCertRevokedAtDepthZero() {
        Scenario.Outcome o = leafCheck(Pki.crl(INT).revoke(LEAF).build()).runAcceptingAll(LEAF);

        assertThat(o.calls())
                .containsExactly(
                        "ok=0 depth=0 err=23 CN=leaf.example.com",
                        "ok=1 depth=2 err=23 CN=Root",
                        "ok=1 depth=1 err=23 CN=Int",
                        "ok=1 depth=0 err=23 CN=leaf.example.com");
        assertThat(leafCheck(Pki.crl(INT).revoke(LEAF).build()).run(LEAF).error())
                .isEqualTo(VerifyResult.CERT_REVOKED);
    }

    @Test
    void withoutACrlTheLeafIsUnableToGetCrl() {
        assertThat(leafCheck().run(LEAF).error()).isEqualTo(VerifyResult.UNABLE_TO_GET_CRL);
        // a CRL of another issuer does not count
        assertThat(leafCheck(Pki.crl(ROOT).build()).run(LEAF).error())
                .isEqualTo(VerifyResult.UNABLE_TO_GET_CRL);
    }

    @Test
    void checkingAllNeedsACrlForTheTrustAnchorToo() {
        Scenario all = new Scenario().trust(ROOT).untrusted(INT).crlCheck(CrlCheck.ALL);

        assertThat(all.crls(Pki.crl(INT).build(), Pki.crl(ROOT).build()).run(LEAF).error())
                .isEqualTo(VerifyResult.OK);
        // OpenSSL 3.0.19 -crl_check_all with only Int's CRL: 3 at depth 1 (Int), 3 at depth 2
        // (Root)
        Scenario.Outcome o =
                new Scenario()
                        .trust(ROOT)
                        .untrusted(INT)
                        .crlCheck(CrlCheck.ALL)
                        .crls(Pki.crl(INT).build())
                        .runAcceptingAll(LEAF);
        assertThat(o.calls()).startsWith("ok=0 depth=1 err=3 CN=Int", "ok=0 depth=2 err=3 CN=Root");
    }

    @Test
    void crlTimesAreCheckedAtTheVerificationTime() {
        X509CRL expired =
                Pki.crl(INT).times(Pki.NOW.minusSeconds(7200), Pki.NOW.minusSeconds(3600)).build();
        X509CRL future =
                Pki.crl(INT).times(Pki.NOW.plusSeconds(3600), Pki.NOW.plusSeconds(7200)).build();
        X509CRL noNext = Pki.crl(INT).times(Pki.NOW.minusSeconds(3600), null).build();

        assertThat(leafCheck(expired).run(LEAF).error()).isEqualTo(VerifyResult.CRL_HAS_EXPIRED);
        assertThat(leafCheck(future).run(LEAF).error()).isEqualTo(VerifyResult.CRL_NOT_YET_VALID);
        assertThat(leafCheck(noNext).run(LEAF).error()).isEqualTo(VerifyResult.OK);
    }

    @Test
    void aCrlSignedWithAnotherKeyIsACrlSignatureFailure() {
        X509CRL forged = Pki.crl(INT).signedBy(Pki.ec().getPrivate()).noAuthorityKeyId().build();

        assertThat(leafCheck(forged).run(LEAF).error())
                .isEqualTo(VerifyResult.CRL_SIGNATURE_FAILURE);
    }

    @Test
    void aCrlWhoseAuthorityKeyIdNamesAnotherKeyIsNoCrlForThisCertificate() {
        Cert impostor = Pki.cert("CN=Int").ca().issuer(ROOT).build();
        X509CRL other = Pki.crl(impostor).build();

        assertThat(leafCheck(other).run(LEAF).error()).isEqualTo(VerifyResult.UNABLE_TO_GET_CRL);
    }

    @Test
    void anIssuerWhoseKeyUsageLacksCrlSignCannotSignCrls() {
        Cert noCrlSign =
                Pki.cert("CN=NoCrlSign").ca().keyUsage(KeyUsage.keyCertSign).issuer(ROOT).build();
        Cert leaf = Pki.leaf("n.example.com", noCrlSign);

        Scenario.Outcome o =
                new Scenario()
                        .trust(ROOT)
                        .crls(Pki.crl(noCrlSign).build())
                        .crlCheck(CrlCheck.LEAF)
                        .run(leaf, noCrlSign);

        assertThat(o.error()).isEqualTo(VerifyResult.KEYUSAGE_NO_CRL_SIGN);
        assertThat(o.errorDepth()).isZero();
    }

    @Test
    void removeFromCrlIsNotARevocation() {
        assertThat(
                        leafCheck(Pki.crl(INT).revoke(LEAF, CRLReason.removeFromCRL).build())
                                .run(LEAF)
                                .error())
                .isEqualTo(VerifyResult.OK);
    }

    @Test
    void anUnhandledCriticalCrlExtensionIsReported() {
        X509CRL critical =
                Pki.crl(INT)
                        .ext(new ASN1ObjectIdentifier("1.2.3.4"), true, DERNull.INSTANCE)
                        .build();

        assertThat(leafCheck(critical).run(LEAF).error())
                .isEqualTo(VerifyResult.UNHANDLED_CRITICAL_CRL_EXTENSION);
    }

    @Test
    void theNewestOfEquallyGoodCrlsIsUsed() {
        X509CRL older =
                Pki.crl(INT)
                        .times(Pki.NOW.minusSeconds(7200), Pki.NOW.plusSeconds(86400))
                        .revoke(LEAF)
                        .build();
        X509CRL newer =
                Pki.crl(INT).times(Pki.NOW.minusSeconds(3600), Pki.NOW.plusSeconds(86400)).build();

        assertThat(leafCheck(older, newer).run(LEAF).error()).isEqualTo(VerifyResult.OK);
        assertThat(leafCheck(newer, older).run(LEAF).error()).isEqualTo(VerifyResult.OK);
        X509CRL newestRevokes =
                Pki.crl(INT)
                        .times(Pki.NOW.minusSeconds(60), Pki.NOW.plusSeconds(86400))
                        .revoke(LEAF)
                        .build();
        assertThat(leafCheck(newer, newestRevokes).run(LEAF).error())
                .isEqualTo(VerifyResult.CERT_REVOKED);
    }

    @Test
    void aCrlForCaCertificatesOnlyDoesNotCoverALeaf() {
        X509CRL caOnly =
                Pki.crl(INT)
                        .ext(
                                Extension.issuingDistributionPoint,
                                true,
                                new IssuingDistributionPoint(null, false, true, null, false, false))
                        .build();

        // OpenSSL: 44 (different CRL scope), then 3 since no reason was covered
        Scenario.Outcome o = leafCheck(caOnly).runAcceptingAll(LEAF);
        assertThat(o.calls())
                .startsWith(
                        "ok=0 depth=0 err=44 CN=leaf.example.com",
                        "ok=0 depth=0 err=3 CN=leaf.example.com");
    }
}
