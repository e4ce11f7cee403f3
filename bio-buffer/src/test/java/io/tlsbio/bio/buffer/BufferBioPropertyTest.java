package io.tlsbio.bio.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.PatternStream;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.pair.BioPair;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: any sequence of writes, flushes and reads of random sizes through a {@link BufferBio}
 * delivers exactly the bytes written, in order, whatever the buffer sizes (1 byte to 64 KiB) and
 * however often the next BIO refuses: over a {@link MemBio} (unbounded, or bounded so that writes
 * and flushes stop part way) read back through the same filter, and between two filters over the
 * two ends of a {@link BioPair}. Seeded: a failure names its seed.
 */
class BufferBioPropertyTest {

    private static final int OPS = 300;
    private static final int MAX_LEN = 64 * 1024;
    private static final int MAX_DRAIN_ROUNDS = 1_000_000;

    /** Bytes one case may write per byte of its narrowest buffer, so tiny buffers stay fast. */
    private static final long BUDGET_PER_BYTE = 1024;

    private static final long MAX_BUDGET = 1 << 20;

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** Log-uniform in [1, 65536], so tiny sizes are as common as large ones. */
    static int randomSize(Random rnd) {
        int bits = rnd.nextInt(17);
        return Math.min(MAX_LEN, (1 << bits) + rnd.nextInt(1 << bits));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bufferOverMemDeliversExactlyTheBytesWrittenInOrder(long seed) {
        Random rnd = new Random(seed);
        int size = randomSize(rnd);
        boolean bounded = rnd.nextBoolean();
        int memMax = randomSize(rnd);
        MemBio mem = bounded ? MemBio.create(memMax) : MemBio.create();
        long budget = bounded ? Math.min(MAX_BUDGET, BUDGET_PER_BYTE * memMax) : MAX_BUDGET;
        BufferBio buf = BufferBio.create(size);
        buf.push(mem);
        String what =
                "seed "
                        + seed
                        + " "
                        + buf
                        + " over MemBio("
                        + (bounded ? "bounded" : "unbounded")
                        + ")";
        PatternStream stream = new PatternStream(what, seed, 0);
        byte[] scratch = new byte[MAX_LEN];

        for (int op = 0; op < OPS; op++) {
            int len = randomSize(rnd);
            switch (rnd.nextInt(5)) {
                case 0, 1 -> write(what, buf, stream, scratch, len, budget);
                case 2, 3 -> read(what, buf, stream, scratch, len);
                default -> flush(what, buf);
            }
            if (!bounded) {
                assertThat(buf.shouldWrite())
                        .as("%s: an unbounded MemBio never refuses a write", what)
                        .isFalse();
            }
            // every byte written and not yet read is in the output buffer, the MemBio or the input
            // buffer
            long bufferedInput = stream.written() - stream.read() - buf.wpending() - mem.pending();
            assertThat(bufferedInput)
                    .as("%s: bytes in the input buffer", what)
                    .isBetween(0L, (long) size);
        }
        drain(what, buf, buf, stream, scratch, rnd);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void buffersOverBothEndsOfAPairDeliverExactlyTheBytesWrittenInOrder(long seed) {
        Random rnd = new Random(seed);
        BioPair pair = BioPair.create(randomSize(rnd), randomSize(rnd));
        long budget = Math.min(MAX_BUDGET, BUDGET_PER_BYTE * pair.first().writeBufferSize());
        BufferBio writer = BufferBio.create(randomSize(rnd));
        writer.push(pair.first());
        BufferBio reader = BufferBio.create(randomSize(rnd));
        reader.push(pair.second());
        String what = "seed " + seed + " " + writer + " -> " + pair + " -> " + reader;
        PatternStream stream = new PatternStream(what, seed, 0);
        byte[] scratch = new byte[MAX_LEN];

        for (int op = 0; op < OPS; op++) {
            int len = randomSize(rnd);
            switch (rnd.nextInt(5)) {
                case 0, 1 -> write(what, writer, stream, scratch, len, budget);
                case 2, 3 -> read(what, reader, stream, scratch, len);
                default -> flush(what, writer);
            }
        }
        drain(what, writer, reader, stream, scratch, rnd);
        pair.first().shutdownWrite();
        assertThat(reader.read(scratch, 0, 1)).as("%s: EOF after the drain", what).isZero();
        assertThat(reader.eof()).as("%s: eof()", what).isTrue();
    }

    /**
     * A write moves all of {@code len}, or fewer with retry-write set, or nothing (-1) with
     * retry-write. {@code len} is cut to what is left of the case's byte budget.
     */
    private static void write(
            String what, Bio writer, PatternStream stream, byte[] scratch, int asked, long budget) {
        int len = (int) Math.min(asked, budget - stream.written());
        if (len <= 0) {
            return;
        }
        stream.peekUnwritten(scratch, len);
        int w = writer.write(scratch, 0, len);
        if (w == len) {
            assertThat(writer.shouldRetry())
                    .as("%s: no retry after a complete write of %d", what, len)
                    .isFalse();
        } else {
            assertThat(w).as("%s: write of %d", what, len).isBetween(-1, len - 1).isNotZero();
            assertThat(writer.shouldWrite())
                    .as("%s: retry-write after a write of %d returned %d", what, len, w)
                    .isTrue();
        }
        if (w > 0) {
            stream.wrote(w);
        }
    }

    /**
     * A read returns bytes (checked against the stream) or -1 with retry-read; never 0 while the
     * writer is open.
     */
    private static void read(
            String what, Bio reader, PatternStream stream, byte[] scratch, int len) {
        int r = reader.read(scratch, 0, len);
        if (r > 0) {
            assertThat(r).as("%s: read of %d", what, len).isLessThanOrEqualTo(len);
            stream.verifyRead(scratch, 0, r);
        } else {
            assertThat(r).as("%s: read of %d", what, len).isEqualTo(-1);
            assertThat(reader.shouldRead()).as("%s: retry-read", what).isTrue();
        }
    }

    private static int flush(String what, Bio writer) {
        int r = writer.flush();
        if (r != 1) {
            assertThat(r).as("%s: flush", what).isEqualTo(-1);
            assertThat(writer.shouldWrite()).as("%s: retry-write after flush", what).isTrue();
        }
        return r;
    }

    /** Flushes and reads until every byte written has been read, in a bounded number of rounds. */
    private static void drain(
            String what, Bio writer, Bio reader, PatternStream stream, byte[] scratch, Random rnd) {
        boolean flushed = false;
        for (int round = 0;
                round < MAX_DRAIN_ROUNDS && !(flushed && stream.read() == stream.written());
                round++) {
            flushed = flush(what, writer) == 1;
            read(what, reader, stream, scratch, randomSize(rnd));
        }
        assertThat(flushed).as("%s: final flush completed", what).isTrue();
        assertThat(stream.read()).as("%s: bytes delivered", what).isEqualTo(stream.written());
    }
}
