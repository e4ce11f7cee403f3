package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.testkit.RecordingBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.DeterministicRandom;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.internal.HybridTlsCrypto;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tlsbio seals and opens TLS 1.3 AES-GCM application data itself once the handshake is over, with
 * the record cipher it shares with bctls (docs/ssl-lifecycle.md, "Record path"). Pinned here: the
 * wire bytes are exactly those bctls alone writes (the same connection run with bctls's own
 * AES-GCM, which never takes tlsbio's path), through data of every size, a KeyUpdate each way in
 * the middle of it, the server's tickets and a two-way close; and a record round trip allocates no
 * record-sized buffer.
 */
class OwnRecordLayerTest {

    private static final long SEED = 20261203L;

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"})
    void wireBytesAreThoseBctlsWritesAlone(String suite) {
        Transcripts own = run(suite, true);
        Transcripts bctls = run(suite, false);
        assertThat(own.client).isNotEmpty();
        assertThat(own.client).as("client's bytes").isEqualTo(bctls.client);
        assertThat(own.server).as("server's bytes").isEqualTo(bctls.server);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRecordRoundTripAllocatesNoRecordBuffer(boolean jceGcm) {
        Pair p = pair("TLS_AES_128_GCM_SHA256", jceGcm, false);
        byte[] data = new byte[16384];
        byte[] got = new byte[16384];
        for (int i = 0; i < 200; i++) {
            roundTrip(p, data, got);
        }
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long t = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(t);
        int n = 500;
        for (int i = 0; i < n; i++) {
            roundTrip(p, data, got);
        }
        long perRecord = (mx.getThreadAllocatedBytes(t) - before) / n;
        if (jceGcm) {
            // bctls alone allocates a record-sized array per record sealed and more per record
            // opened
            assertThat(perRecord).as("bytes allocated per 16 KiB record").isLessThan(8192);
        } else {
            assertThat(perRecord).as("bctls's own path, for contrast").isGreaterThan(16384);
        }
    }

    /**
     * A record of application data with one bit flipped is refused as bctls alone refuses it: the
     * server sends bad_record_mac (the same bytes), its read fails with it, and the client's read
     * then ends with the alert received.
     */
    @Test
    void aTamperedRecordIsBadRecordMacExactlyAsBctlsAnswersIt() {
        byte[] own = tamperedExchange(true);
        byte[] bctls = tamperedExchange(false);
        assertThat(own).as("the server's bytes, alert included").isEqualTo(bctls);
    }

    /** {@code SSL_free} with opened data not read gives its buffer back to the shared pool. */
    @Test
    void freeGivesTheOpenedRecordBufferBack() {
        Pair p = pair("TLS_AES_128_GCM_SHA256", true, false);
        byte[] data = new byte[16384];
        assertThat(p.client.write(data, 0, data.length)).isEqualTo(data.length);
        assertThat(p.server.read(new byte[10], 0, 10)).isEqualTo(10);
        assertThat(p.server.pending()).isEqualTo(data.length - 10);
        java.util.List<byte[]> taken = new java.util.ArrayList<>();
        while (io.tlsbio.bio.BufferPool.pooled() > 0) {
            taken.add(io.tlsbio.bio.BufferPool.take());
        }
        try {
            p.server.free();
            // at least: the pool is JVM-wide, so another thread could give an array back too
            assertThat(io.tlsbio.bio.BufferPool.pooled()).isGreaterThanOrEqualTo(1);
        } finally {
            taken.forEach(io.tlsbio.bio.BufferPool::give);
            p.client.free();
        }
    }

    private static byte[] tamperedExchange(boolean jceGcm) {
        Pair p = pair("TLS_AES_128_GCM_SHA256", jceGcm, true);
        byte[] data = new byte[3000];
        assertThat(Driver.transfer(p.client, p.server, data, () -> {})).isEqualTo(data);
        assertThat(p.client.write(data, 0, data.length)).isEqualTo(data.length);
        byte[] wire = new byte[(int) p.c2s.pending()];
        assertThat(p.c2s.read(wire, 0, wire.length)).isEqualTo(wire.length);
        wire[wire.length - 1] ^= 1; // the tag's last byte
        assertThat(p.c2s.write(wire, 0, wire.length)).isEqualTo(wire.length);
        byte[] got = new byte[data.length];
        assertThat(p.server.read(got, 0, got.length)).isEqualTo(-1);
        assertThat(p.server.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(p.server.lastError().reason()).isEqualTo(SslReason.ALERT_SENT);
        assertThat(p.server.lastError().alertName()).isEqualTo("bad_record_mac");
        assertThat(p.client.read(got, 0, got.length)).isZero();
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.ALERT_RECEIVED);
        assertThat(p.client.lastError().alertName()).isEqualTo("bad_record_mac");
        return p.serverOut.writtenTranscript();
    }

    private static void roundTrip(Pair p, byte[] data, byte[] got) {
        assertThat(p.client.write(data, 0, data.length)).isEqualTo(data.length);
        int r = 0;
        for (int i = 0; i < 4 && r < got.length; i++) {
            int n = p.server.read(got, r, got.length - r);
            assertThat(n).isPositive();
            r += n;
        }
        assertThat(r).isEqualTo(got.length);
    }

    private record Transcripts(byte[] client, byte[] server) {}

    private record Pair(
            Ssl client,
            Ssl server,
            RecordingBio clientOut,
            RecordingBio serverOut,
            MemBio c2s,
            MemBio s2c) {}

    /** A handshaken pair over memory BIOs; {@code record}: each side's output recorded too. */
    private static Pair pair(String suite, boolean jceGcm, boolean record) {
        TestPki pki = TestPki.create(SEED);
        TestCredential server = pki.server(KeyType.ECDSA);
        SslContext sctx =
                SslContext.builder()
                        .versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3)
                        .cipherSuites(suite)
                        .clock(SslContext.DETERMINISTIC_CLOCK)
                        .crypto(new HybridTlsCrypto(new DeterministicRandom(SEED), true, jceGcm))
                        .secureRandom(new DeterministicRandom(SEED))
                        .certificate(server.chain(), server.privateKey())
                        .build();
        SslContext cctx =
                SslContext.builder()
                        .versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3)
                        .cipherSuites(suite)
                        .clock(SslContext.DETERMINISTIC_CLOCK)
                        .crypto(
                                new HybridTlsCrypto(
                                        new DeterministicRandom(SEED + 1), true, jceGcm))
                        .secureRandom(new DeterministicRandom(SEED + 1))
                        .trust(List.of(pki.ca().certificate()))
                        .hostName(TestPki.HOST)
                        .build();
        RecordingBio clientOut = new RecordingBio();
        RecordingBio serverOut = new RecordingBio();
        MemBio c2s = MemBio.create();
        MemBio s2c = MemBio.create();
        clientOut.push(c2s);
        serverOut.push(s2c);
        Ssl cs = cctx.newSsl();
        Ssl ss = sctx.newSsl();
        if (record) {
            cs.setBio(s2c, clientOut);
            ss.setBio(c2s, serverOut);
        } else {
            cs.setBio(s2c, c2s);
            ss.setBio(c2s, s2c);
        }
        cs.setConnectState();
        ss.setAcceptState();
        new Driver().handshake(cs, ss, () -> {});
        assertThat(cs.cipher()).isEqualTo(suite);
        return new Pair(cs, ss, clientOut, serverOut, c2s, s2c);
    }

    private static Transcripts run(String suite, boolean jceGcm) {
        Pair p = pair(suite, jceGcm, true);
        for (int size : new int[] {1, 1000, 16383, 16384, 16385, 40_000, 100_000}) {
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = (byte) (i * 31 + size);
            }
            assertThat(Driver.transfer(p.client, p.server, data, () -> {})).isEqualTo(data);
            assertThat(Driver.transfer(p.server, p.client, data, () -> {})).isEqualTo(data);
            if (size == 16384) {
                // each side asks the other for a KeyUpdate: both switch keys both ways
                assertThat(p.client.keyUpdate(true)).isEqualTo(1);
                assertThat(Driver.transfer(p.client, p.server, data, () -> {})).isEqualTo(data);
                assertThat(Driver.transfer(p.server, p.client, data, () -> {})).isEqualTo(data);
                assertThat(p.server.keyUpdate(true)).isEqualTo(1);
                assertThat(Driver.transfer(p.server, p.client, data, () -> {})).isEqualTo(data);
                assertThat(Driver.transfer(p.client, p.server, data, () -> {})).isEqualTo(data);
            }
        }
        Driver.shutdown(p.client, p.server, () -> {}, () -> {});
        return new Transcripts(p.clientOut.writtenTranscript(), p.serverOut.writtenTranscript());
    }
}
