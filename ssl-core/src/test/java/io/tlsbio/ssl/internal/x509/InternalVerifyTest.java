package io.tlsbio.ssl.internal.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.VerifyResult;
import io.tlsbio.ssl.internal.x509.Pki.Cert;
import java.time.Instant;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERUTCTime;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.api.Test;

/**
 * internal_verify: signatures (7), the issuer's keyCertSign (32), validity periods (9, 10), checked
 * from the top of the chain down. A certificate is expired already at its notAfter second, as
 * OpenSSL 3.0's X509_cmp_time has it.
 */
class InternalVerifyTest {

    private static final Cert ROOT = Pki.root("Root");
    private static final Cert INT = Pki.intermediate("Int", ROOT);

    @Test
    void expiryIsReportedFromTheTopDown() {
        Instant end = Pki.NOW.plusSeconds(100);
        Cert shortInt =
                Pki.cert("CN=ShortInt")
                        .ca()
                        .issuer(ROOT)
                        .validity(Pki.NOW.minusSeconds(100), end)
                        .build();
        Cert leaf =
                Pki.cert("CN=l").issuer(shortInt).validity(Pki.NOW.minusSeconds(100), end).build();
        Scenario s = new Scenario().trust(ROOT).untrusted(shortInt);

        assertThat(s.at(end.minusSeconds(1)).run(leaf).error()).isEqualTo(VerifyResult.OK);
        // at notAfter itself: expired (OpenSSL 3.0.19 -attime notAfter gives 10 at depth 1)
        Scenario.Outcome o = s.at(end).runAcceptingAll(leaf);
        assertThat(o.calls())
                .containsExactly(
                        "ok=1 depth=2 err=0 CN=Root",
                        "ok=0 depth=1 err=10 CN=ShortInt",
                        "ok=1 depth=1 err=10 CN=ShortInt",
                        "ok=0 depth=0 err=10 CN=l",
                        "ok=1 depth=0 err=10 CN=l");
    }

    @Test
    void aCertificateIsValidFromItsNotBeforeSecond() {
        Instant start = Pki.NOW.plusSeconds(100);
        Cert leaf = Pki.cert("CN=l").issuer(INT).validity(start, start.plusSeconds(86400)).build();
        Scenario s = new Scenario().trust(ROOT).untrusted(INT);

        assertThat(s.at(start).run(leaf).error()).isEqualTo(VerifyResult.OK);
        Scenario.Outcome o = s.at(start.minusSeconds(1)).run(leaf);
        assertThat(o.error()).isEqualTo(VerifyResult.CERT_NOT_YET_VALID);
        assertThat(o.errorDepth()).isZero();
    }

    @Test
    void anExpiredTrustAnchorIsReportedToo() {
        Cert oldRoot =
                Pki.cert("CN=OldRoot")
                        .ca()
                        .validity(Pki.NOW.minusSeconds(7200), Pki.NOW.minusSeconds(3600))
                        .build();

        Scenario.Outcome o = new Scenario().trust(oldRoot).run(Pki.leaf("l.example.com", oldRoot));

        assertThat(o.error()).isEqualTo(VerifyResult.CERT_HAS_EXPIRED);
        assertThat(o.errorDepth()).isEqualTo(1);
    }

    @Test
    void aSignatureByAnotherKeyUnderTheSameNameFails() {
        // no authority key identifier, so the name alone makes INT look like the issuer
        Cert forger = Pki.cert("CN=Int").ca().issuer(ROOT).build();
        Cert forged = Pki.cert("CN=forged").issuer(forger).noAuthorityKeyId().build();

        Scenario.Outcome o = new Scenario().trust(ROOT).untrusted(INT).runAcceptingAll(forged);

        assertThat(o.calls())
                .containsExactly(
                        "ok=1 depth=2 err=0 CN=Root",
                        "ok=1 depth=1 err=0 CN=Int",
                        "ok=0 depth=0 err=7 CN=forged",
                        "ok=1 depth=0 err=7 CN=forged");
    }

    @Test
    void anIssuerWithoutKeyCertSignIsReportedAtItsOwnDepth() {
        Cert kuInt =
                Pki.cert("CN=KuInt")
                        .basicConstraints(true)
                        .keyUsage(KeyUsage.digitalSignature)
                        .issuer(ROOT)
                        .build();
        Cert leaf = Pki.cert("CN=u9").issuer(kuInt).build();

        Scenario.Outcome o = new Scenario().trust(ROOT).runAcceptingAll(leaf, kuInt);

        // OpenSSL: 79 from check_extensions, then 32 from internal_verify, both at depth 1
        assertThat(o.calls())
                .containsExactly(
                        "ok=0 depth=1 err=79 CN=KuInt",
                        "ok=1 depth=2 err=79 CN=Root",
                        "ok=1 depth=1 err=79 CN=KuInt",
                        "ok=0 depth=1 err=32 CN=KuInt",
                        "ok=1 depth=0 err=32 CN=u9");
    }

    @Test
    void timesOutsideRfc5280sFormatsAreFormatErrors() {
        // UTCTime without seconds and GeneralizedTime with a fraction: the JDK reads both, OpenSSL
        // 3.0 does not
        Time noSeconds = new Time(new DERUTCTime("2512310000Z"));
        Time fraction = new Time(new DERGeneralizedTime("20270101000000.5Z"));
        Time fine = new Time(new DERGeneralizedTime("20270101000000Z"));
        Cert badStart = Pki.cert("CN=bad1").issuer(INT).rawValidity(noSeconds, fine).build();
        Cert badEnd =
                Pki.cert("CN=bad2")
                        .issuer(INT)
                        .rawValidity(new Time(new DERUTCTime("251231000000Z")), fraction)
                        .build();
        Scenario s = new Scenario().trust(ROOT).untrusted(INT);

        assertThat(s.run(badStart).error()).isEqualTo(VerifyResult.ERROR_IN_CERT_NOT_BEFORE_FIELD);
        assertThat(s.run(badEnd).error()).isEqualTo(VerifyResult.ERROR_IN_CERT_NOT_AFTER_FIELD);
    }
}
