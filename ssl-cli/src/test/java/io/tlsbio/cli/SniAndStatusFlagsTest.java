package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.internal.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code s_server -servername -cert2 -key2 [-servername_fatal]} and OCSP stapling ({@code s_client
 * -status}, {@code s_server -status_file}), with the real openssl on the other side: a client
 * naming the -servername gets the second certificate and the server prints what OpenSSL's s_server
 * prints ("Hostname in TLS extension", "Switching server context."); a stapled response is read by
 * openssl's s_client, and tlsbio's s_client prints what openssl's s_server staples.
 */
class SniAndStatusFlagsTest {

    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");
    private static final String GET = "GET / HTTP/1.0\r\n\r\n";

    @TempDir static Path dir;
    static OpenSslPki pki;
    static Path ocsp;

    @BeforeAll
    static void setUp() throws Exception {
        pki = OpenSslPki.create(dir);
        ocsp = dir.resolve("ocsp.der");
        Files.write(ocsp, goodResponse(pki.file("int.pem"), pki.file("int-key.pem"), pki.leaf()));
    }

    /** A "good" response for the leaf, signed by its issuer. */
    private static byte[] goodResponse(Path caPem, Path caKeyPem, Path leafPem) throws Exception {
        X509Certificate ca = Pem.readCertificates(caPem).get(0);
        PrivateKey caKey = Pem.readPrivateKey(caKeyPem);
        X509Certificate leaf = Pem.readCertificates(leafPem).get(0);
        DigestCalculatorProvider d = new JcaDigestCalculatorProviderBuilder().build();
        CertificateID id =
                new CertificateID(
                        d.get(CertificateID.HASH_SHA1),
                        new JcaX509CertificateHolder(ca),
                        leaf.getSerialNumber());
        BasicOCSPRespBuilder b =
                new JcaBasicOCSPRespBuilder(ca.getPublicKey(), d.get(RespID.HASH_SHA1));
        Instant now = Instant.now();
        b.addResponse(
                id,
                CertificateStatus.GOOD,
                Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(86_400)));
        String alg = "EC".equals(caKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        BasicOCSPResp basic =
                b.build(
                        new JcaContentSignerBuilder(alg).build(caKey),
                        new X509CertificateHolder[] {new JcaX509CertificateHolder(ca)},
                        Date.from(now));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    }

    private static InProcess tlsbioServer(String... flags) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "s_server",
                                "-accept",
                                "127.0.0.1:0",
                                "-naccept",
                                "1",
                                "-www",
                                "-cert",
                                pki.leaf().toString(),
                                "-key",
                                pki.leafKey().toString(),
                                "-cert_chain",
                                pki.intermediate().toString()));
        args.addAll(List.of(flags));
        return InProcess.start("", args.toArray(String[]::new));
    }

    @Test
    void serverNameSwitchesToTheSecondCertificate() throws Exception {
        InProcess server =
                tlsbioServer(
                        "-servername",
                        "localhost",
                        "-cert2",
                        pki.otherLeaf().toString(),
                        "-key2",
                        pki.leafKey().toString());
        String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
        String clientOut;
        try (ChildProcess client =
                ChildProcess.openssl(
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + port,
                        "-ign_eof",
                        "-servername",
                        "localhost")) {
            client.stdin(GET);
            client.exitCode(InProcess.LIMIT);
            clientOut = client.out.toString();
        } finally {
            OpenSslInteropTest.unblock(server, port);
        }
        InProcess.Result r = server.result(InProcess.LIMIT);
        server.close();
        assertThat(clientOut).contains("i:CN = Other Root");
        assertThat(r.out())
                .contains(
                        "Setting secondary ctx parameters",
                        "Hostname in TLS extension: \"localhost\"",
                        "Switching server context.");
    }

    @Test
    void anotherNameWithServernameFatalIsUnrecognizedName() throws Exception {
        InProcess server =
                tlsbioServer(
                        "-servername",
                        "localhost",
                        "-cert2",
                        pki.otherLeaf().toString(),
                        "-key2",
                        pki.leafKey().toString(),
                        "-servername_fatal");
        String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
        String clientAll;
        try (ChildProcess client =
                ChildProcess.openssl(
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + port,
                        "-servername",
                        "other.example")) {
            client.stdin("");
            client.exitCode(InProcess.LIMIT);
            clientAll = client.out.toString() + client.err.toString();
        } finally {
            OpenSslInteropTest.unblock(server, port);
        }
        server.result(InProcess.LIMIT);
        server.close();
        assertThat(clientAll).contains("tlsv1 unrecognized name", "SSL alert number 112");
    }

    @Test
    void opensslClientReadsTheStapledResponse() throws Exception {
        InProcess server = tlsbioServer("-status_file", ocsp.toString());
        String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
        String out;
        try (ChildProcess client =
                ChildProcess.openssl(
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + port,
                        "-ign_eof",
                        "-status",
                        "-CAfile",
                        pki.root().toString())) {
            client.stdin(GET);
            client.exitCode(InProcess.LIMIT);
            out = client.out.toString();
        } finally {
            OpenSslInteropTest.unblock(server, port);
        }
        server.result(InProcess.LIMIT);
        server.close();
        assertThat(out).contains("OCSP Response Status: successful (0x0)", "Cert Status: good");
    }

    @Test
    void tlsbioClientPrintsWhatOpensslStaples() throws Exception {
        try (ChildProcess server =
                ChildProcess.openssl(
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-naccept",
                        "1",
                        "-www",
                        "-cert",
                        pki.leaf().toString(),
                        "-key",
                        pki.leafKey().toString(),
                        "-status_file",
                        ocsp.toString())) {
            String port = server.awaitOut(ACCEPT, InProcess.LIMIT);
            InProcess.Result r =
                    InProcess.run(
                            GET,
                            "s_client",
                            "-connect",
                            "127.0.0.1:" + port,
                            "-status",
                            "-CAfile",
                            pki.root().toString());
            assertThat(r.out())
                    .contains(
                            "OCSP response: \n",
                            "OCSP Response Status: successful (0x0)",
                            "Response Type: Basic OCSP Response",
                            "Cert Status: good");
        }
        try (ChildProcess server =
                ChildProcess.openssl(
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-naccept",
                        "1",
                        "-www",
                        "-cert",
                        pki.leaf().toString(),
                        "-key",
                        pki.leafKey().toString())) {
            String port = server.awaitOut(ACCEPT, InProcess.LIMIT);
            InProcess.Result r =
                    InProcess.run(
                            GET,
                            "s_client",
                            "-connect",
                            "127.0.0.1:" + port,
                            "-status",
                            "-CAfile",
                            pki.root().toString());
            assertThat(r.out()).contains("OCSP response: no response sent");
        }
    }
}
