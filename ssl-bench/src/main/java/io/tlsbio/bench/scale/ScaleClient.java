package io.tlsbio.bench.scale;

import io.tlsbio.bio.socket.BioSelector;
import io.tlsbio.ssl.SslContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The load of the scale benchmarks, run by {@link ScaleServer} as a child process: one thread and
 * one {@link BioSelector} open N non-blocking TLS connections to 127.0.0.1:PORT, at most INFLIGHT
 * at a time between connect and echo; each handshakes, sends 32 bytes and reads them back, then
 * stays open. Prints one {@code ECHOED} line, waits for {@code CLOSE} on stdin, closes every
 * connection with a close_notify and prints {@code CLOSED}.
 *
 * <pre>ScaleClient PORT N INFLIGHT TIMEOUT_SECONDS</pre>
 */
public final class ScaleClient {

    private ScaleClient() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int inflightMax = Integer.parseInt(args[2]);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        SslContext ctx = ScaleTls.client();
        List<ClientSession> open = new ArrayList<>(n);
        long[] handshakes = new long[n];
        int started = 0;
        int done = 0;
        int failed = 0;
        int inflight = 0;
        String firstFailure = null;
        long t0 = System.nanoTime();
        long last = t0;
        try (BioSelector<ClientSession> selector = BioSelector.open()) {
            List<ClientSession> ready = new ArrayList<>();
            while (done + failed < n && System.nanoTime() - deadline < 0) {
                ready.clear();
                for (; inflight < inflightMax && started < n; started++, inflight++) {
                    // no retry pending yet: the next select returns it at once
                    ClientSession s = new ClientSession(ctx, port);
                    selector.register(s.bio(), s);
                }
                for (BioSelector.Ready<ClientSession> r : selector.select(Duration.ofMillis(100))) {
                    ready.add(r.attachment());
                }
                for (ClientSession s : ready) {
                    ClientSession.State state = s.step();
                    if (state == ClientSession.State.OPEN) {
                        selector.unregister(s.bio());
                        handshakes[done++] = s.handshakeNanos();
                        open.add(s);
                        inflight--;
                        last = System.nanoTime();
                    } else if (state == ClientSession.State.FAILED) {
                        selector.unregister(s.bio());
                        if (firstFailure == null) {
                            firstFailure = s.failure();
                        }
                        failed++;
                        inflight--;
                        s.close();
                    }
                }
            }
        }
        long[] sorted = Arrays.copyOf(handshakes, done);
        Arrays.sort(sorted);
        double seconds = (last - t0) / 1e9;
        System.out.printf(
                "ECHOED %d failed %d unfinished %d seconds %.2f handshakes/s %.1f p50_ms %.1f p99_ms %.1f%s%n",
                done,
                failed,
                n - done - failed,
                seconds,
                done / Math.max(seconds, 1e-9),
                percentile(sorted, 0.50) / 1e6,
                percentile(sorted, 0.99) / 1e6,
                firstFailure == null ? "" : " first_failure " + firstFailure);
        System.out.flush();
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line = in.readLine(); // CLOSE, or null if the server went away: close either way
        for (ClientSession s : open) {
            s.close();
        }
        System.out.println("CLOSED " + open.size() + (line == null ? " (server gone)" : ""));
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }
}
