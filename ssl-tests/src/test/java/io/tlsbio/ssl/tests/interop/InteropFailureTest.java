package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.testkit.FlipBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslMessage;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failures against real peers, seen from both sides: an untrusted server certificate (openssl
 * s_server and s_client), a protocol version the two sides cannot agree on (protocol_version alert,
 * both directions), and the JDK client's host name check refusing our certificate.
 */
class InteropFailureTest extends AgainstOpenSsl {

    private static TlsVersion other(TlsVersion v) {
        return v == TlsVersion.TLS1_2 ? TlsVersion.TLS1_3 : TlsVersion.TLS1_2;
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void untrustedServerCertificateFailsOurClientWithCertificateVerifyFailed(TlsVersion v) {
        PemFiles untrusted =
                Interop.pem(dir, Interop.pki().untrustedServer(KeyType.ECDSA), "untrusted");
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                untrusted.certificateChain().toString(),
                                "-key",
                                untrusted.privateKey().toString(),
                                "-naccept",
                                "1",
                                Interop.flag(v));
                SocketSsl c =
                        SocketSsl.connect(Interop.client(v), srv.port(), Mode.NON_BLOCKING)
                                .peer(srv::output)) {
            int r = c.tryHandshake();
            assertThat(r).isEqualTo(-1);
            assertThat(c.ssl.getError(r)).isEqualTo(SslError.SSL);
            SslFailure f = c.ssl.lastError();
            assertThat(f.reason())
                    .as(String.valueOf(f))
                    .isEqualTo(SslReason.CERTIFICATE_VERIFY_FAILED);
            assertThat(f.alertName()).as("the alert we sent").isEqualTo("unknown_ca");
            // e.g. "...:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:...:SSL alert number
            // 48"
            String out = srv.awaitOutput("SSL alert number 48", OpenSslProcess.TIMEOUT);
            assertThat(out).contains("tlsv1 alert unknown ca");
            assertThat(c.ssl.isInitFinished()).isFalse();
        }
    }

    /**
     * A byte of an application-data record flipped on its way to {@code openssl s_server}: OpenSSL
     * fails the record ("decryption failed or bad record mac") and sends a fatal bad_record_mac,
     * which the tlsbio client's read returns as 0 with the alert received. A tlsbio server answers
     * the same record the same way ({@code OwnRecordLayerTest}).
     */
    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aTamperedRecordIsBadRecordMacFromOpensslToo(TlsVersion v) {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                server.certificateChain().toString(),
                                "-key",
                                server.privateKey().toString(),
                                "-naccept",
                                "1",
                                Interop.flag(v));
                SocketSsl c =
                        SocketSsl.connect(Interop.client(v), srv.port(), Mode.BLOCKING)
                                .peer(srv::output)) {
            c.handshake();
            // the next record written, past its header (and TLS 1.2's explicit nonce)
            FlipBio flip = new FlipBio().flipWriteAt(20, 0x01);
            flip.push(c.bio);
            c.ssl.setBio(c.bio, flip);
            c.write(new byte[300]);
            SocketSsl.Result r = c.readEnd();
            assertThat(r.ret()).as("%s", c.ssl.lastError()).isZero();
            assertThat(c.ssl.lastError().reason()).isEqualTo(SslReason.ALERT_RECEIVED);
            assertThat(c.ssl.lastError().alertName()).isEqualTo("bad_record_mac");
            srv.awaitOutput("decryption failed or bad record mac", OpenSslProcess.TIMEOUT);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void untrustedTlsbioServerFailsOpensslClientVerification(TlsVersion v) {
        Path ca = Interop.caFile(dir);
        try (AcceptBio acceptor = SocketSsl.listen();
                OpenSslProcess cli =
                        Interop.verifyingClient(dir, acceptor.localPort(), ca, Interop.flag(v));
                SocketSsl s =
                        SocketSsl.server(
                                        Interop.server(
                                                v, Interop.pki().untrustedServer(KeyType.RSA)),
                                        SocketSsl.accept(acceptor, cli::output),
                                        Mode.NON_BLOCKING)
                                .peer(cli::output)) {
            int r = s.tryHandshake();
            SslError error = s.ssl.getError(r);
            SslFailure f = s.ssl.lastError();
            String out =
                    cli.awaitOutput(
                            "verify error:num=20:unable to get local issuer certificate",
                            OpenSslProcess.TIMEOUT);
            s.close(); // openssl drains the socket for up to 500 ms before it exits
            assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(out).isNotZero();
            assertThat(cli.output()).contains("certificate verify failed");
            assertThat(r).isEqualTo(-1);
            assertThat(error).isEqualTo(SslError.SSL);
            assertThat(f.reason()).as(String.valueOf(f)).isEqualTo(SslReason.ALERT_RECEIVED);
            assertThat(f.alertName()).isEqualTo("unknown_ca");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void versionMismatchOurClientVsOpensslServer(TlsVersion ours) {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                server.certificateChain().toString(),
                                "-key",
                                server.privateKey().toString(),
                                "-naccept",
                                "1",
                                Interop.flag(other(ours)));
                SocketSsl c =
                        SocketSsl.connect(Interop.client(ours), srv.port(), Mode.BLOCKING)
                                .peer(srv::output)) {
            int r = c.tryHandshake();
            assertThat(r).isEqualTo(-1);
            assertThat(c.ssl.getError(r)).isEqualTo(SslError.SSL);
            SslFailure f = c.ssl.lastError();
            assertThat(f.alertName()).as(String.valueOf(f)).isEqualTo("protocol_version");
            assertThat(f.reason()).isEqualTo(SslReason.ALERT_RECEIVED);
            // "...:SSL routines:tls_early_post_process_client_hello:unsupported protocol:..."
            srv.awaitOutput(
                    "tls_early_post_process_client_hello:unsupported protocol",
                    OpenSslProcess.TIMEOUT);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void versionMismatchOpensslClientVsOurServer(TlsVersion ours) {
        Path ca = Interop.caFile(dir);
        try (AcceptBio acceptor = SocketSsl.listen();
                OpenSslProcess cli =
                        Interop.verifyingClient(
                                dir, acceptor.localPort(), ca, Interop.flag(other(ours)));
                SocketSsl s =
                        SocketSsl.server(
                                        Interop.server(ours, Interop.pki().server(KeyType.ECDSA)),
                                        SocketSsl.accept(acceptor, cli::output),
                                        Mode.BLOCKING)
                                .peer(cli::output)) {
            int r = s.tryHandshake();
            assertThat(r).isEqualTo(-1);
            assertThat(s.ssl.getError(r)).isEqualTo(SslError.SSL);
            SslFailure f = s.ssl.lastError();
            assertThat(f.alertName()).as(String.valueOf(f)).isEqualTo("protocol_version");
            assertThat(f.reason()).isEqualTo(SslReason.ALERT_SENT);
            // "...:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:...:SSL alert number
            // 70"
            String out = cli.awaitOutput("SSL alert number 70", OpenSslProcess.TIMEOUT);
            s.close(); // openssl drains the socket for up to 500 ms before it exits
            assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(out).isNotZero();
            assertThat(cli.output())
                    .contains("tlsv1 alert protocol version", "New, (NONE), Cipher is (NONE)");
        }
    }

    /**
     * tlsbio has no renegotiation (bctls denies it): s_server's {@code r} command sends a TLS 1.2
     * HelloRequest, our client answers with a warning no_renegotiation alert, and OpenSSL 3.0
     * treats that as fatal ("no renegotiation", fatal handshake_failure). An OpenSSL client would
     * renegotiate here; this pins the difference.
     */
    @Test
    void tls12RenegotiationRequestIsRefusedWithNoRenegotiation() {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        List<SslMessage> messages = new CopyOnWriteArrayList<>();
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                server.certificateChain().toString(),
                                "-key",
                                server.privateKey().toString(),
                                "-naccept",
                                "1",
                                "-tls1_2",
                                "-msg");
                SocketSsl c =
                        SocketSsl.connect(
                                        Interop.client(TlsVersion.TLS1_2),
                                        srv.port(),
                                        Mode.NON_BLOCKING)
                                .peer(srv::output)) {
            c.ssl.setMessageCallback((ssl, m) -> messages.add(m));
            c.handshake();
            srv.awaitStdout("CIPHER is ", OpenSslProcess.TIMEOUT);
            srv.send("r\n");
            srv.awaitStdout(
                    ">>> TLS 1.2, Handshake [length 0004], HelloRequest", OpenSslProcess.TIMEOUT);
            SocketSsl.Result r = c.readEnd();
            // SSL_read answers 0 for a fatal alert from the peer, as OpenSSL's does
            assertThat(r.ret()).isZero();
            assertThat(r.error()).isEqualTo(SslError.SSL);
            SslFailure f = c.ssl.lastError();
            assertThat(f.reason()).as(String.valueOf(f)).isEqualTo(SslReason.ALERT_RECEIVED);
            assertThat(f.alertName()).isEqualTo("handshake_failure");
            assertThat(messages)
                    .extracting(SslMessage::toString)
                    .contains(
                            "<<< HelloRequest [length 0]",
                            ">>> alert warning(1) no_renegotiation(100) [length 2]");
            srv.awaitStderr("ssl3_read_bytes:no renegotiation", OpenSslProcess.TIMEOUT);
            // -msg lines go to s_server's stdio-buffered stdout: wait for them, do not just look
            srv.awaitStdout(
                    "<<< TLS 1.2, Alert [length 0002], warning no_renegotiation",
                    OpenSslProcess.TIMEOUT);
            srv.awaitStdout(
                    ">>> TLS 1.2, Alert [length 0002], fatal handshake_failure",
                    OpenSslProcess.TIMEOUT);
        }
    }

    @Test
    void jdkClientWithHttpsEndpointIdentificationRejectsOurWrongHostCertificate() throws Exception {
        SSLContext jdk = JdkInteropTest.jdkContext(Interop.pki().client(KeyType.ECDSA));
        try (AcceptBio acceptor = SocketSsl.listen()) {
            int port = acceptor.localPort();
            Socket raw = new Socket();
            FutureTask<Throwable> client =
                    new FutureTask<>(
                            () -> {
                                raw.connect(
                                        new InetSocketAddress("127.0.0.1", port),
                                        (int) SocketSsl.OP_TIMEOUT.toMillis());
                                try (SSLSocket s =
                                        (SSLSocket)
                                                jdk.getSocketFactory()
                                                        .createSocket(
                                                                raw, TestPki.HOST, port, true)) {
                                    SSLParameters p = s.getSSLParameters();
                                    p.setEndpointIdentificationAlgorithm("HTTPS");
                                    s.setSSLParameters(p);
                                    s.setSoTimeout((int) SocketSsl.OP_TIMEOUT.toMillis());
                                    s.startHandshake();
                                    return null;
                                } catch (SSLHandshakeException expected) {
                                    return expected;
                                }
                            });
            Thread t = new Thread(client, "jdk-client");
            t.setDaemon(true);
            t.start();
            try (SocketSsl s =
                    SocketSsl.server(
                            Interop.server(
                                    TlsVersion.TLS1_3,
                                    Interop.pki().wrongHostServer(KeyType.ECDSA)),
                            SocketSsl.accept(acceptor),
                            Mode.NON_BLOCKING)) {
                int r = s.tryHandshake();
                Throwable jdkFailure =
                        client.get(SocketSsl.OP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(jdkFailure)
                        .as("the JDK refused other.example for localhost")
                        .isNotNull();
                assertThat(jdkFailure.getMessage()).contains("localhost");
                assertThat(r).isEqualTo(-1);
                assertThat(s.ssl.getError(r)).isEqualTo(SslError.SSL);
                SslFailure f = s.ssl.lastError();
                assertThat(f.reason()).as(String.valueOf(f)).isEqualTo(SslReason.ALERT_RECEIVED);
                assertThat(f.alertName()).isEqualTo("certificate_unknown");
            } finally {
                raw.close();
                t.join(5_000);
                assertThat(t.isAlive()).as("jdk-client thread stopped").isFalse();
            }
        }
    }
}
