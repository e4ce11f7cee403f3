package io.tlsbio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Netty benchmarks' setups run and measure something, for every variant (short reps, no timing
 * claims).
 */
class NettyBenchSetupTest {

    private static NettyLoops loops;

    @BeforeAll
    static void startLoops() {
        loops = new NettyLoops();
    }

    @AfterAll
    static void stopLoops() {
        loops.close();
        assertThat(loops.serverLoops.isTerminated()).isTrue();
        assertThat(loops.clientLoops.isTerminated()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = NettyVariant.class,
            names = {"TLSBIO", "JDK"})
    void handshakesAreCountedAndNoneFails(NettyVariant v) throws Exception {
        NettyHandshakes h = new NettyHandshakes(loops, v, 4);
        assertThat(firstPositive(() -> h.rep(0.5))).isPositive();
    }

    @ParameterizedTest
    @EnumSource(
            value = NettyVariant.class,
            names = {"TLSBIO", "JDK"})
    void bulkBytesArrive(NettyVariant v) throws Exception {
        NettyBulk b = new NettyBulk(loops, v);
        assertThat(firstPositive(() -> b.rep(0.5))).isPositive();
        b.close();
    }

    @Test
    void idleMemoryIsMeasuredWithEveryEndEstablished() throws Exception {
        NettyIdleMemory m = new NettyIdleMemory(loops, NettyVariant.TLSBIO);
        assertThat(m.rep(20)).isFinite();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytebuf-bio", "membio"})
    void bioBenchmarkCarriesWholeRecords(String variant) {
        NettyBioBenchmark b = new NettyBioBenchmark();
        b.variant = variant;
        b.setup();
        assertThat(b.recordAcross()).isEqualTo(NettyBioBenchmark.WRITE_SIZE);
        b.tearDown();
    }

    @Test
    void variantsAreFoundByLabel() {
        for (NettyVariant v : NettyVariant.values()) {
            assertThat(NettyVariant.byLabel(v.label())).isSameAs(v);
        }
    }

    /**
     * A rep's rate on a loaded machine may be 0 while the JIT warms up: up to 40 reps (~20 s),
     * first rate above 0.
     */
    private static double firstPositive(Rep rep) throws Exception {
        double rate = 0;
        for (int i = 0; i < 40 && rate <= 0; i++) {
            rate = rep.run();
        }
        return rate;
    }

    @FunctionalInterface
    private interface Rep {
        double run() throws Exception;
    }
}
