package io.tlsbio.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Heap per idle established connection, both ends in this JVM: opens {@code n} connections of a
 * variant, waits until every handshake finished on both sides, and reports the heap growth / n
 * (measured after {@code System.gc()} x4), then closes them. Everything Netty holds per channel
 * counts too: the {@code plain} variant shows that share.
 */
final class NettyIdleMemory {

    private final NettyVariant variant;
    private final NettyLoops loops;
    private final java.util.Set<Channel> serverEnds =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final InetSocketAddress server;
    private final Bootstrap client;
    private volatile CountDownLatch established;

    NettyIdleMemory(NettyLoops loops, NettyVariant variant) throws InterruptedException {
        this.variant = variant;
        this.loops = loops;
        this.server = loops.listen(variant, Established::new);
        this.client = loops.client(variant, Established::new);
    }

    /** KiB of heap per idle connection (both ends) with {@code n} of them open. */
    double rep(int n) throws InterruptedException {
        long before = usedAfterGc();
        established = new CountDownLatch(2 * n);
        List<Channel> open = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            open.add(client.connect(server).sync().channel());
        }
        if (!established.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                    variant.label() + ": " + established.getCount() + " ends not established");
        }
        long after = usedAfterGc();
        for (Channel c : open) {
            c.close();
        }
        for (Channel c : open) {
            c.closeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        // the next measurement starts clean: server ends closed too, and the loops past their
        // deregistrations
        for (Channel c : serverEnds) {
            c.closeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        for (int round = 0; round < 2; round++) {
            for (io.netty.util.concurrent.EventExecutor e : loops.serverLoops) {
                e.submit(() -> {}).awaitUninterruptibly(10, TimeUnit.SECONDS);
            }
            for (io.netty.util.concurrent.EventExecutor e : loops.clientLoops) {
                e.submit(() -> {}).awaitUninterruptibly(10, TimeUnit.SECONDS);
            }
        }
        return (after - before) / (double) n / 1024;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Counts an end whose handshake finished (or that is active, without TLS). */
    private final class Established extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (ctx.channel().parent() != null) {
                serverEnds.add(ctx.channel());
                ctx.channel().closeFuture().addListener(f -> serverEnds.remove(ctx.channel()));
            }
            if (variant == NettyVariant.PLAIN) {
                established.countDown();
            }
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent
                    && ((SslHandshakeCompletionEvent) evt).isSuccess()) {
                established.countDown();
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
