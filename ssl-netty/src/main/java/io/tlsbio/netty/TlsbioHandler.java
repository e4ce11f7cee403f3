package io.tlsbio.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CoalescingBufferQueue;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.UnsupportedMessageTypeException;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.PromiseNotifier;
import io.netty.util.concurrent.ScheduledFuture;
import io.tlsbio.netty.internal.InboundBio;
import io.tlsbio.netty.internal.LazyChannelPromise;
import io.tlsbio.netty.internal.OutboundBio;
import io.tlsbio.netty.internal.PlaintextWriter;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * A tlsbio {@link Ssl} in a Netty pipeline, in place of Netty's {@code SslHandler}: ciphertext
 * {@code ByteBuf}s in, decrypted {@code ByteBuf}s up; plaintext {@code ByteBuf}s down, encrypted
 * into records on {@code flush()}. The {@code Ssl} runs over two BIOs made of {@code ByteBuf}s
 * ({@code SSL_set_bio}), driven as OpenSSL's non-blocking loop: {@code SSL_do_handshake}, {@code
 * SSL_read} until {@code WANT_READ}, {@code SSL_write}, {@code SSL_shutdown}.
 *
 * <h2>What matches {@code SslHandler}</h2>
 *
 * <ul>
 *   <li>{@link #handshakeFuture()}; {@link SslHandshakeCompletionEvent} fired when the handshake
 *       ends (success, failure, or {@link SslHandshakeTimeoutException} after the handshake
 *       timeout, default 10 s), the channel closed on failure;
 *   <li>{@link #sslCloseFuture()}; {@link SslCloseCompletionEvent} when the peer's close_notify
 *       arrives (or with the cause when the connection fails or the channel closes first);
 *   <li>{@code close()} sends close_notify (after any written plaintext), waits up to the
 *       close_notify flush timeout (default 3 s) for it to be written, and up to the read timeout
 *       (default 0: not at all) for the peer's, then closes the channel;
 *   <li>a failure is fired to {@code exceptionCaught} as a {@link DecoderException} around a {@link
 *       TlsbioHandshakeException} or {@link TlsbioException}, then the channel closes;
 *   <li>writes before the handshake ends wait for it; writes are coalesced into records of up to 16
 *       KiB on {@code flush()}; pending plaintext counts towards the channel's writability; with
 *       {@code autoRead} off it reads only while the handshake runs or a read asked for brings no
 *       data, as {@code SslHandler} does.
 * </ul>
 *
 * What differs is in ssl-netty's README ("what differs from SslHandler").
 *
 * <h2>Threads and ownership</h2>
 *
 * One handler per channel. Everything runs on the channel's event loop; {@link #ssl()} may only be
 * used there. The {@code Ssl} and its BIOs belong to this handler. When it is removed from the
 * pipeline (which Netty does when the channel closes) the BIOs release their buffers; the {@code
 * Ssl} stays readable ({@code version()}, {@code verifyResult()}, {@code lastError()}).
 */
public final class TlsbioHandler extends ChannelDuplexHandler {

    /** Which end of the handshake this handler plays. */
    private enum Role {
        CLIENT,
        SERVER
    }

    /** Where the connection is; every change happens in this class. */
    private enum State {
        /** Handshake not finished (or not started). */
        HANDSHAKING,
        /** Handshake done; data flows both ways. */
        ESTABLISHED,
        /** Our close_notify is out; the peer's data is still read until its close_notify. */
        CLOSING,
        /** A fatal error, a handshake timeout, or the channel closed before the handshake ended. */
        FAILED
    }

    /** Largest plaintext in one record, and the most decrypted bytes handed up in one buffer. */
    static final int MAX_PLAINTEXT = 16384;

    private static final byte[] NO_BYTES = new byte[0];

    private final Ssl ssl;
    private final Role role;
    private final LazyChannelPromise handshakePromise = new LazyChannelPromise(this::context);
    private final LazyChannelPromise sslClosePromise = new LazyChannelPromise(this::context);
    private volatile long handshakeTimeoutMillis = 10_000;
    private volatile long closeNotifyFlushTimeoutMillis = 3_000;
    private volatile long closeNotifyReadTimeoutMillis;

    private ChannelHandlerContext ctx;
    private InboundBio in;
    private OutboundBio out;
    private CoalescingBufferQueue pendingWrites;
    private PlaintextWriter writer;
    private State state = State.HANDSHAKING;
    private boolean handshakeStarted;
    private boolean flushedBeforeHandshake;

    /** A read() asked for by the pipeline and not yet answered with data (autoRead off). */
    private boolean readRequested;

    /** Whether decrypted data went up during the current channel read. */
    private boolean firedChannelRead;

    private ScheduledFuture<?> handshakeTimeout;

    /** Ciphertext was written to the channel and not yet flushed. */
    private boolean needsFlush;

    private TlsbioHandler(SslContext context, Role role, String hostName) {
        Objects.requireNonNull(context, "context");
        this.role = role;
        this.ssl = context.newSsl();
        if (role == Role.CLIENT) {
            ssl.setConnectState();
            if (hostName != null) {
                ssl.setHostName(hostName);
            }
        } else {
            ssl.setAcceptState();
        }
    }

    /**
     * A client handler: it sends its ClientHello once the channel is active.
     *
     * @param context a client context; its host name, if set, is checked and sent as SNI
     * @return a new handler for one channel
     */
    public static TlsbioHandler client(SslContext context) {
        return new TlsbioHandler(context, Role.CLIENT, null);
    }

    /**
     * A client handler for {@code hostName}: checked against the server's certificate and sent as
     * SNI, overriding the context's host name for this connection ({@code SSL_set1_host}).
     *
     * @param context a client context
     * @param hostName the server's expected name
     * @return a new handler for one channel
     */
    public static TlsbioHandler client(SslContext context, String hostName) {
        return new TlsbioHandler(
                context, Role.CLIENT, Objects.requireNonNull(hostName, "hostName"));
    }

    /**
     * A server handler: it waits for the client's ClientHello.
     *
     * @param context a server context with its certificate and key
     * @return a new handler for one channel
     */
    public static TlsbioHandler server(SslContext context) {
        return new TlsbioHandler(context, Role.SERVER, null);
    }

    // ------------------------------------------------------------------ public API

    /**
     * The connection, for everything OpenSSL's {@code SSL} object tells ({@code version()}, {@code
     * cipher()}, {@code peerCertificates()}, {@code verifyResult()}...): the counterpart of {@code
     * SslHandler.engine()}. Event-loop thread only; do not drive it yourself.
     *
     * @return this handler's connection, never {@code null}
     */
    public Ssl ssl() {
        return ssl;
    }

    /**
     * The ALPN protocol selected, or null: {@code SslHandler.applicationProtocol()}, {@code
     * SSL_get0_alpn_selected}.
     *
     * @return the negotiated protocol name, or {@code null} if none was negotiated (yet)
     */
    public String applicationProtocol() {
        return ssl.selectedAlpn();
    }

    /**
     * Completes with the channel when the handshake succeeds, or fails with why it did not.
     *
     * @return a future that completes once, on the event loop
     */
    public Future<Channel> handshakeFuture() {
        return handshakePromise;
    }

    /**
     * Completes when the peer's close_notify arrives; fails with a {@link TlsbioException} when the
     * connection fails, or with a {@link ClosedChannelException} when the channel closes first.
     *
     * @return a future that completes once, on the event loop
     */
    public Future<Channel> sslCloseFuture() {
        return sslClosePromise;
    }

    /**
     * The handshake timeout; zero or negative disables it. Takes effect for a handshake not yet
     * started.
     *
     * @param timeout the longest the handshake may take from its start
     */
    public void setHandshakeTimeout(Duration timeout) {
        handshakeTimeoutMillis = timeout.toMillis();
    }

    /**
     * The handshake timeout in milliseconds (default 10,000).
     *
     * @return the timeout in milliseconds, {@code <= 0} if disabled
     */
    public long getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    /**
     * How long {@code close()} waits for our close_notify to be written before it closes anyway
     * (default 3 s).
     *
     * @param timeout the longest {@code close()} waits for our close_notify to be flushed
     */
    public void setCloseNotifyFlushTimeout(Duration timeout) {
        closeNotifyFlushTimeoutMillis = timeout.toMillis();
    }

    /**
     * The close_notify flush timeout in milliseconds.
     *
     * @return the timeout in milliseconds
     */
    public long getCloseNotifyFlushTimeoutMillis() {
        return closeNotifyFlushTimeoutMillis;
    }

    /**
     * How long {@code close()} waits for the peer's close_notify after ours is written, before it
     * closes the channel (default 0: it does not wait, as {@code SslHandler}).
     *
     * @param timeout the longest {@code close()} waits for the peer's close_notify; zero closes at
     *     once
     */
    public void setCloseNotifyReadTimeout(Duration timeout) {
        closeNotifyReadTimeoutMillis = timeout.toMillis();
    }

    /**
     * The close_notify read timeout in milliseconds.
     *
     * @return the timeout in milliseconds, 0 if {@code close()} does not wait
     */
    public long getCloseNotifyReadTimeoutMillis() {
        return closeNotifyReadTimeoutMillis;
    }

    private ChannelHandlerContext context() {
        return ctx;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        in = new InboundBio();
        out = new OutboundBio(ctx.alloc());
        ssl.setBio(in, out);
        pendingWrites = new CoalescingBufferQueue(ctx.channel(), 4, true);
        writer = new PlaintextWriter(ssl);
        if (ctx.channel().isActive()) {
            startHandshake();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startHandshake();
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ClosedChannelException closed = new ClosedChannelException();
        if (!pendingWrites.isEmpty()) {
            pendingWrites.releaseAndFailAll(ctx, closed);
        }
        cancelHandshakeTimeout();
        if (handshakePromise.tryFailure(closed)) {
            state = State.FAILED;
        }
        sslClosePromise.tryFailure(closed);
        // the BIOs hold pooled buffers: release them now. The Ssl holds none of Netty's, so it is
        // left as it is, for version(), verifyResult() and lastError() after the channel closed
        in.close();
        out.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        in.setEof();
        ClosedChannelException closed = new ClosedChannelException();
        if (state == State.HANDSHAKING) {
            // let tlsbio say what the EOF means here (UNEXPECTED_EOF, as SSL_do_handshake's
            // SYSCALL)
            int r = ssl.doHandshake();
            SslFailure f = ssl.lastError();
            handshakeFailed(r == 1 || f == null ? closed : new TlsbioHandshakeException(f), false);
        }
        if (!pendingWrites.isEmpty()) {
            pendingWrites.releaseAndFailAll(ctx, closed);
        }
        if (sslClosePromise.tryFailure(closed)) {
            ctx.fireUserEventTriggered(new SslCloseCompletionEvent(closed));
        }
        ctx.fireChannelInactive();
    }

    private void startHandshake() {
        if (handshakeStarted) {
            return;
        }
        handshakeStarted = true;
        long timeout = handshakeTimeoutMillis;
        if (timeout > 0) {
            handshakeTimeout =
                    ctx.executor()
                            .schedule(
                                    () -> {
                                        if (state == State.HANDSHAKING) {
                                            handshakeFailed(
                                                    new SslHandshakeTimeoutException(
                                                            "handshake timed out after "
                                                                    + timeout
                                                                    + "ms"),
                                                    false);
                                        }
                                    },
                                    timeout,
                                    TimeUnit.MILLISECONDS);
        }
        if (role == Role.CLIENT) {
            stepHandshake();
            flushOutput();
        }
        readIfNeeded();
    }

    /** One {@code SSL_do_handshake}; true once the handshake is done. */
    private boolean stepHandshake() {
        int r = ssl.doHandshake();
        if (r == 1) {
            handshakeDone();
            return true;
        }
        SslError e = ssl.getError(r);
        if (e == SslError.WANT_READ || e == SslError.WANT_WRITE) {
            return false;
        }
        SslFailure f = ssl.lastError();
        if (f == null) {
            // 0/ZERO_RETURN: the peer's close_notify came during the handshake
            f =
                    new SslFailure(
                            SslReason.ALERT_RECEIVED,
                            e == SslError.ZERO_RETURN ? e : SslError.SSL,
                            0,
                            "the peer sent close_notify during the handshake (" + e + ")",
                            null);
        }
        handshakeFailed(new TlsbioHandshakeException(f), true);
        return false;
    }

    private void handshakeDone() {
        state = State.ESTABLISHED;
        cancelHandshakeTimeout();
        handshakePromise.trySuccess(ctx.channel());
        ctx.fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        if (flushedBeforeHandshake && state == State.ESTABLISHED) {
            flushedBeforeHandshake = false;
            encryptPending();
        }
    }

    private void handshakeFailed(Exception cause, boolean exceptionCaught) {
        if (state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        cancelHandshakeTimeout();
        flushOutput(); // the alert tlsbio queued, if any
        if (!pendingWrites.isEmpty()) {
            pendingWrites.releaseAndFailAll(ctx, cause);
        }
        if (handshakePromise.tryFailure(cause)) {
            ctx.fireUserEventTriggered(new SslHandshakeCompletionEvent(cause));
        }
        if (exceptionCaught) {
            ctx.fireExceptionCaught(new DecoderException(cause));
        }
        ctx.close();
    }

    private void connectionFailed(SslFailure f) {
        if (state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        TlsbioException cause = new TlsbioException(f);
        flushOutput();
        if (!pendingWrites.isEmpty()) {
            pendingWrites.releaseAndFailAll(ctx, cause);
        }
        if (sslClosePromise.tryFailure(cause)) {
            ctx.fireUserEventTriggered(new SslCloseCompletionEvent(cause));
        }
        ctx.fireExceptionCaught(new DecoderException(cause));
        ctx.close();
    }

    private void cancelHandshakeTimeout() {
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
            handshakeTimeout = null;
        }
    }

    // ------------------------------------------------------------------ inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.FAILED || in.isClosed()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        in.add((ByteBuf) msg);
        if (state == State.HANDSHAKING && !stepHandshake()) {
            flushOutput();
            return;
        }
        readRecords();
        flushOutput();
    }

    /**
     * {@code SSL_read} until WANT_READ, one buffer up per decrypted record. A zero-length {@code
     * SSL_read} first decrypts the next record without a buffer (OpenSSL's way to learn {@code
     * SSL_pending}), so a buffer is allocated only for data that is there, at its size.
     */
    private void readRecords() {
        // a handler that fired data up may have closed or removed this one
        while ((state == State.ESTABLISHED || state == State.CLOSING) && !in.isClosed()) {
            int pending = ssl.pending();
            if (pending == 0) {
                int r = ssl.read(NO_BYTES, 0, 0);
                pending = ssl.pending();
                if (pending == 0) {
                    if (!readStalled(r)) {
                        return;
                    }
                    continue;
                }
            }
            ByteBuf buf = ctx.alloc().heapBuffer(Math.min(pending, MAX_PLAINTEXT));
            int n = ssl.read(buf.array(), buf.arrayOffset(), buf.capacity());
            if (n <= 0) {
                // pending() promised data: only a failure can take it away
                buf.release();
                readStalled(n);
                return;
            }
            buf.writerIndex(n);
            firedChannelRead = true;
            readRequested = false;
            ctx.fireChannelRead(buf);
        }
    }

    /**
     * Acts on an {@code SSL_read} that brought no data; true if reading should go on (an empty
     * record was consumed), false once it must wait, or the session ended or failed.
     */
    private boolean readStalled(int r) {
        if (r == 0 && ssl.getError(r) == SslError.NONE) {
            return true;
        }
        SslError e = ssl.getError(r);
        if (e == SslError.ZERO_RETURN) {
            peerClosed();
        } else if (e != SslError.WANT_READ && e != SslError.WANT_WRITE) {
            connectionFailed(failure(e));
        }
        return false;
    }

    /**
     * Why the last call failed: {@code lastError()}, or (never expected) a stand-in naming the
     * error.
     */
    private SslFailure failure(SslError e) {
        SslFailure f = ssl.lastError();
        return f != null
                ? f
                : new SslFailure(
                        SslReason.INTERNAL_ERROR,
                        e == SslError.SYSCALL ? e : SslError.SSL,
                        -1,
                        "the connection failed (" + e + ") without a reason",
                        null);
    }

    private void peerClosed() {
        if (sslClosePromise.trySuccess(ctx.channel())) {
            ctx.fireUserEventTriggered(SslCloseCompletionEvent.SUCCESS);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readIfNeeded();
        firedChannelRead = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        readRequested = true;
        ctx.read();
    }

    /**
     * With autoRead off: reads on our own only while the handshake needs the peer's bytes, or when
     * a read the pipeline asked for brought ciphertext but no data yet.
     */
    private void readIfNeeded() {
        if (!ctx.channel().config().isAutoRead()
                && (state == State.HANDSHAKING || (readRequested && !firedChannelRead))) {
            ctx.read();
        }
    }

    // ------------------------------------------------------------------ outbound

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf)) {
            UnsupportedMessageTypeException e =
                    new UnsupportedMessageTypeException(msg, ByteBuf.class);
            ReferenceCountUtil.safeRelease(msg);
            promise.setFailure(e);
            return;
        }
        if (state == State.FAILED || state == State.CLOSING || in.isClosed()) {
            ReferenceCountUtil.safeRelease(msg);
            promise.setFailure(
                    new SSLException(
                            "the TLS connection is "
                                    + (state == State.CLOSING ? "shut down" : "closed")));
            return;
        }
        pendingWrites.add((ByteBuf) msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (state == State.HANDSHAKING) {
            flushedBeforeHandshake = true;
            startHandshake();
        } else if (state == State.ESTABLISHED) {
            encryptPending();
        }
        flushOutput();
        needsFlush = false;
        ctx.flush();
    }

    /**
     * Encrypts what was written, up to 16 KiB of plaintext per record, each ciphertext carrying its
     * writes' promises.
     */
    private void encryptPending() {
        while (!pendingWrites.isEmpty() && state == State.ESTABLISHED) {
            ChannelPromise p = ctx.newPromise();
            ByteBuf chunk = pendingWrites.remove(ctx.alloc(), MAX_PLAINTEXT, p);
            boolean ok;
            try {
                ok = writer.write(chunk);
            } finally {
                chunk.release();
            }
            if (!ok) {
                SslFailure f = failure(SslError.SSL);
                p.setFailure(new TlsbioException(f));
                connectionFailed(f);
                return;
            }
            if (!out.writeTo(ctx, p)) {
                ctx.write(Unpooled.EMPTY_BUFFER, p);
            }
            needsFlush = true;
        }
    }

    /**
     * Passes any ciphertext (handshake flights, alerts, close_notify) to the channel and flushes
     * it.
     */
    private void flushOutput() {
        if (out.hasOutput()) {
            out.writeTo(ctx, ctx.newPromise());
            needsFlush = true;
        }
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (state != State.ESTABLISHED || !ctx.channel().isActive()) {
            if (state == State.HANDSHAKING) {
                // SSL_shutdown during the handshake sends nothing (SHUTDOWN_WHILE_IN_INIT)
                handshakeFailed(new ClosedChannelException(), false);
            }
            ctx.close(promise);
            return;
        }
        // what was written goes out first, then our close_notify: SSL_shutdown's first step
        encryptPending();
        if (state != State.ESTABLISHED) {
            ctx.close(promise);
            return;
        }
        state = State.CLOSING;
        ssl.shutdown();
        ChannelPromise sent = ctx.newPromise();
        if (!out.writeTo(ctx, sent)) {
            ctx.write(Unpooled.EMPTY_BUFFER, sent);
        }
        ctx.flush();
        closeAfter(sent, promise);
    }

    /**
     * Closes the channel once close_notify is written (or the flush timeout passed), then per the
     * read timeout.
     */
    private void closeAfter(ChannelFuture sent, ChannelPromise promise) {
        long flushTimeout = closeNotifyFlushTimeoutMillis;
        ScheduledFuture<?> flushTimer =
                sent.isDone() || flushTimeout <= 0
                        ? null
                        : ctx.executor()
                                .schedule(
                                        () -> closeNow(promise),
                                        flushTimeout,
                                        TimeUnit.MILLISECONDS);
        sent.addListener(
                f -> {
                    if (flushTimer != null) {
                        flushTimer.cancel(false);
                    }
                    long readTimeout = closeNotifyReadTimeoutMillis;
                    if (readTimeout <= 0 || sslClosePromise.isDone() || !f.isSuccess()) {
                        closeNow(promise);
                        return;
                    }
                    ScheduledFuture<?> readTimer =
                            ctx.executor()
                                    .schedule(
                                            () -> closeNow(promise),
                                            readTimeout,
                                            TimeUnit.MILLISECONDS);
                    sslClosePromise.addListener(
                            c -> {
                                readTimer.cancel(false);
                                closeNow(promise);
                            });
                });
    }

    private void closeNow(ChannelPromise promise) {
        ctx.close(ctx.newPromise()).addListener(new PromiseNotifier<>(false, promise));
    }

    @Override
    public String toString() {
        return "TlsbioHandler["
                + role.name().toLowerCase(java.util.Locale.ROOT)
                + ", "
                + state
                + "]";
    }
}
