package io.tlsbio.ssl.tests;

import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Drives a client and a server {@link Ssl} in one thread until both finish, recording each call's
 * (return, getError). {@code relay} runs after every call (it moves bytes between transports for
 * relayed BIO pairs, or does nothing); {@code idle} runs when a whole round made no progress (a
 * socket transport waits for readiness there).
 */
final class Driver {

    static final int MAX_ROUNDS = 5_000_000;

    final List<Call> clientCalls = new ArrayList<>();
    final List<Call> serverCalls = new ArrayList<>();

    void handshake(Ssl client, Ssl server, Runnable relay) {
        handshake(client, server, relay, () -> {});
    }

    /** Runs doHandshake on both until both return 1; fails on any error other than a retry. */
    void handshake(Ssl client, Ssl server, Runnable relay, Runnable idle) {
        handshake(client, server, relay, idle, false);
    }

    /** As above; {@code serverFirst} lets the server step once before the client starts. */
    void handshake(Ssl client, Ssl server, Runnable relay, Runnable idle, boolean serverFirst) {
        boolean cDone = false;
        boolean sDone = false;
        if (serverFirst) {
            sDone = step(server, server::doHandshake, serverCalls);
        }
        for (int round = 0; round < MAX_ROUNDS && !(cDone && sDone); round++) {
            if (!cDone) {
                cDone = step(client, client::doHandshake, clientCalls);
            } else if (!sDone) {
                // the server's handshake ends only once its TLS 1.3 tickets are out: a read takes
                // them
                // in, as OpenSSL's own test helper create_ssl_connection reads (docs/sessions.md)
                client.read(new byte[0], 0, 0);
            }
            relay.run();
            if (!sDone) {
                sDone = step(server, server::doHandshake, serverCalls);
            }
            relay.run();
            if (!cDone && !sDone) {
                idle.run();
            }
        }
        if (!(cDone && sDone)) {
            throw new AssertionError(
                    "handshake did not finish: client " + clientCalls + " server " + serverCalls);
        }
    }

    private static boolean step(Ssl ssl, IntSupplier call, List<Call> calls) {
        int r = call.getAsInt();
        SslError e = ssl.getError(r);
        calls.add(new Call(r, e));
        if (r == 1) {
            return true;
        }
        if (e != SslError.WANT_READ
                && e != SslError.WANT_WRITE
                && e != SslError.WANT_CONNECT
                && e != SslError.WANT_ACCEPT) {
            throw new AssertionError(
                    ssl + " failed: " + r + "/" + e + " " + ssl.lastError() + " calls " + calls);
        }
        return false;
    }

    static byte[] transfer(Ssl writer, Ssl reader, byte[] data, Runnable relay) {
        return transfer(writer, reader, data, relay, () -> {});
    }

    /**
     * Sends {@code data} from {@code writer} to {@code reader} in 40,000-byte writes, retrying each
     * write with the same arguments after WANT_*, and returns what the reader got.
     */
    static byte[] transfer(Ssl writer, Ssl reader, byte[] data, Runnable relay, Runnable idle) {
        byte[] got = new byte[data.length];
        int sent = 0;
        int received = 0;
        int chunk = 0;
        for (int round = 0; round < MAX_ROUNDS && received < data.length; round++) {
            boolean progress = false;
            if (sent < data.length) {
                if (chunk == 0) {
                    chunk = Math.min(40_000, data.length - sent);
                }
                int w = writer.write(data, sent, chunk);
                if (w > 0) {
                    if (w != chunk) {
                        throw new AssertionError("short SSL_write " + w + " of " + chunk);
                    }
                    sent += w;
                    chunk = 0;
                    progress = true;
                } else {
                    expectRetry(writer, w);
                }
            }
            relay.run();
            int r = reader.read(got, received, got.length - received);
            if (r > 0) {
                received += r;
                progress = true;
            } else {
                expectRetry(reader, r);
            }
            relay.run();
            if (!progress) {
                idle.run();
            }
        }
        if (received != data.length) {
            throw new AssertionError("transfer stuck at " + received + " of " + data.length);
        }
        return got;
    }

    static void expectRetry(Ssl ssl, int r) {
        SslError e = ssl.getError(r);
        if (e != SslError.WANT_READ && e != SslError.WANT_WRITE) {
            throw new AssertionError(ssl + " failed: " + r + "/" + e + " " + ssl.lastError());
        }
    }

    /**
     * Two-step shutdown in one thread, both peers stepped in turn: the server closes (0), the
     * client reads ZERO_RETURN, then the client's shutdown and the server's second one both return
     * 1.
     */
    static void shutdown(Ssl client, Ssl server, Runnable relay, Runnable idle) {
        Integer serverFirst = null;
        Integer clientRead = null;
        byte[] b = new byte[16];
        for (int i = 0; i < MAX_ROUNDS && (serverFirst == null || clientRead == null); i++) {
            boolean progress = false;
            if (serverFirst == null) {
                int s = server.shutdown();
                if (s >= 0) {
                    serverFirst = s;
                    progress = true;
                } else {
                    expectRetry(server, s);
                }
            }
            relay.run();
            if (clientRead == null) {
                int r = client.read(b, 0, b.length);
                if (r >= 0) {
                    clientRead = r;
                    progress = true;
                    if (r != 0 || client.getError(r) != SslError.ZERO_RETURN) {
                        throw new AssertionError(
                                "client read "
                                        + r
                                        + "/"
                                        + client.getError(r)
                                        + " "
                                        + client.lastError());
                    }
                } else {
                    expectRetry(client, r);
                }
            }
            relay.run();
            if (!progress) {
                idle.run();
            }
        }
        if (serverFirst == null || serverFirst != 0 || clientRead == null) {
            throw new AssertionError(
                    "first shutdown " + serverFirst + ", client read " + clientRead);
        }
        Integer c = null;
        Integer s2 = null;
        for (int i = 0; i < MAX_ROUNDS && (c == null || s2 == null); i++) {
            boolean progress = false;
            if (c == null) {
                int r = client.shutdown();
                if (r >= 0) {
                    c = r;
                    progress = true;
                } else {
                    expectRetry(client, r);
                }
            }
            relay.run();
            if (s2 == null) {
                int r = server.shutdown();
                if (r > 0) {
                    s2 = r;
                    progress = true;
                } else if (r == 0) {
                    throw new AssertionError("second server shutdown returned 0");
                } else {
                    expectRetry(server, r);
                }
            }
            relay.run();
            if (!progress) {
                idle.run();
            }
        }
        if (c == null || c != 1 || s2 == null) {
            throw new AssertionError("client shutdown " + c + ", second server shutdown " + s2);
        }
    }
}
