package io.tlsbio.bio.socket;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * A source/sink over a connected TCP {@link SocketChannel}: {@code BIO_s_socket} / {@code
 * BIO_new_socket}.
 *
 * <h2>Blocking mode</h2>
 *
 * {@link #read} waits until at least one byte or end of stream arrives (or the {@linkplain
 * #setReadTimeout read timeout} passes); {@link #write} writes every byte before it returns, or
 * fails.
 *
 * <h2>Non-blocking mode</h2>
 *
 * {@link #setNonBlocking(boolean) setNonBlocking(true)} works on every socket BIO
 * (docs/decisions.md, decision 7; OpenSSL's plain socket BIO ignores {@code BIO_set_nbio}). A read
 * with nothing to read returns {@code -1} with retry-read; a write the kernel cannot take at all
 * returns {@code -1} with retry-write, one it can take in part returns the count taken. {@link
 * BioWait} and {@link BioSelector} wait for the direction the retry flags name.
 *
 * <h2>End of stream and failures</h2>
 *
 * The peer's end of stream (close or {@code shutdownOutput}) makes a read return {@code 0} and
 * {@link #eof()} true from then on ({@code BIO_FLAGS_IN_EOF}). A connection reset, broken pipe,
 * closed channel or any other {@link IOException} makes the call return {@code -1} without a retry
 * flag; the exception is the cause of {@link #lastError()} (reason {@link
 * BioError.Reason#IO_ERROR}). Nothing the peer does throws out of {@code read}/{@code write}.
 * Interrupting a thread blocked in a read or write closes the channel (the NIO {@link
 * java.nio.channels.InterruptibleChannel} rule); the call fails the same way.
 *
 * <h2>TCP_NODELAY</h2>
 *
 * Every socket BIO sets {@code TCP_NODELAY} on its socket unless told otherwise ({@link
 * #setTcpNoDelay(boolean) setTcpNoDelay(false)}, {@code BIO_set_tcp_ndelay(fd, 0)}). A TLS
 * connection writes whole records, and a request/response peer waits for each; with Nagle's
 * algorithm on, a small record written while an earlier one is unacknowledged waits for the peer's
 * delayed ACK (about 40 ms on Linux). This is a deliberate difference from OpenSSL, whose socket
 * BIOs set it only when asked ({@code BIO_SOCK_NODELAY}); see the README's "Semantics vs OpenSSL".
 *
 * <h2>Other operations</h2>
 *
 * {@link #flush()} returns 1 (nothing is buffered here); {@link #pending()} and {@link #wpending()}
 * are 0; {@link #reset()} does nothing and returns 0, as OpenSSL's socket BIO.
 *
 * <h2>Ownership and threads</h2>
 *
 * With {@code closeChannel} true, {@link #close()} closes the channel ({@code BIO_CLOSE});
 * otherwise the caller keeps it. Not thread-safe: one thread drives the BIO at a time.
 */
public class SocketBio extends Bio {

    private SocketChannel channel;
    private final boolean closeChannel;

    /** The mode asked for; applied to the channel whenever there is one. */
    private boolean nonBlocking;

    private Duration readTimeout = Duration.ZERO;
    private int readTimeoutMillis;
    private boolean inEof;

    /** The TCP_NODELAY asked for; applied to the channel whenever there is one. */
    private boolean tcpNoDelay;

    /** The selector {@link BioWait} uses for this BIO, opened on its first wait. */
    private final WaitSelector waiter = new WaitSelector();

    /**
     * For this package; {@code channel} may be {@code null} until connected. TCP_NODELAY is applied
     * to {@code channel} at once (best effort: a socket that refuses it fails its first read or
     * write anyway).
     */
    SocketBio(
            SocketChannel channel, boolean closeChannel, boolean nonBlocking, boolean tcpNoDelay) {
        this.channel = channel;
        this.closeChannel = closeChannel;
        this.nonBlocking = nonBlocking;
        this.tcpNoDelay = tcpNoDelay;
        applyTcpNoDelay(channel);
    }

    /**
     * A socket BIO over {@code ch}: {@code BIO_new_socket(fd, close_flag)}. The BIO starts in the
     * channel's current mode (blocking unless {@code ch} was configured otherwise) and sets {@code
     * TCP_NODELAY} on it (see the class doc; {@link #setTcpNoDelay} turns it off).
     *
     * @param ch a connected channel; it stays the caller's to configure only through this BIO
     * @param closeChannel whether {@link #close()} closes {@code ch} ({@code BIO_CLOSE} / {@code
     *     BIO_NOCLOSE})
     * @return a socket BIO that owns {@code ch}'s I/O from now on
     * @throws IllegalArgumentException if {@code ch} is not connected (or already closed)
     */
    public static SocketBio wrap(SocketChannel ch, boolean closeChannel) {
        Objects.requireNonNull(ch, "ch");
        if (!ch.isConnected()) {
            throw new IllegalArgumentException("channel is not connected: " + ch);
        }
        return new SocketBio(ch, closeChannel, !ch.isBlocking(), true);
    }

    /**
     * Switches between blocking and non-blocking I/O: {@code BIO_set_nbio} / {@code
     * BIO_socket_nbio}. Takes effect on the next call. Unlike OpenSSL this works on plain socket
     * BIOs too (docs/decisions.md, decision 7).
     *
     * @param nonBlocking {@code true} so that a read or write that cannot proceed returns {@code
     *     -1} with a retry flag, {@code false} to wait
     * @throws IllegalStateException if the BIO is closed, or (as {@link
     *     java.nio.channels.IllegalBlockingModeException}) if switching to blocking while the
     *     channel is registered with a {@link BioSelector}
     * @throws UncheckedIOException if the channel cannot be reconfigured (it was closed)
     */
    public void setNonBlocking(boolean nonBlocking) {
        ensureOpen();
        if (channel != null) {
            try {
                if (!nonBlocking) {
                    // a channel still registered with the wait selector cannot block
                    waiter.deregister();
                }
                channel.configureBlocking(!nonBlocking);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot set non-blocking=" + nonBlocking + " on " + channel, e);
            }
        }
        this.nonBlocking = nonBlocking;
    }

    /**
     * Whether reads and writes return a retry instead of waiting: {@code BIO_get_nbio}-like.
     *
     * @return {@code true} in non-blocking mode
     */
    public boolean isNonBlocking() {
        return channel != null ? !channel.isBlocking() : nonBlocking;
    }

    /**
     * Sets or clears {@code TCP_NODELAY} on the socket: {@code BIO_set_tcp_ndelay(fd, on)} ({@code
     * BIO_SOCK_NODELAY} in OpenSSL's socket options). On by default (see the class doc); a {@link
     * ConnectBio} applies it to every socket it opens.
     *
     * @param on {@code true} to send small writes at once (Nagle off), {@code false} to let TCP
     *     coalesce them
     * @throws IllegalStateException if the BIO is closed
     * @throws UncheckedIOException if the socket refuses the option (it was closed)
     */
    public void setTcpNoDelay(boolean on) {
        ensureOpen();
        if (channel != null) {
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, on);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot set TCP_NODELAY=" + on + " on " + channel, e);
            }
        }
        this.tcpNoDelay = on;
    }

    /**
     * Whether {@code TCP_NODELAY} is asked for (the socket has it once there is one).
     *
     * @return {@code true} if {@code TCP_NODELAY} is asked for
     */
    public boolean isTcpNoDelay() {
        return tcpNoDelay;
    }

    /**
     * Bounds how long a blocking read waits. When it passes, the read returns {@code -1} without a
     * retry flag and {@link #lastError()} has reason {@link BioError.Reason#TIMEOUT}; the
     * connection stays usable. {@link Duration#ZERO} (the default) waits forever. Has no effect in
     * non-blocking mode, where reads never wait. Sub-millisecond timeouts round up to 1 ms.
     * (OpenSSL has no per-BIO read timeout; this is what SO_RCVTIMEO gives a C socket.)
     *
     * @param timeout the longest a blocking read waits, {@link Duration#ZERO} for no bound
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public void setReadTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout < 0: " + timeout);
        }
        long millis = timeout.isZero() ? 0 : Math.max(1, ceilMillis(timeout));
        this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, millis);
        this.readTimeout = timeout;
    }

    /**
     * The blocking-read timeout; {@link Duration#ZERO} for none.
     *
     * @return the timeout set by {@link #setReadTimeout}, never {@code null}
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * The channel this BIO reads and writes: {@code BIO_get_fd}. For a {@link ConnectBio}, {@code
     * null} until {@link ConnectBio#doConnect()} created one (possibly still connecting). The BIO
     * keeps using it; configure it through this BIO.
     *
     * @return the channel, or {@code null} for a connect BIO not yet connecting
     */
    public SocketChannel channel() {
        return channel;
    }

    /**
     * Whether {@link #close()} also closes the channel: {@code BIO_get_close}.
     *
     * @return {@code true} if closing this BIO closes the channel ({@code BIO_CLOSE})
     */
    public boolean closesChannel() {
        return closeChannel;
    }

    // ---------------------------------------------------------------- hooks

    @Override
    protected int implRead(byte[] b, int off, int len) {
        SocketChannel ch = channel;
        try {
            int n;
            if (readTimeoutMillis > 0 && ch.isBlocking()) {
                // NIO channels ignore SO_TIMEOUT, but since JDK 13 the channel's socket adaptor
                // stream honours it with a timed poll, leaving the channel in blocking mode.
                ch.socket().setSoTimeout(readTimeoutMillis);
                n = ch.socket().getInputStream().read(b, off, len);
            } else {
                n = ch.read(ByteBuffer.wrap(b, off, len));
            }
            if (n > 0) {
                return n;
            }
            if (n < 0) {
                inEof = true;
                return 0;
            }
            setRetryRead();
            return -1;
        } catch (SocketTimeoutException e) {
            setError(BioError.Reason.TIMEOUT, "read timed out after " + readTimeout, e);
            return -1;
        } catch (IOException e) {
            setError(BioError.Reason.IO_ERROR, "read failed: " + e.getMessage(), e);
            return -1;
        }
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        SocketChannel ch = channel;
        ByteBuffer src = ByteBuffer.wrap(b, off, len);
        try {
            if (ch.isBlocking()) {
                while (src.hasRemaining()) {
                    ch.write(src);
                }
                return len;
            }
            int n = ch.write(src);
            if (n > 0) {
                return n;
            }
            setRetryWrite();
            return -1;
        } catch (IOException e) {
            setError(BioError.Reason.IO_ERROR, "write failed: " + e.getMessage(), e);
            return -1;
        }
    }

    @Override
    protected int implFlush() {
        return 1;
    }

    @Override
    protected long implPending() {
        return 0;
    }

    @Override
    protected long implWpending() {
        return 0;
    }

    @Override
    protected boolean implEof() {
        return inEof;
    }

    @Override
    protected int implReset() {
        return 0;
    }

    @Override
    protected void implClose() {
        waiter.close();
        if (closeChannel) {
            closeQuietly(channel);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName()
                + "["
                + channel
                + (isNonBlocking() ? ", non-blocking" : "")
                + "]";
    }

    // ---------------------------------------------------------------- for subclasses

    /**
     * Replaces the channel (a {@link ConnectBio} trying an address); the caller closes the old one.
     */
    void setChannel(SocketChannel ch) {
        this.channel = ch;
        this.inEof = false;
        applyTcpNoDelay(ch);
    }

    /** The selector {@link BioWait} waits with for this BIO. */
    WaitSelector waiter() {
        return waiter;
    }

    private void applyTcpNoDelay(SocketChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, tcpNoDelay);
        } catch (IOException | UnsupportedOperationException e) {
            // a socket that is already broken reports it on its first read or write
        }
    }

    /** The mode asked for, to apply to a channel that does not exist yet. */
    boolean wantsNonBlocking() {
        return nonBlocking;
    }

    static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a socket fails only if it is already broken; nothing is left to release
        }
    }

    static long ceilMillis(Duration d) {
        try {
            long nanos = d.toNanos();
            return nanos / 1_000_000 + (nanos % 1_000_000 == 0 ? 0 : 1);
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
