package io.tlsbio.bio.mem;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioCallback;
import io.tlsbio.bio.BioOperation;
import io.tlsbio.bio.BufferPool;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The buffer lifecycle of a MemBio: nothing held once drained, in-place reads, direct buffers. */
class MemBioBufferTest {

    private static int capacity(MemBio mem) throws ReflectiveOperationException {
        Field f = MemBio.class.getDeclaredField("buf");
        f.setAccessible(true);
        return ((byte[]) f.get(mem)).length;
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void aDrainedBioHoldsNoArrayAndTheNextWriteStartsAfresh() throws Exception {
        MemBio mem = MemBio.create();
        byte[] record = pattern(16_405, 1);
        for (int round = 0; round < 3; round++) {
            assertThat(mem.write(record)).isEqualTo(record.length);
            byte[] got = new byte[record.length];
            assertThat(mem.read(got, 0, 100)).isEqualTo(100);
            assertThat(capacity(mem)).as("still holding unread bytes").isPositive();
            assertThat(mem.read(got, 100, got.length - 100)).isEqualTo(got.length - 100);
            assertThat(got).isEqualTo(record);
            assertThat(capacity(mem)).as("drained: the array went back").isZero();
            assertThat(mem.pending()).isZero();
        }
    }

    @Test
    void interleavedWritesAndPartialReadsKeepOrder() {
        MemBio mem = MemBio.create();
        byte[] all = pattern(100_000, 7);
        byte[] got = new byte[all.length];
        int w = 0;
        int r = 0;
        int step = 0;
        while (r < all.length) {
            int chunk = Math.min(all.length - w, 1 + (step * 7919) % 20_000);
            if (chunk > 0) {
                assertThat(mem.write(all, w, chunk)).isEqualTo(chunk);
                w += chunk;
            }
            int n = mem.read(got, r, Math.min(all.length - r, 1 + (step * 104_729) % 15_000));
            if (n > 0) {
                r += n;
            }
            step++;
            assertThat(step).isLessThan(10_000);
        }
        assertThat(got).isEqualTo(all);
    }

    @Test
    void readInPlaceLendsTheUnreadBytesAndConsumesWhatTheReaderTook() {
        MemBio mem = MemBio.create();
        mem.write(pattern(10, 0));
        byte[][] lent = new byte[1][];
        int n =
                mem.readInPlace(
                        (b, off, len) -> {
                            lent[0] = Arrays.copyOfRange(b, off, off + len);
                            b[off] = 99; // the reader may overwrite what it consumes
                            return 4;
                        });
        assertThat(n).isEqualTo(4);
        assertThat(lent[0]).isEqualTo(pattern(10, 0));
        assertThat(mem.pending()).isEqualTo(6);
        assertThat(mem.bytesRead()).isEqualTo(4);
        assertThat(mem.data()).isEqualTo(Arrays.copyOfRange(pattern(10, 0), 4, 10));
        assertThat(mem.readInPlace((b, off, len) -> len)).isEqualTo(6);
        assertThat(mem.pending()).isZero();
        assertThat(
                        mem.readInPlace(
                                (b, off, len) -> {
                                    throw new AssertionError("nothing to lend");
                                }))
                .as("nothing unread")
                .isEqualTo(-1);
        assertThat(mem.shouldRetry()).as("no flags touched").isFalse();
    }

    @Test
    void readInPlaceIsRefusedWhereReadBytesMustSurviveOrACallbackWatches() {
        MemBio nonClear = MemBio.create();
        nonClear.setNonClearReset(true);
        nonClear.write(pattern(3, 0));
        assertThat(nonClear.readInPlace((b, off, len) -> len)).isEqualTo(-2);
        assertThat(MemBio.readOnly(pattern(3, 0)).readInPlace((b, off, len) -> len)).isEqualTo(-2);
        MemBio watched = MemBio.create();
        watched.write(pattern(3, 0));
        watched.setCallback(
                new BioCallback() {
                    @Override
                    public long before(Bio bio, BioOperation op, byte[] b, int off, int len) {
                        return 1;
                    }

                    @Override
                    public long after(
                            Bio bio, BioOperation op, byte[] b, int off, int len, long ret) {
                        return ret;
                    }
                });
        assertThat(watched.readInPlace((b, off, len) -> len)).isEqualTo(-2);
        assertThat(watched.pending()).isEqualTo(3);
    }

    @Test
    void directBuffersMoveEverythingInOneCall() {
        MemBio mem = MemBio.create();
        byte[] data = pattern(40_000, 3);
        ByteBuffer src = ByteBuffer.allocateDirect(data.length).put(data).flip();
        assertThat(mem.write(src)).isEqualTo(data.length);
        assertThat(src.hasRemaining()).isFalse();
        ByteBuffer dst = ByteBuffer.allocateDirect(data.length + 5).position(5);
        assertThat(mem.read(dst)).isEqualTo(data.length);
        byte[] got = new byte[data.length];
        dst.flip().position(5);
        dst.get(got);
        assertThat(got).isEqualTo(data);
        assertThat(mem.read(ByteBuffer.allocateDirect(4))).isEqualTo(-1);
        assertThat(mem.shouldRead()).isTrue();
    }

    @Test
    void theMaximumSizeStillBoundsDirectWrites() {
        MemBio mem = MemBio.create(10);
        ByteBuffer src = ByteBuffer.allocateDirect(16).put(pattern(16, 0)).flip();
        assertThat(mem.write(src)).isEqualTo(10);
        assertThat(src.position()).isEqualTo(10);
        assertThat(mem.write(src)).isEqualTo(-1);
        assertThat(mem.shouldWrite()).isTrue();
        assertThat(src.position()).isEqualTo(10);
    }

    @Test
    void poolSizedArraysAreWhatARecordTakes() {
        assertThat(BufferPool.ARRAY_SIZE).isGreaterThanOrEqualTo(5 + 16384 + 2048 + 256);
    }
}
