package io.tlsbio.cli;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * One TLS connection of {@code s_server} or {@code s_client}, driven in steps: the handshake, an
 * {@link Application} over the open connection (the {@code -www} page or the stdin/stdout relay),
 * then OpenSSL's two-step close.
 *
 * <p>{@link #step()} advances as far as the BIO allows. On a blocking BIO it returns only when the
 * session has ended; on a non-blocking one it returns {@link Status#WAITING} after the call that
 * asked for a retry, so the BIO's retry flags say what to wait for ({@code BioSelector} reads
 * them). Queued data is written before anything is read: a blocking server answers a request before
 * it waits for the next one.
 *
 * <p>Over a {@link Cork}, the data queued before {@link #close()} is written with its flush held
 * and our close_notify's flush takes both to the socket in one write.
 *
 * <p>Closing: after {@link #close()} (or the peer's close_notify) the session sends its
 * close_notify, then reads until the peer's arrives, passing on any data that still comes (a TLS
 * 1.3 peer may keep writing). The session ends {@link Status#DONE} when both close_notify have
 * passed, or when we closed first and the peer then just dropped the connection, or when the close
 * wait given to the constructor runs out. Anything else is {@link Status#FAILED}, with a one-line
 * {@link #failure()}.
 *
 * <p>Timeouts ({@code s_server}'s {@code -handshake_timeout}/{@code -idle_timeout}): on a blocking
 * socket the session enforces them itself ({@link #limitBlocking}, through a {@link ReadDeadline});
 * on a non-blocking one the loop that selects for it watches the clock and calls {@link #timedOut}.
 * Either way the failure line names the limit and how far the peer got.
 *
 * <p>Not thread-safe: one thread steps it; another may only watch its BIO.
 */
final class Session {

    /** What runs over an open connection. Called on the thread that steps the session. */
    interface Application {

        /** The handshake finished; {@link Session#send} and {@link Session#close} may be called. */
        void opened(Session session);

        /** Bytes from the peer; the array is reused after the call returns. */
        void received(Session session, byte[] b, int off, int len);

        /** The peer sent close_notify; ours follows. */
        default void peerClosed(Session session) {}
    }

    /** Where a step left the session. */
    enum Status {
        /** Waiting for the BIO: wait for what its retry flags ask, then step again. */
        WAITING,
        /** Ended cleanly. */
        DONE,
        /** Ended by a failure; see {@link #failure()}. */
        FAILED
    }

    private enum Phase {
        HANDSHAKE,
        OPEN,
        SHUTDOWN,
        CLOSE_WAIT,
        ENDED
    }

    private final Ssl ssl;
    private final Bio bio;
    private final SocketBio socket;
    private final String peer;
    private final Application app;
    private final StatePrinter state;
    private final boolean nonBlockingAfterHandshake;
    private final Duration closeWait;

    /**
     * When {@code bio} is a {@link Cork}: held for the data before a close, so it and our
     * close_notify leave together.
     */
    private final Cork cork;

    private final Deque<byte[]> outbound = new ArrayDeque<>();

    /**
     * The buffer reads decrypt into. Nothing stays in it between calls (the application gets the
     * bytes before the read returns), so one per thread serves every session that thread steps, and
     * a thousand idle sessions of one loop keep no 16 KiB each.
     */
    private static final ThreadLocal<byte[]> READ_BUFFER =
            ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private Phase phase = Phase.HANDSHAKE;
    private Status status = Status.WAITING;
    private boolean closeRequested;
    private boolean weClosed;
    private boolean peerClosed;
    private long closeDeadline;
    private String failure;
    private Throwable failureCause;
    private boolean aborted;
    private Timeouts blockingLimits = Timeouts.NONE;
    private ReadDeadline readDeadline;

    /**
     * @param ssl a connection with its BIO and role set
     * @param bio the BIO {@code ssl} reads and writes (the top of its chain)
     * @param socket the socket under {@code bio}
     * @param peer the peer's address, for messages
     * @param app what runs once the handshake is done
     * @param state prints {@code -state} lines, or null
     * @param nonBlockingAfterHandshake switch the socket to non-blocking once the handshake is
     *     done: a relay must watch stdin and the socket in one thread
     * @param closeWait how long to wait for the peer's close_notify after ours, or null for as long
     *     as the peer takes
     */
    Session(
            Ssl ssl,
            Bio bio,
            SocketBio socket,
            String peer,
            Application app,
            StatePrinter state,
            boolean nonBlockingAfterHandshake,
            Duration closeWait) {
        this.ssl = Objects.requireNonNull(ssl, "ssl");
        this.bio = Objects.requireNonNull(bio, "bio");
        this.socket = Objects.requireNonNull(socket, "socket");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.app = Objects.requireNonNull(app, "app");
        this.state = state;
        this.nonBlockingAfterHandshake = nonBlockingAfterHandshake;
        this.closeWait = closeWait;
        this.cork = bio instanceof Cork c ? c : null;
    }

    /**
     * Advances as far as the BIO allows; see the class doc. Once ended, returns the same status.
     */
    Status step() {
        try {
            while (phase != Phase.ENDED) {
                Status s =
                        switch (phase) {
                            case HANDSHAKE -> handshake();
                            case OPEN -> open();
                            case SHUTDOWN -> shutdown();
                            case CLOSE_WAIT -> closeWaitExpired() ? end(Status.DONE) : read();
                            case ENDED -> status;
                        };
                if (s != null) {
                    return s;
                }
            }
            return status;
        } catch (RuntimeException e) {
            // the socket could not be reconfigured, or an application callback failed
            failureCause = e;
            return fail("internal error: " + e);
        }
    }

    /** Queues {@code data} for the peer; ignored unless {@link #isOpen()}. */
    void send(byte[] data) {
        if (isOpen() && data.length > 0) {
            outbound.add(data.clone());
        }
    }

    /** Asks for our close_notify once the queued data is out. */
    void close() {
        closeRequested = true;
    }

    /** Whether the handshake is done and no close has started: {@link #send} is accepted. */
    boolean isOpen() {
        return phase == Phase.OPEN && !closeRequested;
    }

    /** Whether data waits to be written (a write that asked for a retry, or more behind it). */
    boolean hasQueued() {
        return !outbound.isEmpty();
    }

    /** Whether the session has ended, cleanly or not. */
    boolean isEnded() {
        return phase == Phase.ENDED;
    }

    /**
     * Whether a close wait with a limit has run out (the owner then steps it once more to end it).
     */
    boolean closeWaitExpired() {
        return phase == Phase.CLOSE_WAIT
                && closeWait != null
                && System.nanoTime() - closeDeadline >= 0;
    }

    /**
     * Ends a session that is still running, as a failure with {@code why} (the server's shutdown, a
     * timeout). Nothing more is sent, so {@link #release()} then closes without lingering.
     */
    void abort(String why) {
        if (phase != Phase.ENDED) {
            aborted = true;
            fail(why);
        }
    }

    /**
     * Ends the session because {@code limit} ran out: the handshake took longer, or (after the
     * handshake) no byte moved either way for that long. The failure says which, and how far the
     * peer got.
     */
    void timedOut(Duration limit) {
        abort(timeoutMessage(phase == Phase.HANDSHAKE, limit, null));
    }

    /**
     * On a blocking socket, enforces {@code limits} while this session blocks: the handshake (one
     * deadline for all of it) and, if the socket stays blocking after it, every read of the open
     * connection. Call before the first {@link #step()}. A session that turns non-blocking after
     * its handshake leaves the idle limit to its loop.
     */
    void limitBlocking(Timeouts limits) {
        this.blockingLimits = Objects.requireNonNull(limits, "limits");
    }

    /** Whether the handshake is still going on (its timeout applies, not the idle one). */
    boolean inHandshake() {
        return phase == Phase.HANDSHAKE;
    }

    /**
     * Bytes moved on the socket either way so far: a loop's measure of progress for idle timeouts.
     */
    long bytesMoved() {
        return socket.bytesRead() + socket.bytesWritten();
    }

    /**
     * Closes the BIO chain and its socket; after an end without the peer's close_notify, through
     * {@link Linger} so that our last bytes (an alert) are not lost to a TCP reset. An aborted
     * session sent nothing to protect and closes at once.
     */
    void release() {
        if (readDeadline != null) {
            readDeadline.remove();
            readDeadline = null;
        }
        if (!peerClosed && !aborted) {
            Linger.shutdownAndDrain(socket.channel(), Linger.DEFAULT);
        }
        bio.closeAll();
    }

    Ssl ssl() {
        return ssl;
    }

    Bio bio() {
        return bio;
    }

    String peer() {
        return peer;
    }

    /** Why the session failed, one line; null unless {@link Status#FAILED}. */
    String failure() {
        return failure;
    }

    /** The exception behind an internal failure, for {@code -stack_traces}; usually null. */
    Throwable failureCause() {
        return failureCause;
    }

    // ------------------------------------------------------------------ phases (null: go on)

    private Status handshake() {
        if (readDeadline == null && blockingLimits.handshake() != null && !socket.isNonBlocking()) {
            readDeadline =
                    ReadDeadline.handshake(
                            socket, blockingLimits.handshake(), ssl::stateStringLong);
        }
        int r = ssl.doHandshake();
        if (state != null) {
            state.handshakeReturned(ssl, r);
        }
        if (r == 1) {
            phase = Phase.OPEN;
            if (readDeadline != null) {
                readDeadline.remove();
                readDeadline = null;
            }
            if (nonBlockingAfterHandshake) {
                socket.setNonBlocking(true);
            } else if (blockingLimits.idle() != null && !socket.isNonBlocking()) {
                readDeadline = ReadDeadline.idle(socket, blockingLimits.idle());
            }
            app.opened(this);
            return null;
        }
        SslError e = ssl.getError(r);
        if (isRetry(e)) {
            return Status.WAITING;
        }
        if (readDeadline != null && readDeadline.timedOut()) {
            return fail(timeoutMessage(true, readDeadline.limit(), readDeadline.stateAtRead()));
        }
        if (r == 0) {
            return fail("handshake failed: the peer sent close_notify during the handshake");
        }
        return fail("handshake failed: " + describe(e, ssl.lastError()));
    }

    private Status open() {
        byte[] head = outbound.peek();
        if (head != null) {
            if (closeRequested && cork != null) {
                // the last data before our close_notify: its flush waits for the close_notify's
                cork.hold();
            }
            // after WANT_WRITE the same arguments again: Ssl sends them exactly once
            int w = ssl.write(head, 0, head.length);
            if (w > 0) {
                outbound.poll();
                return null;
            }
            SslError e = ssl.getError(w);
            return isRetry(e)
                    ? Status.WAITING
                    : fail("write failed: " + describe(e, ssl.lastError()));
        }
        if (closeRequested) {
            if (cork != null) {
                cork.release();
            }
            phase = Phase.SHUTDOWN;
            return null;
        }
        return read();
    }

    private Status read() {
        byte[] buf = READ_BUFFER.get();
        int r = ssl.read(buf, 0, buf.length);
        if (r > 0) {
            app.received(this, buf, 0, r);
            return null;
        }
        SslError e = ssl.getError(r);
        if (isRetry(e)) {
            return Status.WAITING;
        }
        if (e == SslError.ZERO_RETURN) {
            peerClosed = true;
            outbound.clear();
            app.peerClosed(this);
            phase = Phase.SHUTDOWN;
            return null;
        }
        if (readDeadline != null && readDeadline.timedOut()) {
            return fail(timeoutMessage(false, readDeadline.limit(), null));
        }
        if (weClosed && e == SslError.SYSCALL) {
            // we asked to close and the peer dropped the connection instead of answering: nothing
            // is lost (a fatal alert instead, SslError.SSL, is still a failure)
            return end(Status.DONE);
        }
        return fail(
                (r == 0 ? "connection closed: " : "read failed: ") + describe(e, ssl.lastError()));
    }

    private Status shutdown() {
        int r = ssl.shutdown();
        if (r == 1) {
            return end(Status.DONE);
        }
        if (r == 0) {
            weClosed = true;
            phase = Phase.CLOSE_WAIT;
            if (readDeadline != null) {
                // the close wait has a limit of its own
                readDeadline.remove();
                readDeadline = null;
            }
            if (closeWait != null) {
                closeDeadline = System.nanoTime() + closeWait.toNanos();
                if (!socket.isNonBlocking()) {
                    // a blocking read would otherwise wait for a peer that never answers
                    socket.setReadTimeout(closeWait);
                }
            }
            return null;
        }
        SslError e = ssl.getError(r);
        if (isRetry(e)) {
            return Status.WAITING;
        }
        if (peerClosed) {
            // the peer's close_notify arrived; ours could not follow because it already hung up
            return end(Status.DONE);
        }
        return fail("shutdown failed: " + describe(e, ssl.lastError()));
    }

    /** "handshake timed out after 10 s: the peer sent nothing", "idle for 300 s: ...". */
    private String timeoutMessage(boolean handshake, Duration limit, String stateWhenStalled) {
        if (!handshake) {
            return "idle timeout: nothing sent or received for " + Timeouts.seconds(limit);
        }
        long in = socket.bytesRead();
        String at = stateWhenStalled != null ? stateWhenStalled : ssl.stateStringLong();
        String where =
                in == 0
                        ? "the peer sent nothing"
                        : "stalled at '" + at + "' after " + in + " bytes from the peer";
        return "handshake timed out after " + Timeouts.seconds(limit) + ": " + where;
    }

    private Status end(Status s) {
        phase = Phase.ENDED;
        status = s;
        return s;
    }

    private Status fail(String why) {
        failure = why;
        return end(Status.FAILED);
    }

    static boolean isRetry(SslError e) {
        return e == SslError.WANT_READ
                || e == SslError.WANT_WRITE
                || e == SslError.WANT_CONNECT
                || e == SslError.WANT_ACCEPT;
    }

    /**
     * One line for a failed call: the reason, message and alert from lastError(), else the
     * SslError.
     */
    static String describe(SslError e, SslFailure f) {
        if (f == null) {
            return e == SslError.SYSCALL
                    ? "SYSCALL: the connection ended without close_notify"
                    : e.name();
        }
        String alert = f.alert() >= 0 ? " (alert " + f.alertName() + ")" : "";
        return f.reason() + ": " + f.message() + alert;
    }
}
