package io.tlsbio.ssl.tests;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.RetryReason;
import io.tlsbio.bio.buffer.BufferBio;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.pair.BioPair;
import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.BioSelector;
import io.tlsbio.bio.socket.BioWait;
import io.tlsbio.bio.socket.ConnectBio;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.harness.Transport;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslBio;
import io.tlsbio.ssl.SslContext;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A client and a server {@link SslBio} chain wired together, for {@link SslBioMatrixTest}: the
 * application talks to {@link #client} and {@link #server}, the heads of the chains.
 */
abstract class SslBioChains implements AutoCloseable {

    /** Every chain of the SslBio matrix. */
    enum Kind {
        /**
         * SslBio.create over an Ssl cross-wired on two memory BIOs (its read BIO becomes the next).
         */
        MEM_CROSS_WIRED,
        /** SslBio.newSsl, then push a BioPair end. */
        PAIR,
        /** As PAIR with 256-byte pair buffers: writes retry. */
        PAIR_256_BYTES,
        /** BufferBio -> SslBio -> BioPair end: the handshake runs from the first read. */
        BUFFER_OVER_SSL_OVER_PAIR,
        /** SslBio -> BufferBio -> BioPair end: the Ssl's flights wait for its flushes. */
        SSL_OVER_BUFFER_OVER_PAIR,
        /** SslBio -> non-blocking SocketBio on loopback. */
        SOCKET_NONBLOCKING,
        /** BufferBio -> SslBio -> non-blocking SocketBio. */
        BUFFER_OVER_SSL_OVER_SOCKET_NONBLOCKING,
        /** SslBio -> non-blocking ConnectBio; SslBio -> non-blocking AcceptBio. */
        CONNECT_ACCEPT_NONBLOCKING,
        /** SslBio -> blocking SocketBio, one thread per side. */
        SOCKET_BLOCKING,
        /** SslBio -> blocking ConnectBio; SslBio -> blocking AcceptBio, one thread per side. */
        CONNECT_ACCEPT_BLOCKING;

        SslBioChains create() {
            return switch (this) {
                case MEM_CROSS_WIRED -> new Mem();
                case PAIR -> new Pair(0, false, false);
                case PAIR_256_BYTES -> new Pair(256, false, false);
                case BUFFER_OVER_SSL_OVER_PAIR -> new Pair(0, true, false);
                case SSL_OVER_BUFFER_OVER_PAIR -> new Pair(0, false, true);
                case SOCKET_NONBLOCKING -> new Sockets(false, false);
                case BUFFER_OVER_SSL_OVER_SOCKET_NONBLOCKING -> new Sockets(false, true);
                case SOCKET_BLOCKING -> new Sockets(true, false);
                case CONNECT_ACCEPT_NONBLOCKING -> new ConnectAccept(false);
                case CONNECT_ACCEPT_BLOCKING -> new ConnectAccept(true);
            };
        }
    }

    /** The head of the client's chain. */
    Bio client;

    /** The head of the server's chain. */
    Bio server;

    protected final List<AutoCloseable> open = new ArrayList<>();

    /** Builds both chains over new Ssls of these contexts (roles set). */
    abstract void build(SslContext clientCtx, SslContext serverCtx) throws IOException;

    /** Whether the transport blocks (both sides then run in their own thread). */
    boolean blocking() {
        return false;
    }

    /**
     * Waits until one of {@code bios} that asked for a retry can proceed: socket chains wait for
     * readiness (one BIO with {@link BioWait}, both heads with the selector); the others return.
     */
    void idle(Bio... bios) {}

    /**
     * The socket chains' {@link #idle}: waits on the BIOs among {@code bios} with a retry pending.
     */
    static void awaitRetry(BioSelector<Object> selector, Bio... bios) {
        List<Bio> waiting = Arrays.stream(bios).filter(Bio::shouldRetry).toList();
        if (waiting.size() == 1) {
            if (BioWait.waitFor(waiting.get(0), Duration.ofSeconds(20)) != BioWait.Result.READY) {
                throw new AssertionError(waiting.get(0) + " did not become ready within 20 s");
            }
        } else if (waiting.size() > 1) {
            Transport.awaitAny(selector);
        }
    }

    /**
     * Whether the server should step before the client (an accept BIO then has nobody to accept).
     */
    boolean serverFirst() {
        return false;
    }

    /** Retry reasons the handshake must show beyond READ / WRITE. */
    Set<RetryReason> extraRetries() {
        return EnumSet.noneOf(RetryReason.class);
    }

    SslBio clientSsl() {
        return SslBio.find(client);
    }

    SslBio serverSsl() {
        return SslBio.find(server);
    }

    /** Closes both chains (BIO_free_all: each SslBio sends close_notify if it can) and the rest. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static SslBio newClient(SslContext ctx) {
        return SslBio.newSsl(ctx, SslBio.Role.CLIENT);
    }

    static SslBio newServer(SslContext ctx) {
        return SslBio.newSsl(ctx, SslBio.Role.SERVER);
    }

    static final class Mem extends SslBioChains {
        @Override
        void build(SslContext clientCtx, SslContext serverCtx) {
            MemBio c2s = MemBio.create();
            MemBio s2c = MemBio.create();
            Ssl c = clientCtx.newSsl();
            Ssl s = serverCtx.newSsl();
            c.setConnectState();
            s.setAcceptState();
            c.setBio(s2c, c2s);
            s.setBio(c2s, s2c);
            client = SslBio.create(c, SslBio.CloseFlag.CLOSE);
            server = SslBio.create(s, SslBio.CloseFlag.CLOSE);
            open.add(client::closeAll);
            open.add(server::closeAll);
        }
    }

    static final class Pair extends SslBioChains {
        private final int size;
        private final boolean bufferOnTop;
        private final boolean bufferBelow;

        Pair(int size, boolean bufferOnTop, boolean bufferBelow) {
            this.size = size;
            this.bufferOnTop = bufferOnTop;
            this.bufferBelow = bufferBelow;
        }

        @Override
        void build(SslContext clientCtx, SslContext serverCtx) {
            BioPair pair = BioPair.create(size, size);
            client = chain(newClient(clientCtx), pair.first());
            server = chain(newServer(serverCtx), pair.second());
            open.add(client::closeAll);
            open.add(server::closeAll);
        }

        private Bio chain(SslBio ssl, Bio transport) {
            ssl.push(bufferBelow ? BufferBio.create().push(transport) : transport);
            return bufferOnTop ? BufferBio.create(1024).push(ssl) : ssl;
        }
    }

    /** A connected pair of loopback sockets. */
    static final class Sockets extends SslBioChains {
        private final boolean blocking;
        private final boolean bufferOnTop;
        private BioSelector<Object> selector;

        Sockets(boolean blocking, boolean bufferOnTop) {
            this.blocking = blocking;
            this.bufferOnTop = bufferOnTop;
        }

        @Override
        boolean blocking() {
            return blocking;
        }

        @Override
        void build(SslContext clientCtx, SslContext serverCtx) throws IOException {
            SocketChannel[] chs = Transport.connectedPair();
            SocketBio c = SocketBio.wrap(chs[0], true);
            SocketBio s = SocketBio.wrap(chs[1], true);
            c.setNonBlocking(!blocking);
            s.setNonBlocking(!blocking);
            // a broken test must not hang on a blocking read
            c.setReadTimeout(Duration.ofSeconds(30));
            s.setReadTimeout(Duration.ofSeconds(30));
            client = chain(newClient(clientCtx), c);
            server = chain(newServer(serverCtx), s);
            open.add(client::closeAll);
            open.add(server::closeAll);
            if (!blocking) {
                selector = BioSelector.open();
                open.add(0, selector);
                selector.register(client, null);
                selector.register(server, null);
            }
        }

        private Bio chain(SslBio ssl, Bio transport) {
            ssl.push(transport);
            return bufferOnTop ? BufferBio.create(1024).push(ssl) : ssl;
        }

        @Override
        void idle(Bio... bios) {
            awaitRetry(selector, bios);
        }
    }

    /** A connect BIO and an accept BIO on loopback, each under an SslBio. */
    static final class ConnectAccept extends SslBioChains {
        private final boolean blocking;
        private BioSelector<Object> selector;

        ConnectAccept(boolean blocking) {
            this.blocking = blocking;
        }

        @Override
        boolean blocking() {
            return blocking;
        }

        @Override
        void build(SslContext clientCtx, SslContext serverCtx) throws IOException {
            AcceptBio acceptor = AcceptBio.create("127.0.0.1:0");
            acceptor.setNonBlocking(!blocking);
            acceptor.setNonBlockingChildren(!blocking);
            if (acceptor.doAccept() != 1) {
                acceptor.close();
                throw new IOException("listen failed: " + acceptor.lastError());
            }
            ConnectBio connector = ConnectBio.create("127.0.0.1:" + acceptor.localPort());
            connector.setNonBlocking(!blocking);
            connector.setReadTimeout(Duration.ofSeconds(30));
            client = newClient(clientCtx).push(connector);
            server = newServer(serverCtx).push(acceptor);
            open.add(client::closeAll);
            open.add(server::closeAll);
            if (!blocking) {
                selector = BioSelector.open();
                open.add(0, selector);
                selector.register(client, null);
                selector.register(server, null);
            }
        }

        @Override
        void idle(Bio... bios) {
            awaitRetry(selector, bios);
        }

        @Override
        boolean serverFirst() {
            return true;
        }

        @Override
        Set<RetryReason> extraRetries() {
            return blocking
                    ? EnumSet.noneOf(RetryReason.class)
                    : EnumSet.of(RetryReason.CONNECT, RetryReason.ACCEPT);
        }
    }
}
