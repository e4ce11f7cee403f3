package io.tlsbio.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.UnsupportedMessageTypeException;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import org.bouncycastle.tls.AlertDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Fatal errors end the channel, with tlsbio's reason and alert as the cause on both sides. */
class EmbeddedFailureTest {

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void anUntrustedServerCertificateFailsBothHandshakesWithTheAlert(TlsVersion v) {
        TestCredential untrusted = Contexts.PKI.untrustedServer(KeyType.ECDSA);
        SslContext server =
                SslContext.builder()
                        .versions(v, v)
                        .certificate(untrusted.chain(), untrusted.privateKey())
                        .deterministic(2)
                        .build();
        EmbeddedPair p = new EmbeddedPair(Contexts.client(v, 1L).build(), server);
        p.pump();

        SslFailure client = handshakeFailure(p.clientTls, p.clientApp);
        assertThat(client.reason()).isEqualTo(SslReason.CERTIFICATE_VERIFY_FAILED);
        assertThat(client.alert()).isEqualTo(AlertDescription.unknown_ca);
        assertThat(p.clientTls.ssl().verifyResult().code()).isEqualTo(20);

        SslFailure srv = handshakeFailure(p.serverTls, p.serverApp);
        assertThat(srv.reason()).isEqualTo(SslReason.ALERT_RECEIVED);
        assertThat(srv.alert()).isEqualTo(AlertDescription.unknown_ca);
        assertThat(srv.error()).isEqualTo(SslError.SSL);
        p.finish();
    }

