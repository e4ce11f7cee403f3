package io.tlsbio.bio.socket;

import static io.tlsbio.bio.socket.Loopback.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.Bio;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** BioSelector: the multi-BIO form of BioWait. */
class BioSelectorTest {

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
    void registerChecksItsArguments() throws IOException {
        BioSelector<String> sel = net.track(BioSelector.open());
        assertThatThrownBy(() -> sel.register(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> sel.register(net.track(new TestBios.NoSocketBio()), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no socket");
        SocketChannel[] pair = net.pair();
        SocketBio blocking = net.track(SocketBio.wrap(pair[0], true));
        assertThatThrownBy(() -> sel.register(blocking, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blocking");
        SocketBio bio = nonBlocking(pair[1]);
        sel.register(bio, "x");
        assertThatThrownBy(() -> sel.register(bio, "y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered");
        SocketBio closed = nonBlocking(net.pair()[0]);
        closed.close();
        assertThatThrownBy(() -> sel.register(closed, "z"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(sel.size()).isEqualTo(1);
    }

    @Test
    void aBioWithNoRetryPendingIsReadyAtOnce() throws IOException {
        BioSelector<String> sel = net.track(BioSelector.open());
        SocketBio bio = nonBlocking(net.pair()[0]);
        sel.register(bio, "fresh");
        long t0 = System.nanoTime();
        List<BioSelector.Ready<String>> ready = sel.select(Duration.ofSeconds(30));
        assertThat(System.nanoTime() - t0).isLessThan(WAIT.toNanos());
        assertThat(ready).containsExactly(new BioSelector.Ready<>(bio, "fresh"));
    }

    @Test
    void aRetryReadWaitsForDataAndComesBackWithItsAttachment() throws IOException {
        BioSelector<String> sel = net.track(BioSelector.open());
        SocketChannel[] p1 = net.pair();
        SocketChannel[] p2 = net.pair();
        SocketBio a = nonBlocking(p1[0]);
        SocketBio b = nonBlocking(p2[0]);
        sel.register(a, "a");
        sel.register(b, "b");
        assertThat(a.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(b.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(sel.select(Duration.ofMillis(30))).isEmpty();
        assertThat(sel.select(Duration.ZERO)).isEmpty();

        Loopback.writeAll(p2[1], new byte[] {5});
        List<BioSelector.Ready<String>> ready = sel.select(WAIT);
        assertThat(ready).extracting(BioSelector.Ready::attachment).containsExactly("b");
        assertThat(ready.get(0).bio()).isSameAs(b);
        // still readable and still asking for read: level-triggered, returned again
        assertThat(sel.select(WAIT)).extracting(BioSelector.Ready::attachment).containsExactly("b");
        assertThat(b.read(new byte[4], 0, 4)).isEqualTo(1);
        // no retry pending now: ready at once until the BIO asks for a retry again
        assertThat(sel.select(WAIT)).extracting(BioSelector.Ready::attachment).containsExactly("b");
        assertThat(b.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(sel.select(Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void aRetryWriteWaitsForTheSocketToDrain() throws IOException {
        BioSelector<String> sel = net.track(BioSelector.open());
        SocketChannel[] pair = net.pair();
        SocketBio bio = nonBlocking(pair[0]);
        sel.register(bio, "w");
        long written = SocketBioTest.fillUntilWriteRetries(bio);
        assertThat(sel.select(Duration.ofMillis(20))).isEmpty();
        Loopback.readExactly(pair[1], (int) written);
        assertThat(sel.select(WAIT)).extracting(BioSelector.Ready::attachment).containsExactly("w");
    }

    @Test
    void theSocketIsFoundThroughAFilterAndAnAcceptorsConnection() throws IOException {
        BioSelector<String> sel = net.track(BioSelector.open());
        SocketChannel[] pair = net.pair();
        Bio top = net.track(new TestBios.PassFilter()).push(nonBlocking(pair[0]));
        sel.register(top, "filtered");
        assertThat(top.read(new byte[1], 0, 1)).isEqualTo(-1);

        AcceptBio acceptor = net.track(AcceptBio.create("127.0.0.1:0"));
        acceptor.setNonBlocking(true);
        acceptor.setNonBlockingChildren(true);
        assertThat(acceptor.doAccept()).isEqualTo(1);
        sel.register(acceptor, "acceptor");
        assertThat(acceptor.read(new byte[1], 0, 1)).isEqualTo(-1);
        assertThat(sel.select(Duration.ofMillis(20))).isEmpty();

        // a client arrives: the acceptor is ready for ACCEPT; its read then waits on the connection
        SocketChannel client =
                net.track(
                        SocketChannel.open(
                                new java.net.InetSocketAddress("127.0.0.1", acceptor.localPort())));
        assertThat(sel.select(WAIT))
                .extracting(BioSelector.Ready::attachment)
                .containsExactly("acceptor");
        assertThat(acceptor.read(new byte[1], 0, 1)).isEqualTo(-1);
        assertThat(acceptor.shouldRead()).isTrue();
        assertThat(sel.select(Duration.ofMillis(20))).isEmpty();
        Loopback.writeAll(client, new byte[] {9});
        Loopback.writeAll(pair[1], new byte[] {8});
        assertThat(sel.select(WAIT))
                .extracting(BioSelector.Ready::attachment)
                .containsExactly("filtered", "acceptor");
    }

    @Test
    void closedBiosAreDroppedAndUnregisterStopsWatching() throws IOException {
        BioSelector<Integer> sel = net.track(BioSelector.open());
        SocketBio a = nonBlocking(net.pair()[0]);
        SocketBio b = nonBlocking(net.pair()[0]);
        sel.register(a, 1);
        sel.register(b, 2);
        a.close();
        assertThat(sel.select(Duration.ZERO))
                .extracting(BioSelector.Ready::attachment)
                .containsExactly(2);
        assertThat(sel.size()).isEqualTo(1);
        assertThat(sel.unregister(b)).isTrue();
        assertThat(sel.unregister(b)).isFalse();
        assertThat(sel.size()).isZero();
        assertThat(sel.select(Duration.ZERO)).isEmpty();
        // and it can come back, even before a select has flushed its cancelled key
        assertThat(b.read(new byte[1], 0, 1)).isEqualTo(-1);
        sel.register(b, 3);
        assertThat(sel.select(Duration.ofMillis(10))).isEmpty();
        sel.unregister(b);
        sel.register(b, 4);
        assertThat(sel.select(Duration.ofMillis(10))).isEmpty();
        assertThat(b.isClosed()).isFalse();
    }

    /**
     * With a thousand registered, select returns the ready ones only, in registration order: those
     * with data, those a call left with no retry pending (though select had not returned them),
     * those past their deadline (once); closed ones are dropped, several at a time, and the rest
     * stay watched. select refreshes every BIO's key but collects only what is ready: this pins
     * that both halves stay right.
     */
    @Test
    void ofAThousandRegisteredOnlyTheReadyAreReturnedInRegistrationOrder() throws IOException {
        int n = 1000;
        AtomicLong now = new AtomicLong();
        BioSelector<Integer> sel = net.track(BioSelector.open(now::get));
        ServerSocketChannel listener = net.listen();
        List<SocketChannel> peers = new ArrayList<>(n);
        List<SocketBio> bios = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            peers.add(net.track(SocketChannel.open(listener.getLocalAddress())));
            SocketBio bio = nonBlocking(net.track(listener.accept()));
            assertThat(bio.read(new byte[1], 0, 1)).isEqualTo(-1);
            sel.register(bio, i);
            bios.add(bio);
        }
        assertThat(sel.select(Duration.ZERO)).isEmpty();

        // data for three far apart, written last to first
        for (int k : new int[] {999, 500, 3}) {
            Loopback.writeAll(peers.get(k), new byte[] {1});
        }
        assertThat(selectUntil(sel, 3)).containsExactly(3, 500, 999);

        // one of them read: no retry pending, so still returned; the other two are still readable
        assertThat(bios.get(500).read(new byte[4], 0, 4)).isEqualTo(1);
        assertThat(attachments(sel.select(Duration.ZERO))).containsExactly(3, 500, 999);
        for (int k : new int[] {3, 999}) {
            assertThat(bios.get(k).read(new byte[4], 0, 4)).isEqualTo(1);
        }
        for (int k : new int[] {3, 500, 999}) {
            assertThat(bios.get(k).read(new byte[4], 0, 4)).isEqualTo(-1);
        }
        assertThat(sel.select(Duration.ZERO)).isEmpty();

        // a BIO select did not return, called meanwhile, is looked at as its flags are now
        SocketBio called = bios.get(700);
        assertThat(called.write(new byte[] {1}, 0, 1)).isEqualTo(1);
        assertThat(sel.select(Duration.ZERO)).containsExactly(new BioSelector.Ready<>(called, 700));
        assertThat(called.read(new byte[1], 0, 1)).isEqualTo(-1);
        assertThat(sel.select(Duration.ZERO)).isEmpty();

        // deadlines set out of order: each returned once its time comes, marked, then gone
        sel.setDeadline(bios.get(900), Duration.ofSeconds(1));
        sel.setDeadline(bios.get(100), Duration.ofSeconds(2));
        sel.setDeadline(bios.get(400), Duration.ofSeconds(1));
        sel.setDeadline(bios.get(600), Duration.ofSeconds(1));
        sel.setDeadline(bios.get(900), Duration.ofSeconds(3));
        assertThat(sel.clearDeadline(bios.get(600))).isTrue();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(sel.select(Duration.ZERO))
                .containsExactly(
                        new BioSelector.Ready<>(bios.get(100), 100, true),
                        new BioSelector.Ready<>(bios.get(400), 400, true));
        assertThat(sel.select(Duration.ZERO)).isEmpty();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(sel.select(Duration.ZERO))
                .containsExactly(new BioSelector.Ready<>(bios.get(900), 900, true));
        assertThat(sel.select(Duration.ZERO)).isEmpty();

        // the first and the last two closed: dropped in one select, the others still watched
        sel.setDeadline(bios.get(998), Duration.ofSeconds(1));
        for (int k : new int[] {0, 998, 999}) {
            bios.get(k).close();
        }
        assertThat(sel.select(Duration.ZERO)).isEmpty();
        assertThat(sel.size()).isEqualTo(n - 3);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(sel.select(Duration.ZERO)).as("a closed BIO's deadline is gone").isEmpty();
        for (int k : new int[] {997, 1}) {
            Loopback.writeAll(peers.get(k), new byte[] {1});
        }
        assertThat(selectUntil(sel, 2)).containsExactly(1, 997);
    }

    /**
     * Selects until {@code count} BIOs are ready at once (loopback data may take a moment), at most
     * 50 times; returns the last result's attachments.
     */
    private static List<Integer> selectUntil(BioSelector<Integer> sel, int count) {
        List<Integer> last = List.of();
        for (int i = 0; i < 50 && last.size() < count; i++) {
            last = attachments(sel.select(WAIT));
        }
        return last;
    }

    private static List<Integer> attachments(List<BioSelector.Ready<Integer>> ready) {
        return ready.stream().map(BioSelector.Ready::attachment).toList();
    }

    @Test
    void wakeupMakesSelectReturnEarly() throws IOException {
        BioSelector<String> sel = net.track(BioSelector.open());
        SocketBio bio = nonBlocking(net.pair()[0]);
        sel.register(bio, "idle");
        assertThat(bio.read(new byte[1], 0, 1)).isEqualTo(-1);
        sel.wakeup();
        long t0 = System.nanoTime();
        assertThat(sel.select(Duration.ofSeconds(30))).isEmpty();
        assertThat(System.nanoTime() - t0).isLessThan(WAIT.toNanos());
    }

    @Test
    void closeClosesTheSelectorButNoBio() throws IOException {
        BioSelector<String> sel = BioSelector.open();
        SocketBio bio = nonBlocking(net.pair()[0]);
        sel.register(bio, "x");
        assertThat(bio.read(new byte[1], 0, 1)).isEqualTo(-1);
        assertThat(sel.select(Duration.ZERO)).isEmpty();
        sel.close();
        sel.close();
        assertThat(sel.isClosed()).isTrue();
        assertThat(bio.isClosed()).isFalse();
        assertThat(bio.channel().isOpen()).isTrue();
        assertThatThrownBy(() -> sel.select(Duration.ZERO))
                .isInstanceOf(ClosedSelectorException.class);
        assertThatThrownBy(() -> sel.register(bio, "y")).isInstanceOf(IllegalStateException.class);
        // the socket is free to go back to blocking mode
        bio.setNonBlocking(false);
        assertThat(bio.isNonBlocking()).isFalse();
    }

    @Test
    void selectChecksItsTimeout() {
        BioSelector<String> sel = net.track(BioSelector.open());
        assertThatThrownBy(() -> sel.select(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-0.005S");
        assertThatThrownBy(() -> sel.select(null)).isInstanceOf(NullPointerException.class);
    }
}
