package io.tlsbio.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Full handshakes per second against a server on two event loops: {@code concurrency} clients (on
 * two more loops, same machine) each connect, complete the handshake, close, and connect again, for
 * the length of a rep. Client and server use the same variant.
 */
final class NettyHandshakes {

    private final NettyVariant variant;
    private final Bootstrap client;
    private final InetSocketAddress server;
    private final int concurrency;
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running;
    private CountDownLatch stopped;

    NettyHandshakes(NettyLoops loops, NettyVariant variant, int concurrency)
            throws InterruptedException {
        this.variant = variant;
        this.concurrency = concurrency;
        this.server = loops.listen(variant, ChannelInboundHandlerAdapter::new);
        this.client = loops.client(variant, Counter::new);
    }

    /** Handshakes completed per second during about {@code seconds}. */
    double rep(double seconds) throws InterruptedException {
        running = true;
        stopped = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        long before = handshakes.get();
        for (int i = 0; i < concurrency; i++) {
            connect();
        }
        TimeUnit.NANOSECONDS.sleep((long) (seconds * 1e9));
        long n = handshakes.get() - before;
        double elapsed = (System.nanoTime() - start) / 1e9;
        running = false;
        if (!stopped.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                    variant.label() + ": connections still open a minute after the rep");
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(
                    variant.label() + ": " + failures.get() + " handshakes failed");
        }
        return n / elapsed;
    }

    private void connect() {
        client.connect(server)
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                failures.incrementAndGet();
                                stopped.countDown();
                                return;
                            }
                            ((io.netty.channel.ChannelFuture) f)
                                    .channel()
                                    .closeFuture()
                                    .addListener(
                                            c -> {
                                                if (running) {
                                                    connect();
                                                } else {
                                                    stopped.countDown();
                                                }
                                            });
                        });
    }

    /** Counts a completed handshake and closes; a failed one is counted as a failure. */
    private final class Counter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (variant == NettyVariant.PLAIN) {
                handshakes.incrementAndGet();
                ctx.close();
            }
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent) {
                (((SslHandshakeCompletionEvent) evt).isSuccess() ? handshakes : failures)
                        .incrementAndGet();
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
