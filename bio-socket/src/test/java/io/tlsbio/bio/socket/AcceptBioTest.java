package io.tlsbio.bio.socket;

import static io.tlsbio.bio.socket.Loopback.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AcceptBio (BIO_s_accept, docs/contract.md §6.4). */
class AcceptBioTest {

    private final Loopback net = new Loopback();

    @AfterEach
    void closeAll() {
        net.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A blocking client connected to the acceptor's port (the kernel completes it from the
     * backlog).
     */
    private SocketChannel connectClient(AcceptBio acceptor) throws IOException {
        return net.track(
                SocketChannel.open(new InetSocketAddress("127.0.0.1", acceptor.localPort())));
    }

    private AcceptBio bound() {
        AcceptBio acceptor = net.track(AcceptBio.create("127.0.0.1:0"));
        assertThat(acceptor.doAccept()).isEqualTo(1);
        return acceptor;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "host",
                "host:",
                ":0",
                "127.0.0.1:65536",
                "127.0.0.1:x",
                "[::1",
                "::1:0"
            })
    void badHostPortThrowsNamingTheValue(String value) {
        assertThatThrownBy(() -> AcceptBio.create(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + value + "\"");
    }

    @Test
    void wildcardAndBarePortForms() {
        assertThat(net.track(AcceptBio.create("*:0")).toString()).contains("*:0");
        assertThat(net.track(AcceptBio.create("0")).toString()).contains("*:0");
        assertThat(net.track(AcceptBio.create("[::1]:0")).toString()).contains("[::1]:0");
    }

    @Test
    void firstDoAcceptBindsAndListensWithoutAccepting() {
        AcceptBio acceptor = net.track(AcceptBio.create("127.0.0.1:0"));
        assertThatThrownBy(acceptor::localPort)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("doAccept");
        assertThat(acceptor.channel()).isNull();
        assertThat(acceptor.doAccept()).isEqualTo(1);
        assertThat(acceptor.localPort()).isPositive();
        assertThat(acceptor.channel().isOpen()).isTrue();
        assertThat(acceptor.takeAccepted()).isNull();
        assertThat(acceptor.next()).isNull();
    }

    @Test
    void nonBlockingAcceptWithNobodyConnectingRetriesAccept() {
        AcceptBio acceptor = net.track(AcceptBio.create("127.0.0.1:0"));
        acceptor.setNonBlocking(true);
        assertThat(acceptor.doAccept()).isEqualTo(1);
        assertThat(acceptor.doAccept()).isEqualTo(-1);
        assertThat(acceptor.shouldRetry()).isTrue();
        assertThat(acceptor.shouldIoSpecial()).isTrue();
        assertThat(acceptor.retryReason()).isEqualTo(RetryReason.ACCEPT);
        assertThat(acceptor.lastError()).isNull();
        assertThat(BioWait.waitFor(acceptor, java.time.Duration.ofMillis(20)))
                .isEqualTo(BioWait.Result.TIMED_OUT);
    }

    @Test
    void blockingAcceptAttachesTheConnectionUntilTaken() throws IOException {
        AcceptBio acceptor = bound();
        SocketChannel client = connectClient(acceptor);
        assertThat(acceptor.doAccept()).isEqualTo(1);
        assertThat(acceptor.next()).isInstanceOf(SocketBio.class);
        SocketBio conn = net.track(acceptor.takeAccepted());
        assertThat(conn).isNotNull();
        assertThat(conn.isNonBlocking()).isFalse();
        assertThat(acceptor.next()).isNull();
        assertThat(acceptor.takeAccepted()).isNull();

        Loopback.writeAll(client, ascii("hi"));
        assertThat(Loopback.readFully(conn, 2)).isEqualTo(ascii("hi"));
        assertThat(conn.write(ascii("yo"))).isEqualTo(2);
        assertThat(Loopback.readExactly(client, 2)).isEqualTo(ascii("yo"));
    }

    @Test
    void whileAConnectionIsAttachedDoAcceptDoesNotAcceptAnother() throws IOException {
        AcceptBio acceptor = bound();
        SocketChannel first = connectClient(acceptor);
        SocketChannel second = connectClient(acceptor);
        assertThat(acceptor.doAccept()).isEqualTo(1);
        SocketBio attached = (SocketBio) acceptor.next();
        assertThat(acceptor.doAccept()).isEqualTo(1);
        assertThat(acceptor.next()).isSameAs(attached);
        SocketBio a = net.track(acceptor.takeAccepted());
        assertThat(acceptor.doAccept()).isEqualTo(1);
        SocketBio b = net.track(acceptor.takeAccepted());
        assertThat(a.channel().getRemoteAddress()).isEqualTo(first.getLocalAddress());
        assertThat(b.channel().getRemoteAddress()).isEqualTo(second.getLocalAddress());
    }

    @Test
    void nonBlockingAcceptIsWaitedForWithBioWaitAndChildrenTakeTheirMode() throws IOException {
        AcceptBio acceptor = net.track(AcceptBio.create("127.0.0.1:0"));
        acceptor.setNonBlocking(true);
        acceptor.setNonBlockingChildren(true);
        assertThat(acceptor.isNonBlockingChildren()).isTrue();
        assertThat(acceptor.doAccept()).isEqualTo(1);
        assertThat(acceptor.accept()).isNull();
        assertThat(acceptor.retryReason()).isEqualTo(RetryReason.ACCEPT);
        connectClient(acceptor);
        assertThat(BioWait.waitFor(acceptor, WAIT)).isEqualTo(BioWait.Result.READY);
        SocketBio conn = net.track(acceptor.accept());
        assertThat(conn).isNotNull();
        assertThat(acceptor.shouldRetry()).isFalse();
        assertThat(conn.isNonBlocking()).isTrue();
        assertThat(conn.read(new byte[1], 0, 1)).isEqualTo(-1);
        assertThat(conn.shouldRead()).isTrue();
    }

    @Test
    void setNonBlockingAfterBindingSwitchesTheListeningSocket() {
        AcceptBio acceptor = bound();
        assertThat(acceptor.isNonBlocking()).isFalse();
        acceptor.setNonBlocking(true);
        assertThat(acceptor.channel().isBlocking()).isFalse();
        assertThat(acceptor.isNonBlocking()).isTrue();
    }

    @Test
    void readAndWriteThroughTheAcceptBioAcceptFirstAsAcptReadDoes() throws IOException {
        AcceptBio acceptor = bound();
        SocketChannel client = connectClient(acceptor);
        Loopback.writeAll(client, ascii("via"));
        assertThat(Loopback.readFully(acceptor, 3)).isEqualTo(ascii("via"));
        assertThat(acceptor.next()).as("the connection stays attached").isNotNull();
        assertThat(acceptor.write(ascii("back"))).isEqualTo(4);
        assertThat(Loopback.readExactly(client, 4)).isEqualTo(ascii("back"));
        client.shutdownOutput();
        assertThat(acceptor.read(new byte[4], 0, 4)).isZero();
        assertThat(acceptor.eof()).isTrue();
    }

    @Test
    void nonBlockingReadWithNobodyConnectedRetriesAccept() {
        AcceptBio acceptor = net.track(AcceptBio.create("127.0.0.1:0"));
        acceptor.setNonBlocking(true);
        assertThat(acceptor.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(acceptor.retryReason()).isEqualTo(RetryReason.ACCEPT);
        assertThat(acceptor.localPort()).as("the read bound first").isPositive();
    }

    @Test
    void bindFailureReturnsMinusOneWithTheCause() throws IOException {
        ServerSocketChannel busy = net.listen();
        AcceptBio acceptor =
                net.track(AcceptBio.create("127.0.0.1:" + busy.socket().getLocalPort()));
        assertThat(acceptor.doAccept()).isEqualTo(-1);
        assertThat(acceptor.shouldRetry()).isFalse();
        assertThat(acceptor.lastError().reason()).isEqualTo(BioError.Reason.ACCEPT_ERROR);
        assertThat(acceptor.lastError().cause()).isInstanceOf(BindException.class);
        assertThat(acceptor.channel()).isNull();
    }

    @Test
    void resetClosesTheListeningSocketAndTheNextDoAcceptListensAgain() {
        AcceptBio acceptor = bound();
        ServerSocketChannel first = acceptor.channel();
        assertThat(acceptor.reset()).isZero();
        assertThat(first.isOpen()).isFalse();
        assertThatThrownBy(acceptor::localPort).isInstanceOf(IllegalStateException.class);
        assertThat(acceptor.doAccept()).isEqualTo(1);
        assertThat(acceptor.channel().isOpen()).isTrue();
    }

    @Test
    void closeClosesOnlyTheListenerAndCloseAllTheAttachedConnection() throws IOException {
        AcceptBio acceptor = bound();
        connectClient(acceptor);
        assertThat(acceptor.doAccept()).isEqualTo(1);
        SocketBio attached = (SocketBio) acceptor.next();
        ServerSocketChannel listener = acceptor.channel();
        acceptor.close();
        assertThat(listener.isOpen()).isFalse();
        assertThat(attached.channel().isOpen()).isTrue();
        acceptor.closeAll();
        assertThat(attached.isClosed()).isTrue();
        assertThat(attached.channel().isOpen()).isFalse();
        assertThatThrownBy(acceptor::doAccept).isInstanceOf(IllegalStateException.class);
    }
}
