package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SNI as the real openssl sees it (bctls sends none unless told; docs/bctls.md): one {@code
 * s_server} with an ECDSA default certificate and {@code -servername localhost -cert2} an RSA one.
 * A client whose host name is {@code localhost} sends it: s_server prints {@code Hostname in TLS
 * extension: "localhost"} and serves the RSA certificate. A client checking the IP address {@code
 * 127.0.0.1} sends no SNI (RFC 6066 forbids IP literals) and gets the default certificate.
 */
class OpenSslSniTest {

    private static final Pattern CIPHER_LINE = Pattern.compile("CIPHER is (\\S+)\\r?\\n");

    @TempDir static Path dir;

    private static OpenSslProcess server;

    @BeforeAll
    static void startServer() {
        OpenSslProcess.requireOpenssl();
        PemFiles ec = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "ec");
        PemFiles rsa = Interop.pem(dir, Interop.pki().server(KeyType.RSA), "rsa");
        server =
                OpenSslProcess.startServer(
                        dir,
                        "-cert",
                        ec.certificateChain().toString(),
                        "-key",
                        ec.privateKey().toString(),
                        "-servername",
                        "localhost",
                        "-cert2",
                        rsa.certificateChain().toString(),
                        "-key2",
                        rsa.privateKey().toString());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static String connect(String hostName, TlsVersion v, KeyType expected) {
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .trust(List.of(Interop.pki().ca().certificate()))
                        .hostName(hostName)
                        .build();
        int from = server.stdoutLength();
        try (SocketSsl c =
                SocketSsl.connect(ctx, server.port(), Mode.BLOCKING).peer(server::output)) {
            c.handshake();
            assertThat(c.ssl.peerCertificates())
                    .first()
                    .isEqualTo(Interop.pki().server(expected).certificate());
            server.awaitMatch(CIPHER_LINE, from, OpenSslProcess.TIMEOUT);
            assertThat(c.shutdown()).isZero();
            assertThat(c.shutdown()).isEqualTo(1);
        }
        server.awaitStdout("DONE\n", from, OpenSslProcess.TIMEOUT);
        return server.stdout().substring(from);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void hostNameIsSentAsSni(TlsVersion v) {
        String out = connect(TestPki.HOST, v, KeyType.RSA);
        assertThat(out)
                .contains("Hostname in TLS extension: \"localhost\"", "Switching server context.");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void ipAddressIsNotSentAsSni(TlsVersion v) {
        String out = connect(TestPki.IP_ADDRESS, v, KeyType.ECDSA);
        assertThat(out).doesNotContain("Hostname in TLS extension");
    }
}
