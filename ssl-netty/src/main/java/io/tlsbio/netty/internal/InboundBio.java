package io.tlsbio.netty.internal;

import io.netty.buffer.ByteBuf;
import io.tlsbio.bio.Bio;
import java.util.ArrayDeque;

/**
 * The read BIO of a {@code TlsbioHandler}: the ciphertext {@code ByteBuf}s a channel delivered,
 * read in order without merging them first, so each byte is copied once, straight into the record
 * layer. Like a read-write {@code BIO_s_mem} with eof-return -1: a read with nothing unread returns
 * -1 with retry-read, until {@link #setEof()} (the channel went inactive) makes it return 0, end of
 * stream.
 *
 * <p>Ownership: {@link #add} takes the buffer; it is released once read to its end, or by {@link
 * #close()}. It holds what one channel read brought beyond the last whole record, because the
 * handler decrypts everything it can before the next read. Event-loop thread only.
 *
 * <p>{@link #readInPlace} lends the first buffer's unread bytes where they lie when it is backed by
 * a heap array ({@link ByteBuf#hasArray()}), as {@code MemBio} lends its own: the record layer then
 * decrypts a whole record in that array, without copying it out first. A buffer given to {@link
 * #add} is this BIO's to change, like any buffer a handler passes on: no one may count on its bytes
 * staying as they were.
 */
public final class InboundBio extends Bio {

    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>(4);
    private long readable;
    private boolean eof;

    /** Appends {@code buf} (taking ownership); an empty buffer is released at once. */
    public void add(ByteBuf buf) {
        if (isClosed()) {
            buf.release();
            throw new IllegalStateException("BIO is closed: " + this);
        }
        if (!buf.isReadable()) {
            buf.release();
            return;
        }
        readable += buf.readableBytes();
        queue.add(buf);
    }

    /** From now on an empty BIO reads as end of stream (0, no retry flags): the transport ended. */
    public void setEof() {
        eof = true;
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        if (readable == 0) {
            if (!eof) {
                setRetryRead();
                return -1;
            }
            return 0;
        }
        int n = 0;
        while (n < len && !queue.isEmpty()) {
            ByteBuf head = queue.peek();
            int take = Math.min(len - n, head.readableBytes());
            head.readBytes(b, off + n, take);
            n += take;
            if (!head.isReadable()) {
                queue.poll().release();
            }
        }
        readable -= n;
        return n;
    }

    /**
     * Lends the first buffer's unread bytes (only those: the reader gets one contiguous run) when
     * they lie in one heap array; a direct buffer, a composite of several, or a read-only one lends
     * nothing (-2, the caller copies through {@link #read}).
     */
    @Override
    protected int implReadInPlace(InPlaceReader reader) {
        ByteBuf head = queue.peek();
        if (head == null) {
            return -1;
        }
        // hasArray is false for read-only heap buffers too: the reader may overwrite what it takes
        if (!head.hasArray()) {
            return -2;
        }
        int available = head.readableBytes();
        int n = reader.consume(head.array(), head.arrayOffset() + head.readerIndex(), available);
        if (n < 0 || n > available) {
            throw new IllegalStateException("reader consumed " + n + " of " + available);
        }
        head.skipBytes(n);
        readable -= n;
        if (!head.isReadable()) {
            queue.poll().release();
        }
        return n;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        // a read BIO only: writing is an operation this type lacks
        return -2;
    }

    @Override
    protected int implFlush() {
        return 1;
    }

    @Override
    protected long implPending() {
        return readable;
    }

    @Override
    protected long implWpending() {
        return 0;
    }

    @Override
    protected boolean implEof() {
        return readable == 0 && eof;
    }

    /** Drops everything unread. Returns 1. */
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
        ByteBuf b;
        while ((b = queue.poll()) != null) {
            b.release();
        }
        readable = 0;
    }

    @Override
    public String toString() {
        return "InboundBio[pending=" + readable + (eof ? ", eof" : "") + "]";
    }
}
