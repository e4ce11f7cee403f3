package io.tlsbio.netty.example;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.tlsbio.netty.TlsbioHandler;
import io.tlsbio.ssl.Ssl;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Answers every request as {@code openssl s_server -www} does: {@code HTTP/1.0 200 ok} and an HTML
 * page with the session's protocol and cipher (a GET), or 400 (anything else); then closes the
 * connection, which sends close_notify. Sits after {@link TlsbioHandler} and Netty's {@code
 * HttpServerCodec}.
 */
public final class WwwHandler extends SimpleChannelInboundHandler<HttpObject> {

    private boolean get;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpRequest) {
            get = ((HttpRequest) msg).method().equals(HttpMethod.GET);
        }
        if (msg instanceof LastHttpContent) {
            Ssl ssl = ctx.pipeline().get(TlsbioHandler.class).ssl();
            FullHttpResponse response =
                    get
                            ? response(new HttpResponseStatus(200, "ok"), "text/html", page(ssl))
                            : response(
                                    HttpResponseStatus.BAD_REQUEST,
                                    "text/plain",
                                    "this server answers GET only\r\n");
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, String type, String body) {
        FullHttpResponse r =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_0, status, Unpooled.copiedBuffer(body, US_ASCII));
        r.headers().set("Content-type", type);
        return r;
    }

    /** The body of OpenSSL's status page, with what tlsbio knows of the session. */
    static String page(Ssl ssl) {
        String version = ssl.version().openSslName();
        String alpn = ssl.selectedAlpn();
        List<X509Certificate> peer = ssl.peerCertificates();
        return "<HTML><BODY BGCOLOR=\"#ffffff\">\n<pre>\n\ntlsbio TlsbioHandler -www (Netty)\n---\n"
                + "New, "
                + version
                + ", Cipher is "
                + ssl.cipher()
                + "\n"
                + "SSL-Session:\n"
                + "    Protocol  : "
                + version
                + "\n"
                + "    Cipher    : "
                + ssl.cipher()
                + "\n"
                + "    ALPN      : "
                + (alpn == null ? "none" : html(alpn))
                + "\n"
                + "---\n"
                + (peer.isEmpty()
                        ? "no client certificate available"
                        : "Client certificate: "
                                + html(peer.get(0).getSubjectX500Principal().getName()))
                + "\n</pre></BODY></HTML>\r\n\r\n";
    }

    /** Escapes what a peer chose (a certificate name, an ALPN id) before it goes into the page. */
    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // the handshake or the connection failed: TlsbioHandler closes the channel
        ctx.close();
    }
}
