package io.tlsbio.ssl.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.buffer.BufferBio;
import io.tlsbio.bio.socket.ConnectBio;
import io.tlsbio.ssl.SslBio;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;

/** The shape of the chains SslConnect builds, and a refused connect seen through them. */
class SslConnectTest {

    private static final SslContext CTX = SslContext.builder().build();

    @Test
    void newSslConnectIsAClientSslBioOwningItsSslOverAConnectBio() {
        SslBio bio = SslConnect.newSslConnect(CTX, "127.0.0.1:9");
        try {
            assertThat(bio.closeFlag()).isEqualTo(SslBio.CloseFlag.CLOSE);
            assertThat(bio.ssl().isServer()).isFalse();
            assertThat(bio.next()).isInstanceOf(ConnectBio.class);
            assertThat(bio.ssl().rbio()).isSameAs(bio.next());
            assertThat(bio.ssl().wbio()).isSameAs(bio.next());
            ConnectBio connect = SslConnect.connectBio(bio);
            assertThat(connect.host()).isEqualTo("127.0.0.1");
            assertThat(connect.port()).isEqualTo(9);
            assertThat(connect.isConnected()).as("nothing happens before the first call").isFalse();
        } finally {
            bio.closeAll();
        }
        assertThat(bio.next().isClosed()).isTrue();
    }

    @Test
    void newBufferSslConnectPutsABufferOnTop() {
        BufferBio head = SslConnect.newBufferSslConnect(CTX, "[::1]:443");
        try {
            assertThat(head.writeBufferSize()).isEqualTo(BufferBio.DEFAULT_SIZE);
            SslBio ssl = SslBio.find(head);
            assertThat(ssl).isSameAs(head.next());
            assertThat(SslConnect.connectBio(head)).isSameAs(ssl.next());
            assertThat(SslConnect.connectBio(head).host()).isEqualTo("::1");
        } finally {
            head.closeAll();
        }
    }

    @Test
    void aRefusedConnectFailsWithTheConnectBiosError() throws Exception {
        int port;
        try (ServerSocketChannel closed = ServerSocketChannel.open()) {
            closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) closed.getLocalAddress()).getPort();
        }
        SslBio bio = SslConnect.newSslConnect(CTX, "127.0.0.1:" + port);
        try {
            assertThat(bio.doHandshake()).isEqualTo(-1);
            assertThat(bio.shouldRetry()).isFalse();
            assertThat(bio.ssl().getError(-1)).isEqualTo(SslError.SYSCALL);
            assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.CONNECT_ERROR);
        } finally {
            bio.closeAll();
        }
    }
}
