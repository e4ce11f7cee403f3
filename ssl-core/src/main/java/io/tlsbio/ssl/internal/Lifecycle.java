package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.SslShutdown;
import java.util.Set;

/**
 * Where an {@code Ssl} is in its life, and every transition it may make: the one place the
 * lifecycle is written down (docs/ssl-lifecycle.md explains the OpenSSL behaviour behind it).
 *
 * <pre>
 * from                          event                    to
 * NEW, BEFORE                   ROLE_SET                 BEFORE
 * BEFORE                        ENGINE_STARTED           HANDSHAKING
 * HANDSHAKING                   HANDSHAKE_DONE           ESTABLISHED
 * HANDSHAKING                   PEER_CLOSED_IN_INIT      CLOSED_IN_INIT
 * ESTABLISHED                   CLOSE_NOTIFY_SENT        SENT_SHUTDOWN
 * ESTABLISHED                   CLOSE_NOTIFY_RECEIVED    RECEIVED_SHUTDOWN
 * SENT_SHUTDOWN                 CLOSE_NOTIFY_RECEIVED    CLOSED
 * RECEIVED_SHUTDOWN             CLOSE_NOTIFY_SENT        CLOSED
 * ESTABLISHED..CLOSED           QUIET_SHUTDOWN           CLOSED
 * any but FREED                 FATAL                    FAILED
 * any                           FREE                     FREED
 * </pre>
 *
 * CLOSE_NOTIFY_RECEIVED also stands for an EOF counted as close_notify ({@code
 * SSL_OP_IGNORE_UNEXPECTED_EOF}); in CLOSED it changes nothing. Any other pair is a bug of ours and
 * throws {@link IllegalStateException}.
 */
public enum Lifecycle {
    /** No role yet: {@code SSL_new}. */
    NEW,
    /** A role, nothing sent or read: "before SSL initialization". */
    BEFORE,
    /** bctls is running the handshake. */
    HANDSHAKING,
    /** The handshake is done; no close_notify either way. */
    ESTABLISHED,
    /** Our close_notify is queued or sent; the peer's has not arrived. */
    SENT_SHUTDOWN,
    /** The peer's close_notify arrived (or an EOF counted as one); ours is not sent. */
    RECEIVED_SHUTDOWN,
    /** close_notify both ways, or a quiet shutdown. */
    CLOSED,
    /**
     * The peer's close_notify arrived during the handshake: handshake and read answer 0 from now
     * on.
     */
    CLOSED_IN_INIT,
    /** A fatal error, sent or received: every call replays it. */
    FAILED,
    /** {@code SSL_free}: every call throws. */
    FREED;

    /** What moves a connection from one state to the next. */
    public enum Event {
        ROLE_SET,
        ENGINE_STARTED,
        HANDSHAKE_DONE,
        PEER_CLOSED_IN_INIT,
        CLOSE_NOTIFY_SENT,
        CLOSE_NOTIFY_RECEIVED,
        QUIET_SHUTDOWN,
        FATAL,
        FREE
    }

    /** The state after {@code e}; throws for a transition the table does not have. */
    public Lifecycle on(Event e) {
        Lifecycle next =
                switch (e) {
                    case ROLE_SET -> this == NEW || this == BEFORE ? BEFORE : null;
                    case ENGINE_STARTED -> this == BEFORE ? HANDSHAKING : null;
                    case HANDSHAKE_DONE -> this == HANDSHAKING ? ESTABLISHED : null;
                    case PEER_CLOSED_IN_INIT -> this == HANDSHAKING ? CLOSED_IN_INIT : null;
                    case CLOSE_NOTIFY_SENT ->
                            this == ESTABLISHED
                                    ? SENT_SHUTDOWN
                                    : this == RECEIVED_SHUTDOWN ? CLOSED : null;
                    case CLOSE_NOTIFY_RECEIVED ->
                            this == ESTABLISHED
                                    ? RECEIVED_SHUTDOWN
                                    : this == SENT_SHUTDOWN || this == CLOSED ? CLOSED : null;
                    case QUIET_SHUTDOWN -> initFinished() ? CLOSED : null;
                    case FATAL -> this == FREED ? null : FAILED;
                    case FREE -> FREED;
                };
        if (next == null) {
            throw new IllegalStateException("no transition from " + this + " on " + e);
        }
        return next;
    }

    /** {@code SSL_is_init_finished}: the handshake is done and no fatal error followed. */
    public boolean initFinished() {
        return this == ESTABLISHED
                || this == SENT_SHUTDOWN
                || this == RECEIVED_SHUTDOWN
                || this == CLOSED;
    }

    /**
     * {@code SSL_get_shutdown} in this state (FAILED keeps the flags of the state it failed in).
     */
    public Set<SslShutdown> shutdownFlags() {
        return switch (this) {
            case SENT_SHUTDOWN -> Set.of(SslShutdown.SENT);
            case RECEIVED_SHUTDOWN, CLOSED_IN_INIT -> Set.of(SslShutdown.RECEIVED);
            case CLOSED -> Set.of(SslShutdown.SENT, SslShutdown.RECEIVED);
            default -> Set.of();
        };
    }

    /**
     * The flags FAILED keeps: those of the state that failed, plus RECEIVED when the failure was
     * the peer's fatal alert (OpenSSL sets {@code SSL_RECEIVED_SHUTDOWN} for one).
     */
    public static Set<SslShutdown> shutdownFlagsAfter(Set<SslShutdown> before, boolean peerAlert) {
        if (!peerAlert || before.contains(SslShutdown.RECEIVED)) {
            return before;
        }
        return before.isEmpty()
                ? Set.of(SslShutdown.RECEIVED)
                : Set.of(SslShutdown.SENT, SslShutdown.RECEIVED);
    }

    /**
     * Whether the peer's close_notify counts as received: {@code SSL_get_error} may say
     * ZERO_RETURN.
     */
    public boolean receivedCloseNotify() {
        return this == RECEIVED_SHUTDOWN || this == CLOSED || this == CLOSED_IN_INIT;
    }
}
