package io.tlsbio.bio.socket;

import static io.tlsbio.bio.socket.Loopback.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TCP_NODELAY on by default on every socket BIO (a deliberate difference from OpenSSL), off on
 * request ({@code BIO_set_tcp_ndelay}, {@code BIO_SOCK_NODELAY}); read back from the socket itself.
 */
class TcpNoDelayTest {

    private final Loopback net = new Loopback();

    @AfterEach
    void closeAll() {
        net.close();
    }

    private static boolean noDelay(SocketChannel ch) throws IOException {
        return ch.getOption(StandardSocketOptions.TCP_NODELAY);
    }

    @Test
    void wrapSetsItAndSetTcpNoDelayTurnsItOffAndOnAgain() throws IOException {
        SocketChannel ch = net.pair()[0];
        assertThat(noDelay(ch)).as("a fresh socket has Nagle on").isFalse();
        SocketBio bio = net.track(SocketBio.wrap(ch, true));
        assertThat(bio.isTcpNoDelay()).isTrue();
        assertThat(noDelay(ch)).isTrue();
        bio.setTcpNoDelay(false);
        assertThat(bio.isTcpNoDelay()).isFalse();
        assertThat(noDelay(ch)).isFalse();
        bio.setTcpNoDelay(true);
        assertThat(noDelay(ch)).isTrue();
    }

    @Test
    void aClosedBioOrSocketRefusesTheOption() throws IOException {
        SocketChannel[] pair = net.pair();
        SocketBio closedSocket = net.track(SocketBio.wrap(pair[0], true));
        pair[0].close();
        assertThatThrownBy(() -> closedSocket.setTcpNoDelay(false))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("TCP_NODELAY=false");
        SocketBio closedBio = SocketBio.wrap(pair[1], true);
        closedBio.close();
        assertThatThrownBy(() -> closedBio.setTcpNoDelay(false))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void connectBioSetsItOnTheSocketItOpensUnlessTurnedOffFirst() throws IOException {
        ServerSocketChannel server = net.listen();
        String target = "127.0.0.1:" + server.socket().getLocalPort();

        ConnectBio on = net.track(ConnectBio.create(target));
        assertThat(on.doConnect()).isEqualTo(1);
        net.track(server.accept());
        assertThat(noDelay(on.channel())).isTrue();

        ConnectBio off = net.track(ConnectBio.create(target));
        off.setTcpNoDelay(false);
        assertThat(off.doConnect()).isEqualTo(1);
        net.track(server.accept());
        assertThat(noDelay(off.channel())).isFalse();

        // a reset keeps the choice for the next socket
        off.reset();
        assertThat(off.doConnect()).isEqualTo(1);
        net.track(server.accept());
        assertThat(noDelay(off.channel())).isFalse();
    }

    @Test
    void acceptBioSetsItOnAcceptedSocketsUnlessTurnedOff() throws IOException {
        AcceptBio acceptor = net.track(AcceptBio.create("127.0.0.1:0"));
        assertThat(acceptor.doAccept()).isEqualTo(1);
        assertThat(acceptor.isTcpNoDelayChildren()).isTrue();
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", acceptor.localPort());

        net.track(SocketChannel.open(at));
        SocketBio first = net.track(acceptor.accept());
        assertThat(first.isTcpNoDelay()).isTrue();
        assertThat(noDelay(first.channel())).isTrue();

        acceptor.setTcpNoDelayChildren(false);
        acceptor.setNonBlockingChildren(true);
        net.track(SocketChannel.open(at));
        acceptor.setNonBlocking(true);
        SocketBio second = null;
        for (int i = 0; i < 1000 && second == null; i++) {
            second = acceptor.accept();
            if (second == null) {
                assertThat(BioWait.waitFor(acceptor, WAIT)).isEqualTo(BioWait.Result.READY);
            }
        }
        assertThat(second).isNotNull();
        net.track(second);
        assertThat(second.isTcpNoDelay()).isFalse();
        assertThat(noDelay(second.channel())).isFalse();
        assertThat(second.isNonBlocking()).isTrue();
        assertThat(noDelay(first.channel())).as("an earlier connection keeps its own").isTrue();
    }
}
