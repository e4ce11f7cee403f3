package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.ssl.CertificatePurpose;
import io.tlsbio.ssl.CrlCheck;
import io.tlsbio.ssl.VerifyResult;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * PeerVerifier's contract: result, exception and alert as ssl_verify_cert_chain and
 * ssl_x509err2alert.
 */
class PeerVerifierTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final KeyPair ROOT_KEY = ec();
    private static final X509Certificate ROOT =
            cert("CN=Root", "CN=Root", ROOT_KEY, ROOT_KEY, true, null);
    private static final X509Certificate LEAF =
            cert("CN=leaf", "CN=Root", ec(), ROOT_KEY, false, "leaf.example.com");

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate cert(
            String subject, String issuer, KeyPair key, KeyPair signer, boolean ca, String dns) {
        try {
            var b =
                    new JcaX509v3CertificateBuilder(
                            new X500Name(issuer),
                            BigInteger.valueOf(subject.hashCode() & 0xffff),
                            Date.from(NOW.minusSeconds(86400)),
                            Date.from(NOW.plusSeconds(86400)),
                            new X500Name(subject),
                            key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (dns != null) {
                b.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, dns)));
            }
            byte[] der =
                    b.build(
                                    new JcaContentSignerBuilder("SHA256withECDSA")
                                            .build(signer.getPrivate()))
                            .getEncoded();
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static VerifyConfig config(io.tlsbio.ssl.VerifyCallback cb, Instant at) {
        return new VerifyConfig(
                () -> Set.of(new TrustAnchor(ROOT, null)),
                List.of(),
                List.of(),
                CrlCheck.NONE,
                -1,
                cb,
                1,
                Clock.fixed(at, ZoneOffset.UTC));
    }

    @Test
    void aGoodChainReturnsOk() throws Exception {
        assertThat(
                        new PeerVerifier(config(null, NOW), CertificatePurpose.SSL_SERVER)
                                .verify(List.of(LEAF), "leaf.example.com"))
                .isEqualTo(VerifyResult.OK);
    }

    @Test
    void aFailureThrowsWithOpenSslsResultAndAlert() {
        PeerVerifier v =
                new PeerVerifier(
                        config(null, NOW.plusSeconds(2 * 86400)), CertificatePurpose.SSL_SERVER);

        assertThatThrownBy(() -> v.verify(List.of(LEAF), null))
                .isInstanceOfSatisfying(
                        PeerVerifier.VerifyException.class,
                        e -> {
                            assertThat(e.result()).isEqualTo(VerifyResult.CERT_HAS_EXPIRED);
                            assertThat(e.alert()).isEqualTo((short) 45);
                            assertThat(e.getMessage())
                                    .contains("10 (certificate has expired)", "depth 1");
                        });
    }

    @Test
    void anErrorTheCallbackAcceptsIsReturnedNotThrown() throws Exception {
        PeerVerifier v =
                new PeerVerifier(config((ok, ctx) -> true, NOW), CertificatePurpose.SSL_SERVER);

        assertThat(v.verify(List.of(LEAF), "other.example.com"))
                .isEqualTo(VerifyResult.HOSTNAME_MISMATCH);
    }

    @Test
    void anIpLiteralIsCheckedAsAnAddress() {
        PeerVerifier v = new PeerVerifier(config(null, NOW), CertificatePurpose.SSL_SERVER);

        assertThatThrownBy(() -> v.verify(List.of(LEAF), "127.0.0.1"))
                .isInstanceOfSatisfying(
                        PeerVerifier.VerifyException.class,
                        e -> assertThat(e.result()).isEqualTo(VerifyResult.IP_ADDRESS_MISMATCH));
    }

    @Test
    void codesTextsAndAlertsAreOpenSsl30s() {
        // X509_verify_cert_error_string and the x509table of libssl 3.0.19 (default:
        // certificate_unknown)
        Map<VerifyResult, Object[]> expected =
                Map.of(
                        VerifyResult.INVALID_CA,
                        new Object[] {79, "invalid CA certificate", 48},
                        VerifyResult.UNSPECIFIED,
                        new Object[] {1, "unspecified certificate verification error", 80},
                        VerifyResult.CERT_NOT_YET_VALID,
                        new Object[] {9, "certificate is not yet valid", 42},
                        VerifyResult.CRL_SIGNATURE_FAILURE,
                        new Object[] {8, "CRL signature failure", 51},
                        VerifyResult.KEYUSAGE_NO_CERTSIGN,
                        new Object[] {32, "key usage does not include certificate signing", 46},
                        VerifyResult.EC_KEY_EXPLICIT_PARAMS,
                        new Object[] {94, "Certificate public key has explicit ECC parameters", 42},
                        VerifyResult.DEPTH_ZERO_SELF_SIGNED_CERT,
                        new Object[] {18, "self-signed certificate", 48},
                        VerifyResult.CERT_REVOKED,
                        new Object[] {23, "certificate revoked", 44},
                        VerifyResult.INVALID_PURPOSE,
                        new Object[] {26, "unsuitable certificate purpose", 43},
                        VerifyResult.PERMITTED_VIOLATION,
                        new Object[] {47, "permitted subtree violation", 46});
        expected.forEach(
                (r, e) -> {
                    assertThat(r.code()).as(r.name()).isEqualTo(e[0]);
                    assertThat(r.text()).as(r.name()).isEqualTo(e[1]);
                    assertThat(r.alert()).as(r.name()).isEqualTo(((Integer) e[2]).shortValue());
                });
        assertThat(VerifyResult.OK.alert()).isEqualTo((short) -1);
    }
}
