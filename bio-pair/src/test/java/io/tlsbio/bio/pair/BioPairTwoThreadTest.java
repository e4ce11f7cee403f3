package io.tlsbio.bio.pair;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The class doc of {@link BioPair} promises that its two ends may be driven from two threads, one
 * thread per end. Two threads move a few MiB both ways at once, through small buffers so that both
 * retry directions happen thousands of times, and compare checksums.
 */
class BioPairTwoThreadTest {

    private static final int BYTES = 3 << 20;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long MAX_ROUNDS = 200_000_000L;

    /** What one thread saw: the bytes it read, their checksum, and how often it had to retry. */
    record Result(long bytesRead, long crc, long retries) {}

    @Test
    void twoThreadsOneEndEachMoveMebibytesBothWaysIntact() throws Exception {
        BioPair pair = BioPair.create(4096, 1000);
        byte[] fromFirst = randomBytes(1, BYTES);
        byte[] fromSecond = randomBytes(2, BYTES);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Result> first = pool.submit(() -> duplex(pair.first(), fromFirst, start));
            Future<Result> second = pool.submit(() -> duplex(pair.second(), fromSecond, start));
            start.countDown();
            Result atFirst = first.get(60, TimeUnit.SECONDS);
            Result atSecond = second.get(60, TimeUnit.SECONDS);

            assertThat(atFirst.bytesRead()).isEqualTo(BYTES);
            assertThat(atSecond.bytesRead()).isEqualTo(BYTES);
            assertThat(atFirst.crc()).as("first read what second wrote").isEqualTo(crc(fromSecond));
            assertThat(atSecond.crc()).as("second read what first wrote").isEqualTo(crc(fromFirst));
            assertThat(atFirst.retries() + atSecond.retries())
                    .as("the small buffers forced retries")
                    .isPositive();
            assertThat(pair.first().bytesWritten()).isEqualTo(BYTES);
            assertThat(pair.second().bytesRead()).isEqualTo(BYTES);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("workers stopped").isTrue();
        }
    }

    /**
     * Drives one end from the calling thread only: writes all of {@code data} in varying chunk
     * sizes, shuts the write side, and reads until the peer's EOF; yields when neither direction
     * could move. Bounded by a deadline and a round count.
     */
    private static Result duplex(BioPair.End end, byte[] data, CountDownLatch start)
            throws InterruptedException {
        if (!start.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("start signal never came");
        }
        Random chunks = new Random(end.writeBufferSize());
        byte[] buf = new byte[7000];
        CRC32 crc = new CRC32();
        int sent = 0;
        long got = 0;
        long retries = 0;
        boolean shut = false;
        boolean eof = false;
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        for (long round = 0; !(shut && eof); round++) {
            if (round > MAX_ROUNDS || System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        end
                                + " stuck: sent "
                                + sent
                                + ", read "
                                + got
                                + " after "
                                + round
                                + " rounds");
            }
            boolean progress = false;
            if (sent < data.length) {
                int w =
                        end.write(
                                data, sent, Math.min(data.length - sent, 1 + chunks.nextInt(6000)));
                if (w > 0) {
                    sent += w;
                    progress = true;
                } else if (end.shouldWrite()) {
                    retries++;
                } else {
                    throw new AssertionError(end + " write failed: " + w + " " + end.lastError());
                }
            } else if (!shut) {
                end.shutdownWrite();
                shut = true;
            }
            if (!eof) {
                int r = end.read(buf, 0, 1 + chunks.nextInt(buf.length));
                if (r > 0) {
                    crc.update(buf, 0, r);
                    got += r;
                    progress = true;
                } else if (r == 0) {
                    eof = true;
                } else if (end.shouldRead()) {
                    retries++;
                } else {
                    throw new AssertionError(end + " read failed: " + r + " " + end.lastError());
                }
            }
            if (!progress) {
                Thread.yield();
            }
        }
        return new Result(got, crc.getValue(), retries);
    }

    private static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static long crc(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b);
        return crc.getValue();
    }
}
