package io.tlsbio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Each benchmark's setup and one operation, per variant: the numbers measure what they claim. */
class BenchmarkSetupTest {

    static final java.util.List<String> HANDSHAKE = Variants.HANDSHAKE;
    static final java.util.List<String> BULK = Variants.BULK;

    @ParameterizedTest
    @FieldSource("HANDSHAKE")
    void handshakeSetupAndOneHandshake(String variant) {
        HandshakeBenchmark b = new HandshakeBenchmark();
        b.variant = variant;
        b.setup();
        Connection c = b.handshake();
        assertThat(c.negotiated()).contains("TLS_AES_128_GCM_SHA256");
        // a second connection from the same factory is a new one
        assertThat(b.handshake()).isNotSameAs(c);
    }

    @ParameterizedTest
    @FieldSource("BULK")
    void bulkSetupAndOneRecord(String variant) {
        BulkBenchmark b = new BulkBenchmark();
        b.variant = variant;
        b.setup();
        byte[] first = b.clientToServer().clone();
        assertThat(b.clientToServer()).isEqualTo(first).hasSize(BulkBenchmark.WRITE_SIZE);
    }

    @Test
    void everyVariantNameIsKnown() {
        assertThat(Variants.HANDSHAKE).doesNotHaveDuplicates();
        for (String v : Variants.BULK) {
            assertThat(Variants.factory(v)).isNotNull();
        }
    }

    @Test
    void sslEngineIsLimitedToX25519InThisJvm() {
        // set by surefire here and by @Fork in the benchmarks
        assertThat(System.getProperty("jdk.tls.namedGroups")).isEqualTo("x25519");
    }
}
