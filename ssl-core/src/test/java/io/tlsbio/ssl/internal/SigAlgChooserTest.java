package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bouncycastle.tls.SignatureScheme.ecdsa_secp256r1_sha256;
import static org.bouncycastle.tls.SignatureScheme.ecdsa_secp384r1_sha384;
import static org.bouncycastle.tls.SignatureScheme.ed25519;
import static org.bouncycastle.tls.SignatureScheme.ed448;
import static org.bouncycastle.tls.SignatureScheme.rsa_pkcs1_sha1;
import static org.bouncycastle.tls.SignatureScheme.rsa_pkcs1_sha256;
import static org.bouncycastle.tls.SignatureScheme.rsa_pss_rsae_sha256;

import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.Test;

/**
 * SigAlgChooser against what OpenSSL 3.0.19 did with the same certificates: `openssl s_server -cert
 * rsa.pem -key rsa.key -dcert ec.pem -dkey ec.key` (or the Ed25519 pair) and `openssl s_client
 * -sigalgs ... -cipher ...`, or a hand-made TLS 1.2 ClientHello where s_client cannot send one (it
 * drops suites it has no scheme for). Each test names the observation.
 */
class SigAlgChooserTest {

    private static final int ECDHE_RSA = CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
    private static final int ECDHE_ECDSA = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final int RSA_KX = CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256;
    private static final int TLS13 = CipherSuite.TLS_AES_128_GCM_SHA256;
    private static final int[] P256_X25519 = {23, 29};

    private final OwnCredentials rsa = TestKeys.credentials("rsa");
    private final OwnCredentials ec = TestKeys.credentials("ec");
    private final OwnCredentials ed = TestKeys.credentials("ed25519");
    private final CredentialSet rsaEc = CredentialSet.EMPTY.with(rsa).with(ec);

    private static Vector<SignatureAndHashAlgorithm> sigalgs(int... schemes) {
        Vector<SignatureAndHashAlgorithm> v = new Vector<>();
        for (int s : schemes) {
            v.add(SignatureScheme.getSignatureAndHashAlgorithm(s));
        }
        return v;
    }

    private static SigAlgChooser.Choice server13(CredentialSet set, int... clientSchemes)
            throws TlsFatalAlert {
        return SigAlgChooser.chooseServer(
                set, true, TLS13, sigalgs(clientSchemes), null, P256_X25519);
    }

    private static SigAlgChooser.Choice server12(CredentialSet set, int suite, int... clientSchemes)
            throws TlsFatalAlert {
        return SigAlgChooser.chooseServer(
                set, false, suite, sigalgs(clientSchemes), null, P256_X25519);
    }

    @Test
    void tls13TakesTheClientsFirstSchemeAnyCertificateCanUse() throws TlsFatalAlert {
        // s_client -tls1_3 -sigalgs X: rsa_pss_rsae_sha256 -> CN=rsa, RSA-PSS; ecdsa -> CN=ec;
        // both: the first listed wins
        assertThat(server13(rsaEc, rsa_pss_rsae_sha256).credentials()).isSameAs(rsa);
        assertThat(server13(rsaEc, ecdsa_secp256r1_sha256).credentials()).isSameAs(ec);
        assertThat(server13(rsaEc, ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256).credentials())
                .isSameAs(ec);
        SigAlgChooser.Choice c =
                server13(rsaEc, rsa_pkcs1_sha256, rsa_pss_rsae_sha256, ecdsa_secp256r1_sha256);
        assertThat(c.credentials()).isSameAs(rsa);
        assertThat(c.scheme()).as("PKCS#1 is never used in TLS 1.3").isEqualTo(rsa_pss_rsae_sha256);
    }

    @Test
    void theOrderOfAdditionDoesNotMatterToAServer() throws TlsFatalAlert {
        CredentialSet ecRsa = CredentialSet.EMPTY.with(ec).with(rsa);
        assertThat(server13(ecRsa, rsa_pss_rsae_sha256).credentials()).isSameAs(rsa);
        assertThat(server13(ecRsa, ecdsa_secp256r1_sha256).credentials()).isSameAs(ec);
        assertThat(server12(ecRsa, ECDHE_RSA, rsa_pss_rsae_sha256).credentials()).isSameAs(rsa);
    }

