package io.tlsbio.ssl.internal.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.CertificatePurpose;
import io.tlsbio.ssl.VerifyResult;
import io.tlsbio.ssl.internal.x509.Pki.Cert;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.NetscapeCertType;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.junit.jupiter.api.Test;

/**
 * check_extensions: critical extensions, CA-ness, explicit EC parameters, purposes and path
 * lengths, with the codes and depths OpenSSL 3.0.19 reports (note INVALID_CA is 79 in 3.0).
 */
class ExtensionChecksTest {

    private static final Cert ROOT = Pki.root("Root");
    private static final Cert INT = Pki.intermediate("Int", ROOT);

    private static Scenario trusting() {
        return new Scenario().trust(ROOT).untrusted(INT);
    }

    @Test
    void anUnknownCriticalExtensionIsUnhandled() {
        Cert leaf =
                Pki.cert("CN=l")
                        .issuer(INT)
                        .ext(new ASN1ObjectIdentifier("1.2.3.4"), true, DERNull.INSTANCE)
                        .build();

        Scenario.Outcome o = trusting().run(leaf);

        assertThat(o.error()).isEqualTo(VerifyResult.UNHANDLED_CRITICAL_EXTENSION);
        assertThat(o.errorDepth()).isZero();
    }

    @Test
    void criticalKeyIdentifiersAreNotAmongTheExtensionsOpenSslHandles() {
        // OpenSSL 3.0.19: a critical subjectKeyIdentifier or authorityKeyIdentifier is error 34
        Cert leaf =
                Pki.cert("CN=l")
                        .issuer(INT)
                        .noKeyIds()
                        .ext(
                                Extension.subjectKeyIdentifier,
                                true,
                                new DEROctetString(new byte[] {1, 2, 3}))
                        .build();

        assertThat(trusting().run(leaf).error())
                .isEqualTo(VerifyResult.UNHANDLED_CRITICAL_EXTENSION);
    }

    @Test
    void anIntermediateWithoutBasicConstraintsIsNoCa() {
        Cert noBc = Pki.cert("CN=NoBC").issuer(ROOT).noBasicConstraints().build();
        Cert leaf = Pki.leaf("l.example.com", noBc);

        Scenario.Outcome o = new Scenario().trust(ROOT).runAcceptingAll(leaf, noBc);

        // OpenSSL: 79 at depth 1, then the signatures check out
        assertThat(o.calls())
                .containsExactly(
                        "ok=0 depth=1 err=79 CN=NoBC",
                        "ok=1 depth=2 err=79 CN=Root",
                        "ok=1 depth=1 err=79 CN=NoBC",
                        "ok=1 depth=0 err=79 CN=l.example.com");
    }

    @Test
    void versionOneRootsAreCasButVersionOneIntermediatesAreNot() {
        Cert v1Root = Pki.cert("CN=V1Root").v1().build();
        Cert v1Int = Pki.cert("CN=V1Int").v1().issuer(v1Root).build();

        assertThat(new Scenario().trust(v1Root).run(Pki.leaf("a.example.com", v1Root)).error())
                .isEqualTo(VerifyResult.OK);
        Scenario.Outcome o =
                new Scenario().trust(v1Root).run(Pki.leaf("b.example.com", v1Int), v1Int);
        assertThat(o.error()).isEqualTo(VerifyResult.INVALID_CA);
        assertThat(o.errorDepth()).isEqualTo(1);
    }

    @Test
    void aTrustAnchorMayBeACaByKeyUsageAloneButNotWithNeither() {
        Cert kuRoot =
                Pki.cert("CN=KuRoot").noBasicConstraints().keyUsage(KeyUsage.keyCertSign).build();

        assertThat(new Scenario().trust(kuRoot).run(Pki.leaf("a.example.com", kuRoot)).error())
                .isEqualTo(VerifyResult.OK);
        // a version 3 root without basicConstraints or keyUsage: 79 at the top
        Cert bare = Pki.cert("CN=BareRoot").noBasicConstraints().noKeyIds().build();
        Scenario.Outcome o = new Scenario().trust(bare).run(Pki.leaf("b.example.com", bare));
        assertThat(o.error()).isEqualTo(VerifyResult.INVALID_CA);
        assertThat(o.errorDepth()).isEqualTo(1);
    }

