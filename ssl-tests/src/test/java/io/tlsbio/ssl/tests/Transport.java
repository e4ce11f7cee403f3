package io.tlsbio.ssl.tests;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.buffer.BufferBio;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.pair.BioPair;
import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.BioSelector;
import io.tlsbio.bio.socket.ConnectBio;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** One way of wiring a client and a server Ssl together, for the handshake matrix. */
abstract class Transport implements AutoCloseable {

    /** Every transport of the handshake matrix. */
    enum Kind {
        MEM_CROSS_WIRED, PAIR_DEFAULT, PAIR_1_BYTE, PAIR_256_BYTES, BUFFER_OVER_PAIR,
        SOCKET_BLOCKING, SOCKET_NONBLOCKING, BUFFER_OVER_SOCKET_NONBLOCKING, CONNECT_ACCEPT_NONBLOCKING;

        Transport create() {
            return switch (this) {
                case MEM_CROSS_WIRED -> new Mem();
                case PAIR_DEFAULT -> new Pair(0, false);
                case PAIR_1_BYTE -> new Pair(1, false);
                case PAIR_256_BYTES -> new Pair(256, false);
                case BUFFER_OVER_PAIR -> new Pair(0, true);
                case SOCKET_BLOCKING -> new Sockets(false, false);
                case SOCKET_NONBLOCKING -> new Sockets(true, false);
                case BUFFER_OVER_SOCKET_NONBLOCKING -> new Sockets(true, true);
                case CONNECT_ACCEPT_NONBLOCKING -> new ConnectAccept();
            };
        }
    }

    /** Sets the BIOs (and roles) of both. */
    abstract void attach(Ssl client, Ssl server) throws IOException;

    boolean blocking() {
        return false;
    }

    /** Runs after every call: moves bytes for relayed transports. */
    Runnable relay() {
        return () -> { };
    }

    /** Runs when a round made no progress: socket transports wait for readiness. */
    Runnable idle() {
        return () -> { };
    }

    /** Whether the server steps first (so that an accept BIO has nobody to accept yet). */
    boolean serverFirst() {
        return false;
    }

    /** Retry kinds the handshake must show, beyond WANT_READ / WANT_WRITE. */
    Set<SslError> extraWants() {
        return EnumSet.noneOf(SslError.class);
    }

    @Override
    public void close() throws IOException {
    }

    static final class Mem extends Transport {
        @Override
        void attach(Ssl client, Ssl server) {
            MemBio c2s = MemBio.create();
            MemBio s2c = MemBio.create();
            client.setBio(s2c, c2s);
            server.setBio(c2s, s2c);
        }
    }

    static final class Pair extends Transport {
        private final int size;
        private final boolean buffered;

        Pair(int size, boolean buffered) {
            this.size = size;
            this.buffered = buffered;
        }

        @Override
        void attach(Ssl client, Ssl server) {
            BioPair pair = BioPair.create(size, size);
            Bio c = buffered ? BufferBio.create().push(pair.first()) : pair.first();
            Bio s = buffered ? BufferBio.create().push(pair.second()) : pair.second();
            client.setBio(c, c);
            server.setBio(s, s);
        }
    }

    /** A connected pair of loopback sockets, optionally non-blocking and under a BufferBio. */
    static final class Sockets extends Transport {
        private final boolean nonBlocking;
        private final boolean buffered;
        private final List<AutoCloseable> open = new ArrayList<>();
        private BioSelector<Object> selector;

        Sockets(boolean nonBlocking, boolean buffered) {
            this.nonBlocking = nonBlocking;
            this.buffered = buffered;
        }

        @Override
        boolean blocking() {
            return !nonBlocking;
        }

        @Override
        void attach(Ssl client, Ssl server) throws IOException {
            SocketChannel[] chs = connectedPair();
            SocketBio c = SocketBio.wrap(chs[0], true);
            SocketBio s = SocketBio.wrap(chs[1], true);
            open.add(c);
            open.add(s);
            c.setNonBlocking(nonBlocking);
            s.setNonBlocking(nonBlocking);
            // blocking sockets must not hang a broken test forever
            c.setReadTimeout(Duration.ofSeconds(30));
            s.setReadTimeout(Duration.ofSeconds(30));
            Bio cb = buffered ? BufferBio.create().push(c) : c;
            Bio sb = buffered ? BufferBio.create().push(s) : s;
            client.setBio(cb, cb);
            server.setBio(sb, sb);
            if (nonBlocking) {
                selector = BioSelector.open();
                open.add(selector);
                selector.register(cb, null);
                selector.register(sb, null);
            }
        }

        @Override
        Runnable idle() {
            return () -> awaitAny(selector);
        }

        @Override
        public void close() throws IOException {
            closeAll(open);
        }
    }

    static final class ConnectAccept extends Transport {
        private final List<AutoCloseable> open = new ArrayList<>();
        private BioSelector<Object> selector;

        @Override
        void attach(Ssl client, Ssl server) throws IOException {
            AcceptBio acceptor = AcceptBio.create("127.0.0.1:0");
            acceptor.setNonBlocking(true);
            acceptor.setNonBlockingChildren(true);
            open.add(acceptor::closeAll);
            if (acceptor.doAccept() != 1) {
                throw new IOException("listen failed: " + acceptor.lastError());
            }
            ConnectBio connector = ConnectBio.create("127.0.0.1:" + acceptor.localPort());
            connector.setNonBlocking(true);
            open.add(connector);
            client.setBio(connector, connector);
            server.setBio(acceptor, acceptor);
            selector = BioSelector.open();
            open.add(selector);
            selector.register(connector, null);
            selector.register(acceptor, null);
        }

        @Override
        Runnable idle() {
            return () -> awaitAny(selector);
        }

        @Override
        boolean serverFirst() {
            return true;
        }

        @Override
        Set<SslError> extraWants() {
            return EnumSet.of(SslError.WANT_CONNECT, SslError.WANT_ACCEPT);
        }

        @Override
        public void close() throws IOException {
            closeAll(open);
        }
    }

    static void awaitAny(BioSelector<Object> selector) {
        if (selector.select(Duration.ofSeconds(20)).isEmpty()) {
            throw new AssertionError("no BIO became ready within 20 s");
        }
    }

    static SocketChannel[] connectedPair() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel a = SocketChannel.open(server.getLocalAddress());
            SocketChannel b = server.accept();
            return new SocketChannel[] { a, b };
        }
    }

    static void closeAll(List<AutoCloseable> open) throws IOException {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new UncheckedIOException(new IOException(e));
            }
        }
    }
}
