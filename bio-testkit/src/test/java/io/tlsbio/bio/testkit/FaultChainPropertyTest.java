package io.tlsbio.bio.testkit;

import static io.tlsbio.bio.testkit.BioLoops.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.mem.MemBio;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded properties of fault chains: RecordingBio -> RetryInjectingBio -> ShortIoBio -> MemBio
 * delivers exactly the bytes written, in order, whatever the cuts and spurious retries; and the
 * same seed gives the same sequence of faults.
 */
class FaultChainPropertyTest {

    static LongStream seeds() {
        return LongStream.range(0, 100);
    }

    /** What one run did: the transcripts and events the recorder saw, and what came out. */
    record Run(
            byte[] delivered,
            byte[] writtenTranscript,
            byte[] readTranscript,
            List<RecordingBio.Event> events,
            long injectedRetries) {}

    /**
     * Interleaves random-length writes and reads through the chain until everything is read back.
     */
    static Run run(long seed, byte[] payload) {
        SplittableRandom script = new SplittableRandom(seed ^ 0xC0FFEEL);
        MemBio mem = MemBio.create();
        RecordingBio rec = new RecordingBio(true);
        RetryInjectingBio retry =
                new RetryInjectingBio(
                        seed, 0.05 + script.nextDouble() * 0.5, 0.05 + script.nextDouble() * 0.5);
        ShortIoBio shortIo = new ShortIoBio(seed, 1 + script.nextInt(64));
        Bio head = rec.push(retry).push(shortIo).push(mem);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int written = 0;
        byte[] buf = new byte[256];
        for (int i = 0; out.size() < payload.length; i++) {
            assertThat(i)
                    .as(
                            "seed %d: bounded progress (written %d, read %d)",
                            seed, written, out.size())
                    .isLessThan(BioLoops.MAX_CALLS);
            if (written < payload.length && script.nextBoolean()) {
                int len = 1 + script.nextInt(Math.min(300, payload.length - written));
                int r = head.write(payload, written, len);
                if (r > 0) {
                    assertThat(r).as("seed %d: write count", seed).isLessThanOrEqualTo(len);
                    written += r;
                } else {
                    assertThat(r).as("seed %d: failed write", seed).isEqualTo(-1);
                    assertThat(head.shouldRetry() && head.shouldWrite())
                            .as("seed %d: write retry flags", seed)
                            .isTrue();
                }
            } else {
                int len = 1 + script.nextInt(buf.length);
                int r = head.read(buf, 0, len);
                if (r > 0) {
                    out.write(buf, 0, r);
                } else {
                    assertThat(r).as("seed %d: failed read", seed).isEqualTo(-1);
                    assertThat(head.shouldRetry() && head.shouldRead())
                            .as("seed %d: read retry flags", seed)
                            .isTrue();
                }
            }
        }
        assertThat(head.flush()).as("seed %d: flush", seed).isIn(0, 1);
        return new Run(
                out.toByteArray(),
                rec.writtenTranscript(),
                rec.readTranscript(),
                rec.events(),
                retry.injectedReadRetries() + retry.injectedWriteRetries());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shortIoAndSpuriousRetriesDeliverExactlyTheBytesWrittenInOrder(long seed) {
        byte[] payload = pattern(1 + new SplittableRandom(seed).nextInt(4096), seed);
        Run run = run(seed, payload);
        assertThat(run.delivered()).as("seed %d: delivered", seed).isEqualTo(payload);
        assertThat(run.writtenTranscript())
                .as("seed %d: written transcript", seed)
                .isEqualTo(payload);
        assertThat(run.readTranscript()).as("seed %d: read transcript", seed).isEqualTo(payload);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void sameSeedSameFaultSequence(long seed) {
        byte[] payload = pattern(1500, seed);
        Run a = run(seed, payload);
        Run b = run(seed, payload);
        assertThat(b.events()).as("seed %d: event log", seed).isEqualTo(a.events());
        assertThat(b.injectedRetries()).as("seed %d", seed).isEqualTo(a.injectedRetries());
    }

    @Test
    void differentSeedsGiveDifferentFaultSequences() {
        byte[] payload = pattern(1500, 1);
        long distinct =
                seeds().limit(20).mapToObj(s -> run(s, payload).events()).distinct().count();
        assertThat(distinct).isEqualTo(20);
    }

    @Test
    void chainsSeeSpuriousRetriesAndShortCutsAtAll() {
        Run run = run(3, pattern(2000, 3));
        assertThat(run.injectedRetries()).isPositive();
        assertThat(run.events())
                .anySatisfy(e -> assertThat(e.result()).isPositive().isLessThan(e.length()));
    }
}
