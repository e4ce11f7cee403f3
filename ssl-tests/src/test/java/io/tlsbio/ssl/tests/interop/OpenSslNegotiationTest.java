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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every cipher suite and group name tlsbio accepts in {@code cipherList}/{@code cipherSuites}/
 * {@code groups}, negotiated with the real openssl: one {@code openssl s_server} (an RSA
 * certificate plus an ECDSA one with {@code -dcert}, every version) serves one connection per case,
 * and prints {@code Shared groups: <list>}, {@code CIPHER is <name>} and, once our close_notify
 * arrives, {@code DONE} for each.
 */
class OpenSslNegotiationTest {

    private static final Pattern CIPHER_LINE = Pattern.compile("CIPHER is (\\S+)\\r?\\n");
    private static final Pattern SHARED_GROUPS = Pattern.compile("Shared groups: (\\S+)\\r?\\n");

    @TempDir static Path dir;

    private static OpenSslProcess server;

    @BeforeAll
    static void startServer() {
        OpenSslProcess.requireOpenssl();
        PemFiles rsa = Interop.pem(dir, Interop.pki().server(KeyType.RSA), "rsa");
        PemFiles ec = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "ec");
        server =
                OpenSslProcess.startServer(
                        dir,
                        "-cert",
                        rsa.certificateChain().toString(),
                        "-key",
                        rsa.privateKey().toString(),
                        "-dcert",
                        ec.certificateChain().toString(),
                        "-dkey",
                        ec.privateKey().toString());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static SslContext.Builder client(TlsVersion v) {
        return SslContext.builder()
                .versions(v, v)
                .trust(List.of(Interop.pki().ca().certificate()))
                .hostName(TestPki.HOST);
    }

    /** One connection: handshake, a clean two-step close; returns s_server's output for it. */
    private static String connect(SslContext ctx, String expectCipher) {
        int from = server.stdoutLength();
        try (SocketSsl c =
                SocketSsl.connect(ctx, server.port(), Mode.BLOCKING).peer(server::output)) {
            c.handshake();
            assertThat(c.ssl.cipher()).isEqualTo(expectCipher);
            assertThat(server.awaitMatch(CIPHER_LINE, from, OpenSslProcess.TIMEOUT).group(1))
                    .as("s_server's cipher")
                    .isEqualTo(expectCipher);
            assertThat(c.shutdown()).isZero();
            assertThat(c.shutdown()).isEqualTo(1);
        }
        // s_server flushes "DONE" at once; its "shutting down SSL"/"CONNECTION CLOSED" lines stay
        // in
        // its stdio buffer until the next connection, so they are not waited for
        server.awaitStdout("DONE\n", from, OpenSslProcess.TIMEOUT);
        String out = server.stdout().substring(from);
        assertThat(out).doesNotContain("ERROR");
        return out;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ECDHE-ECDSA-AES256-GCM-SHA384",
                "ECDHE-RSA-AES256-GCM-SHA384",
                "ECDHE-ECDSA-CHACHA20-POLY1305",
                "ECDHE-RSA-CHACHA20-POLY1305",
                "ECDHE-ECDSA-AES128-GCM-SHA256",
                "ECDHE-RSA-AES128-GCM-SHA256",
                "ECDHE-ECDSA-AES256-SHA384",
                "ECDHE-RSA-AES256-SHA384",
                "ECDHE-ECDSA-AES128-SHA256",
                "ECDHE-RSA-AES128-SHA256",
                "ECDHE-ECDSA-AES256-SHA",
                "ECDHE-RSA-AES256-SHA",
                "ECDHE-ECDSA-AES128-SHA",
                "ECDHE-RSA-AES128-SHA",
                "DHE-RSA-AES256-GCM-SHA384",
                "DHE-RSA-AES128-GCM-SHA256",
                "DHE-RSA-CHACHA20-POLY1305",
                "DHE-RSA-AES256-SHA256",
                "DHE-RSA-AES128-SHA256",
                "DHE-RSA-AES256-SHA",
                "DHE-RSA-AES128-SHA",
                "AES256-GCM-SHA384",
                "AES128-GCM-SHA256",
                "AES256-SHA256",
                "AES128-SHA256",
                "AES256-SHA",
                "AES128-SHA"
            })
    void tls12CipherListName(String name) {
        connect(client(TlsVersion.TLS1_2).cipherList(name).build(), name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_AES_128_GCM_SHA256"
            })
    void tls13CipherSuiteName(String name) {
        connect(client(TlsVersion.TLS1_3).cipherSuites(name).build(), name);
    }

    /**
     * The only group we offer is the only one s_server shares (P-384 etc. cost s_server a
     * HelloRetryRequest).
     */
    @ParameterizedTest
    @CsvSource({
        "X25519, x25519",
        "P-256, secp256r1",
        "P-384, secp384r1",
        "X448, x448",
        "P-521, secp521r1",
        "ffdhe2048, ffdhe2048",
        "ffdhe3072, ffdhe3072",
        "ffdhe4096, ffdhe4096"
    })
    void tls13GroupName(String ours, String openssl) {
        String out =
                connect(client(TlsVersion.TLS1_3).groups(ours).build(), "TLS_AES_256_GCM_SHA384");
        assertThat(Interop.group(out, SHARED_GROUPS.pattern())).isEqualTo(openssl);
    }
}
