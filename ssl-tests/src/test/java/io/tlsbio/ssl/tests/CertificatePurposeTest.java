package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A certificate must be good for what it is used for, as OpenSSL's check_purpose requires (and
 * Python's ssl and the JDK's SSLSocket): a server certificate whose extendedKeyUsage is clientAuth
 * only, or whose keyUsage allows no TLS key, is "unsuitable certificate purpose" (error 26) and the
 * client sends unsupported_certificate, as {@code openssl s_client} does; the same for a client
 * certificate without clientAuth at a server that verifies it.
 */
class CertificatePurposeTest {

    private static final TestPki PKI = Contexts.pki();

    /**
     * A leaf for localhost signed by the test CA, with the given extended key usages and key usage.
     */
    private static TestCredential leaf(KeyPurposeId[] eku, Integer keyUsage) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        TestCredential ca = PKI.ca();
        JcaX509v3CertificateBuilder b =
                new JcaX509v3CertificateBuilder(
                        X500Name.getInstance(
                                ca.certificate().getSubjectX500Principal().getEncoded()),
                        BigInteger.valueOf(System.nanoTime()),
                        Date.from(PKI.validFrom()),
                        Date.from(PKI.validUntil()),
                        new X500Name("CN=" + TestPki.HOST),
                        kp.getPublic());
        b.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, TestPki.HOST)));
        if (eku != null) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
        }
        if (keyUsage != null) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }
        String alg = ca.keyType() == KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA";
        X509Certificate cert =
                new JcaX509CertificateConverter()
                        .getCertificate(
                                b.build(new JcaContentSignerBuilder(alg).build(ca.privateKey())));
        return new TestCredential(cert, kp.getPrivate(), List.of(cert), KeyType.ECDSA);
    }

    private static MemPair run(SslContext client, SslContext server) {
        MemPair p = new MemPair(client, server);
        for (int i = 0; i < 20; i++) {
            int c = p.client.doHandshake();
            int s = p.server.doHandshake();
            if ((c == 1 && s == 1)
                    || (p.client.getError(c) == SslError.SSL
                            && p.server.getError(s) == SslError.SSL)) {
                break;
            }
        }
        return p;
    }

    private static SslContext server(TestCredential cred, TlsVersion v) {
        return SslContext.builder()
                .versions(v, v)
                .certificate(cred.chain(), cred.privateKey())
                .build();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aServerCertificateForClientAuthOnlyIsRefused(TlsVersion v) throws Exception {
        MemPair p =
                run(
                        Contexts.client(v),
                        server(leaf(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, null), v));
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.CERTIFICATE_VERIFY_FAILED);
        assertThat(p.client.lastError().message()).contains("unsuitable certificate purpose");
        assertThat(p.client.verifyResult().code()).isEqualTo(26);
        assertThat(p.client.lastError().alertName()).isEqualTo("unsupported_certificate");
        assertThat(p.server.lastError().alertName()).isEqualTo("unsupported_certificate");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aServerCertificateWhoseKeyUsageAllowsNoTlsKeyIsRefused(TlsVersion v) throws Exception {
        MemPair p = run(Contexts.client(v), server(leaf(null, KeyUsage.keyCertSign), v));
        if (v == TlsVersion.TLS1_3) {
            // the client's purpose check: 26, unsupported_certificate
            assertThat(p.client.lastError().alertName()).isEqualTo("unsupported_certificate");
        } else {
            // OpenSSL's TLS 1.2 server offers no ECDSA suite for an EC key that may not sign:
            // "no shared cipher", handshake_failure from the server (checked with openssl s_server)
            assertThat(p.server.lastError().alertName()).isEqualTo("handshake_failure");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void serverAuthAndUsualKeyUsagesAreAccepted(TlsVersion v) throws Exception {
        TestCredential good =
                leaf(
                        new KeyPurposeId[] {
                            KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                        },
                        KeyUsage.digitalSignature);
        MemPair p = run(Contexts.client(v), server(good, v));
        assertThat(p.client.isInitFinished()).as(String.valueOf(p.client.lastError())).isTrue();
        assertThat(p.client.verifyResult()).isEqualTo(io.tlsbio.ssl.VerifyResult.OK);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aClientCertificateWithoutClientAuthIsRefusedByAVerifyingServer(TlsVersion v)
            throws Exception {
        TestCredential serverOnly = leaf(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}, null);
        SslContext client =
                Contexts.clientBuilder(v)
                        .certificate(serverOnly.chain(), serverOnly.privateKey())
                        .build();
        SslContext server =
                Contexts.serverBuilder(KeyType.ECDSA, v)
                        .verify(VerifyMode.FAIL_IF_NO_PEER_CERT)
                        .trust(List.of(PKI.ca().certificate()))
                        .build();
        MemPair p = run(client, server);
        assertThat(p.server.lastError().reason()).isEqualTo(SslReason.CERTIFICATE_VERIFY_FAILED);
        assertThat(p.server.lastError().alertName()).isEqualTo("unsupported_certificate");
    }
}
