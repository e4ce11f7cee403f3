package io.tlsbio.ssl.tests;

import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Drives a client and a server {@link Ssl} in one thread until both finish, recording each call's
 * (return, getError). {@code relay} moves bytes between the transports (for BIO pairs and memory
 * BIOs) and reports whether it moved anything.
 */
final class Driver {

    static final int MAX_ROUNDS = 100_000;

    final List<Call> clientCalls = new ArrayList<>();
    final List<Call> serverCalls = new ArrayList<>();

    /** Runs doHandshake on both until both return 1; fails on any error other than a retry. */
    void handshake(Ssl client, Ssl server, Runnable relay) {
        boolean cDone = false;
        boolean sDone = false;
        for (int round = 0; round < MAX_ROUNDS && !(cDone && sDone); round++) {
            if (!cDone) {
                cDone = step(client, client::doHandshake, clientCalls);
            }
            relay.run();
            if (!sDone) {
                sDone = step(server, server::doHandshake, serverCalls);
            }
            relay.run();
        }
        if (!(cDone && sDone)) {
            throw new AssertionError("handshake did not finish: client " + clientCalls + " server " + serverCalls);
        }
    }

    private static boolean step(Ssl ssl, IntSupplier call, List<Call> calls) {
        int r = call.getAsInt();
        SslError e = ssl.getError(r);
        calls.add(new Call(r, e));
        if (r == 1) {
            return true;
        }
        if (e != SslError.WANT_READ && e != SslError.WANT_WRITE && e != SslError.WANT_CONNECT
                && e != SslError.WANT_ACCEPT) {
            throw new AssertionError(ssl + " failed: " + r + "/" + e + " " + ssl.lastError() + " calls " + calls);
        }
        return false;
    }

    /**
     * Sends {@code data} from {@code writer} to {@code reader}, interleaving write and read retries
     * with relays, and returns what the reader got.
     */
    static byte[] transfer(Ssl writer, Ssl reader, byte[] data, Runnable relay) {
        byte[] got = new byte[data.length];
        int sent = 0;
        int received = 0;
        int chunk = 0;
        for (int round = 0; round < MAX_ROUNDS && received < data.length; round++) {
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
                } else {
                    expectRetry(writer, w);
                }
            }
            relay.run();
            int r = reader.read(got, received, got.length - received);
            if (r > 0) {
                received += r;
            } else {
                expectRetry(reader, r);
            }
            relay.run();
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
}
