package io.tlsbio.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JDK's view of TestPki: parse, inspect, PKIX-validate. */
class TestPkiTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final TestPki PKI = TestPki.shared();

    static List<X509Certificate> parseCertificates(String pem) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (var c :
                cf.generateCertificates(
                        new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    static PrivateKey parseKey(String pem, KeyType type) throws Exception {
        assertThat(pem)
                .startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(type.keyAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    /** PKIX with revocation off, anchored at pki.ca(), at {@code date}. */
    static void validate(TestPki pki, TestCredential c, Date date) throws Exception {
        PKIXParameters params =
                new PKIXParameters(Set.of(new TrustAnchor(pki.ca().certificate(), null)));
        params.setRevocationEnabled(false);
        params.setDate(date);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(c.chain()), params);
    }

    static Date now() {
        return new Date();
    }

    private static void assertKeyMatches(TestCredential c) throws Exception {
        Signature s = Signature.getInstance(c.keyType().signatureAlgorithm());
        s.initSign(c.privateKey());
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(c.publicKey());
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).as("key pair of %s", c).isTrue();
    }

    @Test
    void caIsASelfSignedRootWithCertSignAndCrlSign() throws Exception {
        X509Certificate ca = PKI.ca().certificate();
        ca.verify(ca.getPublicKey());
        assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
        assertThat(ca.getSubjectX500Principal().getName())
                .isEqualTo("CN=tlsbio Test Root CA,O=tlsbio");
        assertThat(ca.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        boolean[] ku = ca.getKeyUsage();
        assertThat(ku[5]).as("keyCertSign").isTrue();
        assertThat(ku[6]).as("cRLSign").isTrue();
        assertThat(ku[0]).as("digitalSignature").isFalse();
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(ca.getExtensionValue("2.5.29.14")).as("SKI").isNotNull();
        assertThat(PKI.ca().chain()).containsExactly(ca);
        assertThat(PKI.ca().keyType()).isEqualTo(KeyType.ECDSA).isEqualTo(PKI.caKeyType());
        assertThat(PKI.caPem()).isEqualTo(PKI.ca().certificatePem());
        assertKeyMatches(PKI.ca());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void serverCertificateHasTheProfileTlsPeersExpect(KeyType type) throws Exception {
        TestCredential server = PKI.server(type);
        X509Certificate cert = server.certificate();
        cert.verify(PKI.ca().publicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(cert.getIssuerX500Principal())
                .isEqualTo(PKI.ca().certificate().getSubjectX500Principal());
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
        boolean[] ku = cert.getKeyUsage();
        assertThat(ku[0]).as("digitalSignature").isTrue();
        assertThat(ku[2]).as("keyEncipherment").isEqualTo(type == KeyType.RSA);
        assertThat(ku[5]).as("keyCertSign").isFalse();
        assertThat(cert.getExtensionValue("2.5.29.14")).as("SKI").isNotNull();
        assertThat(cert.getExtensionValue("2.5.29.35")).as("AKI").isNotNull();
        if (type == KeyType.RSA) {
            assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength())
                    .isEqualTo(2048);
            assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA"); // signed by the EC root
        } else {
            assertThat(
                            ((ECPublicKey) cert.getPublicKey())
                                    .getParams()
                                    .getCurve()
                                    .getField()
                                    .getFieldSize())
                    .isEqualTo(256);
        }
        assertThat(server.chain()).containsExactly(cert);
        assertThat(server.privateKey().getAlgorithm()).isEqualTo(type.keyAlgorithm());
        assertKeyMatches(server);
        validate(PKI, server, now());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void clientCertificateIsCnClientAndValidates(KeyType type) throws Exception {
        TestCredential client = PKI.client(type);
        assertThat(client.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=client");
        assertThat(client.certificate().getSubjectAlternativeNames()).isNull();
        assertThat(client.certificate().getExtendedKeyUsage()).contains(CLIENT_AUTH);
        assertThat(client.publicKey()).isNotEqualTo(PKI.server(type).publicKey());
        assertKeyMatches(client);
        validate(PKI, client, now());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void pemRoundTripsThroughTheJdk(KeyType type) throws Exception {
        TestCredential server = PKI.chainedServer(type, 2);
        assertThat(parseCertificates(server.chainPem())).isEqualTo(server.chain());
        assertThat(parseCertificates(server.certificatePem()))
                .containsExactly(server.certificate());
        assertThat(parseKey(server.keyPem(), type)).isEqualTo(server.privateKey());
        assertThat(server.keyPem().lines())
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(64));
    }

    @Test
    void chainedServerValidatesThroughItsIntermediates() throws Exception {
        TestCredential c = PKI.chainedServer(KeyType.ECDSA, 3);
        assertThat(c.chain()).hasSize(4);
        assertThat(c.chain().get(1).getSubjectX500Principal().getName())
                .contains("Intermediate CA 3");
        assertThat(c.chain().get(3).getIssuerX500Principal())
                .isEqualTo(PKI.ca().certificate().getSubjectX500Principal());
        assertThat(c.chain().get(1).getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        validate(PKI, c, now());
        assertThat(PKI.chainedServer(KeyType.ECDSA, 1).chain().get(1)).isEqualTo(c.chain().get(3));
        assertThatThrownBy(() -> PKI.chainedServer(KeyType.ECDSA, 0))
                .hasMessageContaining("intermediates not in [1, 32]: 0");
    }

    @Test
    void expiredAndNotYetValidFailPkixWithTheirReasons() {
        assertThatThrownBy(() -> validate(PKI, PKI.expiredServer(KeyType.ECDSA), now()))
                .isInstanceOf(CertPathValidatorException.class)
                .satisfies(
                        e ->
                                assertThat(((CertPathValidatorException) e).getReason())
                                        .isEqualTo(CertPathValidatorException.BasicReason.EXPIRED));
        assertThatThrownBy(() -> validate(PKI, PKI.notYetValidServer(KeyType.ECDSA), now()))
                .isInstanceOf(CertPathValidatorException.class)
                .satisfies(
                        e ->
                                assertThat(((CertPathValidatorException) e).getReason())
                                        .isEqualTo(
                                                CertPathValidatorException.BasicReason
                                                        .NOT_YET_VALID));
        assertThat(PKI.expiredServer(KeyType.ECDSA).certificate().getNotAfter()).isBefore(now());
        assertThat(PKI.notYetValidServer(KeyType.ECDSA).certificate().getNotBefore())
                .isAfter(now());
    }

    @Test
    void untrustedAndSelfSignedHaveNoPathToTheRoot() throws Exception {
        TestCredential untrusted = PKI.untrustedServer(KeyType.ECDSA);
        assertThat(untrusted.certificate().getIssuerX500Principal())
                .isEqualTo(PKI.untrustedCa().certificate().getSubjectX500Principal());
        untrusted.certificate().verify(PKI.untrustedCa().publicKey());
        assertThatThrownBy(() -> validate(PKI, untrusted, now()))
                .isInstanceOf(CertPathValidatorException.class)
                .satisfies(
                        e ->
                                assertThat(((CertPathValidatorException) e).getReason())
                                        .isEqualTo(PKIXReason.NO_TRUST_ANCHOR));
        TestCredential self = PKI.selfSignedServer(KeyType.ECDSA);
        self.certificate().verify(self.publicKey());
        assertThat(self.certificate().getBasicConstraints()).isEqualTo(-1);
        assertThat(self.chain()).containsExactly(self.certificate());
        assertThatThrownBy(() -> validate(PKI, self, now()))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void wrongHostServerNamesOnlyOtherExample() throws Exception {
        X509Certificate cert = PKI.wrongHostServer(KeyType.ECDSA).certificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=other.example");
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(2, "other.example"));
        validate(PKI, PKI.wrongHostServer(KeyType.ECDSA), now()); // the chain itself is fine
    }

    @Test
    void deterministicPkiIsByteIdenticalWhateverTheOrderOfRequests() throws Exception {
        TestPki a = TestPki.create(42);
        TestPki b = TestPki.create(42);
        // b asks in another order: derived streams make that irrelevant
        TestCredential bServer = b.server(KeyType.ECDSA);
        TestCredential bClient = b.client(KeyType.ECDSA);
        TestCredential bExpired = b.expiredServer(KeyType.ECDSA);
        assertThat(a.expiredServer(KeyType.ECDSA).certificate().getEncoded())
                .isEqualTo(bExpired.certificate().getEncoded());
        assertThat(a.client(KeyType.ECDSA).certificate().getEncoded())
                .isEqualTo(bClient.certificate().getEncoded());
        assertThat(a.server(KeyType.ECDSA).certificate().getEncoded())
                .isEqualTo(bServer.certificate().getEncoded());
        assertThat(a.server(KeyType.ECDSA).keyPem()).isEqualTo(bServer.keyPem());
        assertThat(a.caPem()).isEqualTo(b.caPem());
        assertThat(a.untrustedServer(KeyType.ECDSA).chainPem())
                .isEqualTo(b.untrustedServer(KeyType.ECDSA).chainPem());
        assertThat(TestPki.create(43).caPem()).isNotEqualTo(a.caPem());
        assertThat(a.isDeterministic()).isTrue();
        assertThat(a.ca().certificate().getNotBefore().toInstant())
                .isEqualTo(TestPki.DETERMINISTIC_NOT_BEFORE)
                .isEqualTo(a.validFrom());
        assertThat(a.ca().certificate().getNotAfter().toInstant())
                .isEqualTo(TestPki.DETERMINISTIC_NOT_AFTER)
                .isEqualTo(a.validUntil());
        assertThat(a.expiredServer(KeyType.ECDSA).certificate().getNotAfter().toInstant())
                .hasToString("2021-01-01T00:00:00Z");
        assertThat(a.notYetValidServer(KeyType.ECDSA).certificate().getNotBefore().toInstant())
                .hasToString("2090-01-01T00:00:00Z");
        validate(
                a,
                a.server(KeyType.ECDSA),
                Date.from(TestPki.DETERMINISTIC_NOT_BEFORE.plusSeconds(86_400)));
    }

    /**
     * Pins the bytes of seed 7, RSA keys included (seen identical on JDK 17 and 25, across
     * launches): determinism across runs, not just within one JVM. If this fails after a
     * BouncyCastle upgrade or a change to TestPki, seeded transcripts and fuzz corpora that embed
     * these certificates change too: update the constant knowingly.
     */
    @Test
    void seededOutputIsPinnedAcrossJvmsAndVersions() throws Exception {
        TestPki p = TestPki.create(7);
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        md.update(p.caPem().getBytes(StandardCharsets.US_ASCII));
        for (KeyType t : KeyType.values()) {
            md.update(p.server(t).chainPem().getBytes(StandardCharsets.US_ASCII));
            md.update(p.server(t).keyPem().getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(java.util.HexFormat.of().formatHex(md.digest()))
                .isEqualTo("15ec37adb259bef354734a854db665a62f1c4c7b64f090908fa1ea05950af5c1");
    }

    @Test
    void credentialsAreCachedPerInstanceAndSharedIsOneInstance() {
        assertThat(PKI.server(KeyType.ECDSA)).isSameAs(PKI.server(KeyType.ECDSA));
        assertThat(TestPki.shared()).isSameAs(PKI);
        assertThat(PKI.isDeterministic()).isFalse();
        assertThat(PKI.validFrom()).isBefore(now().toInstant());
        assertThat(PKI.expiredServer(KeyType.ECDSA).publicKey())
                .isEqualTo(PKI.server(KeyType.ECDSA).publicKey());
    }

    @Test
    void writePemPutsChainAndKeyIntoNamedFiles(@TempDir Path dir) throws Exception {
        PemFiles files = PKI.server(KeyType.ECDSA).writePem(dir.resolve("sub"), "server");
        assertThat(files.certificateChain()).hasFileName("server.pem");
        assertThat(files.privateKey()).hasFileName("server-key.pem");
        assertThat(Files.readString(files.certificateChain()))
                .isEqualTo(PKI.server(KeyType.ECDSA).chainPem());
        assertThat(Files.readString(files.privateKey()))
                .isEqualTo(PKI.server(KeyType.ECDSA).keyPem());
        assertThatThrownBy(() -> PKI.ca().writePem(dir, "../x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyAndTrustStoresFeedJsse() throws Exception {
        char[] pw = "changeit".toCharArray();
        KeyStore ks = PKI.server(KeyType.ECDSA).toKeyStore(pw);
        assertThat(ks.getKey("key", pw)).isEqualTo(PKI.server(KeyType.ECDSA).privateKey());
        KeyManagerFactory.getInstance("PKIX").init(ks, pw);
        KeyStore ts = PKI.trustStore();
        assertThat(ts.getCertificate("ca")).isEqualTo(PKI.ca().certificate());
        TrustManagerFactory.getInstance("PKIX").init(ts);
    }

    @Test
    void toStringNamesTheCredentialButNotItsKey() {
        String s = PKI.server(KeyType.ECDSA).toString();
        assertThat(s)
                .contains("CN=localhost", "ECDSA")
                .doesNotContain("PRIVATE")
                .doesNotContain("modulus");
        assertThat(TestPki.create(1)).hasToString("TestPki[deterministic, ca=ECDSA]");
    }
}
