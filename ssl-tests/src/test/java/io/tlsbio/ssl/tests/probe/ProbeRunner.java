package io.tlsbio.ssl.tests.probe;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Plays a {@link Probe} against a server over a socket, or against a tlsbio server over memory
 * BIOs.
 */
final class ProbeRunner {

    /**
     * How long a socket peer gets to answer before it counts as "waiting". Bounds every read; a
     * peer that answers (a complete first record) or closes ends the wait at once.
     */
    static final Duration WAIT = Duration.ofMillis(500);

    /**
     * doHandshake calls per stage at most (a server that neither progresses nor stops is a bug).
     */
    private static final int MAX_CALLS = 10_000;

    private ProbeRunner() {}

    // ------------------------------------------------------------------ socket

    /**
     * Connects to 127.0.0.1:{@code port}, sends the probe, reads what comes back (bounded), closes.
     */
    static ProbeOutcome overSocket(int port, Probe probe) {
        return overSocket(port, probe, WAIT);
    }

    /**
     * As {@link #overSocket(int, Probe)} with another bound on each wait (a retry with more
     * patience).
     */
    static ProbeOutcome overSocket(int port, Probe probe, Duration wait) {
        return overSocket(port, probe, wait, localPort -> {});
    }

    /**
     * As {@link #overSocket(int, Probe, Duration)}; {@code connected} is told the client's local
     * port once connected (a server names the connection by it in its log).
     */
    static ProbeOutcome overSocket(int port, Probe probe, Duration wait, IntConsumer connected) {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            // large enough for every probe (< 200 KB): a write never blocks on a peer that stopped
            // reading
            s.setSendBufferSize(1 << 20);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            connected.accept(s.getLocalPort());
            ProbeOutcome first = exchange(s, probe.bytes(), wait);
            if (first.isWaiting() && probe.followUp() != null) {
                return first.afterFollowUp(exchange(s, probe.followUp(), wait));
            }
            return first;
        } catch (IOException e) {
            return ProbeOutcome.of("connect failed: " + e);
        }
    }

    private static ProbeOutcome exchange(Socket s, byte[] data, Duration wait) throws IOException {
        String note = "";
        OutputStream out = s.getOutputStream();
        try {
            out.write(data);
            out.flush();
        } catch (IOException e) {
            note = "write failed: " + e.getMessage() + "; ";
        }
        InputStream in = s.getInputStream();
        byte[] buf = new byte[1 << 16];
        int len = 0;
        boolean closed = false;
        long deadline = System.nanoTime() + wait.toNanos();
        while (!ProbeOutcome.decided(buf, len)) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            s.setSoTimeout((int) Math.max(1, left));
            try {
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    closed = true;
                    break;
                }
                len += n;
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            } catch (SocketTimeoutException e) {
                break;
            } catch (IOException e) {
                closed = true;
                note += "read: " + e.getMessage();
                break;
            }
        }
        return ProbeOutcome.parse(Arrays.copyOf(buf, len), closed).withDetail(note);
    }

    // ------------------------------------------------------------------ tlsbio over memory BIOs

    /**
     * A new server {@link Ssl} of {@code ctx} over two memory BIOs: the probe's bytes go into its
     * rbio, {@code accept()} runs until it stops asking (WANT_READ with nothing left unread, a
     * fatal error, or the bound), and the outcome is what it wrote to its wbio. A failed call with
     * nothing written counts as "closed" (a caller drops the connection then), WANT_READ as
     * "waiting".
     */
    static ProbeOutcome overMemBio(SslContext ctx, Probe probe) {
        return overMemBio(ctx, probe, f -> {});
    }

    /**
     * As {@link #overMemBio(SslContext, Probe)}; {@code lastError} is given the server's {@link
     * Ssl#lastError()} at the end (null if no call failed).
     */
    static ProbeOutcome overMemBio(SslContext ctx, Probe probe, Consumer<SslFailure> lastError) {
        MemBio in = MemBio.create();
        MemBio out = MemBio.create();
        try (Ssl ssl = ctx.newSsl()) {
            ssl.setBio(in, out);
            ssl.setAcceptState();
            in.write(probe.bytes());
            ProbeOutcome first = stage(ssl, in, out);
            if (first.isWaiting() && probe.followUp() != null) {
                in.write(probe.followUp());
                first = first.afterFollowUp(stage(ssl, in, out));
            }
            lastError.accept(ssl.lastError());
            return first;
        } catch (RuntimeException | Error e) {
            return ProbeOutcome.of("exception " + e.getClass().getName())
                    .withDetail(String.valueOf(e.getMessage()));
        }
    }

    private static ProbeOutcome stage(Ssl ssl, MemBio in, MemBio out) {
        boolean closed = false;
        String detail = "";
        for (int calls = 0; ; calls++) {
            if (calls == MAX_CALLS) {
                detail = "still asking after " + MAX_CALLS + " calls";
                break;
            }
            int r = ssl.accept();
            if (r == 1) {
                detail = "handshake complete";
                break;
            }
            SslError e = ssl.getError(r);
            if (e == SslError.WANT_READ && in.pending() == 0) {
                break;
            }
            if (e == SslError.WANT_READ || e == SslError.WANT_WRITE) {
                continue;
            }
            closed = true;
            detail = e + " " + ssl.lastError();
            break;
        }
        return ProbeOutcome.parse(drain(out), closed).withDetail(detail);
    }

    private static byte[] drain(MemBio out) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        int n;
        while (out.pending() > 0 && (n = out.read(buf)) > 0) {
            b.write(buf, 0, n);
        }
        return b.toByteArray();
    }
}