    @Test
    void aKeyOfTheSameTypeReplacesItsSlot() throws TlsFatalAlert {
        OwnCredentials ec384 = TestKeys.credentials("ec384");
        CredentialSet set = rsaEc.with(ec384);
        assertThat(set.get(CertSlot.ECC)).isSameAs(ec384);
        assertThat(set.get(CertSlot.RSA)).isSameAs(rsa);
        assertThat(server13(set, ecdsa_secp384r1_sha384).credentials()).isSameAs(ec384);
    }

    @Test
    void tls13BindsTheCurveTls12DoesNot() throws TlsFatalAlert {
        // -cert ec384.pem: s_client -tls1_3 -sigalgs ecdsa_secp256r1_sha256 -> alert 40;
        // -tls1_2 -> ECDHE-ECDSA, ECDSA with SHA256
        CredentialSet p384 = CredentialSet.EMPTY.with(TestKeys.credentials("ec384"));
        assertThatThrownBy(() -> server13(p384, ecdsa_secp256r1_sha256))
                .isInstanceOfSatisfying(
                        TlsFatalAlert.class,
                        a -> {
                            assertThat(a.getAlertDescription())
                                    .isEqualTo(AlertDescription.handshake_failure);
                            assertThat(a).hasMessageContaining("no suitable signature algorithm");
                        });
        int[] withP384 = {23, 24, 29};
        assertThat(
                        SigAlgChooser.chooseServer(
                                        p384,
                                        false,
                                        ECDHE_ECDSA,
                                        sigalgs(ecdsa_secp256r1_sha256),
                                        null,
                                        withP384)
                                .scheme())
                .isEqualTo(ecdsa_secp256r1_sha256);
        // but in TLS 1.2 the certificate's curve must be one the client lists
        assertThatThrownBy(() -> server12(p384, ECDHE_ECDSA, ecdsa_secp256r1_sha256))
                .isInstanceOf(TlsFatalAlert.class);
    }

    @Test
    void tls12ChoosesTheSchemeForTheSuitesCertificate() throws TlsFatalAlert {
        // s_client -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -> CN=rsa RSA-PSS; ECDHE-ECDSA ->
        // CN=ec
        assertThat(
                        server12(rsaEc, ECDHE_RSA, ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256)
                                .credentials())
                .isSameAs(rsa);
        assertThat(
                        server12(rsaEc, ECDHE_ECDSA, rsa_pss_rsae_sha256, ecdsa_secp256r1_sha256)
                                .credentials())
                .isSameAs(ec);
        assertThat(server12(rsaEc, ECDHE_RSA, rsa_pkcs1_sha256, rsa_pss_rsae_sha256).scheme())
                .as("TLS 1.2 signs with PKCS#1 when the client lists it first")
                .isEqualTo(rsa_pkcs1_sha256);
    }

    @Test
    void anRsaSuiteIsChosenWithoutAnRsaSchemeAndThenFails() {
        // hand-made hello, suites ECDHE-RSA, ECDHE-ECDSA, sigalgs ecdsa_secp256r1_sha256 only:
        // OpenSSL picks ECDHE-RSA and fails "no suitable signature algorithm" (bctls would pick
        // ECDSA);
        // the same for AES128-GCM-SHA256 (RSA key transport)
        Vector<SignatureAndHashAlgorithm> ecdsaOnly = sigalgs(ecdsa_secp256r1_sha256);
        assertThat(SigAlgChooser.canAuthenticate(rsaEc, ECDHE_RSA, ecdsaOnly, P256_X25519))
                .isTrue();
        assertThat(SigAlgChooser.canAuthenticate(rsaEc, RSA_KX, ecdsaOnly, P256_X25519)).isTrue();
        assertThatThrownBy(() -> server12(rsaEc, ECDHE_RSA, ecdsa_secp256r1_sha256))
                .hasMessageContaining("no suitable signature algorithm");
        assertThatThrownBy(() -> server12(rsaEc, RSA_KX, ecdsa_secp256r1_sha256))
                .hasMessageContaining("no suitable signature algorithm");
    }

