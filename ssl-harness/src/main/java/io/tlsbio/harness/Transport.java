package io.tlsbio.harness;

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
import io.tlsbio.ssl.SslError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One way of wiring a client and a server {@link Ssl} together in one process, shared by the {@code
 * tlsbio demo} command and the handshake matrix tests: the BIOs each side gets, and how to wait
 * when a side asked for a retry. In-memory transports never wait (the peer's bytes are there as
 * soon as it wrote them); socket transports wait for the socket with {@link BioWait} (one side) or
 * a {@link BioSelector} (both), at most {@link #WAIT_LIMIT}. Closing releases the sockets.
 */
public abstract class Transport implements AutoCloseable {

    /** The longest a transport waits for a socket (or a blocking read) before it gives up. */
    public static final Duration WAIT_LIMIT = Duration.ofSeconds(20);

    /** The BIO the client reads and writes (the top of its chain); set by {@link #attach}. */
    protected Bio clientBio;

    /** The BIO the server reads and writes; set by {@link #attach}. */
    protected Bio serverBio;

    /** For the transports below and for harnesses that wire their own. */
    protected Transport() {}

    /**
     * Two MemBios, one per direction: each side writes into one and reads the other.
     *
     * @return an in-memory transport
     */
    public static Transport mem() {
        return new Mem();
    }

    /**
     * A BioPair with {@code size}-byte buffers (0: the default), each end under a BufferBio if
     * {@code buffered}.
     *
     * @param size each end's buffer in bytes, 0 for the default
     * @param buffered whether each end gets a BufferBio above it
     * @return a BIO-pair transport
     */
    public static Transport pair(int size, boolean buffered) {
        return new Pair(size, buffered);
    }

    /**
     * A connected loopback socket pair, blocking or not, each socket under a BufferBio if {@code
     * buffered}.
     *
     * @param nonBlocking whether the sockets are non-blocking
     * @param buffered whether each socket gets a BufferBio above it
     * @return a loopback socket transport
     */
    public static Transport sockets(boolean nonBlocking, boolean buffered) {
        return new Sockets(nonBlocking, buffered);
    }

    /**
     * A non-blocking ConnectBio connecting to a non-blocking AcceptBio: WANT_CONNECT and
     * WANT_ACCEPT.
     *
     * @return a connect/accept transport
     */
    public static Transport connectAccept() {
        return new ConnectAccept();
    }

    /**
     * Creates the BIOs and sets them on both; the roles are set by the caller.
     *
     * @param client the client connection to give its BIO
     * @param server the server connection to give its BIO
     * @throws IOException if a socket cannot be opened or connected
     */
    public abstract void attach(Ssl client, Ssl server) throws IOException;

    /**
     * The client's BIO (null before {@link #attach}).
     *
     * @return the client's BIO, or {@code null}
     */
    public final Bio clientBio() {
        return clientBio;
    }

    /**
     * The server's BIO (null before {@link #attach}).
     *
     * @return the server's BIO, or {@code null}
     */
    public final Bio serverBio() {
        return serverBio;
    }

    /**
     * Whether the BIOs block (each side then needs a thread of its own).
     *
     * @return {@code true} for blocking BIOs
     */
    public boolean blocking() {
        return false;
    }

    /**
     * Whether the server steps first (an accept BIO must be listening before the client connects).
     *
     * @return {@code true} if the server must be driven first
     */
    public boolean serverFirst() {
        return false;
    }

    /**
     * Retry kinds a non-blocking handshake shows beyond WANT_READ and WANT_WRITE.
     *
     * @return the extra retry kinds, empty for most transports
     */
    public Set<SslError> extraWants() {
        return EnumSet.noneOf(SslError.class);
    }

    /**
     * Waits until the BIO of a side that asked for a retry can proceed (either, when both wait); a
     * no-op in memory.
     *
     * @param clientWaits whether the client asked for a retry
     * @param serverWaits whether the server asked for a retry
     * @throws IllegalStateException when no awaited socket is ready within {@link #WAIT_LIMIT}
     */
    public void await(boolean clientWaits, boolean serverWaits) {}

    /**
     * Called once the handshake is done: the connections exist by then.
     *
     * @throws IOException if a socket option cannot be set
     */
    public void handshakeDone() throws IOException {}

    @Override
    public void close() {}

    /**
     * Two connected loopback socket channels (blocking), with TCP_NODELAY.
     *
     * @return the two ends, a client's and a server's
     * @throws IOException if the loopback sockets cannot be opened or connected
     */
    public static SocketChannel[] connectedPair() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel a = SocketChannel.open(listener.getLocalAddress());
            SocketChannel b = listener.accept();
            // Nagle plus delayed ACKs would add 40 ms stalls to the small close_notify records
            a.setOption(StandardSocketOptions.TCP_NODELAY, true);
            b.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return new SocketChannel[] {a, b};
        }
    }

    /**
     * Waits until a BIO registered with {@code selector} is ready.
     *
     * @param selector a selector with BIOs registered
     * @throws IllegalStateException when none is within {@link #WAIT_LIMIT}
     */
    public static void awaitAny(BioSelector<?> selector) {
        if (selector.select(WAIT_LIMIT).isEmpty()) {
            throw new IllegalStateException(
                    "no socket became ready within " + WAIT_LIMIT.toSeconds() + " s");
        }
    }

    private static final class Mem extends Transport {
        @Override
        public void attach(Ssl client, Ssl server) {
            MemBio toServer = MemBio.create();
            MemBio toClient = MemBio.create();
            client.setBio(toClient, toServer);
            server.setBio(toServer, toClient);
            clientBio = toServer;
            serverBio = toClient;
        }
    }

    private static final class Pair extends Transport {
        private final int size;
        private final boolean buffered;

        Pair(int size, boolean buffered) {
            this.size = size;
            this.buffered = buffered;
        }

        @Override
        public void attach(Ssl client, Ssl server) {
            BioPair pair = BioPair.create(size, size);
            clientBio = buffered ? BufferBio.create().push(pair.first()) : pair.first();
            serverBio = buffered ? BufferBio.create().push(pair.second()) : pair.second();
            client.setBio(clientBio, clientBio);
            server.setBio(serverBio, serverBio);
        }
    }

    private static final class Sockets extends Transport {
        private final boolean nonBlocking;
        private final boolean buffered;
        private final List<Bio> open = new ArrayList<>();
        private BioSelector<Object> selector;

        Sockets(boolean nonBlocking, boolean buffered) {
            this.nonBlocking = nonBlocking;
            this.buffered = buffered;
        }

        @Override
        public boolean blocking() {
            return !nonBlocking;
        }

        @Override
        public void attach(Ssl client, Ssl server) throws IOException {
            SocketChannel[] chs = connectedPair();
            SocketBio c = SocketBio.wrap(chs[0], true);
            SocketBio s = SocketBio.wrap(chs[1], true);
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
        public void await(boolean clientWaits, boolean serverWaits) {
            awaitSockets(selector, clientWaits ? clientBio : null, serverWaits ? serverBio : null);
        }

        @Override
        public void close() {
            closeAll(selector, open);
        }
    }

    private static final class ConnectAccept extends Transport {
        private final List<Bio> open = new ArrayList<>();
        private BioSelector<Object> selector;
        private AcceptBio acceptor;
        private ConnectBio connector;
        private boolean clientNoDelay;
        private boolean serverNoDelay;

        @Override
        public void attach(Ssl client, Ssl server) throws IOException {
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
        public void await(boolean clientWaits, boolean serverWaits) {
            try {
                noDelay();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitSockets(selector, clientWaits ? clientBio : null, serverWaits ? serverBio : null);
        }

        @Override
        public void handshakeDone() throws IOException {
            noDelay();
        }

        /**
         * TCP_NODELAY, as for the socket pair, on each connection as soon as it exists (the connect
         * BIO makes its socket, and the accept BIO accepts, during the handshake).
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
        public boolean serverFirst() {
            return true;
        }

        @Override
        public Set<SslError> extraWants() {
            return EnumSet.of(SslError.WANT_CONNECT, SslError.WANT_ACCEPT);
        }

        @Override
        public void close() {
            closeAll(selector, open);
        }
    }

    /**
     * Waits for one BIO with BioWait, or for either of two with the selector both are registered
     * with.
     */
    private static void awaitSockets(BioSelector<Object> selector, Bio a, Bio b) {
        if (a != null && b != null) {
            awaitAny(selector);
        } else if (a != null || b != null) {
            if (BioWait.waitFor(a != null ? a : b, WAIT_LIMIT) == BioWait.Result.TIMED_OUT) {
                throw new IllegalStateException(
                        "socket not ready within " + WAIT_LIMIT.toSeconds() + " s");
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
