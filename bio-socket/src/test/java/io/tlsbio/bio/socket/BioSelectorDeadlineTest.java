package io.tlsbio.bio.socket;

import static io.tlsbio.bio.socket.Loopback.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.Bio;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * BioSelector deadlines, the building block of handshake and idle timeouts: over real loopback
 * sockets, with a clock the test moves by hand (one test uses the real clock to show that select
 * never waits past a deadline).
 */
class BioSelectorDeadlineTest {

    private final Loopback net = new Loopback();

    /** The selector's clock, in nanoseconds; only the test moves it. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @AfterEach
    void closeAll() {
        net.close();
    }

    private BioSelector<String> manualClockSelector() {
        return net.track(BioSelector.open(now::get));
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    /** A non-blocking socket BIO that has asked to retry a read: the selector waits on it. */
    private SocketBio waitingForData(SocketChannel ch) {
        SocketBio bio = net.track(SocketBio.wrap(ch, true));
        bio.setNonBlocking(true);
        assertThat(bio.read(new byte[1], 0, 1)).isEqualTo(-1);
        assertThat(bio.shouldRead()).isTrue();
        return bio;
    }

    @Test
    void aDeadlineFiresOnceWhenTheClockReachesIt() throws IOException {
        BioSelector<String> sel = manualClockSelector();
        SocketBio bio = waitingForData(net.pair()[1]);
        sel.register(bio, "silent");
        sel.setDeadline(bio, Duration.ofSeconds(10));
        assertThat(sel.timeLeft(bio)).isEqualTo(Duration.ofSeconds(10));

        assertThat(sel.select(Duration.ZERO)).isEmpty();
        advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(sel.select(Duration.ZERO)).isEmpty();
        assertThat(sel.timeLeft(bio)).isEqualTo(Duration.ofNanos(1));
        advance(Duration.ofNanos(1));
        assertThat(sel.select(Duration.ZERO))
                .containsExactly(new BioSelector.Ready<>(bio, "silent", true));

        // reported once: the deadline is gone, the BIO is watched as before
        assertThat(sel.timeLeft(bio)).isNull();
        advance(Duration.ofHours(1));
        assertThat(sel.select(Duration.ZERO)).isEmpty();
        assertThat(sel.size()).isEqualTo(1);
        assertThat(bio.isClosed()).isFalse();
    }

    @Test
    void aDeadlineThatPassedIsReportedWithoutWaiting() throws IOException {
        BioSelector<String> sel = manualClockSelector();
        SocketBio bio = waitingForData(net.pair()[1]);
        sel.register(bio, "late");
        sel.setDeadline(bio, Duration.ofSeconds(1));
        advance(Duration.ofSeconds(2));
        long t0 = System.nanoTime();
        // a 30 s select returns at once: the deadline has passed on the selector's clock
        assertThat(sel.select(Duration.ofSeconds(30)))
                .containsExactly(new BioSelector.Ready<>(bio, "late", true));
        assertThat(System.nanoTime() - t0).isLessThan(WAIT.toNanos());

        sel.setDeadline(bio, Duration.ZERO);
        assertThat(sel.select(Duration.ofSeconds(30)))
                .extracting(BioSelector.Ready::timedOut)
                .containsExactly(true);
    }

    @Test
    void settingADeadlineAgainReplacesItAndClearingRemovesIt() throws IOException {
        BioSelector<String> sel = manualClockSelector();
        SocketBio bio = waitingForData(net.pair()[1]);
        sel.register(bio, "x");
        sel.setDeadline(bio, Duration.ofSeconds(5));
        advance(Duration.ofSeconds(4));
        sel.setDeadline(bio, Duration.ofSeconds(5)); // progress: the idle timer starts again
        advance(Duration.ofSeconds(4));
        assertThat(sel.select(Duration.ZERO)).isEmpty();
        advance(Duration.ofSeconds(1));
        assertThat(sel.select(Duration.ZERO))
                .extracting(BioSelector.Ready::timedOut)
                .containsExactly(true);

        sel.setDeadline(bio, Duration.ofSeconds(1));
        assertThat(sel.clearDeadline(bio)).isTrue();
        assertThat(sel.clearDeadline(bio)).isFalse();
        advance(Duration.ofSeconds(2));
        assertThat(sel.select(Duration.ZERO)).isEmpty();
    }

