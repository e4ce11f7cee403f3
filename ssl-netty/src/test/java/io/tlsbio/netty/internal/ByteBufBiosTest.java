package io.tlsbio.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioCallback;
import io.tlsbio.bio.BioOperation;
import io.tlsbio.bio.RetryReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two ByteBuf BIOs under a TlsbioHandler: BIO_s_mem's contract, buffers released exactly once.
 */
class ByteBufBiosTest {

    @Test
    void inboundReadsAcrossBuffersAndReleasesEachOnceConsumed() {
        InboundBio in = new InboundBio();
        ByteBuf a = Unpooled.copiedBuffer(new byte[] {1, 2, 3});
        ByteBuf b = Unpooled.directBuffer(4).writeBytes(new byte[] {4, 5, 6, 7});
        in.add(a);
        in.add(b);
        assertThat(in.pending()).isEqualTo(7);
        byte[] got = new byte[5];
        assertThat(in.read(got, 0, 5)).isEqualTo(5);
        assertThat(got).containsExactly(1, 2, 3, 4, 5);
        assertThat(a.refCnt()).isZero();
        assertThat(b.refCnt()).isEqualTo(1);
        assertThat(in.read(got, 0, 5)).isEqualTo(2);
        assertThat(b.refCnt()).isZero();
        assertThat(in.bytesRead()).isEqualTo(7);
    }

    @Test
    void emptyIsRetryReadUntilEofThenZero() {
        InboundBio in = new InboundBio();
        byte[] buf = new byte[4];
        assertThat(in.read(buf, 0, 4)).isEqualTo(-1);
        assertThat(in.shouldRetry()).isTrue();
        assertThat(in.retryReason()).isEqualTo(RetryReason.READ);
        assertThat(in.eof()).isFalse();
        in.add(Unpooled.copiedBuffer(new byte[] {9}));
        in.setEof();
        assertThat(in.eof()).as("bytes are still unread").isFalse();
        assertThat(in.read(buf, 0, 4)).isEqualTo(1);
        assertThat(in.read(buf, 0, 4)).isZero();
        assertThat(in.shouldRetry()).isFalse();
        assertThat(in.eof()).isTrue();
        assertThat(in.write(buf, 0, 1)).as("no writing into a read BIO").isEqualTo(-2);
    }

