package io.tlsbio.bio.socket;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listening socket that hands out accepted connections: {@code BIO_s_accept} / {@code
 * BIO_new_accept}.
 *
 * <h2>Accepting</h2>
 *
 * The first {@link #doAccept()} ({@code BIO_do_accept}) binds and listens and returns {@code 1}
 * without accepting. Each later call accepts one connection, wraps it in a {@link SocketBio} and,
 * as OpenSSL does, pushes it as this BIO's {@link #next()}; {@link #takeAccepted()} takes it out
 * ({@code BIO_pop}) and hands it to the caller. While an accepted connection has not been taken,
 * {@code doAccept()} returns {@code 1} without accepting another. {@link #accept()} does all of it
 * in one call and is what most servers want:
 *
 * <pre>{@code
 * AcceptBio acceptor = AcceptBio.create("127.0.0.1:0");
 * acceptor.doAccept();                     // bind + listen; acceptor.localPort() is now known
 * SocketBio conn = acceptor.accept();      // blocks until a client connects; caller closes conn
 * }</pre>
 *
 * <h2>Modes</h2>
 *
 * {@link #setNonBlocking(boolean)} applies to the listening socket ({@code BIO_set_nbio_accept}): a
 * non-blocking accept with nobody connecting returns {@code -1} with retry-special and {@link
 * #retryReason()} {@link RetryReason#ACCEPT}; wait for it with {@link BioWait} or a {@link
 * BioSelector}. {@link #setNonBlockingChildren(boolean)} sets the mode of the accepted sockets
 * ({@code BIO_set_nbio} on an accept BIO). Both default to blocking. {@link
 * #setTcpNoDelayChildren(boolean)} decides {@code TCP_NODELAY} on the accepted sockets (OpenSSL:
 * {@code BIO_SOCK_NODELAY} in {@code BIO_set_bind_mode}); on by default, unlike OpenSSL, for the
 * reason {@link SocketBio} gives.
 *
 * <h2>Reading and writing</h2>
 *
 * As OpenSSL's {@code acpt_read}/{@code acpt_write}: with no accepted connection attached, a read
 * or write first binds/accepts (returning {@code -1} with the ACCEPT retry or the error if that
 * cannot complete), then reads or writes the attached connection and takes its retry flags.
 *
 * <h2>Failures and ownership</h2>
 *
 * A bind, listen or accept failure returns {@code -1} without a retry flag; {@link #lastError()}
 * has reason {@link BioError.Reason#ACCEPT_ERROR} (or {@link BioError.Reason#LOOKUP_FAILED}) and
 * the {@link IOException}; read it after a call that failed (only read, write and flush clear it on
 * entry). {@link #close()} closes the listening socket only; an attached, untaken connection is
 * closed by {@link #closeAll()}. A taken connection is the caller's. {@link #reset()} closes the
 * listening socket (the next {@code doAccept} listens again) and returns 0, as OpenSSL's. Not
 * thread-safe.
 */
public final class AcceptBio extends Bio {

    /** Listen backlog; OpenSSL passes SOMAXCONN, and the kernel caps the value anyway. */
    private static final int BACKLOG = 4096;

    private final HostPort listenOn;
    private ServerSocketChannel server;
    private boolean nonBlocking;
    private boolean nonBlockingChildren;
    private boolean tcpNoDelayChildren = true;

    /** The selector {@link BioWait} waits for a pending connection with. */
    private final WaitSelector waiter = new WaitSelector();

    private AcceptBio(HostPort listenOn) {
        this.listenOn = listenOn;
    }

    /**
     * An accept BIO for {@code hostPort}: {@code BIO_new_accept("host:port")}. Nothing is bound
     * until the first {@link #doAccept()}.
     *
     * @param hostPort {@code "host:port"}, {@code "[ipv6]:port"}, {@code "*:port"} or {@code
     *     "port"} (the last two listen on every address); port 0 picks an ephemeral port, see
     *     {@link #localPort()}
     * @return an unbound accept BIO in blocking mode
     * @throws IllegalArgumentException naming {@code hostPort} if it is not of that shape
     */
    public static AcceptBio create(String hostPort) {
        return new AcceptBio(HostPort.forAccept(hostPort));
    }

    /**
     * Binds and listens on the first call, then accepts one connection per call: {@code
     * BIO_do_accept}. Clears the retry flags first.
     *
     * @return {@code 1} when bound (first call) or when a connection was accepted and attached (or
     *     one is still attached) — take it with {@link #takeAccepted()}; {@code -1} with
     *     retry-special/ACCEPT when non-blocking and nobody is connecting; {@code -1} without retry
     *     on failure (see {@link #lastError()})
     * @throws IllegalStateException if the BIO is closed
     */
    public int doAccept() {
        ensureOpen();
        clearRetryFlags();
        clearError();
        return acceptStep();
    }

    /**
     * Takes out the connection the last {@link #doAccept()} attached, as {@code BIO_pop} of the
     * accept BIO does. The caller owns it (and closes it).
     *
     * @return the accepted connection, or {@code null} if none is attached
     */
    public SocketBio takeAccepted() {
        Bio child = next();
        if (child == null) {
            return null;
        }
        child.pop();
        return (SocketBio) child;
    }

    /**
     * Binds if needed, accepts one connection and hands it to the caller: {@link #doAccept()}
     * (twice on the first call) followed by {@link #takeAccepted()}. Blocks until a client connects
     * unless the listening socket is non-blocking.
     *
     * @return the accepted connection, owned by the caller; or {@code null} when nothing was
     *     accepted: then {@link #shouldRetry()} with reason ACCEPT (non-blocking, nobody
     *     connecting) or a failure in {@link #lastError()}
     * @throws IllegalStateException if the BIO is closed
     */
    public SocketBio accept() {
        ensureOpen();
        clearRetryFlags();
        clearError();
        while (next() == null) {
            if (acceptStep() <= 0) {
                return null;
            }
        }
        return takeAccepted();
    }

    /**
     * The port the listening socket is bound to: with port 0 in {@link #create}, the ephemeral port
     * chosen ({@code BIO_get_accept_port} after binding).
     *
     * @return the bound local port, 1..65535
     * @throws IllegalStateException if not bound yet (call {@link #doAccept()} first)
     */
    public int localPort() {
        if (server == null) {
            throw new IllegalStateException("not listening yet, call doAccept() first: " + this);
        }
        return server.socket().getLocalPort();
    }

    /**
     * The listening channel, or {@code null} before the first {@link #doAccept()}.
     *
     * @return the server channel once bound, else {@code null}
     */
    public ServerSocketChannel channel() {
        return server;
    }

    /**
     * Sets the listening socket's mode: {@code BIO_set_nbio_accept}. May be called before or after
     * binding.
     *
     * @param nonBlocking {@code true} to make {@link #doAccept()} return a retry (ACCEPT) when no
     *     connection is pending, {@code false} to wait for one
     * @throws UncheckedIOException if the listening socket cannot be reconfigured
     */
    public void setNonBlocking(boolean nonBlocking) {
        ensureOpen();
        if (server != null) {
            try {
                if (!nonBlocking) {
                    // a channel still registered with the wait selector cannot block
                    waiter.deregister();
                }
                server.configureBlocking(!nonBlocking);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot set non-blocking=" + nonBlocking + " on " + server, e);
            }
        }
        this.nonBlocking = nonBlocking;
    }

    /**
     * Whether accepting returns a retry instead of waiting.
     *
     * @return {@code true} in non-blocking mode
     */
    public boolean isNonBlocking() {
        return server != null ? !server.isBlocking() : nonBlocking;
    }

    /**
     * Sets the mode of connections accepted from now on: {@code BIO_set_nbio} on an accept BIO.
     * Connections already accepted keep theirs (change it with {@link SocketBio#setNonBlocking}).
     *
     * @param nonBlocking {@code true} to give each new connection's {@link SocketBio} non-blocking
     *     I/O
     */
    public void setNonBlockingChildren(boolean nonBlocking) {
        this.nonBlockingChildren = nonBlocking;
    }

    /**
     * Whether accepted connections start in non-blocking mode.
     *
     * @return {@code true} if new connections are non-blocking
     */
    public boolean isNonBlockingChildren() {
        return nonBlockingChildren;
    }

    /**
     * Sets {@code TCP_NODELAY} on connections accepted from now on (default on): {@code
     * BIO_SOCK_NODELAY} in OpenSSL's {@code BIO_set_bind_mode}, which is off by default there.
     * Connections already accepted keep theirs (change it with {@link SocketBio#setTcpNoDelay}).
     *
     * @param on {@code true} to set {@code TCP_NODELAY} (Nagle off) on each new connection
     */
    public void setTcpNoDelayChildren(boolean on) {
        this.tcpNoDelayChildren = on;
    }

    /**
     * Whether accepted connections get {@code TCP_NODELAY}.
     *
     * @return {@code true} if new connections get {@code TCP_NODELAY}
     */
    public boolean isTcpNoDelayChildren() {
        return tcpNoDelayChildren;
    }

    // ---------------------------------------------------------------- hooks

    @Override
    protected int implRead(byte[] b, int off, int len) {
        Bio child = attachedChild();
        if (child == null) {
            return -1;
        }
        int n = child.read(b, off, len);
        copyNextRetry();
        return n;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        Bio child = attachedChild();
        if (child == null) {
            return -1;
        }
        int n = child.write(b, off, len);
        copyNextRetry();
        return n;
    }

    @Override
    protected int implReset() {
        SocketBio.closeQuietly(server);
        server = null;
        return 0;
    }

    @Override
    protected void implClose() {
        waiter.close();
        SocketBio.closeQuietly(server);
    }

    /** The selector {@link BioWait} waits for a pending connection with. */
    WaitSelector waiter() {
        return waiter;
    }

    @Override
    public String toString() {
        String bound = server == null ? "unbound" : "port " + server.socket().getLocalPort();
        return "AcceptBio["
                + listenOn
                + ", "
                + bound
                + (isNonBlocking() ? ", non-blocking" : "")
                + "]";
    }

    // ---------------------------------------------------------------- the state machine

    /** Binds/accepts until a connection is attached; null (flags or error set) if it cannot. */
    private Bio attachedChild() {
        while (next() == null) {
            if (acceptStep() <= 0) {
                return null;
            }
        }
        return next();
    }

    /** One step of {@code acpt_state}. */
    private int acceptStep() {
        if (server == null) {
            return listen();
        }
        if (next() != null) {
            return 1;
        }
        SocketChannel ch;
        try {
            ch = server.accept();
        } catch (IOException e) {
            setError(
                    BioError.Reason.ACCEPT_ERROR,
                    "accept on " + this + " failed: " + e.getMessage(),
                    e);
            return -1;
        }
        if (ch == null) {
            setRetrySpecial(RetryReason.ACCEPT);
            return -1;
        }
        try {
            ch.configureBlocking(!nonBlockingChildren);
        } catch (IOException e) {
            SocketBio.closeQuietly(ch);
            setError(
                    BioError.Reason.ACCEPT_ERROR,
                    "cannot configure accepted socket: " + e.getMessage(),
                    e);
            return -1;
        }
        push(new SocketBio(ch, true, nonBlockingChildren, tcpNoDelayChildren));
        return 1;
    }

    private int listen() {
        InetSocketAddress address;
        try {
            address =
                    listenOn.host() == null
                            ? new InetSocketAddress(listenOn.port())
                            : new InetSocketAddress(
                                    InetAddress.getByName(listenOn.host()), listenOn.port());
        } catch (UnknownHostException e) {
            setError(BioError.Reason.LOOKUP_FAILED, "cannot resolve " + listenOn.host(), e);
            return -1;
        }
        ServerSocketChannel s = null;
        try {
            s = ServerSocketChannel.open();
            s.configureBlocking(!nonBlocking);
            s.bind(address, BACKLOG);
            server = s;
            return 1;
        } catch (IOException e) {
            SocketBio.closeQuietly(s);
            setError(
                    BioError.Reason.ACCEPT_ERROR,
                    "cannot listen on " + listenOn + ": " + e.getMessage(),
                    e);
            return -1;
        }
    }
}