    @Test
    void anEcdsaSuiteNeedsAnEcdsaSchemeAndTheCurveAmongTheClientsGroups() {
        // hand-made hello: ECDHE-ECDSA first with sigalgs rsa_pss_rsae_sha256 -> OpenSSL picks
        // ECDHE-RSA;
        // ECDHE-ECDSA first, ecdsa scheme, groups x25519 only -> not ECDSA (the P-256 certificate
        // is not valid)
        assertThat(
                        SigAlgChooser.canAuthenticate(
                                rsaEc, ECDHE_ECDSA, sigalgs(rsa_pss_rsae_sha256), P256_X25519))
                .isFalse();
        assertThat(
                        SigAlgChooser.canAuthenticate(
                                rsaEc,
                                ECDHE_ECDSA,
                                sigalgs(ecdsa_secp256r1_sha256),
                                new int[] {29}))
                .isFalse();
        assertThat(
                        SigAlgChooser.canAuthenticate(
                                rsaEc, ECDHE_ECDSA, sigalgs(ecdsa_secp256r1_sha256), null))
                .isTrue();
        assertThat(
                        SigAlgChooser.canAuthenticate(
                                rsaEc, ECDHE_ECDSA, sigalgs(ecdsa_secp256r1_sha256), P256_X25519))
                .isTrue();
    }

    @Test
    void ed25519AuthenticatesEcdsaSuitesInTls12() throws TlsFatalAlert {
        // -cert rsa -dcert ed25519: s_client -tls1_2 -> ECDHE-ECDSA-AES256-GCM-SHA384, ed25519;
        // -cert ec -dcert ed25519, -sigalgs ed25519:ecdsa_secp256r1_sha256 -> ed25519, TLS 1.2 and
        // 1.3
        CredentialSet rsaEd = CredentialSet.EMPTY.with(rsa).with(ed);
        assertThat(SigAlgChooser.canAuthenticate(rsaEd, ECDHE_ECDSA, sigalgs(ed25519), P256_X25519))
                .isTrue();
        assertThat(
                        SigAlgChooser.canAuthenticate(
                                rsaEd,
                                ECDHE_ECDSA,
                                sigalgs(ed448, rsa_pss_rsae_sha256),
                                P256_X25519))
                .isFalse();
        CredentialSet ecEd = CredentialSet.EMPTY.with(ec).with(ed);
        assertThat(server12(ecEd, ECDHE_ECDSA, ed25519, ecdsa_secp256r1_sha256).credentials())
                .isSameAs(ed);
        assertThat(server13(ecEd, ed25519, ecdsa_secp256r1_sha256).credentials()).isSameAs(ed);
        assertThat(server13(ecEd, ecdsa_secp256r1_sha256, ed25519).credentials()).isSameAs(ec);
    }

    @Test
    void sha1IsRefusedFromSecurityLevel1() throws TlsFatalAlert {
        // s_client -tls1_2 -sigalgs rsa_pkcs1_sha1 -cipher DEFAULT@SECLEVEL=0 -> s_server:
        // "no shared signature algorithms"
        assertThatThrownBy(() -> server12(rsaEc, ECDHE_RSA, rsa_pkcs1_sha1))
                .isInstanceOf(TlsFatalAlert.class);
        assertThat(server12(rsaEc.atSecurityLevel(0), ECDHE_RSA, rsa_pkcs1_sha1).scheme())
                .isEqualTo(rsa_pkcs1_sha1);
    }

