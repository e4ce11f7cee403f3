package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.testkit.KeyType;
import io.tlsbio.bio.testkit.PemFiles;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failures against the real openssl, seen from both sides: an untrusted server certificate, and
 * a protocol version neither side can agree on.
 */
class InteropFailureTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void opensslIsInstalled() {
        OpenSslProcess.requireOpenssl();
    }

    private static TlsVersion other(TlsVersion v) {
        return v == TlsVersion.TLS1_2 ? TlsVersion.TLS1_3 : TlsVersion.TLS1_2;
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void untrustedServerCertificateFailsOurClientWithCertificateVerifyFailed(TlsVersion v) {
        PemFiles untrusted = Interop.pem(dir, Interop.pki().untrustedServer(KeyType.ECDSA), "untrusted");
        try (OpenSslProcess srv = OpenSslProcess.startServer(dir, "-cert", untrusted.certificateChain().toString(),
                "-key", untrusted.privateKey().toString(), "-naccept", "1", Interop.flag(v));
             SocketSsl c = SocketSsl.connect(Interop.client(v), srv.port(), Mode.NON_BLOCKING)) {
            int r = c.tryHandshake();
            assertThat(r).isEqualTo(-1);
            assertThat(c.ssl.getError(r)).isEqualTo(SslError.SSL);
            SslFailure f = c.ssl.lastError();
            assertThat(f.reason()).as(String.valueOf(f)).isEqualTo(SslReason.CERTIFICATE_VERIFY_FAILED);
            assertThat(f.alertName()).as("the alert we sent").isEqualTo("unknown_ca");
            String out = srv.awaitOutput("alert unknown ca", OpenSslProcess.TIMEOUT);
            assertThat(out).contains("SSL alert number 48");
            assertThat(c.ssl.isInitFinished()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void untrustedTlsbioServerFailsOpensslClientVerification(TlsVersion v) {
        Path ca = Interop.caFile(dir);
        try (AcceptBio acceptor = SocketSsl.listen();
             OpenSslProcess cli = OpenSslProcess.start(dir, "s_client", "-connect", "127.0.0.1:" + acceptor.localPort(),
                     "-CAfile", ca.toString(), "-servername", "localhost", "-verify_return_error", "-ign_eof",
                     Interop.flag(v));
             SocketSsl s = SocketSsl.server(Interop.server(v, Interop.pki().untrustedServer(KeyType.RSA)),
                     SocketSsl.accept(acceptor), Mode.NON_BLOCKING)) {
            int r = s.tryHandshake();
            String out = cli.awaitOutput("verify error:num=20:unable to get local issuer certificate",
                    OpenSslProcess.TIMEOUT);
            assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(out).isNotZero();
            assertThat(r).isEqualTo(-1);
            assertThat(s.ssl.getError(r)).isEqualTo(SslError.SSL);
            SslFailure f = s.ssl.lastError();
            assertThat(f.reason()).as(String.valueOf(f)).isEqualTo(SslReason.ALERT_RECEIVED);
            assertThat(f.alertName()).isEqualTo("unknown_ca");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void versionMismatchOurClientVsOpensslServer(TlsVersion ours) {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        try (OpenSslProcess srv = OpenSslProcess.startServer(dir, "-cert", server.certificateChain().toString(),
                "-key", server.privateKey().toString(), "-naccept", "1", Interop.flag(other(ours)));
             SocketSsl c = SocketSsl.connect(Interop.client(ours), srv.port(), Mode.BLOCKING)) {
            int r = c.tryHandshake();
            assertThat(r).isEqualTo(-1);
            assertThat(c.ssl.getError(r)).isEqualTo(SslError.SSL);
            SslFailure f = c.ssl.lastError();
            assertThat(f.alertName()).as(String.valueOf(f)).isEqualTo("protocol_version");
            assertThat(f.reason()).isEqualTo(SslReason.ALERT_RECEIVED);
            srv.awaitOutput("unsupported protocol", OpenSslProcess.TIMEOUT);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void versionMismatchOpensslClientVsOurServer(TlsVersion ours) {
        Path ca = Interop.caFile(dir);
        try (AcceptBio acceptor = SocketSsl.listen();
             OpenSslProcess cli = OpenSslProcess.start(dir, "s_client", "-connect", "127.0.0.1:" + acceptor.localPort(),
                     "-CAfile", ca.toString(), "-servername", "localhost", "-verify_return_error", "-ign_eof",
                     Interop.flag(other(ours)));
             SocketSsl s = SocketSsl.server(Interop.server(ours, Interop.pki().server(KeyType.ECDSA)),
                     SocketSsl.accept(acceptor), Mode.BLOCKING)) {
            int r = s.tryHandshake();
            assertThat(r).isEqualTo(-1);
            assertThat(s.ssl.getError(r)).isEqualTo(SslError.SSL);
            SslFailure f = s.ssl.lastError();
            assertThat(f.alertName()).as(String.valueOf(f)).isEqualTo("protocol_version");
            assertThat(f.reason()).isEqualTo(SslReason.ALERT_SENT);
            String out = cli.awaitOutput("alert protocol version", OpenSslProcess.TIMEOUT);
            assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(out).isNotZero();
        }
    }

    @Test
    void placeholder() {
    }
}