    @Test
    void anEndEntityUsedAsIssuerIsNoCaAndForSslServerAlsoTheWrongPurpose() {
        Cert ee = Pki.cert("CN=EE").issuer(ROOT).build();
        Cert leaf = Pki.cert("CN=l").issuer(ee).build();

        // OpenSSL: any: 79 at 1; sslserver: 79 then 26 at 1
        assertThat(new Scenario().trust(ROOT).runAcceptingAll(leaf, ee).calls())
                .startsWith("ok=0 depth=1 err=79 CN=EE")
                .doesNotContain("ok=0 depth=1 err=26 CN=EE");
        assertThat(
                        new Scenario()
                                .trust(ROOT)
                                .purpose(CertificatePurpose.SSL_SERVER)
                                .runAcceptingAll(leaf, ee)
                                .calls())
                .startsWith("ok=0 depth=1 err=79 CN=EE", "ok=0 depth=1 err=26 CN=EE");
    }

    @Test
    void aPathLengthConstraintCountsTheIntermediatesBelow() {
        Cert pl0 = Pki.cert("CN=PL0").ca(0).issuer(ROOT).build();
        Cert sub = Pki.intermediate("Sub", pl0);
        Cert leaf = Pki.leaf("l.example.com", sub);

        Scenario.Outcome o = new Scenario().trust(ROOT).run(leaf, sub, pl0);

        assertThat(o.error()).isEqualTo(VerifyResult.PATH_LENGTH_EXCEEDED);
        assertThat(o.errorDepth()).isEqualTo(2);
        assertThat(new Scenario().trust(ROOT).run(Pki.leaf("m.example.com", pl0), pl0).error())
                .isEqualTo(VerifyResult.OK);
    }

    @Test
    void selfIssuedIntermediatesDoNotCountAgainstPathLength() {
        // a key rollover certificate: subject and issuer both "CN=PL0", a new key certified by the
        // old
        Cert pl0 = Pki.cert("CN=PL0").ca(0).issuer(ROOT).build();
        Cert rollover = Pki.cert("CN=PL0").ca().issuer(pl0).build();
        Cert leaf = Pki.leaf("l.example.com", rollover);

        assertThat(new Scenario().trust(ROOT).run(leaf, rollover, pl0).error())
                .isEqualTo(VerifyResult.OK);
    }

    @Test
    void sslServerNeedsServerAuthOrSgcAndATlsKeyUsage() {
        Scenario server = trusting().purpose(CertificatePurpose.SSL_SERVER);
        Scenario client = trusting().purpose(CertificatePurpose.SSL_CLIENT);
        Cert encipher = Pki.cert("CN=u1").issuer(INT).keyUsage(KeyUsage.keyEncipherment).build();
        Cert agreement = Pki.cert("CN=u2").issuer(INT).keyUsage(KeyUsage.keyAgreement).build();
        Cert clientAuth = Pki.cert("CN=u3").issuer(INT).eku(KeyPurposeId.id_kp_clientAuth).build();
        Cert sgc =
                Pki.cert("CN=u4")
                        .issuer(INT)
                        .eku(
                                KeyPurposeId.getInstance(
                                        new ASN1ObjectIdentifier("1.3.6.1.4.1.311.10.3.3")))
                        .build();
        Cert anyEku = Pki.cert("CN=u5").issuer(INT).eku(KeyPurposeId.anyExtendedKeyUsage).build();
        Cert nonRepudiation =
                Pki.cert("CN=u7").issuer(INT).keyUsage(KeyUsage.nonRepudiation).build();

        // as OpenSSL 3.0.19 -purpose sslserver / sslclient
        assertThat(server.run(encipher).error()).isEqualTo(VerifyResult.OK);
        assertThat(client.run(encipher).error()).isEqualTo(VerifyResult.INVALID_PURPOSE);
        assertThat(server.run(agreement).error()).isEqualTo(VerifyResult.OK);
        assertThat(client.run(agreement).error()).isEqualTo(VerifyResult.OK);
        assertThat(server.run(clientAuth).error()).isEqualTo(VerifyResult.INVALID_PURPOSE);
        assertThat(client.run(clientAuth).error()).isEqualTo(VerifyResult.OK);
        assertThat(server.run(sgc).error()).isEqualTo(VerifyResult.OK);
        assertThat(client.run(sgc).error()).isEqualTo(VerifyResult.INVALID_PURPOSE);
        // anyExtendedKeyUsage does not stand in for serverAuth
        assertThat(server.run(anyEku).error()).isEqualTo(VerifyResult.INVALID_PURPOSE);
        assertThat(server.run(nonRepudiation).error()).isEqualTo(VerifyResult.INVALID_PURPOSE);
        assertThat(trusting().run(nonRepudiation).error()).isEqualTo(VerifyResult.OK);
    }

