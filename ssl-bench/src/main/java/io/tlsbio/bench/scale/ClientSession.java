package io.tlsbio.bench.scale;

import io.tlsbio.bio.socket.ConnectBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;

/**
 * The client end of one non-blocking connection: connect, handshake (timed), send one message, read
 * its echo, then stay open until {@link #close()}.
 */
final class ClientSession {

    /** Where a step left the session. */
    enum State {
        CONNECT,
        HANDSHAKE,
        SEND,
        RECEIVE,
        OPEN,
        FAILED
    }

    private static final byte[] MESSAGE = new byte[ScaleTls.MESSAGE_SIZE];

    private final ConnectBio bio;
    private final Ssl ssl;
    private final long started = System.nanoTime();
    private final byte[] echo = new byte[ScaleTls.MESSAGE_SIZE];
    private int echoed;
    private long handshakeNanos = -1;
    private State state = State.CONNECT;
    private String failure;

    ClientSession(SslContext ctx, int port) {
        bio = ConnectBio.create("127.0.0.1:" + port);
        bio.setNonBlocking(true);
        ssl = ctx.newSsl();
        ssl.setBio(bio, bio);
        ssl.setConnectState();
    }

    ConnectBio bio() {
        return bio;
    }

    /** Connect to handshake done, or -1 while not done. */
    long handshakeNanos() {
        return handshakeNanos;
    }

    String failure() {
        return failure;
    }

    /** Advances; returns the state it stopped in. */
    State step() {
        while (true) {
            switch (state) {
                case CONNECT -> {
                    int c = bio.doConnect();
                    if (c != 1) {
                        if (!bio.shouldRetry()) {
                            return fail("connect: " + bio.lastError());
                        }
                        return state;
                    }
                    state = State.HANDSHAKE;
                }
                case HANDSHAKE -> {
                    int r = ssl.doHandshake();
                    if (r != 1) {
                        return retryOrFail(r, "handshake");
                    }
                    handshakeNanos = System.nanoTime() - started;
                    state = State.SEND;
                }
                case SEND -> {
                    int w = ssl.write(MESSAGE, 0, MESSAGE.length);
                    if (w <= 0) {
                        return retryOrFail(w, "write");
                    }
                    state = State.RECEIVE;
                }
                case RECEIVE -> {
                    int n = ssl.read(echo, echoed, echo.length - echoed);
                    if (n <= 0) {
                        return retryOrFail(n, "read");
                    }
                    echoed += n;
                    if (echoed == echo.length) {
                        state = State.OPEN;
                    }
                }
                case OPEN, FAILED -> {
                    return state;
                }
            }
        }
    }

    /** Sends close_notify (as far as the socket takes it at once) and closes. */
    void close() {
        if (state == State.OPEN) {
            ssl.shutdown();
        }
        ssl.close();
        bio.closeAll();
    }

    private State retryOrFail(int r, String what) {
        SslError e = ssl.getError(r);
        return ScaleTls.isRetry(e) ? state : fail(what + ": " + e + " " + ssl.lastError());
    }

    private State fail(String why) {
        failure = why;
        state = State.FAILED;
        return state;
    }
}
