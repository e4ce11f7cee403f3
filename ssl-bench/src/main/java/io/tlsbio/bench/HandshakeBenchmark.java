package io.tlsbio.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Full handshakes per second, one thread, client and server in-process: a fresh pair each time, no
 * resumption. TLS 1.3, X25519, ECDSA P-256, TLS_AES_128_GCM_SHA256 on every variant ({@link
 * Variants}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {Fixtures.JDK_GROUPS_OPTION, "-Xms2g", "-Xmx2g"})
// a handshake runs a lot of code: on this 2-core machine the JIT needs 20-30 s before the rate
// settles
@Warmup(iterations = 12, time = 3)
@Measurement(iterations = 5, time = 3)
public class HandshakeBenchmark {

    @Param({
        Variants.TLSBIO_HYBRID,
        Variants.TLSBIO_HYBRID_NOVERIFY,
        Variants.TLSBIO_PUREJAVA,
        Variants.TLSBIO_JCA,
        Variants.BCTLS_HYBRID,
        Variants.BCTLS_HYBRID_VERIFY,
        Variants.SSLENGINE
    })
    public String variant;

    private Supplier<Connection> factory;

    @Setup
    public void setup() {
        factory = Variants.factory(variant);
        Connection c = factory.get();
        c.handshake();
        Checks.expectSuite(variant, c);
    }

    @Benchmark
    public Connection handshake() {
        Connection c = factory.get();
        c.handshake();
        return c;
    }
}
