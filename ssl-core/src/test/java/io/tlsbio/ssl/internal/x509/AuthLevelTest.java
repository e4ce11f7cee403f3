package io.tlsbio.ssl.internal.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.VerifyResult;
import io.tlsbio.ssl.internal.x509.Pki.Cert;
import org.junit.jupiter.api.Test;

/**
 * The authentication security level: key sizes (66 for the leaf, checked before the chain is built;
 * 67 for issuers) and signature digests (68; SHA-1 fails level 1 in OpenSSL 3.0; the top of the
 * chain's own signature is exempt). Expectations as OpenSSL 3.0.19 with -auth_level.
 */
class AuthLevelTest {

    private static final Cert ROOT = Pki.root("Root");
    private static final Cert INT = Pki.intermediate("Int", ROOT);

    @Test
    void aSmallLeafKeyFailsBeforeTheChainIsBuilt() {
        Cert small = Pki.cert("CN=s1").issuer(INT).key(Pki.rsa(512)).build();

        Scenario.Outcome o = new Scenario().trust(ROOT).untrusted(INT).run(small);

        assertThat(o.error()).isEqualTo(VerifyResult.EE_KEY_TOO_SMALL);
        assertThat(o.chain()).containsExactly("CN=s1");
        assertThat(new Scenario().trust(ROOT).untrusted(INT).level(0).run(small).error())
                .isEqualTo(VerifyResult.OK);
    }

    @Test
    void levelTwoWantsMoreThanRsa1024() {
        Cert rsa1024 = Pki.cert("CN=s2").issuer(INT).key(Pki.rsa(1024)).build();
        Scenario s = new Scenario().trust(ROOT).untrusted(INT);

        assertThat(s.level(1).run(rsa1024).error()).isEqualTo(VerifyResult.OK);
        assertThat(s.level(2).run(rsa1024).error()).isEqualTo(VerifyResult.EE_KEY_TOO_SMALL);
    }

    @Test
    void aWeakIssuerKeyIsCaKeyTooSmallAtItsDepth() {
        Cert weakCa = Pki.cert("CN=C2").ca().issuer(ROOT).key(Pki.rsa(1024)).build();
        Cert leaf = Pki.leaf("s3.example.com", weakCa);

        Scenario.Outcome o = new Scenario().trust(ROOT).level(2).runAcceptingAll(leaf, weakCa);

        assertThat(o.calls())
                .containsExactly(
                        "ok=0 depth=1 err=67 CN=C2",
                        "ok=1 depth=2 err=67 CN=Root",
                        "ok=1 depth=1 err=67 CN=C2",
                        "ok=1 depth=0 err=67 CN=s3.example.com");
    }

    @Test
    void sha1SignaturesFailLevelOneBelowTheTop() {
        Cert sha1Int = Pki.cert("CN=I1").ca().issuer(ROOT).sigAlg("SHA1withECDSA").build();
        Cert sha1Leaf = Pki.cert("CN=s4").issuer(sha1Int).sigAlg("SHA1withECDSA").build();

        Scenario.Outcome o = new Scenario().trust(ROOT).runAcceptingAll(sha1Leaf, sha1Int);

        // OpenSSL: 68 at depth 0 then at depth 1
        assertThat(o.calls()).startsWith("ok=0 depth=0 err=68 CN=s4", "ok=0 depth=1 err=68 CN=I1");
        assertThat(new Scenario().trust(ROOT).level(0).run(sha1Leaf, sha1Int).error())
                .isEqualTo(VerifyResult.OK);
    }

    @Test
    void theTrustAnchorsOwnSha1SignatureIsExempt() {
        Cert sha1Root = Pki.cert("CN=R1").ca().sigAlg("SHA1withECDSA").build();
        Cert sha1SelfSigned = Pki.cert("CN=ss1").sigAlg("SHA1withECDSA").build();

        assertThat(new Scenario().trust(sha1Root).run(Pki.leaf("s5.example.com", sha1Root)).error())
                .isEqualTo(VerifyResult.OK);
        assertThat(new Scenario().trust(sha1SelfSigned).run(sha1SelfSigned).error())
                .isEqualTo(VerifyResult.OK);
    }

    @Test
    void anAcceptedWeakLeafKeyIsReportedAgainWhenTheChainIsUntrusted() {
        // OpenSSL 3.0.19 build_chain: "a preliminary error has become final": 66, 66 again, then 21
        Cert small = Pki.cert("CN=s1").issuer(INT).key(Pki.rsa(512)).build();

        Scenario.Outcome o = new Scenario().trust(ROOT).runAcceptingAll(small);

        assertThat(o.calls())
                .containsExactly(
                        "ok=0 depth=0 err=66 CN=s1",
                        "ok=0 depth=0 err=66 CN=s1",
                        "ok=0 depth=0 err=21 CN=s1",
                        "ok=1 depth=0 err=21 CN=s1");
    }

    @Test
    void ed25519GivesOneHundredTwentyEightBitsAndP256Too() {
        Cert edRoot = Pki.cert("CN=EdRoot").ca().key(Pki.keys("Ed25519")).build();
        Cert edLeaf = Pki.cert("CN=ed").issuer(edRoot).key(Pki.keys("Ed25519")).build();
        Scenario s = new Scenario().trust(edRoot);

        assertThat(s.level(3).run(edLeaf).error()).isEqualTo(VerifyResult.OK);
        assertThat(s.level(4).run(edLeaf).error()).isEqualTo(VerifyResult.EE_KEY_TOO_SMALL);
        assertThat(
                        new Scenario()
                                .trust(ROOT)
                                .untrusted(INT)
                                .level(4)
                                .run(Pki.leaf("p.example.com", INT))
                                .error())
                .isEqualTo(VerifyResult.EE_KEY_TOO_SMALL);
    }

    @Test
    void opensslsRsaStrengthsFollowSp800_56B() {
        // EVP_PKEY_get_security_bits of OpenSSL 3.0.19 for RSA moduli of these sizes
        int[][] expected = {
            {512, 56},
            {768, 72},
            {1000, 80},
            {1023, 80},
            {1024, 80},
            {1025, 80},
            {1536, 96},
            {2000, 112},
            {2047, 112},
            {2048, 112},
            {2049, 112},
            {3071, 128},
            {3072, 128},
            {4096, 152},
            {7680, 192},
            {8192, 200},
            {15360, 256},
            {16384, 272}
        };
        for (int[] e : expected) {
            assertThat(SecurityBits.ifcFfc(e[0])).as("RSA-%d", e[0]).isEqualTo(e[1]);
        }
        assertThat(SecurityBits.ec(256)).isEqualTo(128);
        assertThat(SecurityBits.ec(521)).isEqualTo(256);
        assertThat(SecurityBits.ec(112)).isEqualTo(56);
        assertThat(SecurityBits.bn(2048, 224)).isEqualTo(112);
        assertThat(SecurityBits.bn(1024, 160)).isEqualTo(80);
        assertThat(SecurityBits.bn(3072, 128)).isZero();
    }
}
