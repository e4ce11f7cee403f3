package io.tlsbio.bench.scale;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.BioSelector;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Holds N concurrent loopback TLS connections through handshake and one echo, and reports the
 * load's handshakes/s and handshake latency and this server's live heap per connection.
 *
 * <pre>ScaleServer selector|virtual N INFLIGHT TIMEOUT_SECONDS [client JVM flags...]</pre>
 *
 * <ul>
 *   <li>{@code selector}: one thread, one {@link BioSelector}, non-blocking socket BIOs (the
 *       listening one included).
 *   <li>{@code virtual}: blocking socket BIOs, one virtual thread per connection (JDK 21+; this
 *       class compiles for 17 and finds {@code Executors.newVirtualThreadPerTaskExecutor} by
 *       reflection).
 * </ul>
 *
 * The load is a {@link ScaleClient} child process (so each process holds N descriptors, not 2N).
 * Heap per connection: heap in use after a full GC with all N connections open and echoed, minus
 * the same before the first connection, over N.
 */
public final class ScaleServer {

    private final int n;
    private final long deadline;
    private final SslContext ctx = ScaleTls.server();
    private final BlockingQueue<String> clientLines = new LinkedBlockingQueue<>();
    private volatile BioSelector<EchoSession> wakeOnLine;

    private ScaleServer(int n, Duration timeout) {
        this.n = n;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println(
                    "usage: ScaleServer selector|virtual N INFLIGHT TIMEOUT_SECONDS [client JVM flags...]");
            System.exit(2);
        }
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        int inflight = Integer.parseInt(args[2]);
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[3]));
        List<String> clientFlags = List.of(args).subList(4, args.length);
        ScaleServer server = new ScaleServer(n, timeout);
        String load = loadAverage();
        String result = server.run(mode, inflight, timeout, clientFlags);
        System.out.println(result + "; load average " + load + " -> " + loadAverage());
    }

    private String run(String mode, int inflight, Duration timeout, List<String> clientFlags)
            throws Exception {
        AcceptBio acceptor = AcceptBio.create("127.0.0.1:0");
        if (acceptor.doAccept() != 1) {
            throw new IOException("cannot listen: " + acceptor.lastError());
        }
        long before = liveHeap();
        Process client = startClient(acceptor.localPort(), inflight, timeout, clientFlags);
        try {
            Measured m =
                    mode.equals("selector")
                            ? selector(acceptor, client)
                            : virtual(acceptor, client);
            String echoed =
                    clientLines.stream()
                            .filter(l -> l.startsWith("ECHOED"))
                            .findFirst()
                            .orElse("ECHOED (none)");
            return String.format(
                    "%s: %d connections, server heap per connection %.1f KiB (%d MiB for all), "
                            + "server threads %d, %d failed on the server; client: %s",
                    mode,
                    m.held,
                    (m.heap - before) / 1024.0 / Math.max(1, m.held),
                    (m.heap - before) >> 20,
                    m.threads,
                    m.failed,
                    echoed);
        } finally {
            acceptor.closeAll();
            if (!client.waitFor(30, TimeUnit.SECONDS)) {
                client.destroy();
            }
        }
    }

    /** What the server saw once every connection was echoed. */
    private record Measured(int held, long heap, int threads, int failed) {}

    // ------------------------------------------------------------------ one selector thread

    private Measured selector(AcceptBio acceptor, Process client) throws IOException {
        acceptor.setNonBlocking(true);
        acceptor.setNonBlockingChildren(true);
        List<EchoSession> sessions = new ArrayList<>(n);
        int echoed = 0;
        int closed = 0;
        int failed = 0;
        Measured measured = null;
        boolean closeSent = false;
        try (BioSelector<EchoSession> selector = BioSelector.open()) {
            wakeOnLine = selector;
            selector.register(acceptor, null);
            while ((measured == null || closed < sessions.size())
                    && System.nanoTime() - deadline < 0) {
                for (BioSelector.Ready<EchoSession> r : selector.select(Duration.ofMillis(250))) {
                    EchoSession s = r.attachment();
                    if (s == null) {
                        for (SocketBio socket;
                                sessions.size() < n && (socket = acceptor.accept()) != null; ) {
                            EchoSession fresh = new EchoSession(ctx, socket);
                            sessions.add(fresh);
                            selector.register(socket, fresh);
                        }
                        if (sessions.size() == n) {
                            selector.unregister(acceptor);
                        }
                        continue;
                    }
                    boolean wasEchoed = s.echoed();
                    if (s.step() == EchoSession.State.CLOSED) {
                        selector.unregister(s.socket());
                        closed++;
                        failed += s.failure() == null ? 0 : 1;
                    }
                    if (!wasEchoed && s.echoed()) {
                        echoed++;
                    }
                }
                if (measured == null && echoed == n) {
                    measured = new Measured(n, liveHeap(), Thread.activeCount(), failed);
                }
                if (measured != null
                        && !closeSent
                        && clientLines.stream().anyMatch(l -> l.startsWith("ECHOED"))) {
                    tellClient(client, "CLOSE");
                    closeSent = true;
                }
                if (measured == null
                        && clientLines.stream().anyMatch(l -> l.startsWith("ECHOED"))
                        && !client.isAlive()) {
                    break; // the client gave up (timeout): report what there is
                }
            }
        }
        if (!closeSent) {
            tellClient(client, "CLOSE");
        }
        return measured != null
                ? measured
                : new Measured(echoed, liveHeap(), Thread.activeCount(), failed);
    }

    // ------------------------------------------------------------------ one virtual thread per
    // connection

    private Measured virtual(AcceptBio acceptor, Process client) throws Exception {
        ExecutorService threads = virtualThreadPerTask();
        CountDownLatch echoed = new CountDownLatch(n);
        CountDownLatch closed = new CountDownLatch(n);
        java.util.concurrent.atomic.AtomicInteger failed =
                new java.util.concurrent.atomic.AtomicInteger();
        try {
            for (int i = 0; i < n && System.nanoTime() - deadline < 0; i++) {
                SocketBio socket = acceptor.accept();
                if (socket == null) {
                    throw new IOException("accept failed: " + acceptor.lastError());
                }
                threads.execute(
                        () -> {
                            if (!echoBlocking(socket, echoed)) {
                                failed.incrementAndGet();
                            }
                            closed.countDown();
                        });
            }
            boolean all = echoed.await(left(), TimeUnit.NANOSECONDS);
            Measured m =
                    new Measured(
                            all ? n : (int) (n - echoed.getCount()),
                            liveHeap(),
                            Thread.activeCount(),
                            failed.get());
            awaitClientLine("ECHOED");
            tellClient(client, "CLOSE");
            closed.await(left(), TimeUnit.NANOSECONDS);
            return new Measured(m.held, m.heap, m.threads, failed.get());
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Handshake, echo until close_notify; true if it ended cleanly. */
    private boolean echoBlocking(SocketBio socket, CountDownLatch echoed) {
        Ssl ssl = ctx.newSsl();
        try {
            ssl.setBio(socket, socket);
            ssl.setAcceptState();
            if (ssl.doHandshake() != 1) {
                return false;
            }
            byte[] buf = new byte[256];
            boolean first = true;
            while (true) {
                int r = ssl.read(buf, 0, buf.length);
                if (r <= 0) {
                    SslError e = ssl.getError(r);
                    if (e == SslError.ZERO_RETURN) {
                        ssl.shutdown();
                        return true;
                    }
                    return e
                            == SslError
                                    .SYSCALL; // the client closed after its close_notify raced ours
                }
                if (ssl.write(buf, 0, r) != r) {
                    return false;
                }
                if (first) {
                    first = false;
                    echoed.countDown();
                }
            }
        } finally {
            ssl.close();
            socket.closeAll();
        }
    }

    static ExecutorService virtualThreadPerTask() {
        try {
            return (ExecutorService)
                    Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "virtual threads need JDK 21 or later; this is " + Runtime.version(), e);
        }
    }

    // ------------------------------------------------------------------ the client process

    private Process startClient(int port, int inflight, Duration timeout, List<String> flags)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(flags);
        cmd.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        ScaleClient.class.getName(),
                        Integer.toString(port),
                        Integer.toString(n),
                        Integer.toString(inflight),
                        Long.toString(timeout.toSeconds())));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    p.getInputStream(),
                                                    StandardCharsets.US_ASCII))) {
                                for (String line; (line = r.readLine()) != null; ) {
                                    clientLines.add(line);
                                    BioSelector<EchoSession> s = wakeOnLine;
                                    if (s != null) {
                                        s.wakeup();
                                    }
                                }
                            } catch (IOException e) {
                                clientLines.add("CLIENT OUTPUT LOST " + e);
                            }
                        },
                        "client-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private void awaitClientLine(String prefix) throws InterruptedException {
        while (System.nanoTime() - deadline < 0) {
            if (clientLines.stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            String line = clientLines.poll(left(), TimeUnit.NANOSECONDS);
            if (line == null) {
                return;
            }
            clientLines.add(line); // keep it for the report; the loop finds it
            if (line.startsWith(prefix)) {
                return;
            }
        }
    }

    private static void tellClient(Process client, String line) {
        try {
            OutputStream out = client.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the client has ended already
        }
    }

    private long left() {
        return Math.max(1, deadline - System.nanoTime());
    }

    /** Heap in use after a full collection. */
    private static long liveHeap() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .trim()
                    .split(" ", 4)[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
