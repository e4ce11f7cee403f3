package io.tlsbio.smoke;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;

/**
 * One TLS connection served on a thread: {@link AcceptBio} on 127.0.0.1, an {@link Ssl} on the
 * accepted socket BIO, one read echoed back, then close_notify.
 */
final class BioEchoServer implements AutoCloseable {

    private final AcceptBio acceptor;
    private final Thread thread;
    private volatile Throwable failure;

    private BioEchoServer(AcceptBio acceptor, SslContext ctx) {
        this.acceptor = acceptor;
        this.thread =
                new Thread(
                        () -> {
                            try {
                                serveOne(ctx);
                            } catch (RuntimeException | AssertionError e) {
                                failure = e;
                            }
                        },
                        "bio-echo-server");
        thread.setDaemon(true);
    }

    /** Listens on an ephemeral port of 127.0.0.1 and starts the thread that serves one client. */
    static BioEchoServer start(SslContext ctx) {
        AcceptBio acceptor = AcceptBio.create("127.0.0.1:0");
        ModuleSmoke.check(acceptor.doAccept() == 1, "cannot listen: " + acceptor.lastError());
        BioEchoServer server = new BioEchoServer(acceptor, ctx);
        server.thread.start();
        return server;
    }

    int port() {
        return acceptor.localPort();
    }

    private void serveOne(SslContext ctx) {
        SocketBio conn = acceptor.accept();
        ModuleSmoke.check(conn != null, "accept failed: " + acceptor.lastError());
        conn.setReadTimeout(ModuleSmoke.TIMEOUT);
        try (Ssl ssl = ctx.newSsl()) {
            ssl.setBio(conn, conn);
            ModuleSmoke.check(ssl.accept() == 1, "server handshake failed: " + ssl.lastError());
            byte[] buf = new byte[256];
            int n = ssl.read(buf, 0, buf.length);
            ModuleSmoke.check(n > 0, "server read returned " + n + ": " + ssl.lastError());
            ModuleSmoke.check(ssl.write(buf, 0, n) == n, "server write failed: " + ssl.lastError());
            ssl.shutdown();
        } finally {
            conn.close();
        }
    }

    /** Waits (bounded) for the served connection to end, and rethrows what failed on the thread. */
    void awaitServed() throws InterruptedException {
        thread.join(ModuleSmoke.TIMEOUT.toMillis());
        ModuleSmoke.check(!thread.isAlive(), "the server thread did not finish");
        if (failure != null) {
            throw new AssertionError("server: " + failure.getMessage(), failure);
        }
    }

    /** Stops listening, which also ends an accept still waiting, and joins the thread. */
    @Override
    public void close() throws InterruptedException {
        acceptor.close();
        thread.join(ModuleSmoke.TIMEOUT.toMillis());
    }
}