    /**
     * The handshake failed, the event and exceptionCaught carry the same cause, the channel is
     * closed.
     */
    private static SslFailure handshakeFailure(TlsbioHandler h, Recorder app) {
        Throwable cause = h.handshakeFuture().cause();
        assertThat(cause).as("%s", h).isInstanceOf(TlsbioHandshakeException.class);
        assertThat(app.events(SslHandshakeCompletionEvent.class))
                .singleElement()
                .satisfies(e -> assertThat(e.cause()).isSameAs(cause));
        assertThat(app.exceptions)
                .singleElement()
                .isInstanceOf(DecoderException.class)
                .satisfies(e -> assertThat(e.getCause()).isSameAs(cause));
        assertThat(h.ssl().isInInit()).isTrue();
        return ((TlsbioHandshakeException) cause).failure();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aTamperedRecordIsBadRecordMacOnBothEnds(TlsVersion v) {
        EmbeddedPair p =
                new EmbeddedPair(
                        Contexts.client(v, 1L).build(),
                        Contexts.server(v, KeyType.RSA, 2L).build());
        p.pump();
        p.client.writeAndFlush(Unpooled.copiedBuffer("this record will be damaged", US_ASCII));
        ByteBuf record = p.client.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(record);
        record.release();
        bytes[bytes.length - 3] ^= 1;
        p.deliver(p.server, Unpooled.wrappedBuffer(bytes));
        p.pump();

        SslFailure srv = connectionFailure(p.serverTls, p.serverApp);
        assertThat(srv.reason()).isEqualTo(SslReason.ALERT_SENT);
        assertThat(srv.alert()).isEqualTo(AlertDescription.bad_record_mac);
        assertThat(p.serverApp.size()).as("nothing of the damaged record went up").isZero();
        SslFailure client = connectionFailure(p.clientTls, p.clientApp);
        assertThat(client.reason()).isEqualTo(SslReason.ALERT_RECEIVED);
        assertThat(client.alert()).isEqualTo(AlertDescription.bad_record_mac);
        p.finish();
    }

    /**
     * exceptionCaught, the close event and the close future carry the same cause, the channel is
     * closed.
     */
    private static SslFailure connectionFailure(TlsbioHandler h, Recorder app) {
        Throwable cause = h.sslCloseFuture().cause();
        assertThat(cause).as("%s", h).isInstanceOf(TlsbioException.class);
        assertThat(app.events(SslCloseCompletionEvent.class))
                .singleElement()
                .satisfies(e -> assertThat(e.cause()).isSameAs(cause));
        assertThat(app.exceptions)
                .singleElement()
                .isInstanceOf(DecoderException.class)
                .satisfies(e -> assertThat(e.getCause()).isSameAs(cause));
        assertThat(h.handshakeFuture().isSuccess()).isTrue();
        return ((TlsbioException) cause).failure();
    }

    @Test
    void anHttpRequestInsteadOfAClientHelloGetsNoReply() {
        EmbeddedPair p =
                new EmbeddedPair(
                        Contexts.client(TlsVersion.TLS1_3, 1L).build(),
                        Contexts.server(TlsVersion.TLS1_3, KeyType.ECDSA, 2L).build());
        p.deliver(p.server, Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", US_ASCII));
        SslFailure f = ((TlsbioHandshakeException) p.serverTls.handshakeFuture().cause()).failure();
        assertThat(f.reason()).isEqualTo(SslReason.HTTP_REQUEST);
        assertThat((Object) p.server.readOutbound())
                .as("OpenSSL answers an HTTP request with nothing")
                .isNull();
        assertThat(p.server.isOpen()).isFalse();
        p.client.finishAndReleaseAll();
        p.server.finishAndReleaseAll();
        p.assertInputReleased();
    }

    @Test
    void theTransportEndingMidHandshakeIsUnexpectedEofWithoutAnAlert() {
        EmbeddedPair p =
                new EmbeddedPair(
                        Contexts.client(TlsVersion.TLS1_3, 1L).build(),
                        Contexts.server(TlsVersion.TLS1_3, KeyType.ECDSA, 2L).build());
        p.move(
                p.client,
                p.server,
                p.clientToServer); // ClientHello; the server's flight is never delivered
        int sent = p.clientToServer.size();
        p.client.pipeline().fireChannelInactive();
        Throwable cause = p.clientTls.handshakeFuture().cause();
        assertThat(cause).isInstanceOf(TlsbioHandshakeException.class);
        SslFailure f = ((TlsbioHandshakeException) cause).failure();
        assertThat(f.reason()).isEqualTo(SslReason.UNEXPECTED_EOF);
        assertThat(f.error()).isEqualTo(SslError.SYSCALL);
        assertThat(p.clientApp.events(SslHandshakeCompletionEvent.class))
                .singleElement()
                .satisfies(e -> assertThat(e.cause()).isSameAs(cause));
        assertThat(p.clientApp.exceptions).as("a peer going away is no exception").isEmpty();
        p.move(p.client, p.server, p.clientToServer);
        assertThat(p.clientToServer.size()).as("nothing sent at EOF").isEqualTo(sent);
        p.finish();
    }

    @Test
    void closingDuringTheHandshakeSendsNothing() {
        EmbeddedPair p =
                new EmbeddedPair(
                        Contexts.client(TlsVersion.TLS1_2, 1L).build(),
                        Contexts.server(TlsVersion.TLS1_2, KeyType.ECDSA, 2L).build());
        p.move(p.client, p.server, p.clientToServer); // ClientHello
        p.move(
                p.server,
                p.client,
                p.serverToClient); // the server's flight; the client's answer stays with it
        p.server.pipeline().close();
        assertThat(p.serverTls.handshakeFuture().cause())
                .isInstanceOf(java.nio.channels.ClosedChannelException.class);
        // SSL_shutdown during the handshake: SHUTDOWN_WHILE_IN_INIT, no close_notify, no alert
        assertThat((Object) p.server.readOutbound()).isNull();
        assertThat(p.server.isOpen()).isFalse();
        p.finish();
    }

    @Test
    void onlyByteBufsCanBeWritten() {
        EmbeddedPair p =
                new EmbeddedPair(
                        Contexts.client(TlsVersion.TLS1_3, 1L).build(),
                        Contexts.server(TlsVersion.TLS1_3, KeyType.ECDSA, 2L).build());
        p.pump();
        ChannelFuture f = p.client.writeAndFlush("a string");
        assertThat(f.cause()).isInstanceOf(UnsupportedMessageTypeException.class);
        assertThat(p.client.isOpen()).isTrue();
        p.finish();
    }
}
