package io.tlsbio.bio.socket;

import static io.tlsbio.bio.socket.Loopback.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.Bio;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** BioWait.waitFor (BIO_wait / BIO_socket_wait). */
class BioWaitTest {

    private final Loopback net = new Loopback();

    @AfterEach
    void closeAll() {
        net.close();
    }

    private SocketBio nonBlocking(SocketChannel ch) {
        SocketBio bio = net.track(SocketBio.wrap(ch, true));
        bio.setNonBlocking(true);
        return bio;
    }

    @Test
    void argumentsAreChecked() throws IOException {
        SocketBio bio = nonBlocking(net.pair()[0]);
        assertThatThrownBy(() -> BioWait.waitFor(null, WAIT))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> BioWait.waitFor(bio, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> BioWait.waitFor(bio, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S");
    }

    @Test
    void aChainWithoutASocketIsRejected() {
        Bio noSocket = net.track(new TestBios.NoSocketBio());
        noSocket.read(new byte[1], 0, 1);
        assertThatThrownBy(() -> BioWait.waitFor(noSocket, WAIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no socket");
        Bio filter = net.track(new TestBios.PassFilter()).push(new TestBios.NoSocketBio());
        filter.read(new byte[1], 0, 1);
        assertThatThrownBy(() -> BioWait.waitFor(filter, WAIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBioWithNoRetryPendingIsRejected() throws IOException {
        SocketBio bio = nonBlocking(net.pair()[0]);
        assertThatThrownBy(() -> BioWait.waitFor(bio, WAIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no retry pending");
    }

    @Test
    void retryReadTimesOutWhileNothingArrivesAndIsReadyOnceItDoes() throws IOException {
        SocketChannel[] pair = net.pair();
        SocketBio bio = nonBlocking(pair[0]);
        assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(-1);
        long t0 = System.nanoTime();
        assertThat(BioWait.waitFor(bio, Duration.ofMillis(60))).isEqualTo(BioWait.Result.TIMED_OUT);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(55);
        assertThat(BioWait.waitFor(bio, Duration.ZERO)).isEqualTo(BioWait.Result.TIMED_OUT);
        assertThat(bio.shouldRead()).as("waiting leaves the flags alone").isTrue();

        Loopback.writeAll(pair[1], "x".getBytes(StandardCharsets.US_ASCII));
        assertThat(BioWait.waitFor(bio, WAIT)).isEqualTo(BioWait.Result.READY);
        assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(1);
    }

    @Test
    void readyWhenThePeerWritesFromAnotherThread() throws Exception {
        SocketChannel[] pair = net.pair();
        SocketBio bio = nonBlocking(pair[0]);
        assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(-1);
        Thread writer =
                new Thread(
                        () -> {
                            try {
                                Loopback.writeAll(pair[1], new byte[] {42});
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        },
                        "peer-writer");
        writer.start();
        try {
            assertThat(BioWait.waitFor(bio, WAIT)).isEqualTo(BioWait.Result.READY);
        } finally {
            writer.join(WAIT.toMillis());
        }
        assertThat(Loopback.readFully(bio, 1)).containsExactly(42);
    }

    @Test
    void theSocketIsFoundThroughFilters() throws IOException {
        SocketChannel[] pair = net.pair();
        SocketBio socket = nonBlocking(pair[0]);
        Bio top =
                net.track(new TestBios.PassFilter())
                        .push(net.track(new TestBios.PassFilter()))
                        .push(socket);
        assertThat(top.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(top.shouldRead()).isTrue();
        assertThat(BioWait.waitFor(top, Duration.ofMillis(20))).isEqualTo(BioWait.Result.TIMED_OUT);
        Loopback.writeAll(pair[1], new byte[] {1, 2});
        assertThat(BioWait.waitFor(top, WAIT)).isEqualTo(BioWait.Result.READY);
        assertThat(Loopback.readFully(top, 2)).containsExactly(1, 2);
    }

    @Test
    void aBlockingSocketIsWaitedForAndLeftBlocking() throws IOException {
        SocketChannel[] pair = net.pair();
        SocketBio socket = net.track(SocketBio.wrap(pair[0], true));
        TestBios.PassFilter filter = net.track(new TestBios.PassFilter()).spuriousReadRetries(2);
        filter.push(socket);
        assertThat(filter.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(filter.shouldRead()).isTrue();
        assertThat(BioWait.waitFor(filter, Duration.ofMillis(20)))
                .isEqualTo(BioWait.Result.TIMED_OUT);
        assertThat(pair[0].isBlocking()).isTrue();
        assertThat(filter.read(new byte[4], 0, 4)).isEqualTo(-1);
        Loopback.writeAll(pair[1], new byte[] {7});
        assertThat(BioWait.waitFor(filter, WAIT)).isEqualTo(BioWait.Result.READY);
        assertThat(pair[0].isBlocking()).isTrue();
        assertThat(socket.isNonBlocking()).isFalse();
        assertThat(filter.read(new byte[4], 0, 4)).isEqualTo(1);
    }

    @Test
    void aClosedSocketIsReadyAtOnceSoTheRetriedCallReportsIt() throws IOException {
        SocketBio bio = nonBlocking(net.pair()[0]);
        assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(-1);
        bio.channel().close();
        assertThat(BioWait.waitFor(bio, WAIT)).isEqualTo(BioWait.Result.READY);
        assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(bio.shouldRetry()).isFalse();
    }

    @Test
    void anInterruptedThreadGetsTimedOutAtOnceWithItsInterruptKept() throws IOException {
        SocketBio bio = nonBlocking(net.pair()[0]);
        assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(-1);
        Thread.currentThread().interrupt();
        try {
            long t0 = System.nanoTime();
            assertThat(BioWait.waitFor(bio, Duration.ofSeconds(30)))
                    .isEqualTo(BioWait.Result.TIMED_OUT);
            assertThat(System.nanoTime() - t0).isLessThan(WAIT.toNanos());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void oneSelectorServesEveryWaitOfABioAndClosesWithIt() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(FDS), "needs /proc/self/fd");
        SocketChannel[] pair = net.pair();
        SocketBio bio = nonBlocking(pair[0]);
        assertThat(bio.waiter().isOpen()).isFalse();
        assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(BioWait.waitFor(bio, Duration.ZERO)).isEqualTo(BioWait.Result.TIMED_OUT);
        assertThat(bio.waiter().isOpen()).isTrue();
        long afterFirst = selectorDescriptors();
        for (int i = 0; i < 200; i++) {
            Loopback.writeAll(pair[1], new byte[] {(byte) i});
            assertThat(BioWait.waitFor(bio, WAIT)).isEqualTo(BioWait.Result.READY);
            assertThat(Loopback.readFully(bio, 1)).containsExactly((byte) i);
            assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(-1);
            assertThat(BioWait.waitFor(bio, Duration.ZERO))
                    .as("no stale readiness")
                    .isEqualTo(BioWait.Result.TIMED_OUT);
        }
        assertThat(selectorDescriptors())
                .as("200 waits open no selector descriptor")
                .isEqualTo(afterFirst);
        bio.close();
        assertThat(bio.waiter().isOpen()).isFalse();
        // the selector's epoll descriptor (and its wakeup eventfd) are gone
        assertThat(selectorDescriptors()).isLessThanOrEqualTo(afterFirst - 1);
    }

    @Test
    void aNonBlockingSocketWaitedForCanStillTurnBlocking() throws IOException {
        SocketChannel[] pair = net.pair();
        SocketBio bio = nonBlocking(pair[0]);
        assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(BioWait.waitFor(bio, Duration.ZERO)).isEqualTo(BioWait.Result.TIMED_OUT);
        assertThat(pair[0].isRegistered()).isTrue();
        bio.setNonBlocking(false);
        assertThat(pair[0].isBlocking()).isTrue();
        Loopback.writeAll(pair[1], new byte[] {5});
        assertThat(bio.read(new byte[4], 0, 4)).isEqualTo(1);
    }

    private static final Path FDS = Path.of("/proc/self/fd");

    /**
     * Counts this process's epoll and eventfd descriptors (what a {@code Selector} opens). Counting
     * every descriptor was flaky: class loading may open a jar file meanwhile.
     */
    private static long selectorDescriptors() throws IOException {
        try (Stream<Path> s = Files.list(FDS)) {
            return s.map(BioWaitTest::target).filter(t -> t.startsWith("anon_inode:")).count();
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException gone) {
            return ""; // the listing's own descriptor, closed by now
        }
    }
}
