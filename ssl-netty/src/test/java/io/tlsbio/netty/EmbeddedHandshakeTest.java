package io.tlsbio.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Handshakes of two {@link TlsbioHandler}s in EmbeddedChannels: both roles, deterministic,
 * fragmented, timed out.
 */
class EmbeddedHandshakeTest {

    private static final long CLIENT_SEED = 11;
    private static final long SERVER_SEED = 22;

    private static EmbeddedPair deterministicPair(TlsVersion v, KeyType type) {
        return new EmbeddedPair(
                Contexts.client(v, CLIENT_SEED).build(),
                Contexts.server(v, type, SERVER_SEED).build());
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void bothRolesCompleteTheHandshakeAndFireTheEvent(TlsVersion v) {
        EmbeddedPair p = deterministicPair(v, KeyType.ECDSA);
        assertThat(p.clientToServer.size()).isZero();
        p.pump();

        for (TlsbioHandler h : new TlsbioHandler[] {p.clientTls, p.serverTls}) {
            assertThat(h.handshakeFuture().isSuccess()).as("%s handshake", h).isTrue();
            assertThat(h.ssl().version()).isEqualTo(v);
            assertThat(h.ssl().isInitFinished()).isTrue();
        }
        assertThat(p.clientTls.handshakeFuture().getNow()).isSameAs(p.client);
        assertThat(p.clientTls.ssl().cipher())
                .isEqualTo(p.serverTls.ssl().cipher())
                .startsWith(v == TlsVersion.TLS1_3 ? "TLS_" : "ECDHE-ECDSA-");
        assertThat(p.clientTls.ssl().peerCertificates().get(0))
                .isEqualTo(Contexts.PKI.server(KeyType.ECDSA).certificate());
        assertThat(p.clientApp.events).containsExactly(SslHandshakeCompletionEvent.SUCCESS);
        assertThat(p.serverApp.events).containsExactly(SslHandshakeCompletionEvent.SUCCESS);
        assertThat(p.client.isOpen()).isTrue();
        assertThat(p.server.isOpen()).isTrue();

        byte[] hello = "hello over netty".getBytes(US_ASCII);
        p.client.writeAndFlush(Unpooled.wrappedBuffer(hello));
        p.server.writeAndFlush(Unpooled.copiedBuffer("and back", US_ASCII));
        p.pump();
        assertThat(p.serverApp.data()).isEqualTo(hello);
        assertThat(new String(p.clientApp.data(), US_ASCII)).isEqualTo("and back");
        p.finish();
    }

    @Test
    void theSameSeedsWriteTheSameBytesAndOtherSeedsDoNot() {
        byte[][] first = transcript(CLIENT_SEED, SERVER_SEED);
        byte[][] again = transcript(CLIENT_SEED, SERVER_SEED);
        byte[][] other = transcript(CLIENT_SEED + 1, SERVER_SEED);
        assertThat(first[0]).isEqualTo(again[0]);
        assertThat(first[1]).isEqualTo(again[1]);
        assertThat(first[0]).isNotEqualTo(other[0]);
        assertThat(first[1].length).isGreaterThan(500);
    }

    /** Handshake plus one message each way; the two directions' bytes. */
    private static byte[][] transcript(long clientSeed, long serverSeed) {
        EmbeddedPair p =
                new EmbeddedPair(
                        Contexts.client(TlsVersion.TLS1_3, clientSeed).build(),
                        Contexts.server(TlsVersion.TLS1_3, KeyType.ECDSA, serverSeed).build());
        p.pump();
        p.client.writeAndFlush(Unpooled.copiedBuffer("ping", US_ASCII));
        p.pump();
        p.server.writeAndFlush(Unpooled.copiedBuffer("pong", US_ASCII));
        p.pump();
        assertThat(new String(p.clientApp.data(), US_ASCII)).isEqualTo("pong");
        p.finish();
        return new byte[][] {p.clientToServer.toByteArray(), p.serverToClient.toByteArray()};
    }

    /**
     * The handler puts on the wire exactly what tlsbio's own non-blocking loop over two memory BIOs
     * writes with the same seeds: the Netty glue adds, drops and reorders nothing.
     */
    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void theWireIsWhatTheSslWritesOverMemoryBios(TlsVersion v) {
        EmbeddedPair p = deterministicPair(v, KeyType.RSA);
        p.pump();
        p.client.writeAndFlush(Unpooled.copiedBuffer("ping", US_ASCII));
        p.pump();
        p.finish();

        SslContext clientCtx = Contexts.client(v, CLIENT_SEED).build();
        SslContext serverCtx = Contexts.server(v, KeyType.RSA, SERVER_SEED).build();
        MemBio c2s = MemBio.create();
        MemBio s2c = MemBio.create();
        ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        try (Ssl client = clientCtx.newSsl();
                Ssl server = serverCtx.newSsl()) {
            MemBio clientIn = MemBio.create();
            MemBio serverIn = MemBio.create();
            client.setBio(clientIn, c2s);
            client.setConnectState();
            server.setBio(serverIn, s2c);
            server.setAcceptState();
            int c = 0;
            int s = 0;
            for (int round = 0; round < 20 && (c != 1 || s != 1); round++) {
                c = c == 1 ? 1 : client.doHandshake();
                relay(c2s, serverIn, toServer);
                s = s == 1 ? 1 : server.doHandshake();
                relay(s2c, clientIn, toClient);
            }
            assertThat(c).isEqualTo(1);
            assertThat(s).isEqualTo(1);
            byte[] ping = "ping".getBytes(US_ASCII);
            assertThat(client.write(ping, 0, ping.length)).isEqualTo(4);
            relay(c2s, serverIn, toServer);
            byte[] got = new byte[16];
            assertThat(server.read(got, 0, got.length)).isEqualTo(4);
            relay(s2c, clientIn, toClient);
            assertThat(client.read(got, 0, got.length)).isEqualTo(-1);
            assertThat(client.getError(-1)).isEqualTo(SslError.WANT_READ);
            relay(c2s, serverIn, toServer);
        }
        assertThat(p.clientToServer.toByteArray()).isEqualTo(toServer.toByteArray());
        assertThat(p.serverToClient.toByteArray()).isEqualTo(toClient.toByteArray());
    }

    private static void relay(MemBio from, MemBio to, ByteArrayOutputStream transcript) {
        byte[] bytes = from.data();
        from.reset();
        transcript.writeBytes(bytes);
        if (bytes.length > 0) {
            to.write(bytes);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void ciphertextOneByteAtATime(TlsVersion v) {
        EmbeddedPair p = deterministicPair(v, KeyType.ECDSA);
        p.oneByteAtATime = true;
        p.pump();
        assertThat(p.clientTls.handshakeFuture().isSuccess()).isTrue();
        assertThat(p.serverTls.handshakeFuture().isSuccess()).isTrue();

        byte[] up = new byte[40_000];
        byte[] down = new byte[33_333];
        new Random(1).nextBytes(up);
        new Random(2).nextBytes(down);
        p.client.writeAndFlush(Unpooled.wrappedBuffer(up));
        p.server.writeAndFlush(Unpooled.wrappedBuffer(down));
        p.pump();
        assertThat(p.serverApp.data()).isEqualTo(up);
        assertThat(p.clientApp.data()).isEqualTo(down);
        p.finish();
    }

    @Test
    void writesBeforeTheHandshakeGoOutAfterItInOrder() {
        EmbeddedPair p = deterministicPair(TlsVersion.TLS1_3, KeyType.ECDSA);
        ChannelFuture first = p.client.write(Unpooled.copiedBuffer("early ", US_ASCII));
        ChannelFuture second = p.client.writeAndFlush(Unpooled.copiedBuffer("bird", US_ASCII));
        assertThat(first.isDone()).isFalse();
        assertThat(second.isDone()).isFalse();
        p.pump();
        assertThat(first.isSuccess()).isTrue();
        assertThat(second.isSuccess()).isTrue();
        assertThat(new String(p.serverApp.data(), US_ASCII)).isEqualTo("early bird");
        p.finish();
    }

    @Test
    void manySmallWritesInOneFlushBecomeOneRecord() {
        EmbeddedPair p = deterministicPair(TlsVersion.TLS1_3, KeyType.ECDSA);
        p.pump();
        int before = p.clientToServer.size();
        for (int i = 0; i < 100; i++) {
            p.client.write(Unpooled.copiedBuffer("0123456789", US_ASCII));
        }
        p.client.flush();
        p.pump();
        // one TLS 1.3 record: 5-byte header + 1000 bytes + content type + 16-byte tag
        assertThat(p.clientToServer.size() - before).isEqualTo(5 + 1000 + 1 + 16);
        assertThat(p.serverApp.size()).isEqualTo(1000);
        p.finish();
    }

    @Test
    void alpnResultIsReadable() {
        EmbeddedPair p =
                new EmbeddedPair(
                        Contexts.client(TlsVersion.TLS1_3, CLIENT_SEED)
                                .alpn("h2", "http/1.1")
                                .build(),
                        Contexts.server(TlsVersion.TLS1_3, KeyType.ECDSA, SERVER_SEED)
                                .alpn("http/1.1")
                                .build());
        assertThat(p.clientTls.applicationProtocol()).isNull();
        p.pump();
        assertThat(p.clientTls.applicationProtocol()).isEqualTo("http/1.1");
        assertThat(p.serverTls.applicationProtocol()).isEqualTo("http/1.1");
        p.finish();
    }

    @Test
    void aSilentPeerTimesTheHandshakeOut() {
        TlsbioHandler server =
                TlsbioHandler.server(
                        Contexts.server(TlsVersion.TLS1_3, KeyType.ECDSA, SERVER_SEED).build());
        server.setHandshakeTimeout(Duration.ofSeconds(5));
        Recorder app = new Recorder();
        io.netty.channel.embedded.EmbeddedChannel ch =
                new io.netty.channel.embedded.EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(server, app);
        ch.advanceTimeBy(4_999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(server.handshakeFuture().isDone())
                .as("%s", server.handshakeFuture().cause())
                .isFalse();
        assertThat(ch.isOpen()).isTrue();

        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(server.handshakeFuture().cause())
                .isInstanceOf(SslHandshakeTimeoutException.class)
                .hasMessageContaining("5000ms");
        assertThat(app.events(SslHandshakeCompletionEvent.class))
                .singleElement()
                .satisfies(e -> assertThat(e.cause()).isSameAs(server.handshakeFuture().cause()));
        assertThat(ch.isOpen()).isFalse();
        assertThat((Object) ch.readOutbound()).as("nothing was sent").isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void theHandshakeFutureCanBeWatchedBeforeTheHandlerIsAdded() {
        TlsbioHandler client =
                TlsbioHandler.client(Contexts.client(TlsVersion.TLS1_3, CLIENT_SEED).build());
        boolean[] seen = new boolean[1];
        client.handshakeFuture().addListener(f -> seen[0] = f.isSuccess());
        EmbeddedPair p = deterministicPair(TlsVersion.TLS1_3, KeyType.ECDSA);
        p.finish();
        // the future is only completed on an event loop: here the handler fails as it is removed
        io.netty.channel.embedded.EmbeddedChannel ch =
                new io.netty.channel.embedded.EmbeddedChannel(client);
        ch.finishAndReleaseAll();
        assertThat(client.handshakeFuture().isDone()).isTrue();
        assertThat(seen[0]).isFalse();
        assertThat(client.handshakeFuture().cause())
                .isInstanceOf(java.nio.channels.ClosedChannelException.class);
    }
}
