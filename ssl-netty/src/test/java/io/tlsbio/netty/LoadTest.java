package io.tlsbio.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 1,000 concurrent TLS connections to a tlsbio echo server on two event loops, each client (tlsbio
 * too, on two more loops) echoing 64 KiB: all complete, every byte comes back in order, and Netty's
 * leak detector (PARANOID in this build) reports no unreleased buffer.
 */
class LoadTest {

    private static final int CONNECTIONS = Integer.getInteger("loadtest.connections", 1000);
    private static final int PAYLOAD = 64 * 1024;

    @Test
    void thousandConnectionsEachEcho64KiB() throws Exception {
        byte[] payload = new byte[PAYLOAD];
        new Random(64).nextBytes(payload);
        SslContext serverCtx = Contexts.server(TlsVersion.TLS1_3, KeyType.ECDSA, null).build();
        SslContext clientCtx = Contexts.client(TlsVersion.TLS1_3, null).build();
        CountDownLatch done = new CountDownLatch(CONNECTIONS);
        AtomicInteger echoed = new AtomicInteger();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (LeakWatch leaks = new LeakWatch()) {
            try (Peers peers = new Peers(2, 2)) {
                int port =
                        peers.startEchoServer(
                                () -> {
                                    TlsbioHandler h = TlsbioHandler.server(serverCtx);
                                    h.setHandshakeTimeout(Duration.ofSeconds(120));
                                    return h;
                                });
                Bootstrap b =
                        new Bootstrap()
                                .group(peers.clientLoops)
                                .channel(NioSocketChannel.class)
                                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 120_000)
                                .handler(
                                        new ChannelInitializer<SocketChannel>() {
                                            @Override
                                            protected void initChannel(SocketChannel ch) {
                                                TlsbioHandler tls = TlsbioHandler.client(clientCtx);
                                                tls.setHandshakeTimeout(Duration.ofSeconds(120));
                                                ch.pipeline()
                                                        .addLast(
                                                                tls,
                                                                new EchoClient(
                                                                        payload, echoed, failures));
                                                ch.closeFuture().addListener(f -> done.countDown());
                                            }
                                        });
                InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
                long t0 = System.nanoTime();
                for (int i = 0; i < CONNECTIONS; i++) {
                    b.connect(server)
                            .addListener(
                                    f -> {
                                        if (!f.isSuccess()) {
                                            failures.add(f.cause());
                                        }
                                    });
                }
                assertThat(done.await(180, TimeUnit.SECONDS))
                        .as("all connections ended; %s", summary(failures))
                        .isTrue();
                System.out.println(
                        "LOAD connections done in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            }
            long t1 = System.nanoTime();
            assertThat(failures).as(summary(failures)).isEmpty();
            assertThat(echoed.get()).isEqualTo(CONNECTIONS);
            assertThat(leaks.leaks()).as("Netty's leak reports").isEmpty();
            System.out.println("LOAD leak check " + (System.nanoTime() - t1) / 1_000_000 + " ms");
        }
    }

    /** How many failed, and the first few distinct reasons: a thousand lines would hide them. */
    private static String summary(Queue<Throwable> failures) {
        return failures.size()
                + " failures, e.g. "
                + failures.stream().map(String::valueOf).distinct().limit(5).toList();
    }

    /**
     * Sends the payload once the handshake is done, checks the echo byte by byte, closes once all
     * came back.
     */
    private static final class EchoClient extends ChannelInboundHandlerAdapter {
        private final byte[] payload;
        private final AtomicInteger echoed;
        private final Queue<Throwable> failures;
        private int received;

        EchoClient(byte[] payload, AtomicInteger echoed, Queue<Throwable> failures) {
            this.payload = payload;
            this.echoed = echoed;
            this.failures = failures;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent
                    && ((SslHandshakeCompletionEvent) evt).isSuccess()) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(payload));
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                // one bulk read: at PARANOID every ByteBuf access records a stack trace
                byte[] got = io.netty.buffer.ByteBufUtil.getBytes(b);
                if (received + got.length > payload.length
                        || !java.util.Arrays.equals(
                                got, 0, got.length, payload, received, received + got.length)) {
                    failures.add(
                            new AssertionError(
                                    "bytes "
                                            + received
                                            + ".."
                                            + (received + got.length)
                                            + " differ"));
                    ctx.close();
                    return;
                }
                received += got.length;
            } finally {
                b.release();
            }
            if (received == payload.length) {
                echoed.incrementAndGet();
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (received != payload.length) {
                TlsbioHandler tls = ctx.pipeline().get(TlsbioHandler.class);
                failures.add(
                        new AssertionError(
                                "closed after "
                                        + received
                                        + " of "
                                        + payload.length
                                        + " bytes; "
                                        + tls
                                        + " handshake "
                                        + tls.handshakeFuture().cause()));
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failures.add(cause);
            ctx.close();
        }
    }
}
