package io.tlsbio.cli;

import io.tlsbio.bio.Bio;
import io.tlsbio.harness.Transport;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * One demo case: a client and a server {@link Ssl} over one {@link BioKind}, limited to one
 * version. The handshake, then {@link #DATA_BYTES} each way (client first), then OpenSSL's two-step
 * close: the server's shutdown() returns 0, the client reads ZERO_RETURN and answers with its own
 * close_notify (1), the server's second shutdown() returns 1.
 *
 * <p>Non-blocking kinds run both sides in this thread, each call once per round; a side that asked
 * for a retry is waited for on its BIO (socket kinds), so the call counts are what a real event
 * loop would make, not a spin. The blocking kind is {@link BlockingDemo}: a thread per side, each
 * side's first doHandshake() blocks until done and returns 1.
 */
final class DemoCase {

    /** Application bytes sent each way after the handshake. */
    static final int DATA_BYTES = 64 * 1024;

    /** Bytes per SSL_write. */
    private static final int WRITE_CHUNK = 16 * 1024;

    /** A stuck case fails after this many rounds instead of spinning forever. */
    private static final int MAX_ROUNDS = 2_000_000;

    private final BioKind kind;
    private final TlsVersion version;
    private final Ssl client;
    private final Ssl server;
    private final CallLog c;
    private final CallLog s;
    private Transport transport;

    private DemoCase(
            BioKind kind,
            TlsVersion version,
            SslContext clientCtx,
            SslContext serverCtx,
            PrintStream trace) {
        this.kind = kind;
        this.version = version;
        this.client = clientCtx.newSsl();
        this.server = serverCtx.newSsl();
        String tag = "[" + kind.id() + " " + version.openSslName() + "] ";
        this.c = new CallLog(client, tag + "client ", trace);
        this.s = new CallLog(server, tag + "server ", trace);
        if (trace != null) {
            client.setMessageCallback(new MessagePrinter(trace, tag + "client "));
            server.setMessageCallback(new MessagePrinter(trace, tag + "server "));
        }
    }

    /**
     * Runs one case; never throws for a failed handshake or transfer: the result carries the
     * failure.
     *
     * @param trace where {@code --trace} prints every call and message, or null
     */
    static DemoResult run(
            BioKind kind,
            TlsVersion version,
            SslContext clientCtx,
            SslContext serverCtx,
            PrintStream trace) {
        return new DemoCase(kind, version, clientCtx, serverCtx, trace).run();
    }

    private DemoResult run() {
        long start = System.nanoTime();
        long handshakeNanos = -1;
        String failure = null;
        try (Transport t = kind.create()) {
            transport = t;
            t.attach(client, server);
            client.setConnectState();
            server.setAcceptState();
            if (kind.blocking()) {
                handshakeNanos = BlockingDemo.run(client, c, server, s);
            } else {
                handshake();
                handshakeNanos = System.nanoTime() - start;
                t.handshakeDone();
                check(
                        Arrays.equals(transfer(client, c, server, s, data(1)), data(1)),
                        "client to server data differs");
                check(
                        Arrays.equals(transfer(server, s, client, c, data(2)), data(2)),
                        "server to client data differs");
                close();
            }
        } catch (CaseFailed e) {
            failure = e.getMessage();
        } catch (Exception e) {
            failure = e.toString();
        }
        long total = System.nanoTime() - start;
        return new DemoResult(
                kind,
                version,
                client.cipher(),
                c.handshakeCalls(),
                c.handshakeSummary(),
                s.handshakeCalls(),
                s.handshakeSummary(),
                bytesOut(true),
                bytesOut(false),
                handshakeNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(handshakeNanos),
                TimeUnit.NANOSECONDS.toMillis(total),
                failure);
    }

    // ------------------------------------------------------------------ non-blocking, one thread

    private void handshake() {
        boolean cDone = false;
        boolean sDone = transport.serverFirst() && handshakeStep(server, s);
        for (int round = 0; round < MAX_ROUNDS && !(cDone && sDone); round++) {
            if (!cDone) {
                cDone = handshakeStep(client, c);
            } else if (!sDone) {
                // the server's handshake ends only once its TLS 1.3 tickets are out: a read takes
                // them
                // in, as OpenSSL's own test helper create_ssl_connection reads (docs/sessions.md)
                client.read(new byte[0], 0, 0);
            }
            if (!sDone) {
                sDone = handshakeStep(server, s);
            }
            transport.await(!cDone, !sDone);
        }
        check(cDone && sDone, "handshake did not finish");
    }

    /** One doHandshake(): true when done, false on a retry; a failure ends the case. */
    private static boolean handshakeStep(Ssl ssl, CallLog log) {
        int r = log.handshake();
        if (r == 1) {
            return true;
        }
        if (!log.lastWasRetry()) {
            throw failed(ssl, log, "doHandshake() = " + r);
        }
        return false;
    }

    /**
     * Sends {@code data} from writer to reader, WRITE_CHUNK per write, retried with the same
     * arguments.
     */
    private byte[] transfer(Ssl writer, CallLog w, Ssl reader, CallLog r, byte[] data) {
        byte[] got = new byte[data.length];
        int sent = 0;
        int received = 0;
        for (int round = 0; round < MAX_ROUNDS && received < data.length; round++) {
            boolean writerWaits = false;
            if (sent < data.length) {
                int off = sent;
                int len = Math.min(WRITE_CHUNK, data.length - sent);
                int n = w.call("write(" + len + ")", () -> writer.write(data, off, len));
                if (n > 0) {
                    sent += n;
                } else {
                    writerWaits = expectRetry(writer, w, "write");
                }
            }
            int off = received;
            int n =
                    r.call(
                            "read(" + (got.length - off) + ")",
                            () -> reader.read(got, off, got.length - off));
            boolean readerWaits = false;
            if (n > 0) {
                received += n;
            } else {
                readerWaits = expectRetry(reader, r, "read");
            }
            if (readerWaits && (writerWaits || sent == data.length)) {
                transport.await(
                        writer == client ? writerWaits : readerWaits,
                        writer == server ? writerWaits : readerWaits);
            }
        }
        check(
                received == data.length,
                "transfer stuck at " + received + " of " + data.length + " bytes");
        return got;
    }

    /** The two-step close: server shutdown() 0, client read ZERO_RETURN, then both shutdown() 1. */
    private void close() {
        byte[] b = new byte[16];
        int[] first =
                interleave(
                        "read(16)",
                        () -> client.read(b, 0, b.length),
                        "shutdown()",
                        server::shutdown);
        check(first[1] == 0, "server's first shutdown() = " + first[1]);
        check(
                first[0] == 0 && c.lastError() == SslError.ZERO_RETURN,
                "client read " + first[0] + "/" + c.lastError() + " instead of 0/ZERO_RETURN");
        int[] second = interleave("shutdown()", client::shutdown, "shutdown()", server::shutdown);
        check(second[0] == 1, "client's shutdown() = " + second[0]);
        check(second[1] == 1, "server's second shutdown() = " + second[1]);
    }

    /**
     * Calls the client's and the server's operation in turn until each returned without asking for
     * a retry, waiting for the BIOs of those that did; a failure ends the case. Both sides move
     * together because either may need the other to read first (a full 16-byte pair).
     *
     * @return the final results, client's then server's
     */
    private int[] interleave(String cName, IntSupplier cOp, String sName, IntSupplier sOp) {
        Integer cr = null;
        Integer sr = null;
        for (int round = 0; round < MAX_ROUNDS && (cr == null || sr == null); round++) {
            if (cr == null) {
                int r = c.call(cName, cOp);
                if (r >= 0) {
                    cr = r;
                } else {
                    expectRetry(client, c, cName);
                }
            }
            if (sr == null) {
                int r = s.call(sName, sOp);
                if (r >= 0) {
                    sr = r;
                } else {
                    expectRetry(server, s, sName);
                }
            }
            transport.await(cr == null, sr == null);
        }
        check(cr != null && sr != null, cName + " / " + sName + " did not finish");
        return new int[] {cr, sr};
    }

    /** True for a retry; a failure ends the case with the side's lastError(). */
    private static boolean expectRetry(Ssl ssl, CallLog log, String call) {
        if (!log.lastWasRetry()) {
            throw failed(ssl, log, call + " failed");
        }
        return true;
    }

    // ------------------------------------------------------------------ helpers

    /** What one side wrote into its BIO, or 0 if the transport never got that far. */
    private long bytesOut(boolean clientSide) {
        if (transport == null) {
            return 0;
        }
        Bio bio = clientSide ? transport.clientBio() : transport.serverBio();
        return bio == null ? 0 : bio.bytesWritten();
    }

    /** The bytes sent one way: {@code seed} 1 client to server, 2 server to client. */
    static byte[] data(long seed) {
        byte[] b = new byte[DATA_BYTES];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Ends the case with {@code what} unless {@code ok}. */
    static void check(boolean ok, String what) {
        if (!ok) {
            throw new CaseFailed(what);
        }
    }

    /** The failure of {@code call} on one side, with getError and lastError(). */
    static CaseFailed failed(Ssl ssl, CallLog log, String call) {
        String side = ssl.isServer() ? "server" : "client";
        return new CaseFailed(
                side
                        + ": "
                        + call
                        + ", getError "
                        + log.lastError()
                        + ": "
                        + Session.describe(log.lastError(), ssl.lastError()));
    }

    /** Ends a case with a one-line reason. */
    static final class CaseFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CaseFailed(String message) {
            super(message, null, false, false);
        }
    }
}
