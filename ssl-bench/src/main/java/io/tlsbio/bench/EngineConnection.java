package io.tlsbio.bench;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A JDK {@link SSLEngine} client and server wired through heap ByteBuffers, delegated tasks run
 * inline. The client engine is made with {@code createSSLEngine()} (no host, so no resumption).
 */
public final class EngineConnection implements Connection {

    private static final int MAX_ROUNDS = 10_000;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine client;
    private final SSLEngine server;
    // network buffers are kept in write mode (position = end of unread data)
    private final ByteBuffer toServer;
    private final ByteBuffer toClient;
    private final ByteBuffer clientApp;
    private final ByteBuffer serverApp;

    public EngineConnection(SSLContext clientContext, SSLContext serverContext) {
        client = clientContext.createSSLEngine();
        client.setUseClientMode(true);
        server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        for (SSLEngine e : new SSLEngine[] {client, server}) {
            e.setEnabledProtocols(new String[] {"TLSv1.3"});
            e.setEnabledCipherSuites(new String[] {Fixtures.SUITE});
        }
        int packet = client.getSession().getPacketBufferSize();
        int app = client.getSession().getApplicationBufferSize();
        toServer = ByteBuffer.allocate(packet);
        toClient = ByteBuffer.allocate(packet);
        clientApp = ByteBuffer.allocate(app);
        serverApp = ByteBuffer.allocate(app);
    }

    @Override
    public void handshake() {
        try {
            client.beginHandshake();
            server.beginHandshake();
            for (int round = 0; round < MAX_ROUNDS; round++) {
                boolean clientDone = advance(client, toClient, toServer, clientApp);
                boolean serverDone = advance(server, toServer, toClient, serverApp);
                if (clientDone && serverDone) {
                    // the server's NewSessionTicket is still in flight: the client reads it now, as
                    // its first read would
                    drain(client, toClient, clientApp);
                    return;
                }
            }
        } catch (SSLException e) {
            throw new IllegalStateException("SSLEngine handshake failed", e);
        }
        throw new IllegalStateException(
                "SSLEngine handshake did not finish in " + MAX_ROUNDS + " rounds");
    }

    /** Steps one engine as far as its input allows; true once it is no longer handshaking. */
    private static boolean advance(SSLEngine e, ByteBuffer in, ByteBuffer out, ByteBuffer app)
            throws SSLException {
        while (true) {
            HandshakeStatus hs = e.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK -> runTasks(e);
                case NEED_WRAP -> {
                    SSLEngineResult r = e.wrap(EMPTY, out);
                    check(r);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        return false;
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    in.flip();
                    SSLEngineResult r;
                    try {
                        app.clear();
                        r = e.unwrap(in, app);
                    } finally {
                        in.compact();
                    }
                    check(r);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        return false;
                    }
                }
                default -> {
                    return true;
                }
            }
        }
    }

    private static void runTasks(SSLEngine e) {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static void check(SSLEngineResult r) {
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new IllegalStateException("SSLEngine closed: " + r);
        }
    }

    /**
     * Unwraps every whole record waiting in {@code in}; post-handshake messages give no app data.
     */
    private static void drain(SSLEngine e, ByteBuffer in, ByteBuffer app) throws SSLException {
        in.flip();
        try {
            while (in.hasRemaining()) {
                app.clear();
                SSLEngineResult r = e.unwrap(in, app);
                check(r);
                if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runTasks(e);
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    break;
                }
            }
        } finally {
            in.compact();
        }
    }

    @Override
    public void clientToServer(byte[] data, byte[] sink) {
        ByteBuffer src = ByteBuffer.wrap(data);
        int got = 0;
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                if (src.hasRemaining()) {
                    SSLEngineResult r = client.wrap(src, toServer);
                    check(r);
                }
                toServer.flip();
                try {
                    while (toServer.hasRemaining()) {
                        serverApp.clear();
                        SSLEngineResult r = server.unwrap(toServer, serverApp);
                        check(r);
                        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                            break;
                        }
                        serverApp.flip();
                        int n = serverApp.remaining();
                        serverApp.get(sink, got, n);
                        got += n;
                    }
                } finally {
                    toServer.compact();
                }
                if (got == sink.length && !src.hasRemaining()) {
                    return;
                }
            }
        } catch (SSLException e) {
            throw new IllegalStateException("SSLEngine transfer failed", e);
        }
        throw new IllegalStateException(
                "SSLEngine transfer stuck at " + got + " of " + sink.length);
    }

    @Override
    public String negotiated() {
        return client.getSession().getProtocol()
                + "/"
                + client.getSession().getCipherSuite()
                + " | "
                + server.getSession().getProtocol()
                + "/"
                + server.getSession().getCipherSuite();
    }

    @Override
    public Object retained() {
        return new Object[] {client, server};
    }
}
