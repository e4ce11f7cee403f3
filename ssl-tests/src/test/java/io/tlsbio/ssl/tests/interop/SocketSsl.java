package io.tlsbio.ssl.tests.interop;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.BioWait;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.harness.InteropMatrix;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One tlsbio {@link Ssl} over a {@link SocketBio}, driven through the library API the way an
 * application would: in blocking mode each call simply blocks; in non-blocking mode a call that
 * returns -1 with WANT_READ/WANT_WRITE is repeated after {@link BioWait#waitFor} says the socket is
 * ready. Each operation is bounded by {@link #OP_TIMEOUT} (blocking reads by the BIO's read
 * timeout), so a broken peer fails the test instead of hanging it.
 */
final class SocketSsl implements AutoCloseable {

    /** Blocking or non-blocking socket BIO. */
    enum Mode {
        BLOCKING,
        NON_BLOCKING
    }

    /**
     * Every version × key type × {@link Mode}: the cases of the socket interop tests (a
     * JUnit @MethodSource).
     */
    static Stream<Object[]> versionsKeysAndModes() {
        return InteropMatrix.versionsKeysAnd((Object[]) Mode.values());
    }

    static final Duration OP_TIMEOUT = Duration.ofSeconds(20);

    final Ssl ssl;
    final SocketBio bio;
    final Mode mode;

    /** Each doHandshake() result as "ret/ERROR", e.g. "-1/WANT_READ", "1/NONE". */
    final List<String> handshakeCalls = new ArrayList<>();

    private boolean closed;
    private Supplier<String> peerOutput = () -> "";

    private SocketSsl(Ssl ssl, SocketBio bio, Mode mode) {
        this.ssl = ssl;
        this.bio = bio;
        this.mode = mode;
        bio.setNonBlocking(mode == Mode.NON_BLOCKING);
        bio.setReadTimeout(OP_TIMEOUT);
        ssl.setBio(bio, bio);
    }

    /** Connects a blocking channel to 127.0.0.1:{@code port}, wraps it, client role. */
    static SocketSsl connect(SslContext ctx, int port, Mode mode) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
        SocketSsl s = new SocketSsl(ctx.newSsl(), SocketBio.wrap(ch, true), mode);
        s.ssl.setConnectState();
        return s;
    }

    /** Server role over an accepted connection (which this object then owns). */
    static SocketSsl server(SslContext ctx, SocketBio accepted, Mode mode) {
        SocketSsl s = new SocketSsl(ctx.newSsl(), accepted, mode);
        s.ssl.setAcceptState();
        return s;
    }

    /**
     * Makes every failure message of this connection show {@code output} (the openssl peer's
     * output).
     */
    SocketSsl peer(Supplier<String> output) {
        this.peerOutput = output;
        return this;
    }

    private String diag() {
        String out = peerOutput.get();
        return out.isEmpty() ? "" : "\n--- peer output ---\n" + out;
    }

    /** A bound, listening, non-blocking accept BIO on 127.0.0.1 with an ephemeral port. */
    static AcceptBio listen() {
        AcceptBio a = AcceptBio.create("127.0.0.1:0");
        a.setNonBlocking(true);
        if (a.doAccept() != 1) {
            a.close();
            throw new AssertionError("cannot listen on 127.0.0.1:0: " + a.lastError());
        }
        return a;
    }

    /** Accepts one connection, waiting (bounded) with BioWait on the non-blocking accept BIO. */
    static SocketBio accept(AcceptBio acceptor) {
        return accept(acceptor, () -> "");
    }

    /**
     * As {@link #accept(AcceptBio)}; a failure also shows {@code peerOutput} (e.g. s_client's
     * output).
     */
    static SocketBio accept(AcceptBio acceptor, Supplier<String> peerOutput) {
        long deadline = System.nanoTime() + OP_TIMEOUT.toNanos();
        try {
            while (true) {
                SocketBio conn = acceptor.accept();
                if (conn != null) {
                    return conn;
                }
                if (!acceptor.shouldRetry()) {
                    throw new AssertionError("accept failed: " + acceptor.lastError());
                }
                waitUntil(acceptor, deadline, "accept");
            }
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "\n--- peer output ---\n" + peerOutput.get(), e);
        }
    }

    private static void waitUntil(io.tlsbio.bio.Bio b, long deadline, String what) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || BioWait.waitFor(b, Duration.ofNanos(left)) != BioWait.Result.READY) {
            throw new AssertionError(
                    what + " did not become ready within " + OP_TIMEOUT + ": " + b);
        }
    }

    /**
     * Calls {@code op} until it returns something other than a retry; in non-blocking mode waits
     * for the socket between retries. Returns the final result (success or failure).
     */
    private int untilDone(IntSupplier op, String what, List<String> trace) {
        long deadline = System.nanoTime() + OP_TIMEOUT.toNanos();
        while (true) {
            int r = op.getAsInt();
            SslError e = ssl.getError(r);
            if (trace != null) {
                trace.add(r + "/" + e);
            }
            if (e == SslError.WANT_X509_LOOKUP && System.nanoTime() < deadline) {
                // the tests' certificate callbacks become ready by being asked again
                continue;
            }
            if (e != SslError.WANT_READ && e != SslError.WANT_WRITE) {
                return r;
            }
            if (mode == Mode.BLOCKING) {
                throw new AssertionError(
                        what + " on a blocking socket asked for a retry: " + r + "/" + e + diag());
            }
            try {
                waitUntil(bio, deadline, what);
            } catch (AssertionError timeout) {
                throw new AssertionError(timeout.getMessage() + diag(), timeout);
            }
        }
    }

    /** Runs the handshake to its end and returns doHandshake's final result (1, 0 or -1). */
    int tryHandshake() {
        return untilDone(ssl::doHandshake, "doHandshake", handshakeCalls);
    }

    /** Runs the handshake and fails unless it completes. */
    void handshake() {
        int r = tryHandshake();
        if (r != 1) {
            throw new AssertionError(
                    "handshake failed: "
                            + r
                            + "/"
                            + ssl.getError(r)
                            + " "
                            + ssl.lastError()
                            + " calls "
                            + handshakeCalls
                            + diag());
        }
    }

    /** Writes all of {@code data} with one SSL_write (retried with the same arguments). */
    void write(byte[] data) {
        int r = untilDone(() -> ssl.write(data, 0, data.length), "write", null);
        if (r != data.length) {
            throw new AssertionError(
                    "write returned " + r + "/" + ssl.getError(r) + " " + ssl.lastError() + diag());
        }
    }

    /** Reads exactly {@code n} bytes. */
    byte[] readFully(int n) {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int off = got;
            int r = untilDone(() -> ssl.read(b, off, n - off), "read", null);
            if (r <= 0) {
                throw new AssertionError(
                        "read returned "
                                + r
                                + "/"
                                + ssl.getError(r)
                                + " after "
                                + got
                                + " of "
                                + n
                                + " bytes: "
                                + ssl.lastError()
                                + diag());
            }
            got += r;
        }
        return b;
    }

    /** One SSL_read call, not retried: what a non-blocking read says when nothing has arrived. */
    Result readOnce() {
        byte[] b = new byte[256];
        int r = ssl.read(b, 0, b.length);
        return new Result(r, ssl.getError(r), r > 0 ? Arrays.copyOf(b, r) : new byte[0]);
    }

    /** Reads once more and returns (result, error): for the end of a connection. */
    Result readEnd() {
        byte[] b = new byte[256];
        int r = untilDone(() -> ssl.read(b, 0, b.length), "read", null);
        return new Result(r, ssl.getError(r), r > 0 ? Arrays.copyOf(b, r) : new byte[0]);
    }

    /** One SSL_shutdown call, retried while it wants I/O. */
    int shutdown() {
        return untilDone(ssl::shutdown, "shutdown", null);
    }

    /** A call's result and what getError said. */
    record Result(int ret, SslError error, byte[] data) {}

    /** Frees the Ssl and closes the socket; a second call does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ssl.free();
            bio.close();
        }
    }
}
