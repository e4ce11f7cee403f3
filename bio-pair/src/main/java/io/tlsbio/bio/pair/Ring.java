package io.tlsbio.bio.pair;

import io.tlsbio.bio.BufferPool;
import java.util.Arrays;

/**
 * One direction of a {@link BioPair}: the fixed-size ring buffer its writing end owns ({@code
 * struct bio_bio_st} in {@code bss_bio.c}), plus that end's shutdown flag and the read request its
 * peer left. The storage exists only while bytes are unread: the first write takes an array (from
 * the shared {@link BufferPool} when the ring fits one, as the default size does) and the read that
 * empties the ring gives a pooled one back, so an idle pair holds no ring and a busy one allocates
 * nothing per write (docs/ssl-lifecycle.md, "Buffers").
 *
 * <p>Not thread-safe: every access holds the owning pair's lock.
 */
final class Ring {

    private static final byte[] RELEASED = new byte[0];
    private static final byte[] NONE = new byte[0];

    private final int size;
    private byte[] buf;

    /** Index of the first unread byte. */
    private int head;

    /** Unread bytes, starting at {@link #head} and wrapping at {@link #size}. */
    private int len;

    /** The writing end called {@code shutdownWrite()}: {@code b->closed}. */
    private boolean closed;

    /** How many bytes the reading end last failed to read: {@code b->request}. */
    private int request;

    Ring(int size) {
        this.size = size;
        this.buf = NONE;
    }

    int size() {
        return size;
    }

    int length() {
        return len;
    }

    int free() {
        return size - len;
    }

    boolean closed() {
        return closed;
    }

    void close() {
        closed = true;
    }

    int request() {
        return request;
    }

    void request(int bytes) {
        request = bytes;
    }

    /**
     * Copies up to {@code n} bytes from {@code b[off..]} in behind the unread bytes; returns the
     * count.
     */
    int put(byte[] b, int off, int n) {
        int count = Math.min(n, size - len);
        if (buf == NONE && count > 0) {
            buf = size <= BufferPool.ARRAY_SIZE ? BufferPool.take() : new byte[size];
        }
        int tail = (head + len) % size;
        // at most two copies: up to the end of the array, then from its start
        int first = Math.min(count, size - tail);
        System.arraycopy(b, off, buf, tail, first);
        System.arraycopy(b, off + first, buf, 0, count - first);
        len += count;
        return count;
    }

    /** Moves up to {@code n} unread bytes into {@code b[off..]}; returns the count. */
    int take(byte[] b, int off, int n) {
        int count = Math.min(n, len);
        int first = Math.min(count, size - head);
        System.arraycopy(buf, head, b, off, first);
        System.arraycopy(buf, 0, b, off + first, count - first);
        len -= count;
        // an empty ring restarts at 0 so that the next write is one contiguous copy
        head = len == 0 ? 0 : (head + count) % size;
        if (len == 0 && buf.length == BufferPool.ARRAY_SIZE) {
            BufferPool.give(buf);
            buf = NONE;
        }
        return count;
    }

    /** Discards the unread bytes ({@code BIO_reset} of the writing end). */
    void clear() {
        head = 0;
        len = 0;
        if (buf.length == BufferPool.ARRAY_SIZE) {
            BufferPool.give(buf);
            buf = NONE;
        }
    }

    /** Wipes and drops the storage once the pair is broken; the size stays readable. */
    void release() {
        Arrays.fill(buf, (byte) 0);
        buf = RELEASED;
        head = 0;
        len = 0;
        request = 0;
    }
}
