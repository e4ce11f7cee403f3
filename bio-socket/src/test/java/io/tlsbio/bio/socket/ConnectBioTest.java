package io.tlsbio.bio.socket;

import static io.tlsbio.bio.socket.Loopback.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ConnectBio (BIO_s_connect, docs/contract.md §6.4 and §9 pitfall 11). */
class ConnectBioTest {

    private final Loopback net = new Loopback();

    @AfterEach
    void closeAll() {
        net.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String target(ServerSocketChannel server) {
        return "127.0.0.1:" + server.socket().getLocalPort();
    }

    // ---------------------------------------------------------------- parsing

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "localhost",
                "localhost:",
                ":443",
                "host:0",
                "host:65536",
                "host:abc",
                "host:-1",
                "host:+80",
                "[::1",
                "[::1]443",
                "[::1]:",
                "::1:443",
                "*:443",
                "host:123456"
            })
    void badHostPortThrowsNamingTheValue(String value) {
        assertThatThrownBy(() -> ConnectBio.create(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + value + "\"");
    }

    @Test
    void hostPortIsParsedNotResolved() {
        ConnectBio v4 = net.track(ConnectBio.create("example.invalid:443"));
        assertThat(v4.host()).isEqualTo("example.invalid");
        assertThat(v4.port()).isEqualTo(443);
        ConnectBio v6 = net.track(ConnectBio.create("[::1]:8443"));
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(8443);
        assertThat(v6.channel()).isNull();
        assertThat(v6.isConnected()).isFalse();
        assertThat(v6.eof()).isFalse();
        assertThatThrownBy(() -> ConnectBio.create(null)).isInstanceOf(NullPointerException.class);
    }

    // ---------------------------------------------------------------- connecting

    @Test
    void blockingConnectReturnsOneAndTheBioCarriesData() throws IOException {
        ServerSocketChannel server = net.listen();
        ConnectBio bio = net.track(ConnectBio.create(target(server)));
        assertThat(bio.doConnect()).isEqualTo(1);
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.isConnected()).isTrue();
        assertThat(bio.isNonBlocking()).isFalse();
        assertThat(bio.doConnect()).isEqualTo(1);
        SocketChannel peer = net.track(server.accept());
        assertThat(bio.write(ascii("ping"))).isEqualTo(4);
        assertThat(Loopback.readExactly(peer, 4)).isEqualTo(ascii("ping"));
        Loopback.writeAll(peer, ascii("pong"));
        assertThat(Loopback.readFully(bio, 4)).isEqualTo(ascii("pong"));
    }

    @Test
    void nonBlockingConnectReportsConnectUntilDoneThenOne() throws IOException {
        ServerSocketChannel server = net.listen();
        ConnectBio bio = net.track(ConnectBio.create(target(server)));
        bio.setNonBlocking(true);
        assertThat(bio.doConnect()).isZero();
        assertThat(bio.shouldRetry()).isTrue();
        assertThat(bio.shouldIoSpecial()).isTrue();
        assertThat(bio.shouldRead()).isFalse();
        assertThat(bio.shouldWrite()).isFalse();
        assertThat(bio.retryReason()).isEqualTo(RetryReason.CONNECT);
        assertThat(bio.channel()).isNotNull();
        assertThat(bio.channel().isConnectionPending()).isTrue();

        assertThat(BioWait.waitFor(bio, WAIT)).isEqualTo(BioWait.Result.READY);
        assertThat(bio.doConnect()).isEqualTo(1);
        // unlike OpenSSL (pitfall 11), no stale retry flags survive the success
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.retryReason()).isEqualTo(RetryReason.NONE);
        assertThat(bio.channel().isConnected()).isTrue();
        assertThat(bio.isNonBlocking()).isTrue();

        SocketChannel peer = net.track(server.accept());
        Loopback.writeFully(bio, ascii("hello"));
        assertThat(Loopback.readExactly(peer, 5)).isEqualTo(ascii("hello"));
    }

    @Test
    void eachPendingCallChecksOnceWithoutSpinning() throws IOException {
        ServerSocketChannel server = net.listen();
        ConnectBio bio = net.track(ConnectBio.create(target(server)));
        bio.setNonBlocking(true);
        int calls = 0;
        int r;
        while ((r = bio.doConnect()) == 0 && bio.shouldRetry()) {
            calls++;
            assertThat(calls).isLessThan(100);
            assertThat(BioWait.waitFor(bio, WAIT)).isEqualTo(BioWait.Result.READY);
        }
        assertThat(r).isEqualTo(1);
        assertThat(calls).as("one retry per readiness event").isBetween(1, 3);
    }

    @Test
    void nonBlockingConnectToAClosedPortFailsWithoutRetryAndKeepsTheRefusal() throws IOException {
        ConnectBio bio = net.track(ConnectBio.create("127.0.0.1:" + Loopback.closedPort()));
        bio.setNonBlocking(true);
        int r = connectWaiting(bio);
        assertThat(r).isZero();
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.retryReason()).isEqualTo(RetryReason.NONE);
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.CONNECT_ERROR);
        assertThat(bio.lastError().cause()).isInstanceOf(ConnectException.class);
        assertThat(bio.lastError().cause().getMessage()).containsIgnoringCase("refused");
        assertThat(bio.channel()).isNull();
        // sticky until reset
        assertThat(bio.doConnect()).isZero();
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.CONNECT_ERROR);
    }

    @Test
    void blockingConnectToAClosedPortFails() throws IOException {
        ConnectBio bio = net.track(ConnectBio.create("127.0.0.1:" + Loopback.closedPort()));
        assertThat(bio.doConnect()).isZero();
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.CONNECT_ERROR);
        assertThat(bio.lastError().cause()).isInstanceOf(ConnectException.class);
        assertThat(bio.lastError().message()).contains("127.0.0.1");
    }

    @ParameterizedTest(name = "nonBlocking={0}")
    @ValueSource(booleans = {false, true})
    void eachResolvedAddressIsTriedInTurn(boolean nonBlocking) throws IOException {
        ServerSocketChannel server = net.listen();
        int open = server.socket().getLocalPort();
        int closed = Loopback.closedPort();
        List<InetSocketAddress> addresses =
                List.of(
                        new InetSocketAddress("127.0.0.1", closed),
                        new InetSocketAddress("127.0.0.1", open));
        ConnectBio bio =
                net.track(ConnectBio.create("multi.test:" + open, (host, port) -> addresses));
        bio.setNonBlocking(nonBlocking);
        assertThat(connectWaiting(bio)).as("error: " + bio.lastError()).isEqualTo(1);
        assertThat(((InetSocketAddress) bio.channel().getRemoteAddress()).getPort())
                .isEqualTo(open);
    }

    @Test
    void everyAddressFailingReportsTheLastFailure() throws IOException {
        int closed = Loopback.closedPort();
        List<InetSocketAddress> addresses =
                List.of(
                        new InetSocketAddress("127.0.0.1", closed),
                        new InetSocketAddress("127.0.0.1", closed));
        ConnectBio bio = net.track(ConnectBio.create("multi.test:1", (host, port) -> addresses));
        assertThat(bio.doConnect()).isZero();
        assertThat(bio.lastError().message()).contains("2 addresses tried");
        assertThat(bio.lastError().cause()).isInstanceOf(ConnectException.class);
    }

    @Test
    void lookupFailureIsReportedWithoutRetry() {
        ConnectBio bio =
                net.track(
                        ConnectBio.create(
                                "nowhere.test:443",
                                (host, port) -> {
                                    throw new UnknownHostException(host);
                                }));
        bio.setNonBlocking(true);
        assertThat(bio.doConnect()).isZero();
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.LOOKUP_FAILED);
        assertThat(bio.lastError().cause()).isInstanceOf(UnknownHostException.class);

        ConnectBio empty =
                net.track(ConnectBio.create("empty.test:443", (host, port) -> List.of()));
        assertThat(empty.doConnect()).isZero();
        assertThat(empty.lastError().reason()).isEqualTo(BioError.Reason.LOOKUP_FAILED);
    }

    // ---------------------------------------------------------------- read/write run the connect
    // step

    @Test
    void writeBeforeConnectRunsTheConnectStepAndReportsConnect() throws IOException {
        ServerSocketChannel server = net.listen();
        ConnectBio bio = net.track(ConnectBio.create(target(server)));
        bio.setNonBlocking(true);
        assertThat(bio.write(ascii("early"))).isEqualTo(-1);
        assertThat(bio.shouldIoSpecial()).isTrue();
        assertThat(bio.retryReason()).isEqualTo(RetryReason.CONNECT);
        assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(bio.retryReason()).isIn(RetryReason.CONNECT, RetryReason.READ);
        Loopback.writeFully(bio, ascii("early"));
        assertThat(bio.isConnected()).isTrue();
        SocketChannel peer = net.track(server.accept());
        assertThat(Loopback.readExactly(peer, 5)).isEqualTo(ascii("early"));
    }

    @Test
    void blockingReadBeforeConnectConnectsThenReads() throws IOException {
        ServerSocketChannel server = net.listen();
        ConnectBio bio = net.track(ConnectBio.create(target(server)));
        bio.setReadTimeout(Duration.ofMillis(100));
        assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(bio.isConnected()).as("the read connected first").isTrue();
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.TIMEOUT);
        SocketChannel peer = net.track(server.accept());
        Loopback.writeAll(peer, ascii("data"));
        assertThat(Loopback.readFully(bio, 4)).isEqualTo(ascii("data"));
    }

    @Test
    void readOrWriteAfterAFailedConnectReturnMinusOneWithTheError() throws IOException {
        ConnectBio bio = net.track(ConnectBio.create("127.0.0.1:" + Loopback.closedPort()));
        assertThat(bio.write(ascii("x"))).isEqualTo(-1);
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.CONNECT_ERROR);
        assertThat(bio.read(new byte[1], 0, 1)).isEqualTo(-1);
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.CONNECT_ERROR);
    }

    // ---------------------------------------------------------------- reset and close

    @Test
    void resetClosesTheSocketAndTheNextConnectStartsOver() throws IOException {
        ServerSocketChannel server = net.listen();
        ConnectBio bio = net.track(ConnectBio.create(target(server)));
        assertThat(bio.doConnect()).isEqualTo(1);
        SocketChannel first = bio.channel();
        assertThat(bio.reset()).isZero();
        assertThat(first.isOpen()).isFalse();
        assertThat(bio.channel()).isNull();
        assertThat(bio.isConnected()).isFalse();
        assertThat(bio.doConnect()).isEqualTo(1);
        assertThat(bio.channel()).isNotSameAs(first);
    }

    @Test
    void closeClosesTheSocketAndDoConnectAfterCloseThrows() throws IOException {
        ServerSocketChannel server = net.listen();
        ConnectBio bio = ConnectBio.create(target(server));
        assertThat(bio.doConnect()).isEqualTo(1);
        SocketChannel ch = bio.channel();
        bio.close();
        assertThat(ch.isOpen()).isFalse();
        assertThatThrownBy(bio::doConnect)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    /** doConnect, waiting with BioWait while it asks for a retry; returns the final result. */
    static int connectWaiting(ConnectBio bio) {
        for (int i = 0; i < 100; i++) {
            int r = bio.doConnect();
            if (r != 0 || !bio.shouldRetry()) {
                return r;
            }
            assertThat(bio.retryReason()).isEqualTo(RetryReason.CONNECT);
            assertThat(BioWait.waitFor(bio, WAIT)).isEqualTo(BioWait.Result.READY);
        }
        throw new AssertionError("connect never finished: " + bio);
    }
}
