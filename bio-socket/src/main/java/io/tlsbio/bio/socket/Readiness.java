package io.tlsbio.bio.socket;

import io.tlsbio.bio.Bio;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** What a BIO's retry flags wait for, and which channel of its chain can tell. */
final class Readiness {

    private Readiness() {}

    /** The selection op the pending retry of {@code bio} waits for, or 0 if none is pending. */
    static int interestOps(Bio bio) {
        return switch (bio.retryReason()) {
            case READ -> SelectionKey.OP_READ;
            case WRITE -> SelectionKey.OP_WRITE;
            case CONNECT -> SelectionKey.OP_CONNECT;
            case ACCEPT -> SelectionKey.OP_ACCEPT;
            case NONE, SSL_X509_LOOKUP -> 0;
        };
    }

    /** Whether {@code bio} or a BIO after it is a socket, connect or accept BIO. */
    static boolean hasSocket(Bio bio) {
        for (Bio b = bio; b != null; b = b.next()) {
            if (b instanceof SocketBio || b instanceof AcceptBio) {
                return true;
            }
        }
        return false;
    }

    /**
     * The channel that tells when {@code op} is ready: the first socket BIO's channel walking
     * {@code bio.next()} through filters, or an accept BIO's listening channel for OP_ACCEPT (for
     * other ops, its attached connection). {@code null} if there is none (yet).
     */
    static SelectableChannel channelFor(Bio bio, int op) {
        Bio owner = socketFor(bio, op);
        if (owner instanceof AcceptBio a) {
            return a.channel();
        }
        return owner == null ? null : ((SocketBio) owner).channel();
    }

    /** The selector {@link BioWait} keeps for the BIO whose channel {@link #channelFor} names. */
    static WaitSelector waiterFor(Bio bio, int op) {
        Bio owner = socketFor(bio, op);
        if (owner instanceof AcceptBio a) {
            return a.waiter();
        }
        return owner == null ? null : ((SocketBio) owner).waiter();
    }

    private static Bio socketFor(Bio bio, int op) {
        for (Bio b = bio; b != null; b = b.next()) {
            if (b instanceof AcceptBio) {
                if (op == SelectionKey.OP_ACCEPT) {
                    return b;
                }
            } else if (b instanceof SocketBio) {
                return b;
            }
        }
        return null;
    }

    /**
     * Whether waiting on {@code ch} for {@code op} is pointless because the retried call will
     * proceed (or report a failure) at once: a closed channel, or a connect that already ended.
     */
    static boolean readyWithoutWaiting(SelectableChannel ch, int op) {
        if (ch == null || !ch.isOpen()) {
            return true;
        }
        // OP_CONNECT never becomes ready on a channel whose connect is not pending
        return op == SelectionKey.OP_CONNECT && !((SocketChannel) ch).isConnectionPending();
    }

    /** Milliseconds to pass to {@code Selector.select(long)}: at least 1 (0 would mean forever). */
    static long selectMillis(long nanos) {
        long ms = nanos / 1_000_000 + (nanos % 1_000_000 == 0 ? 0 : 1);
        return Math.max(1, ms);
    }
}
