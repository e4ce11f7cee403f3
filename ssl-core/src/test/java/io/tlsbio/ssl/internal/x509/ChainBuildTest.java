package io.tlsbio.ssl.internal.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.VerifyResult;
import io.tlsbio.ssl.internal.x509.Pki.Cert;
import org.junit.jupiter.api.Test;

/**
 * build_chain: which chain OpenSSL 3.0 builds and which of 2, 18, 19, 20, 22 it reports where.
 * Expectations were checked against OpenSSL 3.0.19's X509_verify_cert on the same certificates (the
 * peer's certificates as untrusted, as ssl_verify_cert_chain passes them).
 */
class ChainBuildTest {

    private static final Cert ROOT = Pki.root("Root");
    private static final Cert INT = Pki.intermediate("Int", ROOT);
    private static final Cert LEAF = Pki.leaf("leaf.example.com", INT);

    @Test
    void aChainToATrustedRootVerifiesAndTheCallbackSeesEachDepthFromTheTop() {
        Scenario.Outcome o = new Scenario().trust(ROOT).runAcceptingAll(LEAF, INT);

        assertThat(o.verified()).isTrue();
        assertThat(o.error()).isEqualTo(VerifyResult.OK);
        assertThat(o.chain()).containsExactly("CN=leaf.example.com", "CN=Int", "CN=Root");
        // OpenSSL: cb ok=1 at depth 2 (Root), 1 (Int), 0 (leaf)
        assertThat(o.calls())
                .containsExactly(
                        "ok=1 depth=2 err=0 CN=Root",
                        "ok=1 depth=1 err=0 CN=Int",
                        "ok=1 depth=0 err=0 CN=leaf.example.com");
    }

    @Test
    void thePeerMaySendItsChainInAnyOrderWithExtraCertificates() {
        Cert stranger = Pki.root("Stranger");

        Scenario.Outcome o = new Scenario().trust(ROOT).run(LEAF, stranger, ROOT, INT);

        assertThat(o.error()).isEqualTo(VerifyResult.OK);
        assertThat(o.chain()).containsExactly("CN=leaf.example.com", "CN=Int", "CN=Root");
    }

    @Test
    void configuredUntrustedIntermediatesCompleteTheChain() {
        Scenario.Outcome o = new Scenario().trust(ROOT).untrusted(INT).run(LEAF);

        assertThat(o.error()).isEqualTo(VerifyResult.OK);
    }

