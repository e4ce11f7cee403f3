package io.tlsbio.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.ssl.TlsVersion;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * tlsbio in Netty against Netty's own {@link SslHandler} with the JDK provider, over 127.0.0.1,
 * both ways: 64 KiB echoed, then close_notify from the client and the server's in reply.
 */
class JdkSslHandlerInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static io.netty.handler.ssl.SslContext jdkClient(TlsVersion v) throws SSLException {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(v.openSslName())
                .trustManager(Contexts.PKI.ca().certificate())
                .build();
    }

    private static io.netty.handler.ssl.SslContext jdkServer(TlsVersion v, KeyType type)
            throws SSLException {
        TestCredential cred = Contexts.PKI.server(type);
        return SslContextBuilder.forServer(cred.privateKey(), cred.chainArray())
                .sslProvider(SslProvider.JDK)
                .protocols(v.openSslName())
                .build();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void jdkSslHandlerClientToTlsbioServer(TlsVersion v) throws Exception {
        LinkedBlockingQueue<TlsbioHandler> servers = new LinkedBlockingQueue<>();
        io.tlsbio.ssl.SslContext serverCtx = Contexts.server(v, KeyType.ECDSA, null).build();
        io.netty.handler.ssl.SslContext clientCtx = jdkClient(v);
        try (Peers peers = new Peers(2, 1)) {
            int port =
                    peers.startEchoServer(
                            () -> {
                                TlsbioHandler h = TlsbioHandler.server(serverCtx);
                                servers.add(h);
                                return h;
                            });
            Recorder app = new Recorder();
            Channel[] ch = new Channel[1];
            SslHandler client =
                    clientCtx.newHandler(
                            io.netty.buffer.ByteBufAllocator.DEFAULT, "localhost", port);
            ch[0] = peers.connect(port, client, app);
            exchange(ch[0], client.handshakeFuture(), app);
            TlsbioHandler server = servers.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(server).isNotNull();
            assertThat(client.engine().getSession().getProtocol()).isEqualTo(v.openSslName());
            assertThat(server.ssl().version()).isEqualTo(v);

            // SslHandler sends close_notify; tlsbio's server reads it and the echo app closes (ours
            // goes back)
            assertThat(ch[0].close().await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(server.sslCloseFuture().await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(server.sslCloseFuture().isSuccess())
                    .as("%s", server.sslCloseFuture().cause())
                    .isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void tlsbioClientToJdkSslHandlerServer(TlsVersion v) throws Exception {
        io.netty.handler.ssl.SslContext serverCtx = jdkServer(v, KeyType.RSA);
        try (Peers peers = new Peers(2, 1)) {
            int port =
                    peers.startEchoServer(
                            () -> serverCtx.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT));
            Recorder app = new Recorder();
            TlsbioHandler client = TlsbioHandler.client(Contexts.client(v, null).build());
            client.setCloseNotifyReadTimeout(Duration.ofSeconds(10));
            Channel ch = peers.connect(port, client, app);
            exchange(ch, client.handshakeFuture(), app);
            assertThat(client.ssl().version()).isEqualTo(v);
            assertThat(client.ssl().peerCertificates().get(0))
                    .isEqualTo(Contexts.PKI.server(KeyType.RSA).certificate());

            // ours goes out; SslHandler's echo app closes on it and its close_notify comes back
            // before we close
            assertThat(ch.close().await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(client.sslCloseFuture().isSuccess())
                    .as("%s", client.sslCloseFuture().cause())
                    .isTrue();
            assertThat(app.exceptions).isEmpty();
        }
    }

    /** Handshake, then 64 KiB of random bytes sent and echoed back intact. */
    private static void exchange(
            Channel ch, io.netty.util.concurrent.Future<Channel> handshake, Recorder app)
            throws InterruptedException {
        assertThat(handshake.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(handshake.isSuccess()).as("%s", handshake.cause()).isTrue();
        byte[] data = new byte[64 * 1024];
        new Random(7).nextBytes(data);
        ch.writeAndFlush(Unpooled.wrappedBuffer(data));
        assertThat(app.awaitSize(data.length, WAIT)).isEqualTo(data);
    }
}
