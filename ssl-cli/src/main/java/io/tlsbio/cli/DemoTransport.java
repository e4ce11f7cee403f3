package io.tlsbio.cli;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.buffer.BufferBio;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.pair.BioPair;
import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.BioSelector;
import io.tlsbio.bio.socket.BioWait;
import io.tlsbio.bio.socket.ConnectBio;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.ssl.Ssl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a demo case wires its client and server together: the BIOs each {@link Ssl} gets, and how
 * to wait when a side asked for a retry. In-memory transports never need to wait (the peer's
 * bytes are there as soon as it wrote them); socket transports wait for the socket with
 * {@link BioWait} (one side) or a {@link BioSelector} (both). Closing releases sockets.
 */
abstract class DemoTransport implements AutoCloseable {

    /** The longest a demo waits for a socket before it calls the case failed. */
    static final Duration WAIT_LIMIT = Duration.ofSeconds(10);

    /** The BIO the client reads and writes (the top of its chain). */
    Bio clientBio;
    /** The BIO the server reads and writes. */
    Bio serverBio;

    /** Creates the BIOs and sets them on both; roles are set by the caller. */
    abstract void attach(Ssl client, Ssl server) throws IOException;

    /** Waits until the BIO of a side that asked for a retry can proceed; no-op in memory. */
    void await(boolean clientWaits, boolean serverWaits) {
    }

    /** Called once the handshake is done: the connections exist by then. */
    void handshakeDone() throws IOException {
    }

    /** Whether the server steps first (an accept BIO must be listening before the client connects). */
    boolean serverFirst() {
        return false;
    }

    @Override
    public void close() {
    }

    /** Two MemBios, one per direction: each side writes into one and reads the other. */
    static final class Mem extends DemoTransport {
        @Override
        void attach(Ssl client, Ssl server) {
            MemBio toServer = MemBio.create();
            MemBio toClient = MemBio.create();
            client.setBio(toClient, toServer);
            server.setBio(toServer, toClient);
            clientBio = toServer;
            serverBio = toClient;
        }
    }

    /** A BioPair with {@code size}-byte buffers (0: the default), optionally under BufferBios. */
    static final class Pair extends DemoTransport {
        private final int size;
        private final boolean buffered;

        Pair(int size, boolean buffered) {
            this.size = size;
            this.buffered = buffered;
        }

        @Override
        void attach(Ssl client, Ssl server) {
            BioPair pair = BioPair.create(size, size);
            clientBio = buffered ? BufferBio.create().push(pair.first()) : pair.first();
            serverBio = buffered ? BufferBio.create().push(pair.second()) : pair.second();
            client.setBio(clientBio, clientBio);
            server.setBio(serverBio, serverBio);
        }
    }

    /** A connected loopback socket pair, blocking or not, optionally under BufferBios. */
    static final class Sockets extends DemoTransport {
        private final boolean nonBlocking;
        private final boolean buffered;
        private final List<Bio> open = new ArrayList<>();
        private BioSelector<Object> selector;

        Sockets(boolean nonBlocking, boolean buffered) {
            this.nonBlocking = nonBlocking;
            this.buffered = buffered;
        }

        @Override
        void attach(Ssl client, Ssl server) throws IOException {
            SocketBio c;
            SocketBio s;
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel a = SocketChannel.open(listener.getLocalAddress());
                SocketChannel b = listener.accept();
                // Nagle plus delayed ACKs would add 40 ms stalls to the small close_notify records
                a.setOption(StandardSocketOptions.TCP_NODELAY, true);
                b.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c = SocketBio.wrap(a, true);
                s = SocketBio.wrap(b, true);
            }
            open.add(c);
            open.add(s);
            c.setNonBlocking(nonBlocking);
            s.setNonBlocking(nonBlocking);
            // a blocking side whose peer failed must not wait forever
            c.setReadTimeout(WAIT_LIMIT);
            s.setReadTimeout(WAIT_LIMIT);
            clientBio = buffered ? BufferBio.create().push(c) : c;
            serverBio = buffered ? BufferBio.create().push(s) : s;
            client.setBio(clientBio, clientBio);
            server.setBio(serverBio, serverBio);
            if (nonBlocking) {
                selector = BioSelector.open();
                selector.register(clientBio, null);
                selector.register(serverBio, null);
            }
        }