    @Test
    void anExtendedKeyUsageAnywhereInTheChainRestrictsThePurpose() {
        Cert ekuInt =
                Pki.cert("CN=EkuInt").ca().issuer(ROOT).eku(KeyPurposeId.id_kp_clientAuth).build();
        Cert leaf = Pki.leaf("l.example.com", ekuInt);

        Scenario.Outcome o =
                new Scenario().trust(ROOT).purpose(CertificatePurpose.SSL_SERVER).run(leaf, ekuInt);

        assertThat(o.error()).isEqualTo(VerifyResult.INVALID_PURPOSE);
        assertThat(o.errorDepth()).isEqualTo(1);
        assertThat(
                        new Scenario()
                                .trust(ROOT)
                                .purpose(CertificatePurpose.SSL_CLIENT)
                                .run(leaf, ekuInt)
                                .error())
                .isEqualTo(VerifyResult.OK);
    }

    @Test
    void aNetscapeCertTypeMustAllowTheRole() {
        Cert nsClient =
                Pki.cert("CN=ns")
                        .issuer(INT)
                        .ext(
                                MiscObjectIdentifiers.netscapeCertType,
                                false,
                                new NetscapeCertType(NetscapeCertType.sslClient))
                        .build();

        assertThat(trusting().purpose(CertificatePurpose.SSL_SERVER).run(nsClient).error())
                .isEqualTo(VerifyResult.INVALID_PURPOSE);
        assertThat(trusting().purpose(CertificatePurpose.SSL_CLIENT).run(nsClient).error())
                .isEqualTo(VerifyResult.OK);
    }

    @Test
    void explicitEcCurveParametersAreRefusedInAChain() throws Exception {
        var kp = Pki.ec();
        ECPublicKey pub = (ECPublicKey) kp.getPublic();
        var x9 = ECNamedCurveTable.getByName("prime256v1");
        byte[] point = EC5Util.convertPoint(pub.getParams(), pub.getW()).getEncoded(false);
        SubjectPublicKeyInfo explicit =
                new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(
                                X9ObjectIdentifiers.id_ecPublicKey, new X962Parameters(x9)),
                        point);
        // the JDK's parser refuses such a key; bouncycastle's reads it
        Cert leaf =
                Pki.cert("CN=explicit")
                        .issuer(INT)
                        .key(kp)
                        .publicKeyInfo(explicit)
                        .bcParsed()
                        .build();

        Scenario.Outcome o = trusting().run(leaf);

        assertThat(o.error()).isEqualTo(VerifyResult.EC_KEY_EXPLICIT_PARAMS);
        assertThat(o.errorDepth()).isZero();
    }

    @Test
    void proxyCertificatesAreNotAllowed() {
        Cert proxy =
                Pki.cert("CN=proxy")
                        .issuer(INT)
                        .ext(
                                new ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.14"),
                                true,
                                new org.bouncycastle.asn1.DERSequence(
                                        new org.bouncycastle.asn1.DERSequence(
                                                new ASN1ObjectIdentifier("1.3.6.1.5.5.7.21.1"))))
                        .build();

        assertThat(trusting().run(proxy).error())
                .isEqualTo(VerifyResult.PROXY_CERTIFICATES_NOT_ALLOWED);
    }

    @Test
    void aCertificateWithAnEmptyKeyUsageIsInvalidAndIssuedByNothing() {
        // OpenSSL 3.0 marks it EXFLAG_INVALID: check_issued refuses it, so no issuer is found
        Cert leaf = Pki.cert("CN=emptyku").issuer(INT).keyUsage(0).build();

        Scenario.Outcome o = trusting().runAcceptingAll(leaf);

        assertThat(o.calls())
                .containsExactly(
                        "ok=0 depth=0 err=20 CN=emptyku",
                        "ok=0 depth=0 err=21 CN=emptyku",
                        "ok=1 depth=0 err=21 CN=emptyku");
    }
}
