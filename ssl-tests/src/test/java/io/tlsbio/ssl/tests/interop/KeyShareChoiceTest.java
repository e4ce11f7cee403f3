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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS 1.3 client sends its one key share for the first of its groups, as OpenSSL's client does
 * (bctls alone would pick x25519 or P-256 wherever they stand in the list). With groups {@code
 * P-384:P-256} against {@code openssl s_server}, which takes a share it supports, the group is
 * P-384 for tlsbio as for {@code openssl s_client -groups P-384:P-256}.
 */
class KeyShareChoiceTest {

    @TempDir Path dir;

    @Test
    void theShareIsForTheFirstGroupAsOpensslSends() {
        PemFiles ec = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "ec");
        try (OpenSslProcess server =
                OpenSslProcess.startServer(
                        dir,
                        "-cert",
                        ec.certificateChain().toString(),
                        "-key",
                        ec.privateKey().toString(),
                        "-tls1_3")) {
            SslContext ctx =
                    SslContext.builder()
                            .versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3)
                            .trust(List.of(Interop.pki().ca().certificate()))
                            .hostName(TestPki.HOST)
                            .groups("P-384:P-256")
                            .build();
            try (SocketSsl c =
                    SocketSsl.connect(ctx, server.port(), Mode.BLOCKING).peer(server::output)) {
                c.handshake();
                assertThat(c.ssl.negotiatedGroup()).isEqualTo("secp384r1");
            }
        }
        try (OpenSslProcess server =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                ec.certificateChain().toString(),
                                "-key",
                                ec.privateKey().toString(),
                                "-tls1_3");
                OpenSslProcess client =
                        OpenSslProcess.start(
                                dir,
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + server.port(),
                                "-groups",
                                "P-384:P-256",
                                "-tls1_3")) {
            assertThat(client.awaitOutput("Server Temp Key", OpenSslProcess.TIMEOUT))
                    .contains("Server Temp Key: ECDH, secp384r1");
        }
    }
}