        @Override
        void await(boolean clientWaits, boolean serverWaits) {
            awaitSockets(selector, clientWaits ? clientBio : null, serverWaits ? serverBio : null);
        }

        @Override
        public void close() {
            closeAll(selector, open);
        }
    }

    /** A non-blocking ConnectBio connecting to a non-blocking AcceptBio: WANT_CONNECT and WANT_ACCEPT. */
    static final class ConnectAccept extends DemoTransport {
        private final List<Bio> open = new ArrayList<>();
        private BioSelector<Object> selector;
        private AcceptBio acceptor;
        private ConnectBio connector;
        private boolean clientNoDelay;
        private boolean serverNoDelay;

        @Override
        void attach(Ssl client, Ssl server) throws IOException {
            acceptor = AcceptBio.create("127.0.0.1:0");
            open.add(acceptor);
            acceptor.setNonBlocking(true);
            acceptor.setNonBlockingChildren(true);
            if (acceptor.doAccept() != 1) {
                throw new IOException("listen failed: " + acceptor.lastError());
            }
            connector = ConnectBio.create("127.0.0.1:" + acceptor.localPort());
            open.add(connector);
            connector.setNonBlocking(true);
            clientBio = connector;
            serverBio = acceptor;
            client.setBio(connector, connector);
            server.setBio(acceptor, acceptor);
            selector = BioSelector.open();
            selector.register(connector, null);
            selector.register(acceptor, null);
        }

        @Override
        void await(boolean clientWaits, boolean serverWaits) {
            try {
                noDelay();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitSockets(selector, clientWaits ? clientBio : null, serverWaits ? serverBio : null);
        }

        @Override
        void handshakeDone() throws IOException {
            noDelay();
        }

        /**
         * TCP_NODELAY, as for Sockets, on each connection as soon as it exists (the connect BIO
         * makes its socket, and the accept BIO accepts, during the handshake): without it Nagle
         * and delayed ACKs stall small records by 40 ms.
         */
        private void noDelay() throws IOException {
            if (!clientNoDelay && connector.channel() != null) {
                connector.channel().setOption(StandardSocketOptions.TCP_NODELAY, true);
                clientNoDelay = true;
            }
            if (!serverNoDelay && acceptor.next() instanceof SocketBio accepted) {
                accepted.channel().setOption(StandardSocketOptions.TCP_NODELAY, true);
                serverNoDelay = true;
            }
        }

        @Override
        boolean serverFirst() {
            return true;
        }

        @Override
        public void close() {
            closeAll(selector, open);
        }
    }

    /** Waits for one BIO with BioWait, or for either of two with the selector both are registered with. */
    private static void awaitSockets(BioSelector<Object> selector, Bio a, Bio b) {
        if (a != null && b != null) {
            if (selector.select(WAIT_LIMIT).isEmpty()) {
                throw new IllegalStateException("neither socket became ready within " + WAIT_LIMIT.toSeconds() + " s");
            }
        } else if (a != null || b != null) {
            if (BioWait.waitFor(a != null ? a : b, WAIT_LIMIT) == BioWait.Result.TIMED_OUT) {
                throw new IllegalStateException("socket not ready within " + WAIT_LIMIT.toSeconds() + " s");
            }
        }
    }

    private static void closeAll(BioSelector<Object> selector, List<Bio> open) {
        if (selector != null) {
            selector.close();
        }
        // closeAll: an AcceptBio also drops the connection it accepted
        open.forEach(Bio::closeAll);
    }
}
