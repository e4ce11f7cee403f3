package io.tlsbio.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.tlsbio.bio.Bio;
import java.util.ArrayDeque;

/**
 * The write BIO of a {@code TlsbioHandler}: copies the record layer's ciphertext once, into {@code
 * ByteBuf}s from the channel's allocator (direct where the transport wants it), and holds them
 * until the handler passes them down the pipeline with {@link #writeTo}. It never refuses a write,
 * like {@code BIO_s_mem}: back-pressure is the channel's writability, which counts these bytes once
 * they are written to the channel.
 *
 * <p>Ownership: the buffers are released when written to the channel (the channel owns them then)
 * or by {@link #close()}. Event-loop thread only.
 */
public final class OutboundBio extends Bio {

    /** Smallest buffer allocated, so a flight of small records shares one buffer. */
    private static final int MIN_BUFFER = 2048;

    private final ByteBufAllocator alloc;
    private final ArrayDeque<ByteBuf> ready = new ArrayDeque<>(2);
    private ByteBuf current;

    public OutboundBio(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        // a write BIO only
        return -2;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        if (current == null || current.writableBytes() < len) {
            if (current != null) {
                ready.add(current);
            }
            current = alloc.ioBuffer(Math.max(len, MIN_BUFFER));
        }
        current.writeBytes(b, off, len);
        return len;
    }

    @Override
    protected int implFlush() {
        return 1;
    }

    @Override
    protected long implPending() {
        return 0;
    }

    /** Ciphertext held and not yet passed to the channel. */
    @Override
    protected long implWpending() {
        long n = current == null ? 0 : current.readableBytes();
        for (ByteBuf b : ready) {
            n += b.readableBytes();
        }
        return n;
    }

    /** Whether ciphertext waits to be passed to the channel. */
    public boolean hasOutput() {
        return current != null || !ready.isEmpty();
    }

    /**
     * Writes (without flushing) all held ciphertext to {@code ctx}, in order; the last buffer
     * carries {@code promise}, the others a promise nobody waits for (a failure fails the last one
     * too, as the channel fails every later write).
     *
     * @return false, with {@code promise} untouched, if nothing was held
     */
    public boolean writeTo(ChannelHandlerContext ctx, ChannelPromise promise) {
        ByteBuf b = poll();
        if (b == null) {
            return false;
        }
        while (b != null) {
            ByteBuf next = poll();
            ctx.write(b, next == null ? promise : ctx.newPromise());
            b = next;
        }
        return true;
    }

    /**
     * Takes the oldest held ciphertext buffer (the caller owns it then), or null if none is held.
     */
    public ByteBuf poll() {
        ByteBuf b = ready.poll();
        if (b == null) {
            b = current;
            current = null;
        }
        return b;
    }

    @Override
    protected int implReset() {
        releaseAll();
        return 1;
    }

    @Override
    protected void implClose() {
        releaseAll();
    }

    private void releaseAll() {
        if (current != null) {
            current.release();
            current = null;
        }
        ByteBuf b;
        while ((b = ready.poll()) != null) {
            b.release();
        }
    }

    @Override
    public String toString() {
        return "OutboundBio[wpending=" + implWpending() + "]";
    }
}
