package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helper the interop tests stand on: markers, bounded waits, and nothing left running. */
class OpenSslProcessTest {

    @TempDir Path dir;

    @Test
    void missingOpensslFailsWithAClearMessageInsteadOfSkipping() {
        assertThatThrownBy(() -> OpenSslProcess.requireOpenssl(Path.of("/nonexistent/bin/openssl")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("/nonexistent/bin/openssl is missing")
                .hasMessageContaining("apt-get install openssl");
        OpenSslProcess.requireOpenssl();
    }

    @Test
    void serverReportsItsEphemeralPortAndCloseStopsProcessAndReaders() throws IOException {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        OpenSslProcess srv =
                OpenSslProcess.startServer(
                        dir,
                        "-cert",
                        server.certificateChain().toString(),
                        "-key",
                        server.privateKey().toString());
        try {
            assertThat(srv.port()).isBetween(1, 65535);
            assertThat(srv.output()).contains("ACCEPT 127.0.0.1:" + srv.port());
            try (SocketChannel ch =
                    SocketChannel.open(new InetSocketAddress("127.0.0.1", srv.port()))) {
                assertThat(ch.isConnected()).isTrue();
            }
        } finally {
            srv.close();
        }
        assertThat(srv.isStopped()).isTrue();
    }

    @Test
    void awaitFailsAtOnceWhenTheProcessEndsWithoutTheMarker() {
        try (OpenSslProcess p = OpenSslProcess.start(dir, "version")) {
            assertThat(p.awaitOutput("OpenSSL 3.", OpenSslProcess.TIMEOUT))
                    .startsWith("OpenSSL 3.");
            long start = System.nanoTime();
            assertThatThrownBy(() -> p.awaitOutput("no such marker", OpenSslProcess.TIMEOUT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("ended without printing \"no such marker\"");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(p.awaitExit(OpenSslProcess.TIMEOUT)).isZero();
        }
    }

    @Test
    void awaitTimesOutWhileTheProcessRuns() {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        try (OpenSslProcess srv =
                OpenSslProcess.startServer(
                        dir,
                        "-cert",
                        server.certificateChain().toString(),
                        "-key",
                        server.privateKey().toString())) {
            assertThatThrownBy(() -> srv.awaitOutput("never printed", Duration.ofMillis(200)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("within PT0.2S")
                    .hasMessageContaining("ACCEPT 127.0.0.1:");
        }
    }
}