    @Test
    void aBioReadyAndPastItsDeadlineIsReturnedOnceMarkedTimedOut() throws IOException {
        BioSelector<String> sel = manualClockSelector();
        SocketChannel[] pair = net.pair();
        SocketBio bio = waitingForData(pair[1]);
        sel.register(bio, "both");
        sel.setDeadline(bio, Duration.ofSeconds(1));
        Loopback.writeAll(pair[0], new byte[] {1});
        // readable, deadline not reached: an ordinary ready BIO
        assertThat(sel.select(WAIT)).containsExactly(new BioSelector.Ready<>(bio, "both", false));
        advance(Duration.ofSeconds(1));
        assertThat(sel.select(WAIT)).containsExactly(new BioSelector.Ready<>(bio, "both", true));
        // the deadline was reported; still readable, so ready again, no longer timed out
        assertThat(sel.select(WAIT)).containsExactly(new BioSelector.Ready<>(bio, "both", false));
    }

    @Test
    void deadlinesAreCheckedAndGoneWithTheRegistration() throws IOException {
        BioSelector<String> sel = manualClockSelector();
        SocketBio a = waitingForData(net.pair()[1]);
        SocketBio b = waitingForData(net.pair()[1]);
        assertThatThrownBy(() -> sel.setDeadline(a, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not registered");
        sel.register(a, "a");
        sel.register(b, "b");
        assertThatThrownBy(() -> sel.setDeadline(a, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout < 0");
        assertThatThrownBy(() -> sel.setDeadline(a, null)).isInstanceOf(NullPointerException.class);
        sel.setDeadline(a, Duration.ofSeconds(1));
        sel.setDeadline(b, Duration.ofSeconds(1));
        sel.unregister(a);
        b.close();
        advance(Duration.ofSeconds(5));
        assertThat(sel.select(Duration.ZERO)).isEmpty();
        assertThat(sel.size()).isZero();
        // registered again: no deadline carried over
        sel.register(a, "a again");
        assertThat(sel.timeLeft(a)).isNull();
        assertThat(sel.select(Duration.ZERO)).isEmpty();
        assertThat(sel.clearDeadline(b)).isFalse();
    }

    @Test
    void withTheRealClockSelectWaitsNoLongerThanTheEarliestDeadline() throws IOException {
        BioSelector<String> sel = net.track(BioSelector.open());
        SocketBio slow = waitingForData(net.pair()[1]);
        SocketBio fast = waitingForData(net.pair()[1]);
        sel.register(slow, "slow");
        sel.register(fast, "fast");
        sel.setDeadline(slow, Duration.ofHours(1));
        long t0 = System.nanoTime();
        sel.setDeadline(fast, Duration.ofMillis(50));
        List<BioSelector.Ready<String>> ready = List.of();
        // a 1 h select: it must come back for the 50 ms deadline (the loop only absorbs an early
        // wakeup)
        for (int i = 0; i < 100 && ready.isEmpty(); i++) {
            ready = sel.select(Duration.ofHours(1));
            assertThat(System.nanoTime() - t0)
                    .as("select returned by then")
                    .isLessThan(WAIT.toNanos());
        }
        assertThat(ready).containsExactly(new BioSelector.Ready<>(fast, "fast", true));
        assertThat(System.nanoTime() - t0)
                .as("not before the deadline")
                .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(sel.timeLeft(slow)).isGreaterThan(Duration.ofMinutes(59));
    }

    /**
     * The pattern the class doc shows: a server loop with a handshake timeout set at accept and an
     * idle timeout set again on progress. Of three clients, the one that sends nothing and the one
     * that stops sending are dropped; the one that keeps talking is kept. Time moves by hand.
     */
    @Test
    void aServerLoopDropsTheSilentAndTheStalledButNotTheTalkative() throws IOException {
        Duration handshakeTimeout = Duration.ofSeconds(10);
        Duration idleTimeout = Duration.ofSeconds(60);
        BioSelector<String> sel = manualClockSelector();
        AcceptBio acceptor = net.track(AcceptBio.create("127.0.0.1:0"));
        acceptor.setNonBlocking(true);
        acceptor.setNonBlockingChildren(true);
        assertThat(acceptor.doAccept()).isEqualTo(1);
        sel.register(acceptor, "acceptor");
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", acceptor.localPort());
        SocketChannel silent = net.track(SocketChannel.open(at));
        SocketChannel stalls = net.track(SocketChannel.open(at));
        SocketChannel talks = net.track(SocketChannel.open(at));

        List<String> dropped = new ArrayList<>();
        List<SocketBio> conns = new ArrayList<>();
        byte[] buf = new byte[64];
        java.util.function.Consumer<Duration> loopOnce =
                timeout -> {
                    for (BioSelector.Ready<String> r : sel.select(timeout)) {
                        if (r.bio() == acceptor) {
                            for (SocketBio c; (c = acceptor.accept()) != null; ) {
                                net.track(c);
                                conns.add(c);
                                sel.register(c, "conn" + conns.size());
                                sel.setDeadline(c, handshakeTimeout);
                            }
                        } else if (r.timedOut()) {
                            dropped.add(r.attachment());
                            sel.unregister(r.bio());
                            r.bio().closeAll();
                        } else {
                            long before = r.bio().bytesRead();
                            while (r.bio().read(buf, 0, buf.length) > 0) {
                                // discard
                            }
                            if (r.bio().bytesRead() > before) {
                                sel.setDeadline(r.bio(), idleTimeout);
                            }
                        }
                    }
                };
        // t = 0: accept all three (the kernel may hand them over in more than one select)
        long until = System.nanoTime() + WAIT.toNanos();
        while (conns.size() < 3) {
            assertThat(System.nanoTime()).as("three accepted").isLessThan(until);
            loopOnce.accept(WAIT);
        }
        String silentName = nameOf(conns, silent);
        String stallsName = nameOf(conns, stalls);
        String talksName = nameOf(conns, talks);

        Loopback.writeAll(stalls, new byte[] {1});
        Loopback.writeAll(talks, new byte[] {1});
        loopUntilRead(loopOnce, conns, 2); // both now have idle deadlines at t = 60 s
        advance(Duration.ofSeconds(10)); // t = 10 s: the silent one's handshake time is up
        loopOnce.accept(Duration.ZERO);
        assertThat(dropped).containsExactly(silentName);

        advance(Duration.ofSeconds(40)); // t = 50 s: talks talks again (deadline 110 s)
        Loopback.writeAll(talks, new byte[] {2});
        loopUntilRead(loopOnce, conns, 3);
        advance(Duration.ofSeconds(10)); // t = 60 s: stalls has been quiet for 60 s
        loopOnce.accept(Duration.ZERO);
        assertThat(dropped).containsExactly(silentName, stallsName);
        advance(Duration.ofSeconds(49)); // t = 109 s: talks is 1 s short of its idle timeout
        loopOnce.accept(Duration.ZERO);
        assertThat(dropped).containsExactly(silentName, stallsName).doesNotContain(talksName);
        assertThat(sel.size()).isEqualTo(2); // the acceptor and the talkative one

        // the dropped sockets were closed: their clients read end of stream
        assertThat(readOne(silent)).isEqualTo(-1);
        assertThat(readOne(stalls)).isEqualTo(-1);
    }

    private static int readOne(SocketChannel ch) throws IOException {
        ch.socket().setSoTimeout((int) WAIT.toMillis());
        return ch.socket().getInputStream().read();
    }

    /** The attachment name of the accepted connection whose peer is {@code client}. */
    private static String nameOf(List<SocketBio> conns, SocketChannel client) throws IOException {
        for (int i = 0; i < conns.size(); i++) {
            if (conns.get(i).channel().getRemoteAddress().equals(client.getLocalAddress())) {
                return "conn" + (i + 1);
            }
        }
        throw new AssertionError("no accepted connection for " + client);
    }

    private static long totalRead(List<SocketBio> conns) {
        return conns.stream().mapToLong(Bio::bytesRead).sum();
    }

    /**
     * Runs the loop, each select waiting at most {@link Loopback#WAIT}, until the connections read
     * {@code total} bytes.
     */
    private static void loopUntilRead(
            java.util.function.Consumer<Duration> loopOnce, List<SocketBio> conns, long total) {
        long until = System.nanoTime() + WAIT.toNanos();
        while (totalRead(conns) < total) {
            assertThat(System.nanoTime()).as("read " + total + " bytes").isLessThan(until);
            loopOnce.accept(WAIT);
        }
    }
}
