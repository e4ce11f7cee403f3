package io.tlsbio.cli;

import static io.tlsbio.cli.DemoCase.DATA_BYTES;
import static io.tlsbio.cli.DemoCase.check;
import static io.tlsbio.cli.DemoCase.data;
import static io.tlsbio.cli.DemoCase.failed;

import io.tlsbio.harness.Transport;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The blocking demo case: client and server on blocking BIOs, each in a thread of its own, as a
 * blocking program is written. Each side's first {@code doHandshake()} blocks until the handshake
 * is done and returns 1; reads and writes block too. Then the same data and close as the
 * non-blocking cases.
 */
final class BlockingDemo {

    /** How long a failed server waits to learn whether the client failed first. */
    private static final Duration FAILED_PEER_WAIT = Duration.ofSeconds(1);

    private BlockingDemo() {}

    /**
     * Runs the case; the client in a daemon thread, the server in the caller's.
     *
     * @return the handshake time in nanoseconds (the server's side)
     * @throws DemoCase.CaseFailed with the failing side's reason
     */
    static long run(Ssl client, CallLog c, Ssl server, CallLog s) throws InterruptedException {
        ExecutorService pool =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "tlsbio-demo-client");
                            t.setDaemon(true);
                            return t;
                        });
        try {
            long start = System.nanoTime();
            Future<Void> clientSide =
                    pool.submit(
                            () -> {
                                positive(client, c.handshake(), c, "doHandshake()");
                                positive(
                                        client,
                                        c.call(
                                                "write(" + DATA_BYTES + ")",
                                                () -> client.write(data(1), 0, DATA_BYTES)),
                                        c,
                                        "write");
                                check(
                                        Arrays.equals(readFully(client, c), data(2)),
                                        "server to client data differs");
                                byte[] b = new byte[16];
                                int r = c.call("read(16)", () -> client.read(b, 0, b.length));
                                check(
                                        r == 0 && c.lastError() == SslError.ZERO_RETURN,
                                        "client read " + r + "/" + c.lastError());
                                check(
                                        c.call("shutdown()", client::shutdown) == 1,
                                        "client's shutdown() != 1");
                                return null;
                            });
            long handshake;
            try {
                positive(server, s.handshake(), s, "doHandshake()");
                handshake = System.nanoTime() - start;
                check(
                        Arrays.equals(readFully(server, s), data(1)),
                        "client to server data differs");
                positive(
                        server,
                        s.call(
                                "write(" + DATA_BYTES + ")",
                                () -> server.write(data(2), 0, DATA_BYTES)),
                        s,
                        "write");
                check(
                        s.call("shutdown()", server::shutdown) == 0,
                        "server's first shutdown() != 0");
            } catch (DemoCase.CaseFailed serverFailure) {
                // the side that failed first (say, the client rejecting a certificate) has the real
                // reason
                String clientFailure = outcome(clientSide, FAILED_PEER_WAIT);
                throw clientFailure == null
                        ? serverFailure
                        : new DemoCase.CaseFailed(
                                clientFailure + "; " + serverFailure.getMessage());
            }
            String clientFailure = outcome(clientSide, Transport.WAIT_LIMIT);
            if (clientFailure != null) {
                throw new DemoCase.CaseFailed(clientFailure);
            }
            check(s.call("shutdown()", server::shutdown) == 1, "server's second shutdown() != 1");
            return handshake;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The client side's failure, or null if it completed, waiting at most {@code limit}. */
    private static String outcome(Future<Void> clientSide, Duration limit)
            throws InterruptedException {
        try {
            clientSide.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof DemoCase.CaseFailed f
                    ? f.getMessage()
                    : "client: " + e.getCause();
        } catch (TimeoutException e) {
            return "client did not finish within " + limit.toMillis() + " ms";
        }
    }

    /** A blocking call never asks for a retry: anything but a positive result is a failure. */
    private static void positive(Ssl ssl, int r, CallLog log, String call) {
        if (r <= 0) {
            throw failed(ssl, log, call + " = " + r);
        }
    }

    private static byte[] readFully(Ssl ssl, CallLog log) {
        byte[] got = new byte[DATA_BYTES];
        int have = 0;
        while (have < got.length) {
            int off = have;
            int r =
                    log.call(
                            "read(" + (got.length - off) + ")",
                            () -> ssl.read(got, off, got.length - off));
            if (r <= 0) {
                throw failed(ssl, log, "read = " + r);
            }
            have += r;
        }
        return got;
    }
}
