package io.tlsbio.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.netty.example.WwwServer;
import io.tlsbio.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client and server of ssl-netty/README.md, as written there, talking to each other. */
class ReadmeExampleTest {

    @TempDir Path dir;

    @Test
    void theReadmeClientFetchesTheReadmeServersPage() throws Exception {
        PemFiles pem = Contexts.PKI.server(KeyType.RSA).writePem(dir, "server");
        Path ca = Contexts.PKI.ca().writePem(dir, "ca").certificateChain();
        SslContext serverTls =
                SslContext.builder().certificate(pem.certificateChain(), pem.privateKey()).build();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Recorder app = new Recorder();
        try (WwwServer server =
                WwwServer.start(serverTls, new InetSocketAddress("127.0.0.1", 0), 2)) {
            int port = server.port();
            // --- README client, from here
            SslContext tls = SslContext.builder().trust(ca).hostName("localhost").build();
            TlsbioHandler handler = TlsbioHandler.client(tls);
            Channel ch =
                    new Bootstrap()
                            .group(loops)
                            .channel(NioSocketChannel.class)
                            .handler(
                                    new ChannelInitializer<SocketChannel>() {
                                        @Override
                                        protected void initChannel(SocketChannel c) {
                                            c.pipeline().addLast(handler, app);
                                        }
                                    })
                            .connect("127.0.0.1", port)
                            .sync()
                            .channel();
            handler.handshakeFuture()
                    .sync(); // or fails: TlsbioHandshakeException, failure() = reason + alert
            System.out.println(handler.ssl().version() + " " + handler.ssl().cipher());
            ch.writeAndFlush(Unpooled.copiedBuffer("GET / HTTP/1.0\r\n\r\n", US_ASCII));
            // --- to here
            String page = app.awaitText("</pre></BODY></HTML>\r\n\r\n", Duration.ofSeconds(20));
            assertThat(page)
                    .startsWith("HTTP/1.0 200 ok\r\n")
                    .contains("Cipher is " + handler.ssl().cipher());
            assertThat(ch.closeFuture().await(20, TimeUnit.SECONDS))
                    .as("the server closes after the page")
                    .isTrue();
            assertThat(handler.sslCloseFuture().isSuccess()).as("with close_notify").isTrue();
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS)
                    .awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }
}
