package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsCryptos;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ed25519 and Ed448 certificates made by the openssl CLI (signed by the test CA), against the real
 * {@code openssl s_server} / {@code s_client}, TLS 1.3 and 1.2 (where EdDSA authenticates the
 * ECDHE-ECDSA suites). The server's key is the one openssl encrypted ({@code openssl pkey
 * -aes256}), loaded with its password. s_client verifies our chain and prints the signature type;
 * s_server prints the client certificate's subject and signature type.
 */
class OpenSslEdDsaInteropTest {

    private static final String PASSWORD = "tlsbio-interop";

    @TempDir static Path dir;

    @BeforeAll
    static void certificates() {
        OpenSslProcess.requireOpenssl();
        for (String alg : List.of("ED25519", "ED448")) {
            PemFiles f =
                    OpenSslCerts.issue(
                            dir, alg.toLowerCase(java.util.Locale.ROOT), "-algorithm", alg);
            OpenSslCerts.encrypt(
                    dir,
                    f.privateKey(),
                    alg.toLowerCase(java.util.Locale.ROOT) + "-enc.key",
                    PASSWORD,
                    "pkey",
                    "-aes256");
        }
    }

    static Stream<Arguments> versionsAndKeys() {
        List<Arguments> out = new ArrayList<>();
        for (TlsVersion v : TlsVersion.values()) {
            for (String name : List.of("ed25519", "ed448")) {
                out.add(Arguments.of(v, name));
            }
        }
        return out.stream();
    }

    private static String suitePrefix(TlsVersion v) {
        return v == TlsVersion.TLS1_3 ? "TLS_" : "ECDHE-ECDSA-";
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("versionsAndKeys")
    void opensslClientVerifiesOurEdDsaCertificate(TlsVersion v, String name) {
        serve(v, name, SslContext.builder());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jcaCases")
    void theJcaCryptoSignsWithEdDsaToo(TlsVersion v, String name) {
        serve(v, name, SslContext.builder().crypto(TlsCryptos.jca(new SecureRandom())));
    }

    static Stream<Arguments> jcaCases() {
        return Stream.of(
                Arguments.of(TlsVersion.TLS1_3, "ed25519"),
                Arguments.of(TlsVersion.TLS1_2, "ed448"));
    }

    private void serve(TlsVersion v, String name, SslContext.Builder b) {
        SslContext ctx =
                b.versions(v, v)
                        .certificate(
                                dir.resolve(name + ".pem"),
                                dir.resolve(name + "-enc.key"),
                                PASSWORD.toCharArray())
                        .build();
        String payload = Interop.payload(1, 8);
        try (AcceptBio acceptor = SocketSsl.listen();
                OpenSslProcess cli =
                        OpenSslProcess.start(
                                dir,
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + acceptor.localPort(),
                                "-CAfile",
                                "ca.pem",
                                "-servername",
                                "localhost",
                                "-verify_return_error",
                                "-brief",
                                Interop.flag(v));
                SocketSsl s =
                        SocketSsl.server(
                                        ctx,
                                        SocketSsl.accept(acceptor, cli::output),
                                        Mode.NON_BLOCKING)
                                .peer(cli::output)) {
            s.handshake();
            assertThat(s.ssl.version()).isEqualTo(v);
            assertThat(s.ssl.cipher()).startsWith(suitePrefix(v));
            String brief = cli.awaitStderr("Verification: OK", OpenSslProcess.TIMEOUT);
            assertThat(brief)
                    .contains(
                            "Protocol version: " + v.openSslName(),
                            "Peer certificate: CN = " + name,
                            "Signature type: " + name,
                            "Ciphersuite: " + s.ssl.cipher());
            cli.send(payload);
            cli.closeStdin();
            assertThat(new String(s.readFully(payload.length()), StandardCharsets.ISO_8859_1))
                    .isEqualTo(payload);
            SocketSsl.Result end = s.readEnd();
            assertThat(end.error())
                    .as("s_client's close_notify at its stdin EOF")
                    .isEqualTo(SslError.ZERO_RETURN);
            assertThat(s.shutdown()).isEqualTo(1);
            s.close();
            assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(cli.output()).isZero();
            assertThat(cli.output()).doesNotContain(":error:");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("versionsAndKeys")
    void weVerifyOpensslsEdDsaServerAndAuthenticateWithEdDsa(TlsVersion v, String name) {
        String other = name.equals("ed25519") ? "ed448" : "ed25519";
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .trust(List.of(Interop.pki().ca().certificate()))
                        .hostName(TestPki.HOST)
                        .verify(VerifyMode.PEER)
                        .certificate(dir.resolve(other + ".pem"), dir.resolve(other + ".key"))
                        .build();
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                name + ".pem",
                                "-key",
                                name + ".key",
                                "-Verify",
                                "1",
                                "-CAfile",
                                "ca.pem",
                                "-naccept",
                                "1",
                                Interop.flag(v));
                SocketSsl c = SocketSsl.connect(ctx, srv.port(), Mode.BLOCKING).peer(srv::output)) {
            c.handshake();
            assertThat(c.ssl.cipher()).startsWith(suitePrefix(v));
            assertThat(c.ssl.peerCertificates().get(0).getSubjectX500Principal().getName())
                    .isEqualTo("CN=" + name);
            String out = srv.awaitOutput("CIPHER is " + c.ssl.cipher(), OpenSslProcess.TIMEOUT);
            assertThat(out).contains("subject=CN = " + other, "Peer signature type: " + other);
            assertThat(c.shutdown()).isZero();
            assertThat(c.shutdown()).isEqualTo(1);
            srv.awaitOutput("CONNECTION CLOSED", OpenSslProcess.TIMEOUT);
            assertThat(srv.output()).doesNotContain(":error:");
        }
    }
}