    @Test
    void signatureAlgorithmsCertRulesOutACertificateByItsOwnSignature() throws TlsFatalAlert {
        // the fixtures are self-signed: rsa.pem with sha256WithRSAEncryption, ec.pem with
        // ecdsa-with-SHA256
        Vector<SignatureAndHashAlgorithm> both =
                sigalgs(ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256);
        SigAlgChooser.Choice c =
                SigAlgChooser.chooseServer(
                        rsaEc, true, TLS13, both, sigalgs(rsa_pkcs1_sha256), null);
        assertThat(c.credentials()).isSameAs(rsa);
        c =
                SigAlgChooser.chooseServer(
                        rsaEc,
                        true,
                        TLS13,
                        both,
                        sigalgs(rsa_pkcs1_sha256, ecdsa_secp256r1_sha256),
                        null);
        assertThat(c.credentials()).isSameAs(ec);
        // PKCS#1-signed is not PSS-signed, and SHA-384 is not SHA-256
        assertThatThrownBy(
                        () ->
                                SigAlgChooser.chooseServer(
                                        rsaEc,
                                        true,
                                        TLS13,
                                        both,
                                        sigalgs(
                                                ecdsa_secp384r1_sha384,
                                                rsa_pss_rsae_sha256,
                                                ed25519),
                                        null))
                .isInstanceOf(TlsFatalAlert.class);
    }

    @Test
    void aTls13ClientPicksByTheServersOrder() {
        assertThat(
                        SigAlgChooser.chooseClient(
                                        rsaEc,
                                        true,
                                        sigalgs(rsa_pss_rsae_sha256, ecdsa_secp256r1_sha256),
                                        null)
                                .credentials())
                .isSameAs(rsa);
        assertThat(
                        SigAlgChooser.chooseClient(
                                        rsaEc, true, sigalgs(ed25519, ecdsa_secp256r1_sha256), null)
                                .credentials())
                .isSameAs(ec);
        assertThat(SigAlgChooser.chooseClient(rsaEc, true, sigalgs(ed25519), null)).isNull();
    }

    @Test
    void aTls12ClientOffersOnlyItsCurrentCertificate() {
        // rsaEc: EC was added last, so it is OpenSSL's current certificate (CERT.key)
        assertThat(
                        SigAlgChooser.chooseClient(
                                        rsaEc,
                                        false,
                                        sigalgs(rsa_pss_rsae_sha256, ecdsa_secp256r1_sha256),
                                        null)
                                .credentials())
                .isSameAs(ec);
        assertThat(SigAlgChooser.chooseClient(rsaEc, false, sigalgs(rsa_pss_rsae_sha256), null))
                .isNull();
        CredentialSet ecRsa = CredentialSet.EMPTY.with(ec).with(rsa);
        assertThat(
                        SigAlgChooser.chooseClient(
                                        ecRsa,
                                        false,
                                        sigalgs(ecdsa_secp256r1_sha256, rsa_pkcs1_sha256),
                                        null)
                                .scheme())
                .isEqualTo(rsa_pkcs1_sha256);
        assertThat(
                        SigAlgChooser.chooseClient(
                                CredentialSet.EMPTY, false, sigalgs(rsa_pkcs1_sha256), null))
                .isNull();
    }

    @Test
    void suitesNeedACertificateOfTheirAuthentication() {
        CredentialSet edOnly = CredentialSet.EMPTY.with(ed);
        assertThat(SigAlgChooser.hasSlotFor(edOnly, ECDHE_ECDSA)).isTrue();
        assertThat(SigAlgChooser.hasSlotFor(edOnly, ECDHE_RSA)).isFalse();
        assertThat(SigAlgChooser.hasSlotFor(edOnly, RSA_KX)).isFalse();
        assertThat(SigAlgChooser.hasSlotFor(edOnly, TLS13)).isTrue();
        assertThat(rsaEc.schemes(true))
                .containsExactly(
                        ecdsa_secp256r1_sha256,
                        SignatureScheme.rsa_pss_rsae_sha256,
                        SignatureScheme.rsa_pss_rsae_sha384,
                        SignatureScheme.rsa_pss_rsae_sha512);
    }
}
