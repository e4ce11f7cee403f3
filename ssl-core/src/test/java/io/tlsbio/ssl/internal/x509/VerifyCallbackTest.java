package io.tlsbio.ssl.internal.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.CertificatePurpose;
import io.tlsbio.ssl.VerifyResult;
import io.tlsbio.ssl.internal.x509.Pki.Cert;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

/**
 * The verify callback as x509_vfy.c calls it: once per finding with preverifyOk false, once per
 * certificate from the top down with preverifyOk true; an accepted error stays the result (sticky,
 * also what the later successful steps see), a refused one ends verification with it.
 */
class VerifyCallbackTest {

    private static final Cert ROOT = Pki.root("Root");
    private static final Cert INT = Pki.intermediate("Int", ROOT);
    private static final Cert LEAF =
            Pki.cert("CN=leaf")
                    .issuer(INT)
                    .dns("leaf.example.com")
                    .eku(KeyPurposeId.id_kp_clientAuth)
                    .build();

    @Test
    void everyFindingIsReportedInVerifyChainsOrderAndTheLastAcceptedOneIsTheResult() {
        // wrong purpose (check_extensions), then wrong host (check_id): both accepted
        Scenario.Outcome o =
                new Scenario()
                        .trust(ROOT)
                        .purpose(CertificatePurpose.SSL_SERVER)
                        .host("other.example.com")
                        .runAcceptingAll(LEAF, INT);

        assertThat(o.verified()).isTrue();
        assertThat(o.error()).isEqualTo(VerifyResult.HOSTNAME_MISMATCH);
        assertThat(o.calls())
                .containsExactly(
                        "ok=0 depth=0 err=26 CN=leaf",
                        "ok=0 depth=0 err=62 CN=leaf",
                        "ok=1 depth=2 err=62 CN=Root",
                        "ok=1 depth=1 err=62 CN=Int",
                        "ok=1 depth=0 err=62 CN=leaf");
    }

    @Test
    void refusingAFindingStopsWithIt() {
        List<String> seen = new ArrayList<>();
        Scenario.Outcome o =
                new Scenario()
                        .trust(ROOT)
                        .purpose(CertificatePurpose.SSL_SERVER)
                        .host("other.example.com")
                        .run(
                                (ok, ctx) -> {
                                    seen.add(ctx.error().name());
                                    return ok || ctx.error() == VerifyResult.INVALID_PURPOSE;
                                },
                                LEAF,
                                INT);

        assertThat(o.verified()).isFalse();
        assertThat(o.error()).isEqualTo(VerifyResult.HOSTNAME_MISMATCH);
        assertThat(seen).containsExactly("INVALID_PURPOSE", "HOSTNAME_MISMATCH");
    }

    @Test
    void refusingASuccessfulStepLeavesUnspecified() {
        // OpenSSL 3.0.19: the callback returning 0 at ok=1, depth 1: verification fails with error
        // 1
        Scenario.Outcome o =
                new Scenario().trust(ROOT).run((ok, ctx) -> ctx.depth() != 1, LEAF, INT);

        assertThat(o.verified()).isFalse();
        assertThat(o.error()).isEqualTo(VerifyResult.UNSPECIFIED);
        assertThat(o.calls())
                .containsExactly("ok=1 depth=2 err=0 CN=Root", "ok=1 depth=1 err=0 CN=Int");
    }

    @Test
    void theContextShowsTheCertificateAtTheDepthAndTheChainBuiltSoFar() {
        List<String> currents = new ArrayList<>();
        List<Integer> chainSizes = new ArrayList<>();
        new Scenario()
                .trust(ROOT)
                .run(
                        (ok, ctx) -> {
                            X509Certificate c = ctx.currentCertificate();
                            assertThat(c).isEqualTo(ctx.chain().get(ctx.depth()));
                            currents.add(c.getSubjectX500Principal().getName());
                            chainSizes.add(ctx.chain().size());
                            return true;
                        },
                        LEAF,
                        INT);

        assertThat(currents).containsExactly("CN=Root", "CN=Int", "CN=leaf");
        assertThat(chainSizes).containsOnly(3);
    }

    @Test
    void withoutACallbackTheFirstFindingEndsVerification() {
        Scenario.Outcome o =
                new Scenario()
                        .trust(ROOT)
                        .purpose(CertificatePurpose.SSL_SERVER)
                        .host("other.example.com")
                        .run(LEAF, INT);

        assertThat(o.verified()).isFalse();
        assertThat(o.error()).isEqualTo(VerifyResult.INVALID_PURPOSE);
    }
}
