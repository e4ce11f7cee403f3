package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client certificates and ALPN with the real openssl, both roles: s_server {@code -Verify 1 -alpn
 * http/1.1} against our client with a certificate and ALPN list; our server requiring a certificate
 * (FAIL_IF_NO_PEER_CERT) and selecting ALPN against {@code s_client -cert -alpn}; and our server
 * refusing s_client when it sends no certificate.
 */
class OpenSslClientAuthAlpnTest extends AgainstOpenSsl {

    private static final Pattern CIPHER_LINE = Pattern.compile("CIPHER is (\\S+)\\r?\\n");

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tlsbio.harness.InteropMatrix#versionsAndKeys")
    void ourClientCertificateAndAlpnToOpensslServer(TlsVersion v, KeyType type) {
        Path ca = Interop.caFile(dir);
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        TestCredential me = Interop.pki().client(type);
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .trust(List.of(Interop.pki().ca().certificate()))
                        .hostName(TestPki.HOST)
                        .certificate(me.chain(), me.privateKey())
                        .alpn("h2", "http/1.1")
                        .build();
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                server.certificateChain().toString(),
                                "-key",
                                server.privateKey().toString(),
                                "-naccept",
                                "1",
                                "-Verify",
                                "1",
                                "-CAfile",
                                ca.toString(),
                                "-verify_return_error",
                                "-alpn",
                                "http/1.1",
                                Interop.flag(v));
                SocketSsl c =
                        SocketSsl.connect(ctx, srv.port(), Mode.NON_BLOCKING).peer(srv::output)) {
            c.handshake();
            assertThat(c.ssl.selectedAlpn()).isEqualTo("http/1.1");
            srv.awaitMatch(CIPHER_LINE, OpenSslProcess.TIMEOUT);
            String out =
                    srv.awaitStderr("depth=0 CN = client\nverify return:1", OpenSslProcess.TIMEOUT);
            assertThat(srv.stdout())
                    .contains(
                            "subject=CN = client",
                            "ALPN protocols advertised by the client: h2, http/1.1");
            assertThat(c.shutdown()).isZero();
            assertThat(c.shutdown()).isEqualTo(1);
            srv.awaitStdout("DONE", OpenSslProcess.TIMEOUT);
            c.close(); // openssl drains the socket for up to 500 ms before it exits
            assertThat(srv.awaitExit(OpenSslProcess.TIMEOUT)).as(out).isZero();
            assertThat(srv.output()).doesNotContain(":error:");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tlsbio.harness.InteropMatrix#versionsAndKeys")
    void opensslClientCertificateAndAlpnToOurServer(TlsVersion v, KeyType type) {
        Path ca = Interop.caFile(dir);
        PemFiles client = Interop.pem(dir, Interop.pki().client(type), "client");
        TestCredential cred = Interop.pki().server(KeyType.ECDSA);
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .certificate(cred.chain(), cred.privateKey())
                        .verify(VerifyMode.FAIL_IF_NO_PEER_CERT)
                        .trust(List.of(Interop.pki().ca().certificate()))
                        .alpn("http/1.1")
                        .build();
        try (AcceptBio acceptor = SocketSsl.listen();
                OpenSslProcess cli =
                        Interop.verifyingClient(
                                dir,
                                acceptor.localPort(),
                                ca,
                                "-cert",
                                client.certificateChain().toString(),
                                "-key",
                                client.privateKey().toString(),
                                "-alpn",
                                "h2,http/1.1",
                                Interop.flag(v));
                SocketSsl s =
                        SocketSsl.server(
                                        ctx,
                                        SocketSsl.accept(acceptor, cli::output),
                                        Mode.NON_BLOCKING)
                                .peer(cli::output)) {
            s.handshake();
            assertThat(s.ssl.peerCertificates())
                    .first()
                    .isEqualTo(Interop.pki().client(type).certificate());
            assertThat(s.ssl.selectedAlpn()).isEqualTo("http/1.1");
            String out = cli.awaitOutput("Verify return code: 0 (ok)", OpenSslProcess.TIMEOUT);
            assertThat(out).contains("ALPN protocol: http/1.1");
            assertThat(s.shutdown()).isZero();
            assertThat(s.shutdown()).isEqualTo(1);
            s.close(); // openssl drains the socket for up to 500 ms before it exits
            assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(cli.output()).isZero();
            assertThat(cli.output()).doesNotContain(":error:");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void ourServerRequiringACertificateRefusesOpensslClientWithoutOne(TlsVersion v) {
        Path ca = Interop.caFile(dir);
        TestCredential cred = Interop.pki().server(KeyType.ECDSA);
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .certificate(cred.chain(), cred.privateKey())
                        .verify(VerifyMode.FAIL_IF_NO_PEER_CERT)
                        .trust(List.of(Interop.pki().ca().certificate()))
                        .build();
        try (AcceptBio acceptor = SocketSsl.listen();
                OpenSslProcess cli =
                        Interop.verifyingClient(dir, acceptor.localPort(), ca, Interop.flag(v));
                SocketSsl s =
                        SocketSsl.server(
                                        ctx,
                                        SocketSsl.accept(acceptor, cli::output),
                                        Mode.NON_BLOCKING)
                                .peer(cli::output)) {
            int r = s.tryHandshake();
            assertThat(r).isEqualTo(-1);
            assertThat(s.ssl.getError(r)).isEqualTo(SslError.SSL);
            SslFailure f = s.ssl.lastError();
            assertThat(f.reason())
                    .as(String.valueOf(f))
                    .isEqualTo(SslReason.PEER_DID_NOT_RETURN_A_CERTIFICATE);
            String alert = v == TlsVersion.TLS1_3 ? "certificate_required" : "handshake_failure";
            assertThat(f.alertName()).isEqualTo(alert);
            String seen =
                    v == TlsVersion.TLS1_3
                            ? "alert certificate required"
                            : "alert handshake failure";
            String out = cli.awaitOutput(seen, OpenSslProcess.TIMEOUT);
            s.close(); // openssl drains the socket for up to 500 ms before it exits
            assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(out).isNotZero();
        }
    }
}
