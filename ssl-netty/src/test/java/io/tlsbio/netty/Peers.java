package io.tlsbio.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Netty servers and clients on 127.0.0.1 for the socket tests; {@link #close()} stops every loop it
 * made.
 */
final class Peers implements AutoCloseable {

    final EventLoopGroup serverLoops;
    final EventLoopGroup clientLoops;
    private Channel listener;

    Peers(int serverLoops, int clientLoops) {
        this.serverLoops = new MultiThreadIoEventLoopGroup(serverLoops, NioIoHandler.newFactory());
        this.clientLoops = new MultiThreadIoEventLoopGroup(clientLoops, NioIoHandler.newFactory());
    }

    /** An echo server behind {@code tls}, on an ephemeral port; returns the port. */
    int startEchoServer(Supplier<ChannelHandler> tls) throws InterruptedException {
        listener =
                new ServerBootstrap()
                        .group(serverLoops)
                        .channel(NioServerSocketChannel.class)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ch.pipeline().addLast(tls.get(), new Echo());
                                    }
                                })
                        .bind(new InetSocketAddress("127.0.0.1", 0))
                        .sync()
                        .channel();
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Connects to 127.0.0.1:{@code port} with {@code tls} then {@code app}; the connect is awaited.
     */
    Channel connect(int port, ChannelHandler tls, ChannelHandler app) throws InterruptedException {
        return new Bootstrap()
                .group(clientLoops)
                .channel(NioSocketChannel.class)
                .handler(
                        new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(tls, app);
                            }
                        })
                .connect(new InetSocketAddress("127.0.0.1", port))
                .sync()
                .channel();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        serverLoops
                .shutdownGracefully(0, 1, TimeUnit.SECONDS)
                .awaitUninterruptibly(10, TimeUnit.SECONDS);
        clientLoops
                .shutdownGracefully(0, 1, TimeUnit.SECONDS)
                .awaitUninterruptibly(10, TimeUnit.SECONDS);
        if (!serverLoops.isTerminated() || !clientLoops.isTerminated()) {
            throw new AssertionError("event loops did not stop");
        }
    }

    /**
     * Writes back what it reads, flushing at the end of each read; stops reading while the channel
     * is not writable, so a client that does not read cannot make it buffer without bound.
     */
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write((ByteBuf) msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.netty.handler.ssl.SslCloseCompletionEvent) {
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
