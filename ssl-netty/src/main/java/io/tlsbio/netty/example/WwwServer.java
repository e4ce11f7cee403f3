package io.tlsbio.netty.example;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.tlsbio.netty.TlsbioHandler;
import io.tlsbio.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Netty HTTPS server that answers like {@code openssl s_server -www}: {@link TlsbioHandler},
 * Netty's {@code HttpServerCodec} and {@link WwwHandler}, on {@code eventLoops} NIO event loops.
 *
 * <pre>
 * java -cp ... io.tlsbio.netty.example.WwwServer 4433 server.pem server-key.pem
 * printf 'GET / HTTP/1.0\r\n\r\n' | openssl s_client -connect localhost:4433 -CAfile ca.pem -ign_eof
 * </pre>
 */
public final class WwwServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel listener;

    private WwwServer(EventLoopGroup group, Channel listener) {
        this.group = group;
        this.listener = listener;
    }

    /** Listens on {@code address} (port 0: the kernel picks one, see {@link #port()}). */
    public static WwwServer start(SslContext context, InetSocketAddress address, int eventLoops)
            throws InterruptedException {
        EventLoopGroup group =
                new MultiThreadIoEventLoopGroup(eventLoops, NioIoHandler.newFactory());
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
                                                    .addLast(
                                                            TlsbioHandler.server(context),
                                                            new HttpServerCodec(),
                                                            new WwwHandler());
                                        }
                                    })
                            .bind(address)
                            .sync()
                            .channel();
            return new WwwServer(group, listener);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The port it listens on. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops listening and shuts the event loops down, waiting at most 5 s. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** {@code WwwServer PORT CERT.pem KEY.pem}: serves until killed. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: WwwServer PORT CERT.pem KEY.pem");
            System.exit(2);
        }
        SslContext context =
                SslContext.builder().certificate(Path.of(args[1]), Path.of(args[2])).build();
        WwwServer server = start(context, new InetSocketAddress(Integer.parseInt(args[0])), 2);
        System.out.println("ACCEPT " + server.port());
        server.listener.closeFuture().sync();
    }
}
