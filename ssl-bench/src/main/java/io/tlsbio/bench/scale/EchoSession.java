package io.tlsbio.bench.scale;

import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;

/**
 * The server end of one non-blocking connection: handshake, then echo every byte until the client's
 * close_notify. {@link #step()} goes as far as the socket allows and leaves the socket's retry
 * flags set for the selector.
 */
final class EchoSession {

    /** Where a step left the session. */
    enum State {
        HANDSHAKE,
        ECHO,
        CLOSED
    }

    /**
     * One buffer for every session the selector thread steps: nothing stays in it between steps.
     */
    private static final ThreadLocal<byte[]> BUFFER =
            ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private final Ssl ssl;
    private final SocketBio socket;
    private State state = State.HANDSHAKE;
    private byte[] unsent;
    private int unsentLen;
    private boolean echoed;
    private String failure;

    EchoSession(SslContext ctx, SocketBio socket) {
        this.socket = socket;
        this.ssl = ctx.newSsl();
        ssl.setBio(socket, socket);
        ssl.setAcceptState();
    }

    SocketBio socket() {
        return socket;
    }

    /** Whether the first message came back to the client already. */
    boolean echoed() {
        return echoed;
    }

    /** Why the session ended badly, or null. */
    String failure() {
        return failure;
    }

    /** Advances; returns the state it stopped in. */
    State step() {
        while (true) {
            switch (state) {
                case HANDSHAKE -> {
                    int r = ssl.doHandshake();
                    if (r != 1) {
                        retry(r, "handshake");
                        return state;
                    }
                    state = State.ECHO;
                }
                case ECHO -> {
                    if (unsent != null) {
                        int w = ssl.write(unsent, 0, unsentLen);
                        if (w <= 0) {
                            retry(w, "write");
                            return state;
                        }
                        unsent = null;
                        echoed = true;
                    }
                    byte[] buf = BUFFER.get();
                    int n = ssl.read(buf, 0, buf.length);
                    if (n > 0) {
                        unsent = java.util.Arrays.copyOf(buf, n);
                        unsentLen = n;
                    } else if (ssl.getError(n) == SslError.ZERO_RETURN) {
                        ssl.shutdown();
                        close();
                    } else {
                        retry(n, "read");
                        return state;
                    }
                }
                case CLOSED -> {
                    return state;
                }
            }
        }
    }

    /** True if {@code r} asks for a retry; otherwise the session is closed as failed. */
    private boolean retry(int r, String what) {
        SslError e = ssl.getError(r);
        if (ScaleTls.isRetry(e)) {
            return true;
        }
        if (e != SslError.ZERO_RETURN && e != SslError.SYSCALL) {
            failure = what + ": " + e + " " + ssl.lastError();
        }
        close();
        return false;
    }

    void close() {
        state = State.CLOSED;
        ssl.close();
        socket.closeAll();
    }
}
