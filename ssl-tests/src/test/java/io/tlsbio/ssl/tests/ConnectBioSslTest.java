package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.BioWait;
import io.tlsbio.bio.socket.ConnectBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Acceptance case 28: an Ssl over a non-blocking connect BIO reports WANT_CONNECT, then SYSCALL on
 * refusal.
 */
class ConnectBioSslTest {

    @Test
    void case28_sslOverNonBlockingConnectBioWantsConnect() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            ConnectBio bio = ConnectBio.create("127.0.0.1:" + port);
            bio.setNonBlocking(true);
            try {
                Ssl ssl = Contexts.client(TlsVersion.TLS1_3).newSsl();
                ssl.setBio(bio, bio);
                assertThat(ssl.connect()).isEqualTo(-1);
                assertThat(ssl.getError(-1)).isEqualTo(SslError.WANT_CONNECT);
                assertThat(BioWait.waitFor(bio, Duration.ofSeconds(10)))
                        .isEqualTo(BioWait.Result.READY);
                // connected: the ClientHello goes out and the client waits for the server
                assertThat(ssl.connect()).isEqualTo(-1);
                assertThat(ssl.getError(-1)).isEqualTo(SslError.WANT_READ);
            } finally {
                bio.close();
            }
        }
    }

    @Test
    void refusedConnectIsSyscallWithTheBioReason() throws Exception {
        int port;
        try (ServerSocketChannel closed = ServerSocketChannel.open()) {
            closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) closed.getLocalAddress()).getPort();
        }
        ConnectBio bio = ConnectBio.create("127.0.0.1:" + port);
        bio.setNonBlocking(true);
        try {
            Ssl ssl = Contexts.client(TlsVersion.TLS1_3).newSsl();
            ssl.setBio(bio, bio);
            int r = ssl.connect();
            for (int i = 0; i < 100 && r == -1 && ssl.getError(r) == SslError.WANT_CONNECT; i++) {
                assertThat(BioWait.waitFor(bio, Duration.ofSeconds(10)))
                        .isEqualTo(BioWait.Result.READY);
                r = ssl.connect();
            }
            assertThat(r).isEqualTo(-1);
            assertThat(ssl.getError(r)).isEqualTo(SslError.SYSCALL);
            assertThat(ssl.lastError().reason()).isEqualTo(SslReason.BIO_ERROR);
            assertThat(ssl.lastError().message()).contains("CONNECT_ERROR");
        } finally {
            bio.close();
        }
    }
}
