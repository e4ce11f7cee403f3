package io.tlsbio.smoke;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.tlsbio.netty.TlsbioHandler;
import io.tlsbio.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** A Netty echo server on 127.0.0.1 with {@link TlsbioHandler} first in each child pipeline. */
final class NettyEchoServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel listener;

    private NettyEchoServer(EventLoopGroup group, Channel listener) {
        this.group = group;
        this.listener = listener;
    }

    /** Listens on an ephemeral port of 127.0.0.1 on one NIO event loop. */
    static NettyEchoServer start(SslContext ctx) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel listener =
                    new ServerBootstrap()
                            .group(group)
                            .channel(NioServerSocketChannel.class)
                            .childHandler(
                                    new ChannelInitializer<SocketChannel>() {
                                        @Override
                                        protected void initChannel(SocketChannel ch) {
                                            ch.pipeline()
                                                    .addLast(TlsbioHandler.server(ctx), new Echo());
                                        }
                                    })
                            .bind(new InetSocketAddress("127.0.0.1", 0))
                            .sync()
                            .channel();
            return new NettyEchoServer(group, listener);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops listening and shuts the event loop down, each wait bounded. */
    @Override
    public void close() {
        long millis = ModuleSmoke.TIMEOUT.toMillis();
        listener.close().awaitUninterruptibly(millis);
        ModuleSmoke.check(
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(millis),
                "the Netty event loop did not stop");
    }

    /**
     * Writes back what it reads: the decrypted ByteBuf goes out again, so its ownership with it.
     */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }
}
