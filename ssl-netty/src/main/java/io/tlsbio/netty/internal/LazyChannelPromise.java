package io.tlsbio.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.EventExecutor;
import java.util.function.Supplier;

/**
 * A promise made before its handler is in a pipeline (so {@code handshakeFuture()} can be asked for
 * right after {@code new}): it notifies its listeners on the channel's event loop once the handler
 * has a context, as Netty's {@code SslHandler} does with its own lazy promise.
 */
public final class LazyChannelPromise extends DefaultPromise<Channel> {

    private final Supplier<ChannelHandlerContext> ctx;

    /**
     * @param ctx the handler's context, or null before it was added to a pipeline
     */
    public LazyChannelPromise(Supplier<ChannelHandlerContext> ctx) {
        this.ctx = ctx;
    }

    @Override
    protected EventExecutor executor() {
        ChannelHandlerContext c = ctx.get();
        if (c == null) {
            throw new IllegalStateException("the handler is not in a pipeline yet");
        }
        return c.executor();
    }

    @Override
    protected void checkDeadLock() {
        if (ctx.get() != null) {
            super.checkDeadLock();
        }
    }
}
