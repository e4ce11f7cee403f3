package io.tlsbio.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bulk transfer on one connection: the client writes 16 KiB heap buffers as fast as the channel
 * stays writable (encrypting on its event loop), the server decrypts and counts them (on its own).
 * A rep's rate is the plaintext the server received during it.
 */
final class NettyBulk {

    /** Plaintext per write: one full TLS record. */
    static final int WRITE_SIZE = 16384;

    private final NettyVariant variant;
    private final AtomicLong received = new AtomicLong();
    private final Writer writer = new Writer();
    private final Channel channel;

    NettyBulk(NettyLoops loops, NettyVariant variant) throws Exception {
        this.variant = variant;
        java.net.InetSocketAddress server = loops.listen(variant, Sink::new);
        this.channel = loops.client(variant, () -> writer).connect(server).sync().channel();
        writer.ready.get(30, TimeUnit.SECONDS);
    }

    /** Plaintext MB/s (10^6 bytes) received during about {@code seconds}. */
    double rep(double seconds) throws InterruptedException {
        channel.eventLoop().execute(writer::start);
        long start = System.nanoTime();
        long before = received.get();
        TimeUnit.NANOSECONDS.sleep((long) (seconds * 1e9));
        long n = received.get() - before;
        double elapsed = (System.nanoTime() - start) / 1e9;
        channel.eventLoop().execute(writer::stop);
        return n / elapsed / 1e6;
    }

    void close() {
        channel.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Counts and drops what arrives. */
    private final class Sink extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            received.addAndGet(b.readableBytes());
            b.release();
        }
    }

    /**
     * Writes while the channel is writable and a rep runs; resumes when it becomes writable again.
     */
    private final class Writer extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final ByteBuf data;
        private ChannelHandlerContext ctx;
        private boolean running;

        Writer() {
            byte[] bytes = new byte[WRITE_SIZE];
            new SplittableRandom(1).nextBytes(bytes);
            data = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes));
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            if (variant == NettyVariant.PLAIN) {
                ready.complete(null);
            }
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent) {
                SslHandshakeCompletionEvent e = (SslHandshakeCompletionEvent) evt;
                if (e.isSuccess()) {
                    ready.complete(null);
                } else {
                    ready.completeExceptionally(e.cause());
                }
            }
        }

        void start() {
            running = true;
            pump();
        }

        void stop() {
            running = false;
        }

        private void pump() {
            while (running && ctx.channel().isWritable()) {
                ctx.write(data.duplicate(), ctx.voidPromise());
            }
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump();
            ctx.fireChannelWritabilityChanged();
        }
    }
}
