package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Several certificates in one context, chosen per handshake as OpenSSL 3.0 chooses them. Each
 * server case runs the same {@code openssl s_client} twice: against {@code openssl s_server -cert A
 * -key A -dcert B -dkey B} and against a tlsbio server holding the same two certificates; the
 * outcome s_client prints (protocol, suite, certificate, signature type and hash, or the alert)
 * must be the same, and is the one named in the case. Client cases: a tlsbio client holding an RSA
 * and an EC certificate against {@code s_server -Verify 1 -client_sigalgs}, with what an OpenSSL
 * client holding the same two (SSL_CTX_use_certificate twice, a small libssl program) sent: in TLS
 * 1.3 the first of the server's schemes either can sign with, in TLS 1.2 only the certificate added
 * last.
 */
class OpenSslCertificateChoiceTest {

    private static final Pattern ALERT = Pattern.compile("SSL alert number (\\d+)");

    @TempDir static Path dir;

    @BeforeAll
    static void certificates() {
        OpenSslProcess.requireOpenssl();
        OpenSslCerts.issue(dir, "rsa", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048");
        OpenSslCerts.issue(dir, "ec", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        OpenSslCerts.issue(dir, "ed25519", "-algorithm", "ED25519");
    }

    @ParameterizedTest(name = "{0}+{1}: s_client {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "rsa | ec | -tls1_3 -sigalgs rsa_pss_rsae_sha256 | rsa",
                "rsa | ec | -tls1_3 -sigalgs ecdsa_secp256r1_sha256 | ec",
                "rsa | ec | -tls1_3 -sigalgs ecdsa_secp256r1_sha256:rsa_pss_rsae_sha256 | ec",
                "rsa | ec | -tls1_3 -sigalgs rsa_pss_rsae_sha256:ecdsa_secp256r1_sha256 | rsa",
                "rsa | ec | -tls1_3 -sigalgs rsa_pkcs1_sha256:ecdsa_secp384r1_sha384 | alert 40",
                "rsa | ec | -tls1_3 | ec",
                "rsa | ec | -tls1_2 | ec",
                "rsa | ec | -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 | rsa",
                "rsa | ec | -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256 | ec",
                "rsa | ec | -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256 | rsa",
                "rsa | ec | -tls1_2 -sigalgs rsa_pss_rsae_sha256:ecdsa_secp256r1_sha256 | ec",
                "rsa | ec | -tls1_2 -sigalgs rsa_pkcs1_sha256 | rsa",
                "rsa | ec | -tls1_2 -groups X25519 | rsa",
                "ec | rsa | -tls1_2 -cipher AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256 | rsa",
                "rsa | ed25519 | -tls1_3 | ed25519",
                "rsa | ed25519 | -tls1_3 -sigalgs rsa_pss_rsae_sha256:ed25519 | rsa",
                "rsa | ed25519 | -tls1_2 -sigalgs rsa_pss_rsae_sha256:ed25519 | ed25519",
                "ec | ed25519 | -tls1_3 -sigalgs ed25519:ecdsa_secp256r1_sha256 | ed25519",
                "ec | ed25519 | -tls1_2 -sigalgs ed25519:ecdsa_secp256r1_sha256 | ed25519",
                "ec | ed25519 | -tls1_2 | ec",
            })
    void theServerChoosesAsOpensslChooses(
            String first, String second, String clientOptions, String expected) {
        String openssl = opensslServer(first, second, clientOptions);
        String tlsbio = tlsbioServer(first, second, clientOptions);
        assertThat(tlsbio).as("tlsbio server vs openssl s_server").isEqualTo(openssl);
        assertThat(openssl)
                .as("what openssl s_server does")
                .satisfiesAnyOf(
                        o -> assertThat(o).isEqualTo(expected),
                        o -> assertThat(o).contains("CN = " + expected + " "));
    }

    private String opensslServer(String first, String second, String clientOptions) {
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                first + ".pem",
                                "-key",
                                first + ".key",
                                "-dcert",
                                second + ".pem",
                                "-dkey",
                                second + ".key",
                                "-naccept",
                                "1");
                OpenSslProcess cli = client(srv.port(), clientOptions)) {
            cli.awaitExit(OpenSslProcess.TIMEOUT);
            return outcome(cli);
        }
    }

    private String tlsbioServer(String first, String second, String clientOptions) {
        SslContext ctx =
                SslContext.builder()
                        .certificate(dir.resolve(first + ".pem"), dir.resolve(first + ".key"))
                        .certificate(dir.resolve(second + ".pem"), dir.resolve(second + ".key"))
                        .build();
        try (AcceptBio acceptor = SocketSsl.listen();
                OpenSslProcess cli = client(acceptor.localPort(), clientOptions);
                SocketSsl s =
                        SocketSsl.server(
                                        ctx, SocketSsl.accept(acceptor, cli::output), Mode.BLOCKING)
                                .peer(cli::output)) {
            if (s.tryHandshake() == 1) {
                assertThat(s.readEnd().error())
                        .as("s_client's close_notify")
                        .isEqualTo(SslError.ZERO_RETURN);
                assertThat(s.shutdown()).isEqualTo(1);
            }
            s.close();
            cli.awaitExit(OpenSslProcess.TIMEOUT);
            return outcome(cli);
        }
    }

    /**
     * s_client -brief, verifying against the test CA, stdin closed: it ends the connection itself.
     */
    private static OpenSslProcess client(int port, String options) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + port,
                                "-brief",
                                "-CAfile",
                                "ca.pem"));
        args.addAll(List.of(options.trim().split(" +")));
        OpenSslProcess cli = OpenSslProcess.start(dir, args.toArray(new String[0]));
        cli.closeStdin();
        return cli;
    }

    /**
     * "TLSv1.3 TLS_AES_256_GCM_SHA384 CN = ec ECDSA SHA256" from s_client -brief, or "alert 40".
     */
    private static String outcome(OpenSslProcess cli) {
        String out = cli.output();
        Matcher alert = ALERT.matcher(out);
        if (alert.find()) {
            return "alert " + alert.group(1);
        }
        return String.join(
                " ",
                line(out, "Protocol version"),
                line(out, "Ciphersuite"),
                line(out, "Peer certificate"),
                line(out, "Signature type"),
                line(out, "Hash used"));
    }

    /** The value of s_client's line {@code label}, or "-" (RSA key transport signs nothing). */
    private static String line(String out, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + ": ([^\\r\\n]*)").matcher(out);
        return m.find() ? m.group(1) : "-";
    }

    @ParameterizedTest(name = "{0}, added {1}, server asks {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "TLS1_3 | rsa ec | rsa_pss_rsae_sha256 | rsa",
                "TLS1_3 | rsa ec | ecdsa_secp256r1_sha256 | ec",
                "TLS1_3 | rsa ec | ecdsa_secp256r1_sha256:rsa_pss_rsae_sha256 | ec",
                "TLS1_3 | ec rsa | rsa_pss_rsae_sha256:ecdsa_secp256r1_sha256 | rsa",
                "TLS1_2 | rsa ec | rsa_pss_rsae_sha256 | none",
                "TLS1_2 | rsa ec | ecdsa_secp256r1_sha256 | ec",
                "TLS1_2 | ec rsa | rsa_pss_rsae_sha256 | rsa",
                "TLS1_2 | ec rsa | ecdsa_secp256r1_sha256 | none",
            })
    void theClientOffersWhatAnOpensslClientOffers(
            TlsVersion v, String added, String serverSigalgs, String expected) {
        SslContext.Builder b =
                SslContext.builder()
                        .versions(v, v)
                        .trust(List.of(Interop.pki().ca().certificate()))
                        .hostName(TestPki.HOST)
                        .verify(VerifyMode.PEER);
        for (String name : added.split(" ")) {
            b.certificate(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        }
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                "ec.pem",
                                "-key",
                                "ec.key",
                                "-Verify",
                                "1",
                                "-CAfile",
                                "ca.pem",
                                "-client_sigalgs",
                                serverSigalgs,
                                "-naccept",
                                "1");
                SocketSsl c =
                        SocketSsl.connect(b.build(), srv.port(), Mode.BLOCKING).peer(srv::output)) {
            int r = c.tryHandshake();
            if (expected.equals("none")) {
                String out =
                        srv.awaitOutput(
                                "peer did not return a certificate", OpenSslProcess.TIMEOUT);
                assertThat(out).doesNotContain("subject=CN");
                assertThat(r).isEqualTo(-1);
                return;
            }
            assertThat(r).as("%s %s", c.ssl.lastError(), srv.output()).isEqualTo(1);
            String out = srv.awaitOutput("CIPHER is", OpenSslProcess.TIMEOUT);
            assertThat(out).contains("subject=CN = " + expected);
            c.shutdown();
        }
    }
}
