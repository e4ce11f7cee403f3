package io.tlsbio.bench;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.tlsbio.netty.TlsbioHandler;
import io.tlsbio.ssl.SslContext;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * What sits at the front of each pipeline in the Netty benchmarks, client and server alike:
 * tlsbio's {@link TlsbioHandler}, Netty's {@link SslHandler} over the JDK's SSLEngine, or nothing
 * (the baseline that shows what Netty's channels cost without TLS). Both TLS variants use {@link
 * Fixtures}: TLS 1.3, X25519, TLS_AES_128_GCM_SHA256, the ECDSA P-256 test certificate, and a
 * client that PKIX-checks the chain (tlsbio also checks the host name, which SSLEngine without a
 * peer host does not). Contexts are made once per variant and shared by every connection.
 */
enum NettyVariant {
    /** {@link TlsbioHandler} over tlsbio's hybrid crypto (the default). */
    TLSBIO("tlsbio-handler"),
    /** Netty's {@link SslHandler} with the JDK provider ({@code SslProvider.JDK}: an SSLEngine). */
    JDK("sslhandler-jdk"),
    /** No TLS at all: the cost of the Netty channel and pipeline alone. */
    PLAIN("plain");

    private final String label;
    private SslContext tlsbioServer;
    private SslContext tlsbioClient;
    private SSLContext jdkServer;
    private SSLContext jdkClient;

    NettyVariant(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static NettyVariant byLabel(String label) {
        for (NettyVariant v : values()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("no Netty variant " + label);
    }

    /** The TLS handler of one server connection. */
    synchronized ChannelHandler server() {
        switch (this) {
            case TLSBIO:
                if (tlsbioServer == null) {
                    tlsbioServer = Fixtures.tlsbioServer(Fixtures.Crypto.HYBRID);
                }
                return TlsbioHandler.server(tlsbioServer);
            case JDK:
                if (jdkServer == null) {
                    jdkServer = Fixtures.jdkServer();
                }
                return new SslHandler(engine(jdkServer.createSSLEngine(), false));
            default:
                return new ChannelInboundHandlerAdapter();
        }
    }

    /** The TLS handler of one client connection. */
    synchronized ChannelHandler client() {
        switch (this) {
            case TLSBIO:
                if (tlsbioClient == null) {
                    tlsbioClient = Fixtures.tlsbioClient(Fixtures.Crypto.HYBRID, true);
                }
                return TlsbioHandler.client(tlsbioClient);
            case JDK:
                if (jdkClient == null) {
                    jdkClient = Fixtures.jdkClient();
                }
                // no peer host: no session resumption, every handshake is a full one
                return new SslHandler(engine(jdkClient.createSSLEngine(), true));
            default:
                return new ChannelInboundHandlerAdapter();
        }
    }

    private static SSLEngine engine(SSLEngine e, boolean client) {
        e.setUseClientMode(client);
        e.setEnabledProtocols(new String[] {"TLSv1.3"});
        e.setEnabledCipherSuites(new String[] {Fixtures.SUITE});
        return e;
    }
}