    @Test
    void closingReleasesWhatWasNotRead() {
        InboundBio in = new InboundBio();
        ByteBuf a = Unpooled.copiedBuffer(new byte[] {1, 2});
        ByteBuf empty = Unpooled.buffer(0);
        in.add(a);
        in.add(empty);
        assertThat(empty.refCnt()).as("an empty buffer is released at once").isZero();
        in.close();
        assertThat(a.refCnt()).isZero();
        ByteBuf late = Unpooled.copiedBuffer(new byte[] {3});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> in.add(late))
                .isInstanceOf(IllegalStateException.class);
        assertThat(late.refCnt()).as("released, not kept").isZero();
    }

    @Test
    void readInPlaceLendsTheFirstHeapBuffersUnreadBytesAndConsumesWhatTheReaderTook() {
        InboundBio in = new InboundBio();
        byte[] backing = {0, 0, 1, 2, 3, 4, 5, 6, 0};
        // a slice: its bytes start at an offset in the array, and it has been read from already
        ByteBuf a = Unpooled.wrappedBuffer(backing, 1, 7);
        a.skipBytes(1);
        ByteBuf b = Unpooled.copiedBuffer(new byte[] {7, 8});
        in.add(a);
        in.add(b);
        byte[][] lent = new byte[1][];
        int n =
                in.readInPlace(
                        (arr, off, len) -> {
                            assertThat(arr).as("the buffer's own array").isSameAs(backing);
                            lent[0] = Arrays.copyOfRange(arr, off, off + len);
                            arr[off] = 99; // the reader may overwrite what it consumes
                            return 4;
                        });
        assertThat(n).isEqualTo(4);
        assertThat(lent[0]).as("the first buffer's bytes only").containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(backing[2]).isEqualTo((byte) 99);
        assertThat(in.pending()).isEqualTo(4);
        assertThat(in.bytesRead()).isEqualTo(4);
        assertThat(a.refCnt()).as("still holds unread bytes").isEqualTo(1);
        assertThat(in.readInPlace((arr, off, len) -> 0)).as("nothing taken").isZero();
        assertThat(in.pending()).isEqualTo(4);

        assertThat(in.readInPlace((arr, off, len) -> len)).isEqualTo(2);
        assertThat(a.refCnt()).as("released once read to its end").isZero();
        byte[] got = new byte[4];
        assertThat(in.readInPlace((arr, off, len) -> copy(arr, off, len, got))).isEqualTo(2);
        assertThat(got).startsWith(7, 8);
        assertThat(b.refCnt()).isZero();
        assertThat(in.bytesRead()).isEqualTo(8);

        assertThat(
                        in.readInPlace(
                                (arr, off, len) -> {
                                    throw new AssertionError("nothing to lend");
                                }))
                .as("nothing unread")
                .isEqualTo(-1);
        assertThat(in.shouldRetry()).as("no flags touched").isFalse();
        in.setEof();
        assertThat(in.readInPlace((arr, off, len) -> len)).isEqualTo(-1);
        assertThat(in.read(got, 0, 4)).as("then read says end of stream").isZero();
    }

    @Test
    void readInPlaceLendsNothingButAHeapArrayNorWhileACallbackWatches() {
        InboundBio direct = new InboundBio();
        direct.add(Unpooled.directBuffer(3).writeBytes(new byte[] {1, 2, 3}));
        assertThat(direct.readInPlace((arr, off, len) -> len)).isEqualTo(-2);
        assertThat(direct.pending()).isEqualTo(3);

        InboundBio readOnly = new InboundBio();
        byte[] shared = {1, 2, 3};
        readOnly.add(Unpooled.wrappedBuffer(shared).asReadOnly());
        assertThat(readOnly.readInPlace((arr, off, len) -> len))
                .as("the reader may overwrite: not a read-only buffer's array")
                .isEqualTo(-2);
        assertThat(readOnly.pending()).isEqualTo(3);

        // a heap buffer behind a direct one: the first buffer decides
        InboundBio mixed = new InboundBio();
        mixed.add(Unpooled.directBuffer(1).writeByte(1));
        mixed.add(Unpooled.copiedBuffer(new byte[] {2}));
        assertThat(mixed.readInPlace((arr, off, len) -> len)).isEqualTo(-2);
        byte[] one = new byte[1];
        assertThat(mixed.read(one, 0, 1)).isEqualTo(1);
        assertThat(mixed.readInPlace((arr, off, len) -> len)).isEqualTo(1);

        InboundBio watched = new InboundBio();
        watched.add(Unpooled.copiedBuffer(new byte[] {1, 2, 3}));
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
        assertThat(watched.readInPlace((arr, off, len) -> len)).isEqualTo(-2);
        assertThat(watched.pending()).isEqualTo(3);
        direct.close();
        readOnly.close();
        watched.close();
    }

    @Test
    void readInPlaceRejectsAReaderThatTookMoreThanItWasLent() {
        InboundBio in = new InboundBio();
        ByteBuf a = Unpooled.copiedBuffer(new byte[] {1, 2});
        in.add(a);
        assertThatThrownBy(() -> in.readInPlace((arr, off, len) -> len + 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("reader consumed 3 of 2");
        assertThatThrownBy(() -> in.readInPlace((arr, off, len) -> -1))
                .isInstanceOf(IllegalStateException.class);
        assertThat(in.pending()).as("nothing consumed").isEqualTo(2);
        in.close();
        assertThat(a.refCnt()).isZero();
    }

    private static int copy(byte[] arr, int off, int len, byte[] into) {
        System.arraycopy(arr, off, into, 0, len);
        return len;
    }

    @Test
    void outboundSharesABufferBetweenSmallWritesAndHandsThemOverInOrder() {
        OutboundBio out = new OutboundBio(UnpooledByteBufAllocator.DEFAULT);
        assertThat(out.hasOutput()).isFalse();
        assertThat(out.write(new byte[] {1, 2}, 0, 2)).isEqualTo(2);
        assertThat(out.write(new byte[] {3}, 0, 1)).isEqualTo(1);
        byte[] big = new byte[5000];
        big[4999] = 42;
        assertThat(out.write(big, 0, big.length)).isEqualTo(5000);
        assertThat(out.wpending()).isEqualTo(5003);
        List<ByteBuf> bufs = new ArrayList<>();
        ByteBuf b;
        while ((b = out.poll()) != null) {
            bufs.add(b);
        }
        assertThat(bufs).hasSize(2);
        assertThat(ByteBufUtil.getBytes(bufs.get(0))).containsExactly(1, 2, 3);
        assertThat(bufs.get(1).readableBytes()).isEqualTo(5000);
        assertThat(bufs.get(1).getByte(4999)).isEqualTo((byte) 42);
        bufs.forEach(ByteBuf::release);
        assertThat(out.hasOutput()).isFalse();
        byte[] x = new byte[1];
        assertThat(out.read(x, 0, 1)).as("no reading from a write BIO").isEqualTo(-2);
    }

    @Test
    void closingOutboundReleasesWhatWasNotHandedOver() {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
        OutboundBio out = new OutboundBio(alloc);
        out.write(new byte[3000], 0, 3000);
        out.write(new byte[3000], 0, 3000);
        ByteBuf handedOver = out.poll();
        assertThat(used(alloc)).isPositive();
        out.close();
        assertThat(used(alloc))
                .as("only what was handed over is still allocated")
                .isEqualTo(handedOver.capacity());
        handedOver.release();
        assertThat(used(alloc)).isZero();
    }

    private static long used(UnpooledByteBufAllocator alloc) {
        return alloc.metric().usedDirectMemory() + alloc.metric().usedHeapMemory();
    }
}
