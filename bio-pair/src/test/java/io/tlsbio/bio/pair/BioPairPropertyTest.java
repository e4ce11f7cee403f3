package io.tlsbio.bio.pair;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.PatternStream;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: any sequence of writes, flushes and reads of random sizes through a {@link BioPair}
 * with random buffer sizes (1 byte to 64 KiB) delivers exactly the bytes written, in order, both
 * ways; and every call returns what the model (free space, readable bytes) predicts. Seeded: a
 * failure names its seed, and {@code seeds()} can be narrowed to it to replay.
 */
class BioPairPropertyTest {

    private static final int OPS = 300;
    private static final int MAX_LEN = 64 * 1024;

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** Log-uniform in [1, 65536], so tiny sizes are as common as large ones. */
    static int randomSize(Random rnd) {
        int bits = rnd.nextInt(17);
        return Math.min(MAX_LEN, (1 << bits) + rnd.nextInt(1 << bits));
    }

    /** One direction: what {@code writer} writes, its peer reads. */
    private record Direction(String label, BioPair.End writer, PatternStream stream) {
        BioPair.End reader() {
            return writer.peer();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anySequenceOfWritesAndReadsDeliversExactlyTheBytesWrittenInOrder(long seed) {
        Random rnd = new Random(seed);
        BioPair pair = BioPair.create(randomSize(rnd), randomSize(rnd));
        String what = "seed " + seed + " " + pair;
        Direction[] dirs = {
            new Direction(
                    what + " first->second",
                    pair.first(),
                    new PatternStream(what + " first->second", seed, 0)),
            new Direction(
                    what + " second->first",
                    pair.second(),
                    new PatternStream(what + " second->first", seed, 1)),
        };
        byte[] scratch = new byte[MAX_LEN];
        for (int op = 0; op < OPS; op++) {
            Direction d = dirs[rnd.nextInt(2)];
            int len = randomSize(rnd);
            switch (rnd.nextInt(5)) {
                case 0, 1 -> write(d, scratch, len);
                case 2, 3 -> read(d, scratch, len);
                default -> assertThat(d.writer().flush()).as("%s: flush", d.label()).isEqualTo(1);
            }
            assertInFlight(d);
        }
        for (Direction d : dirs) {
            d.writer().shutdownWrite();
            for (int i = 0; i < 10_000 && d.reader().pending() > 0; i++) {
                read(d, scratch, randomSize(rnd));
            }
            assertThat(d.reader().read(scratch, 0, 1))
                    .as("%s: EOF after the drain", d.label())
                    .isZero();
            assertThat(d.stream().read())
                    .as("%s: bytes delivered", d.label())
                    .isEqualTo(d.stream().written());
        }
    }

    private static void write(Direction d, byte[] scratch, int len) {
        int room = d.writer().writeGuarantee();
        d.stream().peekUnwritten(scratch, len);
        int w = d.writer().write(scratch, 0, len);
        if (room == 0) {
            assertThat(w).as("%s: write %d into a full buffer", d.label(), len).isEqualTo(-1);
            assertThat(d.writer().shouldWrite()).as("%s: retry-write", d.label()).isTrue();
        } else {
            assertThat(w)
                    .as("%s: write %d with %d free", d.label(), len, room)
                    .isEqualTo(Math.min(len, room));
            assertThat(d.writer().shouldRetry())
                    .as("%s: no retry on a write that moved bytes", d.label())
                    .isFalse();
            d.stream().wrote(w);
        }
    }

    private static void read(Direction d, byte[] scratch, int len) {
        long available = d.reader().pending();
        int r = d.reader().read(scratch, 0, len);
        if (available == 0) {
            assertThat(r).as("%s: read %d with nothing pending", d.label(), len).isEqualTo(-1);
            assertThat(d.reader().shouldRead()).as("%s: retry-read", d.label()).isTrue();
            assertThat(d.writer().readRequest())
                    .as("%s: read request", d.label())
                    .isEqualTo(Math.min(len, d.writer().writeBufferSize()));
        } else {
            assertThat(r)
                    .as("%s: read %d with %d pending", d.label(), len, available)
                    .isEqualTo((int) Math.min(len, available));
            d.stream().verifyRead(scratch, 0, r);
        }
    }

    private static void assertInFlight(Direction d) {
        long inFlight = d.stream().written() - d.stream().read();
        assertThat(d.writer().wpending()).as("%s: writer wpending", d.label()).isEqualTo(inFlight);
        assertThat(d.reader().pending()).as("%s: reader pending", d.label()).isEqualTo(inFlight);
        assertThat(d.writer().writeGuarantee())
                .as("%s: write guarantee", d.label())
                .isEqualTo(d.writer().writeBufferSize() - inFlight);
    }
}