    @Test
    void noTrustedIssuerIsUnableToGetLocalIssuerAtTheTopOfWhatWasBuilt() {
        // OpenSSL: error 20 at depth 1 (Int); accepted, only the leaf's signature is then checked
        Scenario.Outcome o = new Scenario().trust(Pki.root("Other")).runAcceptingAll(LEAF, INT);

        assertThat(o.calls())
                .containsExactly(
                        "ok=0 depth=1 err=20 CN=Int", "ok=1 depth=0 err=20 CN=leaf.example.com");
        assertThat(o.error()).isEqualTo(VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        assertThat(new Scenario().run(LEAF, INT).errorDepth()).isEqualTo(1);
    }

    @Test
    void aLoneUntrustedLeafIs20Then21() {
        // OpenSSL: 20 at depth 0, then internal_verify cannot check the leaf's signature: 21
        Scenario.Outcome o = new Scenario().trust(ROOT).runAcceptingAll(LEAF);

        assertThat(o.calls())
                .containsExactly(
                        "ok=0 depth=0 err=20 CN=leaf.example.com",
                        "ok=0 depth=0 err=21 CN=leaf.example.com",
                        "ok=1 depth=0 err=21 CN=leaf.example.com");
        assertThat(new Scenario().trust(ROOT).run(LEAF).error())
                .isEqualTo(VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    }

    @Test
    void anUntrustedSelfSignedLeafIsDepthZeroSelfSigned() {
        Cert self = Pki.cert("CN=self.example.com").dns("self.example.com").build();

        Scenario.Outcome o = new Scenario().trust(ROOT).runAcceptingAll(self);

        assertThat(o.calls())
                .containsExactly(
                        "ok=0 depth=0 err=18 CN=self.example.com",
                        "ok=1 depth=0 err=18 CN=self.example.com");
        assertThat(new Scenario().run(self).error())
                .isEqualTo(VerifyResult.DEPTH_ZERO_SELF_SIGNED_CERT);
    }

    @Test
    void aTrustedSelfSignedLeafVerifies() {
        Cert self = Pki.cert("CN=self.example.com").dns("self.example.com").build();

        assertThat(new Scenario().trust(self).run(self).error()).isEqualTo(VerifyResult.OK);
    }

    @Test
    void anUntrustedRootSentByThePeerIsSelfSignedInChain() {
        Cert otherRoot = Pki.root("Root2");
        Cert otherInt = Pki.intermediate("Int2", otherRoot);
        Cert otherLeaf = Pki.leaf("b.example.com", otherInt);

        Scenario.Outcome o = new Scenario().trust(ROOT).run(otherLeaf, otherInt, otherRoot);

        assertThat(o.error()).isEqualTo(VerifyResult.SELF_SIGNED_CERT_IN_CHAIN);
        assertThat(o.errorDepth()).isEqualTo(2);
    }

    @Test
    void aRootSentByThePeerThatIsAlsoInTheStoreIsTrusted() {
        assertThat(new Scenario().trust(ROOT).run(LEAF, INT, ROOT).error())
                .isEqualTo(VerifyResult.OK);
    }

    @Test
    void aSelfSignedMimicOfATrustedRootIsNotTrusted() {
        // same name as the trusted root, another key: OpenSSL demands the very same certificate
        Cert mimic = Pki.root("Root");
        Cert mimicInt = Pki.intermediate("Int", mimic);
        Cert mimicLeaf = Pki.leaf("leaf.example.com", mimicInt);

        Scenario.Outcome o = new Scenario().trust(ROOT).run(mimicLeaf, mimicInt, mimic);

        assertThat(o.error()).isEqualTo(VerifyResult.SELF_SIGNED_CERT_IN_CHAIN);
        assertThat(o.errorDepth()).isEqualTo(2);
    }

    @Test
    void aTrustedIntermediateWithoutItsRootIsUnableToGetIssuer() {
        // OpenSSL: store has Int only; trusted-first takes Int from the store, then finds no
        // issuer: 2 at depth 1
        assertThat(new Scenario().trust(INT).run(LEAF).error())
                .isEqualTo(VerifyResult.UNABLE_TO_GET_ISSUER_CERT);
        // the root sent by the peer is not looked at once the store supplied Int
        Scenario.Outcome o = new Scenario().trust(INT).run(LEAF, ROOT);
        assertThat(o.error()).isEqualTo(VerifyResult.UNABLE_TO_GET_ISSUER_CERT);
        assertThat(o.errorDepth()).isEqualTo(1);
    }

    @Test
    void theVerifyDepthLimitsIntermediates() {
        Cert i2 = Pki.intermediate("I2", INT);
        Cert i3 = Pki.intermediate("I3", i2);
        Cert leaf = Pki.leaf("d.example.com", i3);
        Scenario s = new Scenario().trust(ROOT).untrusted(INT, i2, i3);

        // three intermediates: depth 3 is enough
        assertThat(s.depth(3).run(leaf).error()).isEqualTo(VerifyResult.OK);
        assertThat(s.depth(-1).run(leaf).error()).isEqualTo(VerifyResult.OK);
        // OpenSSL with -verify_depth 2: 22 at depth 3 (Int, the last one that fits), then 20 there
        Scenario.Outcome o = s.depth(2).runAcceptingAll(leaf);
        assertThat(o.calls())
                .startsWith("ok=0 depth=3 err=22 CN=Int", "ok=0 depth=3 err=20 CN=Int");
        assertThat(o.chain()).containsExactly("CN=d.example.com", "CN=I3", "CN=I2", "CN=Int");
        // depth 0: only a leaf issued by a trust anchor
        Scenario.Outcome zero = s.depth(0).runAcceptingAll(leaf);
        assertThat(zero.calls())
                .startsWith("ok=0 depth=1 err=22 CN=I3", "ok=0 depth=1 err=20 CN=I3");
        assertThat(new Scenario().trust(ROOT).depth(0).run(Pki.leaf("e.example.com", ROOT)).error())
                .isEqualTo(VerifyResult.OK);
    }

    @Test
    void amongTrustedIssuersOfTheSameNameAndKeyAValidOneIsPreferred() {
        Cert expired =
                Pki.cert("CN=Twin")
                        .ca()
                        .key(ROOT.key())
                        .validity(Pki.NOW.minusSeconds(7200), Pki.NOW.minusSeconds(3600))
                        .build();
        Cert valid = Pki.cert("CN=Twin").ca().key(ROOT.key()).build();
        Cert leaf = Pki.leaf("t.example.com", valid);

        assertThat(new Scenario().trust(expired, valid).run(leaf).error())
                .isEqualTo(VerifyResult.OK);
        assertThat(new Scenario().trust(expired).run(leaf).error())
                .isEqualTo(VerifyResult.CERT_HAS_EXPIRED);
    }

    @Test
    void withNothingValidTheIssuerThatExpiresLastIsTaken() {
        Cert older =
                Pki.cert("CN=Twin")
                        .ca()
                        .key(ROOT.key())
                        .validity(Pki.NOW.minusSeconds(7200), Pki.NOW.minusSeconds(3600))
                        .build();
        Cert newer =
                Pki.cert("CN=Twin")
                        .ca()
                        .key(ROOT.key())
                        .validity(Pki.NOW.minusSeconds(7200), Pki.NOW.minusSeconds(60))
                        .build();
        Cert leaf = Pki.leaf("t.example.com", newer);

        Scenario.Outcome o = new Scenario().trust(older, newer).runAcceptingAll(leaf);

        assertThat(o.verified()).isTrue();
        assertThat(o.error()).isEqualTo(VerifyResult.CERT_HAS_EXPIRED);
        assertThat(o.calls()).contains("ok=0 depth=1 err=10 CN=Twin");
    }
}
