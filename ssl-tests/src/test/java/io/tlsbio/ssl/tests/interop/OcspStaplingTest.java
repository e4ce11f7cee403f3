package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OCSP stapling (status_request) with real OpenSSL on the other side, in TLS 1.2 (CertificateStatus
 * message) and 1.3 (the leaf's CertificateEntry): a tlsbio client that asks gets exactly the bytes
 * {@code openssl s_server -status_file} staples, and one that does not ask gets none; {@code
 * openssl s_client -status} reads a tlsbio server's stapled response as "successful", "good", and
 * says "no response sent" when the server has none, as it says of an s_server without {@code
 * -status_file}.
 */
class OcspStaplingTest {

    @TempDir static Path dir;

    private static TestCredential server;
    private static PemFiles serverPem;
    private static Path ca;
    private static byte[] response;
    private static Path responseFile;

    @BeforeAll
    static void files() throws Exception {
        OpenSslProcess.requireOpenssl();
        server = Interop.pki().server(KeyType.ECDSA);
        serverPem = Interop.pem(dir, server, "server");
        ca = Interop.caFile(dir);
        response = goodResponse(Interop.pki().ca(), server);
        responseFile = dir.resolve("ocsp.der");
        Files.write(responseFile, response);
    }

    /** A "good" OCSP response for {@code leaf}, signed by the CA itself, valid for a day. */
    static byte[] goodResponse(TestCredential ca, TestCredential leaf) throws Exception {
        DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
        CertificateID id =
                new CertificateID(
                        digests.get(CertificateID.HASH_SHA1),
                        new JcaX509CertificateHolder(ca.certificate()),
                        leaf.certificate().getSerialNumber());
        BasicOCSPRespBuilder b =
                new JcaBasicOCSPRespBuilder(
                        ca.certificate().getPublicKey(), digests.get(RespID.HASH_SHA1));
        Instant now = Instant.now();
        b.addResponse(
                id,
                CertificateStatus.GOOD,
                Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(86_400)));
        String alg =
                "EC".equals(ca.privateKey().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        BasicOCSPResp basic =
                b.build(
                        new JcaContentSignerBuilder(alg).build(ca.privateKey()),
                        new X509CertificateHolder[] {
                            new JcaX509CertificateHolder(ca.certificate())
                        },
                        Date.from(now));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    }

    private static SslContext client(TlsVersion v, boolean ask) {
        return SslContext.builder()
                .versions(v, v)
                .trust(List.of(Interop.pki().ca().certificate()))
                .hostName(TestPki.HOST)
                .statusRequest(ask)
                .build();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void tlsbioClientReadsWhatOpensslServerStaples(TlsVersion v) {
        try (OpenSslProcess s =
                OpenSslProcess.startServer(
                        dir,
                        "-cert",
                        serverPem.certificateChain().toString(),
                        "-key",
                        serverPem.privateKey().toString(),
                        "-status_file",
                        responseFile.toString())) {
            try (SocketSsl c =
                    SocketSsl.connect(client(v, true), s.port(), Mode.BLOCKING).peer(s::output)) {
                c.handshake();
                assertThat(c.ssl.ocspResponse()).as("stapled response").isEqualTo(response);
            }
            try (SocketSsl c =
                    SocketSsl.connect(client(v, false), s.port(), Mode.BLOCKING).peer(s::output)) {
                c.handshake();
                assertThat(c.ssl.ocspResponse()).as("not asked, none stapled").isNull();
            }
        }
    }

    private static String sClientStatus(TlsVersion v, SslContext serverContext) {
        try (AcceptBio acceptor = SocketSsl.listen();
                OpenSslProcess cli =
                        OpenSslProcess.start(
                                dir,
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + acceptor.localPort(),
                                "-CAfile",
                                ca.toString(),
                                "-servername",
                                TestPki.HOST,
                                "-status",
                                "-verify_return_error",
                                Interop.flag(v));
                SocketSsl s =
                        SocketSsl.server(
                                        serverContext,
                                        SocketSsl.accept(acceptor, cli::output),
                                        Mode.NON_BLOCKING)
                                .peer(cli::output)) {
            s.handshake();
            return cli.awaitOutput("Verify return code: 0 (ok)", OpenSslProcess.TIMEOUT);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void opensslClientReadsTlsbioServersStapledResponse(TlsVersion v) {
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .certificate(server.chain(), server.privateKey())
                        .ocspResponse(response)
                        .build();
        String out = sClientStatus(v, ctx);
        assertThat(out).contains("OCSP Response Status: successful (0x0)", "Cert Status: good");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void noResponseIsNoResponseSentAsFromOpensslServer(TlsVersion v) {
        String ours = sClientStatus(v, Interop.server(v, server));
        assertThat(ours).contains("OCSP response: no response sent");
        try (OpenSslProcess s =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                serverPem.certificateChain().toString(),
                                "-key",
                                serverPem.privateKey().toString());
                OpenSslProcess cli =
                        OpenSslProcess.start(
                                dir,
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + s.port(),
                                "-CAfile",
                                ca.toString(),
                                "-servername",
                                TestPki.HOST,
                                "-status",
                                Interop.flag(v))) {
            assertThat(cli.awaitOutput("Verify return code", OpenSslProcess.TIMEOUT))
                    .contains("OCSP response: no response sent");
        }
    }
}
