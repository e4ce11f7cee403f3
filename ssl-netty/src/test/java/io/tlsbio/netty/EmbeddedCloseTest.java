package io.tlsbio.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.SslShutdown;
import io.tlsbio.ssl.TlsVersion;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** close_notify both ways between two {@link TlsbioHandler}s in EmbeddedChannels. */
class EmbeddedCloseTest {

    private static EmbeddedPair established(TlsVersion v) {
        EmbeddedPair p =
                new EmbeddedPair(
                        Contexts.client(v, 1L).build(),
                        Contexts.server(v, KeyType.ECDSA, 2L).build());
        p.pump();
        assertThat(p.serverTls.handshakeFuture().isSuccess()).isTrue();
        return p;
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void clientClosesServerSeesCloseNotify(TlsVersion v) {
        EmbeddedPair p = established(v);
        int before = p.clientToServer.size();
        ChannelFuture closed = p.client.close();
        assertThat(closed.isSuccess())
                .as("closed once close_notify was written (no read timeout)")
                .isTrue();
        assertThat(p.clientTls.ssl()).isNotNull();
        p.pump();
        // one alert record: TLS 1.2 header + 8 explicit nonce + 2 + 16 tag; TLS 1.3 header + 2 +
        // type + 16
        assertThat(p.clientToServer.size() - before)
                .isEqualTo(v == TlsVersion.TLS1_2 ? 5 + 8 + 2 + 16 : 5 + 2 + 1 + 16);
        assertThat(p.serverTls.sslCloseFuture().isSuccess()).isTrue();
        assertThat(p.serverApp.events(SslCloseCompletionEvent.class))
                .containsExactly(SslCloseCompletionEvent.SUCCESS);
        assertThat(p.serverTls.ssl().getShutdown()).containsExactly(SslShutdown.RECEIVED);
        assertThat(p.clientTls.sslCloseFuture().cause()).isInstanceOf(ClosedChannelException.class);
        assertThat(p.serverApp.exceptions).isEmpty();
        assertThat(p.server.isOpen()).as("the server decides when to close").isTrue();

        // the server answers with its own close_notify, then closes
        p.server.close();
        assertThat(p.server.isOpen()).isFalse();
        p.finish();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void serverClosesAndWaitsForTheClientsCloseNotify(TlsVersion v) {
        EmbeddedPair p = established(v);
        p.serverTls.setCloseNotifyReadTimeout(Duration.ofSeconds(5));
        p.clientApp.closeOnPeerClose = true;
        ChannelFuture closed = p.server.close();
        assertThat(closed.isDone()).as("waiting for the client's close_notify").isFalse();
        assertThat(p.server.isOpen()).isTrue();
        p.pump();
        assertThat(p.clientTls.sslCloseFuture().isSuccess()).isTrue();
        assertThat(p.serverTls.sslCloseFuture().isSuccess())
                .as("the client's close_notify came back")
                .isTrue();
        assertThat(closed.isSuccess()).isTrue();
        assertThat(p.server.isOpen()).isFalse();
        assertThat(p.client.isOpen()).isFalse();
        assertThat(p.serverApp.events(SslCloseCompletionEvent.class))
                .containsExactly(SslCloseCompletionEvent.SUCCESS);
        assertThat(p.clientApp.events(SslCloseCompletionEvent.class))
                .containsExactly(SslCloseCompletionEvent.SUCCESS);
        p.finish();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aMissingCloseNotifyTimesOutTheWait(TlsVersion v) {
        EmbeddedPair p = established(v);
        p.server.freezeTime();
        p.serverTls.setCloseNotifyReadTimeout(Duration.ofSeconds(2));
        // through the pipeline: EmbeddedChannel.close() would cancel every scheduled task
        ChannelFuture closed = p.server.pipeline().close();
        p.server.advanceTimeBy(1_999, java.util.concurrent.TimeUnit.MILLISECONDS);
        p.server.runScheduledPendingTasks();
        assertThat(closed.isDone()).isFalse();
        p.server.advanceTimeBy(1, java.util.concurrent.TimeUnit.MILLISECONDS);
        p.server.runScheduledPendingTasks();
        assertThat(closed.isSuccess()).isTrue();
        assertThat(p.server.isOpen()).isFalse();
        assertThat(p.serverTls.sslCloseFuture().cause()).isInstanceOf(ClosedChannelException.class);
        p.finish();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void writtenDataGoesOutBeforeCloseNotify(TlsVersion v) {
        EmbeddedPair p = established(v);
        ChannelFuture w = p.client.write(Unpooled.copiedBuffer("last words", US_ASCII));
        p.client.close();
        assertThat(w.isSuccess()).isTrue();
        p.pump();
        assertThat(new String(p.serverApp.data(), US_ASCII)).isEqualTo("last words");
        assertThat(p.serverTls.sslCloseFuture().isSuccess()).isTrue();
        ChannelFuture late = p.client.writeAndFlush(Unpooled.copiedBuffer("too late", US_ASCII));
        assertThat(late.isSuccess()).isFalse();
        p.finish();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void theChannelEndingWithoutCloseNotifyFailsTheCloseFuture(TlsVersion v) {
        EmbeddedPair p = established(v);
        // the client's transport goes away under it (no close_notify on the wire)
        p.client.pipeline().firstContext().close();
        p.server.pipeline().fireChannelInactive();
        assertThat(p.serverTls.sslCloseFuture().cause()).isInstanceOf(ClosedChannelException.class);
        assertThat(p.serverApp.events(SslCloseCompletionEvent.class))
                .singleElement()
                .satisfies(e -> assertThat(e.cause()).isInstanceOf(ClosedChannelException.class));
        p.finish();
    }
}
