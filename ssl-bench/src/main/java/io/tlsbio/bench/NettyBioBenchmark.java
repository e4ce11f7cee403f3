package io.tlsbio.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.tlsbio.bio.Bio;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.netty.internal.InboundBio;
import io.tlsbio.netty.internal.OutboundBio;
import io.tlsbio.ssl.Ssl;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Which BIOs a Netty handler should put under its {@code Ssl}: one 16 KiB record from a client
 * {@code Ssl.write} to a server {@code Ssl.read} into a pooled heap {@code ByteBuf}, with the
 * ciphertext travelling as {@code ByteBuf}s in between (standing in for the channel; no socket).
 *
 * <ul>
 *   <li>{@code bytebuf-bio}: TlsbioHandler's {@link OutboundBio}/{@link InboundBio}. The record
 *       layer copies its output once into a direct buffer, which is handed over as it is; the
 *       receiver reads it straight into the record layer.
 *   <li>{@code membio}: {@code MemBio}s, with the copies a handler over them must add: MemBio to a
 *       {@code ByteBuf} on the way out, {@code ByteBuf} to MemBio on the way in.
 * </ul>
 *
 * Besides JMH, {@link #main} times the two round-robin in one JVM (as {@link Interleaved}), which
 * resolves a difference of a few percent on a loaded machine:
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp ssl-bench/target/ssl-bench.jar io.tlsbio.bench.NettyBioBenchmark [warmupSeconds=10] [reps=15] [repSeconds=2]
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
public class NettyBioBenchmark {

    /** Plaintext per operation: one full record. */
    public static final int WRITE_SIZE = 16384;

    @Param({"bytebuf-bio", "membio"})
    public String variant;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final byte[] data = new byte[WRITE_SIZE];
    private Ssl client;
    private Ssl server;
    private Link clientToServer;
    private Link serverToClient;

    /**
     * One direction of the wire: takes what one Ssl wrote and gives it to the other Ssl's read BIO.
     */
    private interface Link {
        Bio out();

        Bio in();

        void transfer();
    }

    /** ByteBuf BIOs: the buffer the writer filled is the buffer the reader reads. */
    private final class ByteBufLink implements Link {
        final OutboundBio out = new OutboundBio(alloc);
        final InboundBio in = new InboundBio();

        @Override
        public Bio out() {
            return out;
        }

        @Override
        public Bio in() {
            return in;
        }

        @Override
        public void transfer() {
            ByteBuf b;
            while ((b = out.poll()) != null) {
                in.add(b);
            }
        }
    }

    /**
     * MemBios: out of one into a ByteBuf for the channel, and out of that ByteBuf into the other.
     */
    private final class MemLink implements Link {
        final MemBio out = MemBio.create();
        final MemBio in = MemBio.create();

        @Override
        public Bio out() {
            return out;
        }

        @Override
        public Bio in() {
            return in;
        }

        @Override
        public void transfer() {
            int n = (int) out.pending();
            if (n == 0) {
                return;
            }
            ByteBuf b = alloc.heapBuffer(n);
            try {
                b.writerIndex(out.read(b.array(), b.arrayOffset(), n));
                in.write(b.array(), b.arrayOffset() + b.readerIndex(), b.readableBytes());
            } finally {
                b.release();
            }
        }
    }

    @Setup
    public void setup() {
        client = Fixtures.tlsbioClient(Fixtures.Crypto.HYBRID, false).newSsl();
        server = Fixtures.tlsbioServer(Fixtures.Crypto.HYBRID).newSsl();
        boolean bytebuf = variant.equals("bytebuf-bio");
        clientToServer = bytebuf ? new ByteBufLink() : new MemLink();
        serverToClient = bytebuf ? new ByteBufLink() : new MemLink();
        client.setBio(serverToClient.in(), clientToServer.out());
        server.setBio(clientToServer.in(), serverToClient.out());
        client.setConnectState();
        server.setAcceptState();
        int c = 0;
        int s = 0;
        for (int round = 0; round < 20 && (c != 1 || s != 1); round++) {
            c = c == 1 ? 1 : client.doHandshake();
            clientToServer.transfer();
            s = s == 1 ? 1 : server.doHandshake();
            serverToClient.transfer();
        }
        if (c != 1 || s != 1) {
            throw new IllegalStateException(
                    variant
                            + ": handshake did not finish: "
                            + client.lastError()
                            + " / "
                            + server.lastError());
        }
        new SplittableRandom(1).nextBytes(data);
        if (recordAcross() != WRITE_SIZE) {
            throw new IllegalStateException(variant + ": the server did not read the whole record");
        }
    }

    @Benchmark
    public int recordAcross() {
        if (client.write(data, 0, WRITE_SIZE) != WRITE_SIZE) {
            throw new IllegalStateException("write failed: " + client.lastError());
        }
        clientToServer.transfer();
        ByteBuf plain = alloc.heapBuffer(WRITE_SIZE);
        try {
            int total = 0;
            while (total < WRITE_SIZE) {
                int n = server.read(plain.array(), plain.arrayOffset() + total, WRITE_SIZE - total);
                if (n <= 0) {
                    throw new IllegalStateException("read " + n + ": " + server.lastError());
                }
                total += n;
            }
            return total;
        } finally {
            plain.release();
        }
    }

    /** Both variants, reps taken round-robin; the MB/s table and the median per-rep ratio. */
    public static void main(String[] args) {
        double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        double repSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        java.util.Map<String, NettyBioBenchmark> runs = new java.util.LinkedHashMap<>();
        for (String v : java.util.List.of("bytebuf-bio", "membio")) {
            NettyBioBenchmark b = new NettyBioBenchmark();
            b.variant = v;
            b.setup();
            runs.put(v, b);
        }
        System.out.printf(
                java.util.Locale.ROOT,
                "bio: warm-up %.0f s each, %d reps x %.1f s%n",
                warmup,
                reps,
                repSeconds);
        for (int s = 0; s < Math.ceil(warmup); s++) {
            runs.values().forEach(b -> b.mbPerSecond(1));
        }
        java.util.Map<String, java.util.List<Double>> rates = new java.util.LinkedHashMap<>();
        for (int r = 0; r < reps; r++) {
            StringBuilder line = new StringBuilder("rep " + (r + 1) + ":");
            for (java.util.Map.Entry<String, NettyBioBenchmark> e : runs.entrySet()) {
                double mbs = e.getValue().mbPerSecond(repSeconds);
                rates.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(mbs);
                line.append(String.format(java.util.Locale.ROOT, "  %s %,.1f", e.getKey(), mbs));
            }
            System.out.println(line);
        }
        System.out.printf("%n| variant | MB/s median (min–max of %d reps) |%n|---|---|%n", reps);
        rates.forEach((k, v) -> System.out.printf("| %s | %s |%n", k, Stats.summary(v, 0)));
        java.util.List<Double> ratios = new java.util.ArrayList<>();
        for (int i = 0; i < reps; i++) {
            ratios.add(rates.get("bytebuf-bio").get(i) / rates.get("membio").get(i));
        }
        double[] q = Stats.sorted(ratios);
        System.out.printf(
                java.util.Locale.ROOT,
                "%nbytebuf-bio vs membio: %+.1f%% (quartiles %+.1f%% … %+.1f%%)%n",
                (Stats.median(ratios) - 1) * 100,
                (q[q.length / 4] - 1) * 100,
                (q[(3 * q.length) / 4] - 1) * 100);
        runs.values().forEach(NettyBioBenchmark::tearDown);
    }

    private double mbPerSecond(double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        long elapsed;
        do {
            recordAcross();
            n++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return n * (double) WRITE_SIZE / (elapsed / 1e9) / 1e6;
    }

    @TearDown
    public void tearDown() {
        client.free();
        server.free();
        clientToServer.in().close();
        clientToServer.out().close();
        serverToClient.in().close();
        serverToClient.out().close();
    }
}
