package io.tlsbio.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The event loops of the Netty benchmarks: a server group of two NIO loops with one listener per
 * variant on 127.0.0.1, and a client group of two more; {@link #close()} stops them all.
 */
final class NettyLoops implements AutoCloseable {

    final EventLoopGroup serverLoops =
            new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final EventLoopGroup clientLoops =
            new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<NettyVariant, Channel> listeners = new EnumMap<>(NettyVariant.class);

    /**
     * Listens for {@code variant} with {@code app} after the TLS handler; the app also closes the
     * connection when the peer's close_notify or an error arrives.
     */
    InetSocketAddress listen(NettyVariant variant, Supplier<ChannelHandler> app)
            throws InterruptedException {
        Channel ch =
                new ServerBootstrap()
                        .group(serverLoops)
                        .channel(NioServerSocketChannel.class)
                        .option(ChannelOption.SO_BACKLOG, 4096)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel c) {
                                        c.pipeline()
                                                .addLast(
                                                        variant.server(),
                                                        app.get(),
                                                        new CloseOnEnd());
                                    }
                                })
                        .bind(new InetSocketAddress("127.0.0.1", 0))
                        .sync()
                        .channel();
        listeners.put(variant, ch);
        return (InetSocketAddress) ch.localAddress();
    }

    /**
     * A client bootstrap for {@code variant}: TLS handler, then {@code app}. SO_LINGER 0: no
     * TIME_WAIT pile-up.
     */
    Bootstrap client(NettyVariant variant, Supplier<ChannelHandler> app) {
        return new Bootstrap()
                .group(clientLoops)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.SO_LINGER, 0)
                .handler(
                        new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel c) {
                                c.pipeline().addLast(variant.client(), app.get());
                            }
                        });
    }

    @Override
    public void close() {
        for (Channel l : listeners.values()) {
            l.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        serverLoops
                .shutdownGracefully(0, 1, TimeUnit.SECONDS)
                .awaitUninterruptibly(10, TimeUnit.SECONDS);
        clientLoops
                .shutdownGracefully(0, 1, TimeUnit.SECONDS)
                .awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Closes a server connection once the peer sent close_notify or anything failed. */
    @ChannelHandler.Sharable
    static final class CloseOnEnd extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslCloseCompletionEvent) {
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
