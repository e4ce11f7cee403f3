package io.tlsbio.bench;

import java.util.Arrays;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bulk throughput on one established connection, one thread: each operation is one 16 KiB write on
 * the client (one full record, encrypted) read back whole on the server (decrypted). MB/s = ops/s x
 * 16384 / 10^6 ({@link Summarize} converts).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {Fixtures.JDK_GROUPS_OPTION, "-Xms2g", "-Xmx2g"})
// AES-GCM reaches its intrinsics after 6-9 s here
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
public class BulkBenchmark {

    /** Bytes per operation: the TLS maximum plaintext per record. */
    public static final int WRITE_SIZE = 16384;

    @Param({
        Variants.TLSBIO_HYBRID,
        Variants.TLSBIO_BIOPAIR,
        Variants.BCTLS_HYBRID,
        Variants.SSLENGINE
    })
    public String variant;

    /**
     * Bytes per write (and per operation): 16384 by default; {@code -p writeSize=1024} measures
     * small writes, one record each (MB/s is then ops/s x 1024 / 10^6; {@link Summarize} assumes
     * 16384).
     */
    @Param({"16384"})
    public int writeSize = WRITE_SIZE;

    private Connection connection;
    private byte[] data;
    private byte[] sink;

    @Setup
    public void setup() {
        data = new byte[writeSize];
        sink = new byte[writeSize];
        connection = Variants.factory(variant).get();
        connection.handshake();
        Checks.expectSuite(variant, connection);
        new SplittableRandom(1).nextBytes(data);
        connection.clientToServer(data, sink);
        if (!Arrays.equals(data, sink)) {
            throw new IllegalStateException(
                    variant + ": the server read other bytes than the client wrote");
        }
    }

    @Benchmark
    public byte[] clientToServer() {
        connection.clientToServer(data, sink);
        return sink;
    }
}
