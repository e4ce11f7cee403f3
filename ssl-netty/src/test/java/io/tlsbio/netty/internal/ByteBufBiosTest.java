package io.tlsbio.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.tlsbio.bio.RetryReason;
import java.util.ArrayList;
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
