package io.tlsbio.cli;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioCallback;
import io.tlsbio.bio.BioError;
import io.tlsbio.bio.BioOperation;
import io.tlsbio.bio.socket.SocketBio;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The handshake and idle timeouts of a <em>blocking</em> socket, where no selector can watch the
 * clock: a BIO callback on the {@link SocketBio} that gives each blocking read the time left.
 *
 * <p>Handshake: one deadline for the whole handshake, so a client that trickles a byte now and then
 * is dropped on time too; each read's timeout is what is left of it, and a read that starts after
 * it is vetoed. Idle: each read may wait the idle limit. When a read fails for either reason,
 * {@link #timedOut()} says so, and the session reports the timeout rather than the read failure the
 * {@code Ssl} sees. Remove it with {@link #remove()} before the socket turns non-blocking or gets a
 * read timeout of its own. A callback already on the socket ({@code -debug}'s {@link
 * BioDumpCallback}) keeps running: this one calls it, and {@link #remove()} puts it back.
 */
final class ReadDeadline implements BioCallback {

    private final SocketBio socket;
    private final Duration limit;
    private final boolean wholeHandshake;
    private final long deadline;
    private final Supplier<String> state;

    /** The callback the socket had before this one, called by this one; null if none. */
    private BioCallback previous;

    private String stateAtRead;
    private boolean timedOut;

    private ReadDeadline(
            SocketBio socket, Duration limit, boolean wholeHandshake, Supplier<String> state) {
        this.socket = socket;
        this.limit = limit;
        this.wholeHandshake = wholeHandshake;
        this.state = state;
        this.deadline = System.nanoTime() + limit.toNanos();
    }

    /**
     * Installs a deadline {@code limit} from now for every read of {@code socket} (a handshake);
     * {@code state} (the handshake's state, as {@code SSL_state_string_long}) is noted as each read
     * starts, for the message: once the read fails the connection only says "error".
     */
    static ReadDeadline handshake(SocketBio socket, Duration limit, Supplier<String> state) {
        return install(new ReadDeadline(socket, limit, true, state));
    }

    /** Installs {@code limit} as the longest each read of {@code socket} may wait (idle). */
    static ReadDeadline idle(SocketBio socket, Duration limit) {
        return install(new ReadDeadline(socket, limit, false, () -> null));
    }

    private static ReadDeadline install(ReadDeadline d) {
        d.previous = d.socket.callback();
        d.socket.setCallback(d);
        return d;
    }

    /** Whether a read failed because the limit ran out. */
    boolean timedOut() {
        return timedOut;
    }

    /** The state noted when the last read started; null if none was. */
    String stateAtRead() {
        return stateAtRead;
    }

    /** The limit this enforces. */
    Duration limit() {
        return limit;
    }

    /** Uninstalls the callback and the read timeout it set. */
    void remove() {
        if (socket.callback() == this) {
            socket.setCallback(previous);
        }
        if (!socket.isClosed()) {
            socket.setReadTimeout(Duration.ZERO);
        }
    }

    @Override
    public long before(Bio bio, BioOperation op, byte[] buf, int off, int len) {
        if (previous != null) {
            long r = previous.before(bio, op, buf, off, len);
            if (r <= 0) {
                return r;
            }
        }
        if (op != BioOperation.READ || socket.isNonBlocking()) {
            return 1;
        }
        stateAtRead = state.get();
        long left = wholeHandshake ? deadline - System.nanoTime() : limit.toNanos();
        if (left <= 0) {
            timedOut = true;
            return -1; // vetoed: -1 without a retry flag, a failed read
        }
        socket.setReadTimeout(Duration.ofNanos(left));
        return 1;
    }

    @Override
    public long after(Bio bio, BioOperation op, byte[] buf, int off, int len, long ret) {
        if (op == BioOperation.READ && ret < 0) {
            BioError e = bio.lastError();
            if (e != null && e.reason() == BioError.Reason.TIMEOUT) {
                timedOut = true;
            }
        }
        return previous == null ? ret : previous.after(bio, op, buf, off, len, ret);
    }
}
