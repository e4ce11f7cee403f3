package io.tlsbio.bio;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A source/sink or filter of bytes with OpenSSL's BIO contract ({@code BIO *}).
 *
 * <h2>Return values</h2>
 *
 * {@link #read} and {@link #write} return {@code > 0} for bytes moved (a short count is legal),
 * {@code 0} for end of stream (or, on a filter with no next BIO, "nothing to talk to"), and {@code
 * -1} when nothing moved. After a non-positive result, {@link #shouldRetry()} tells a transient
 * condition ({@link #shouldRead()}, {@link #shouldWrite()}, {@link #shouldIoSpecial()} with {@link
 * #retryReason()}) from a failure, whose reason is {@link #lastError()}. An operation a type lacks
 * returns {@code -2}.
 *
 * <h2>Retry flags</h2>
 *
 * The retry flags and {@link #lastError()} are cleared at the start of every {@link #read}, {@link
 * #write} and {@link #flush}, and set by the BIO that could not proceed; a filter copies its next
 * BIO's flags up ({@code BIO_copy_next_retry}). Queries ({@link #pending()}, {@link #eof()}, the
 * {@code should*} methods) never change them.
 *
 * <h2>Arguments and ownership</h2>
 *
 * A {@code null} array throws {@link NullPointerException}; an {@code off}/{@code len} outside the
 * array throws {@link IndexOutOfBoundsException} naming the values; {@code len == 0} returns 0
 * without touching the BIO. A BIO never keeps a reference to a caller's array or buffer after the
 * call returns. Using a BIO after {@link #close()} throws {@link IllegalStateException}. Closing a
 * BIO closes only that BIO; {@link #closeAll()} closes the chain ({@code BIO_free_all}).
 *
 * <h2>Chains</h2>
 *
 * {@link #push} appends a BIO at the end of this chain; {@link #pop} takes this BIO out of its
 * chain.
 *
 * <h2>Threads</h2>
 *
 * A BIO is not thread-safe unless its type says so.
 *
 * <h2>Implementing a BIO type</h2>
 *
 * A concrete type implements {@link #implRead} and {@link #implWrite} and overrides the other
 * {@code impl*} hooks it supports, like one method table of OpenSSL's {@code crypto/bio/}. The
 * hooks are only called with valid arguments, {@code len > 0}, flags already cleared.
 */
public abstract class Bio implements Closeable {

    private static final int FLAG_READ = 0x01;
    private static final int FLAG_WRITE = 0x02;
    private static final int FLAG_IO_SPECIAL = 0x04;
    private static final int FLAG_SHOULD_RETRY = 0x08;

    private int flags;
    private RetryReason retryReason = RetryReason.NONE;
    private BioError lastError;
    private Bio next;
    private Bio prev;
    private BioCallback callback;
    private long bytesRead;
    private long bytesWritten;
    private boolean closed;

    /** A BIO alone: no chain, no callback, no retry flags, nothing moved yet. */
    protected Bio() {}

    // ---------------------------------------------------------------- data

    /**
     * Reads up to {@code len} bytes into {@code b[off..]}: {@code BIO_read}.
     *
     * @param b the array the bytes are stored into
     * @param off index in {@code b} of the first byte to store
     * @param len most bytes to read; {@code 0} returns 0 at once
     * @return bytes read ({@code > 0}), {@code 0} at end of stream, {@code -1} when nothing was
     *     read (see {@link #shouldRetry()}), or {@code -2} if this type cannot read
     */
    public final int read(byte[] b, int off, int len) {
        return transfer(BioOperation.READ, b, off, len);
    }

    /**
     * Writes up to {@code len} bytes from {@code b[off..]}: {@code BIO_write}.
     *
     * @param b the array holding the bytes to write
     * @param off index in {@code b} of the first byte to write
     * @param len bytes offered; {@code 0} returns 0 at once
     * @return bytes accepted ({@code > 0}, possibly fewer than {@code len}), {@code 0} or {@code
     *     -1} when nothing was accepted (see {@link #shouldRetry()}), or {@code -2} if this type
     *     cannot write
     */
    public final int write(byte[] b, int off, int len) {
        return transfer(BioOperation.WRITE, b, off, len);
    }

    /** The shared body of read and write: checks, flags, callbacks, counters. */
    private int transfer(BioOperation op, byte[] b, int off, int len) {
        checkRange(b, off, len);
        ensureOpen();
        if (len == 0) {
            return 0;
        }
        clearRetryFlags();
        lastError = null;
        if (callback != null) {
            long veto = callback.before(this, op, b, off, len);
            if (veto <= 0) {
                return (int) veto;
            }
        }
        boolean reading = op == BioOperation.READ;
        int n = reading ? implRead(b, off, len) : implWrite(b, off, len);
        if (n > 0) {
            if (reading) {
                bytesRead += n;
            } else {
                bytesWritten += n;
            }
        }
        if (callback != null) {
            n = (int) callback.after(this, op, b, off, len, n);
        }
        return n;
    }

    /**
     * Starts a read or write of {@code len} bytes without a callback: false for {@code len == 0}.
     */
    private boolean begin(int len) {
        ensureOpen();
        if (len == 0) {
            return false;
        }
        clearRetryFlags();
        lastError = null;
        return true;
    }

    /**
     * Reads all of {@code b}: shorthand for {@code read(b, 0, b.length)}.
     *
     * @param b the array to fill from its start
     * @return as {@link #read(byte[], int, int)}: bytes read ({@code > 0}), {@code 0} at end of
     *     stream, {@code -1} when nothing was read (see {@link #shouldRetry()}), or {@code -2} if
     *     this type cannot read
     */
    public final int read(byte[] b) {
        Objects.requireNonNull(b, "b");
        return read(b, 0, b.length);
    }

    /**
     * Writes all of {@code b}: shorthand for {@code write(b, 0, b.length)}.
     *
     * @param b the bytes to offer, all of them
     * @return as {@link #write(byte[], int, int)}: bytes accepted ({@code > 0}, possibly fewer than
     *     {@code b.length}), {@code 0} or {@code -1} when nothing was accepted (see {@link
     *     #shouldRetry()}), or {@code -2} if this type cannot write
     */
    public final int write(byte[] b) {
        Objects.requireNonNull(b, "b");
        return write(b, 0, b.length);
    }

    /**
     * Reads up to {@code dst.remaining()} bytes into {@code dst}, advancing its position by the
     * count read; otherwise as {@link #read(byte[], int, int)}.
     *
     * @param dst the buffer to fill between its position and limit; must not be read-only
     * @return bytes read ({@code > 0}, also the distance {@code dst}'s position moved), {@code 0}
     *     at end of stream or when {@code dst} has no room, {@code -1} when nothing was read (see
     *     {@link #shouldRetry()}), or {@code -2} if this type cannot read
     * @throws IllegalArgumentException if {@code dst} is read-only
     */
    public final int read(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst is read-only: " + dst);
        }
        int len = dst.remaining();
        if (dst.hasArray()) {
            int n = read(dst.array(), dst.arrayOffset() + dst.position(), len);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        if (callback != null) {
            // a callback sees arrays: bounce through a pooled one
            byte[] tmp = BufferPool.take();
            try {
                int n = read(tmp, 0, Math.min(len, tmp.length));
                if (n > 0) {
                    dst.put(tmp, 0, n);
                }
                return n;
            } finally {
                BufferPool.give(tmp);
            }
        }
        if (!begin(len)) {
            return 0;
        }
        int n = implRead(dst);
        if (n > 0) {
            bytesRead += n;
        }
        return n;
    }

    /**
     * Writes up to {@code src.remaining()} bytes from {@code src}, advancing its position by the
     * count accepted; otherwise as {@link #write(byte[], int, int)}.
     *
     * @param src the bytes to offer, between its position and limit
     * @return bytes accepted ({@code > 0}, also the distance {@code src}'s position moved), {@code
     *     0} or {@code -1} when nothing was accepted (see {@link #shouldRetry()}), or {@code -2} if
     *     this type cannot write
     */
    public final int write(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        int len = src.remaining();
        if (src.hasArray()) {
            int n = write(src.array(), src.arrayOffset() + src.position(), len);
            if (n > 0) {
                src.position(src.position() + n);
            }
            return n;
        }
        int n;
        if (callback != null) {
            byte[] tmp = BufferPool.take();
            try {
                int chunk = Math.min(len, tmp.length);
                src.get(src.position(), tmp, 0, chunk);
                n = write(tmp, 0, chunk);
            } finally {
                BufferPool.give(tmp);
            }
        } else {
            if (!begin(len)) {
                return 0;
            }
            n = implWrite(src);
            if (n > 0) {
                bytesWritten += n;
            }
        }
        if (n > 0) {
            src.position(src.position() + n);
        }
        return n;
    }

    /**
     * Lets {@code reader} consume unread bytes where this BIO holds them, without copying them out:
     * a zero-copy {@code BIO_read} for types that keep their bytes in one array. The reader is
     * called at most once, with the unread bytes that are contiguous; it returns how many it
     * consumed ({@code 0..len}) and may overwrite those (a TLS record is decrypted in place). The
     * count consumed is added to {@link #bytesRead()}.
     *
     * <p>Touches no retry flag and no error. Returns -2 when this type or its current state cannot
     * lend its bytes, or a callback is set (callbacks see copies through {@link #read}); -1 when
     * nothing is unread; else the count consumed. On -2 or -1 the caller falls back to {@link
     * #read}.
     *
     * @param reader called at most once with the unread contiguous bytes
     * @return the count {@code reader} consumed, {@code -1} when nothing is unread, or {@code -2}
     *     when the bytes cannot be lent (then use {@link #read})
     */
    public final int readInPlace(InPlaceReader reader) {
        Objects.requireNonNull(reader, "reader");
        ensureOpen();
        if (callback != null) {
            return -2;
        }
        int n = implReadInPlace(reader);
        if (n > 0) {
            bytesRead += n;
        }
        return n;
    }

    /** Consumes bytes in place for {@link #readInPlace}. */
    @FunctionalInterface
    public interface InPlaceReader {
        /**
         * Consumes a prefix of {@code b[off, off+len)}, {@code len > 0}, and returns its length.
         * Must not keep {@code b} after returning, nor use this BIO meanwhile.
         *
         * @param b the BIO's own array, lent for this call only
         * @param off index in {@code b} of the first unread byte
         * @param len unread bytes available from {@code off}, {@code > 0}
         * @return bytes consumed, {@code 0..len}; they count as read and will not be seen again
         */
        int consume(byte[] b, int off, int len);
    }

    /**
     * Pushes buffered output towards the sink: {@code BIO_flush}.
     *
     * @return {@code 1} when everything buffered has been passed on, {@code <= 0} otherwise (then
     *     {@link #shouldRetry()} says whether to call again)
     */
    public final int flush() {
        ensureOpen();
        clearRetryFlags();
        lastError = null;
        if (callback != null) {
            long veto = callback.before(this, BioOperation.FLUSH, null, 0, 0);
            if (veto <= 0) {
                return (int) veto;
            }
        }
        int r = implFlush();
        if (callback != null) {
            r = (int) callback.after(this, BioOperation.FLUSH, null, 0, 0, r);
        }
        return r;
    }

    // ---------------------------------------------------------------- control

    /**
     * Bytes that can be read now without asking the transport: {@code BIO_ctrl_pending}.
     *
     * @return bytes readable now ({@code >= 0}), or a callback's veto value
     */
    public final long pending() {
        ensureOpen();
        return ctrl(BioOperation.PENDING);
    }

    /**
     * Bytes written but not yet passed on: {@code BIO_ctrl_wpending}.
     *
     * @return bytes buffered for writing ({@code >= 0}), or a callback's veto value
     */
    public final long wpending() {
        ensureOpen();
        return ctrl(BioOperation.WPENDING);
    }

    /**
     * Whether the source is exhausted: {@code BIO_eof}.
     *
     * @return {@code true} if no more bytes will ever be read from this BIO
     */
    public final boolean eof() {
        ensureOpen();
        return ctrl(BioOperation.EOF) > 0;
    }

    /**
     * Returns the BIO to its initial state: {@code BIO_reset}. What that means is per type.
     *
     * @return the type's result, {@code > 0} for success as in OpenSSL (some types return 0)
     */
    public final int reset() {
        ensureOpen();
        return (int) ctrl(BioOperation.RESET);
    }

    private long ctrl(BioOperation op) {
        if (callback != null) {
            long veto = callback.before(this, op, null, 0, 0);
            if (veto <= 0) {
                return veto;
            }
        }
        long r =
                switch (op) {
                    case PENDING -> implPending();
                    case WPENDING -> implWpending();
                    case EOF -> implEof() ? 1 : 0;
                    case RESET -> implReset();
                    default -> throw new AssertionError(op);
                };
        if (callback != null) {
            r = callback.after(this, op, null, 0, 0, r);
        }
        return r;
    }

    // ---------------------------------------------------------------- retry flags

    /**
     * {@code BIO_should_retry}: the last operation may succeed if repeated later.
     *
     * @return {@code true} if the last read, write or flush returned {@code <= 0} for a transient
     *     reason
     */
    public final boolean shouldRetry() {
        return (flags & FLAG_SHOULD_RETRY) != 0;
    }

    /**
     * {@code BIO_should_read}: retry when the BIO is readable.
     *
     * @return {@code true} if the last operation should be retried once more bytes can be read
     */
    public final boolean shouldRead() {
        return (flags & FLAG_READ) != 0;
    }

    /**
     * {@code BIO_should_write}: retry when the BIO is writable.
     *
     * @return {@code true} if the last operation should be retried once bytes can be written
     */
    public final boolean shouldWrite() {
        return (flags & FLAG_WRITE) != 0;
    }

    /**
     * {@code BIO_should_io_special}: retry after a special event, see {@link #retryReason()}.
     *
     * @return {@code true} if the last operation waits for a connect, an accept or a lookup
     */
    public final boolean shouldIoSpecial() {
        return (flags & FLAG_IO_SPECIAL) != 0;
    }

    /**
     * What the pending retry waits for: {@code BIO_get_retry_reason} combined with the retry type.
     * {@link RetryReason#NONE} when {@link #shouldRetry()} is false.
     *
     * @return the event the retry waits for, never {@code null}
     */
    public final RetryReason retryReason() {
        return shouldRetry() ? retryReason : RetryReason.NONE;
    }

    /**
     * Why the last read, write or flush failed without a retry, or {@code null}.
     *
     * @return the failure of the last read, write or flush, {@code null} if it succeeded or may be
     *     retried
     */
    public final BioError lastError() {
        return lastError;
    }

    /** {@code BIO_clear_retry_flags}. */
    protected final void clearRetryFlags() {
        flags = 0;
        retryReason = RetryReason.NONE;
    }

    /** {@code BIO_set_retry_read}. */
    protected final void setRetryRead() {
        flags = FLAG_READ | FLAG_SHOULD_RETRY;
        retryReason = RetryReason.READ;
    }

    /** {@code BIO_set_retry_write}. */
    protected final void setRetryWrite() {
        flags = FLAG_WRITE | FLAG_SHOULD_RETRY;
        retryReason = RetryReason.WRITE;
    }

    /**
     * {@code BIO_set_retry_special} with {@code BIO_set_retry_reason}: {@code reason} is CONNECT or
     * ACCEPT.
     *
     * @param reason {@link RetryReason#CONNECT}, {@link RetryReason#ACCEPT} or {@link
     *     RetryReason#SSL_X509_LOOKUP}
     * @throws IllegalArgumentException for any other reason
     */
    protected final void setRetrySpecial(RetryReason reason) {
        if (reason != RetryReason.CONNECT
                && reason != RetryReason.ACCEPT
                && reason != RetryReason.SSL_X509_LOOKUP) {
            throw new IllegalArgumentException(
                    "io-special reason must be CONNECT, ACCEPT or SSL_X509_LOOKUP: " + reason);
        }
        flags = FLAG_IO_SPECIAL | FLAG_SHOULD_RETRY;
        retryReason = reason;
    }

    /**
     * Forgets {@link #lastError()}: for type-specific operations (BIO_do_connect...) that start
     * afresh.
     */
    protected final void clearError() {
        lastError = null;
    }

    /**
     * Records why the current operation failed; it stays until the next read, write or flush.
     *
     * @param reason the failure class, as OpenSSL's {@code BIO_R_*} reason
     * @param message a human-readable line saying what failed
     * @param cause the underlying exception, or {@code null}
     */
    protected final void setError(BioError.Reason reason, String message, Throwable cause) {
        lastError = new BioError(reason, message, cause);
    }

    /**
     * {@code BIO_copy_next_retry}: take the next BIO's retry flags, reason and error as this BIO's.
     */
    protected final void copyNextRetry() {
        if (next != null) {
            flags = next.flags;
            retryReason = next.retryReason;
            if (next.lastError != null) {
                lastError = next.lastError;
            }
        }
    }

    // ---------------------------------------------------------------- chains

    /**
     * Appends {@code bio} (and whatever follows it) at the end of this chain: {@code BIO_push}.
     *
     * @param bio the BIO (or chain head) to append; must not follow another BIO
     * @return this BIO, the head of the chain
     * @throws IllegalArgumentException if {@code bio} is already in this chain or follows another
     *     BIO
     */
    public final Bio push(Bio bio) {
        Objects.requireNonNull(bio, "bio");
        ensureOpen();
        if (bio.prev != null) {
            throw new IllegalArgumentException("bio already follows another BIO: " + bio);
        }
        Bio tail = this;
        while (tail.next != null) {
            tail = tail.next;
        }
        for (Bio b = bio; b != null; b = b.next) {
            if (b == this) {
                throw new IllegalArgumentException("push would make a cycle: " + bio);
            }
        }
        tail.next = bio;
        bio.prev = tail;
        return this;
    }

    /**
     * Takes this BIO out of its chain, joining its neighbours: {@code BIO_pop}.
     *
     * @return the BIO that followed this one, or {@code null}
     */
    public final Bio pop() {
        Bio former = next;
        if (prev != null) {
            prev.next = next;
        }
        if (next != null) {
            next.prev = prev;
        }
        next = null;
        prev = null;
        return former;
    }

    /**
     * The BIO this one passes data to, or {@code null}: {@code BIO_next}.
     *
     * @return the next BIO in the chain, {@code null} at the end
     */
    public final Bio next() {
        return next;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Releases this BIO only: {@code BIO_free}. A {@link BioCallback} may veto it (FREE, result
     * {@code <= 0}). Closing twice is a no-op. Does not close the next BIO.
     */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        if (callback != null && callback.before(this, BioOperation.FREE, null, 0, 0) <= 0) {
            return;
        }
        closed = true;
        implClose();
    }

    /** Closes this BIO and every BIO after it: {@code BIO_free_all}. */
    public final void closeAll() {
        Bio b = this;
        while (b != null) {
            Bio n = b.next;
            b.close();
            b = n;
        }
    }

    /**
     * Whether {@link #close()} has run.
     *
     * @return {@code true} once this BIO is closed; a vetoed close leaves it {@code false}
     */
    public final boolean isClosed() {
        return closed;
    }

    /**
     * Installs (or with {@code null} removes) the callback: {@code BIO_set_callback_ex}.
     *
     * @param callback the callback run around every operation, {@code null} for none
     */
    public final void setCallback(BioCallback callback) {
        this.callback = callback;
    }

    /**
     * The installed callback, or {@code null}: {@code BIO_get_callback_ex}.
     *
     * @return the callback set by {@link #setCallback}, or {@code null}
     */
    public final BioCallback callback() {
        return callback;
    }

    /**
     * Total bytes this BIO has returned from reads: {@code BIO_number_read}.
     *
     * @return bytes read since creation, never reset
     */
    public final long bytesRead() {
        return bytesRead;
    }

    /**
     * Total bytes this BIO has accepted in writes: {@code BIO_number_written}.
     *
     * @return bytes written since creation, never reset
     */
    public final long bytesWritten() {
        return bytesWritten;
    }

    // ---------------------------------------------------------------- hooks for BIO types

    /**
     * Reads into {@code b[off, off+len)}, {@code len > 0}; returns as {@link #read(byte[], int,
     * int)}.
     *
     * @param b the caller's array to store into
     * @param off index in {@code b} of the first byte to store
     * @param len most bytes to read, {@code > 0}
     * @return bytes read ({@code > 0}), {@code 0} at end of stream, {@code -1} with the retry flags
     *     or {@link #setError} set
     */
    protected abstract int implRead(byte[] b, int off, int len);

    /**
     * Writes from {@code b[off, off+len)}, {@code len > 0}; returns as {@link #write(byte[], int,
     * int)}.
     *
     * @param b the caller's array holding the bytes
     * @param off index in {@code b} of the first byte to write
     * @param len bytes offered, {@code > 0}
     * @return bytes accepted ({@code > 0}), or {@code 0}/{@code -1} with the retry flags or {@link
     *     #setError} set
     */
    protected abstract int implWrite(byte[] b, int off, int len);

    /**
     * Reads into a direct {@code dst} with {@code dst.remaining() > 0}, advancing its position;
     * returns as {@link #read(byte[], int, int)}. The default bounces through a pooled array
     * ({@link BufferPool}), so no call allocates; array-backed types override it to copy once.
     *
     * @param dst a direct buffer with room
     * @return as {@link #implRead(byte[], int, int)}
     */
    protected int implRead(ByteBuffer dst) {
        byte[] tmp = BufferPool.take();
        try {
            int n = implRead(tmp, 0, Math.min(dst.remaining(), tmp.length));
            if (n > 0) {
                dst.put(tmp, 0, n);
            }
            return n;
        } finally {
            BufferPool.give(tmp);
        }
    }

    /**
     * Writes from a direct {@code src} with {@code src.remaining() > 0} WITHOUT moving its position
     * (the caller advances it by the result); returns as {@link #write(byte[], int, int)}. The
     * default bounces through a pooled array; array-backed types override it to copy once.
     *
     * @param src a direct buffer with bytes remaining; its position must not move
     * @return as {@link #implWrite(byte[], int, int)}
     */
    protected int implWrite(ByteBuffer src) {
        byte[] tmp = BufferPool.take();
        try {
            int chunk = Math.min(src.remaining(), tmp.length);
            src.get(src.position(), tmp, 0, chunk);
            return implWrite(tmp, 0, chunk);
        } finally {
            BufferPool.give(tmp);
        }
    }

    /**
     * Hook of {@link #readInPlace}; the default lends nothing (-2).
     *
     * @param reader the consumer to lend the unread bytes to, at most once
     * @return as {@link #readInPlace}
     */
    protected int implReadInPlace(InPlaceReader reader) {
        return -2;
    }

    /**
     * Flush hook; the default forwards to the next BIO (copying its flags) or returns 1.
     *
     * @return as {@link #flush()}: {@code 1} when all is passed on, {@code <= 0} otherwise
     */
    protected int implFlush() {
        if (next == null) {
            return 1;
        }
        int r = next.flush();
        copyNextRetry();
        return r;
    }

    /**
     * Pending hook; the default forwards to the next BIO or returns 0.
     *
     * @return as {@link #pending()}
     */
    protected long implPending() {
        return next == null ? 0 : next.pending();
    }

    /**
     * Write-pending hook; the default forwards to the next BIO or returns 0.
     *
     * @return as {@link #wpending()}
     */
    protected long implWpending() {
        return next == null ? 0 : next.wpending();
    }

    /**
     * EOF hook; the default forwards to the next BIO or returns false.
     *
     * @return as {@link #eof()}
     */
    protected boolean implEof() {
        return next != null && next.eof();
    }

    /**
     * Reset hook; the default forwards to the next BIO or returns 1.
     *
     * @return as {@link #reset()}
     */
    protected int implReset() {
        return next == null ? 1 : next.reset();
    }

    /** Release hook, run once by {@link #close()}. */
    protected void implClose() {}

    // ---------------------------------------------------------------- helpers

    /**
     * Throws {@link IllegalStateException} naming this BIO if it is closed: the check every
     * operation makes first, for a type's own operations outside the {@code impl*} hooks.
     */
    protected final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("BIO is closed: " + this);
        }
    }

    /**
     * Throws {@link NullPointerException} or {@link IndexOutOfBoundsException} naming the bad value
     * unless {@code [off, off + len)} lies within {@code b}.
     *
     * @param b the array, which must not be {@code null}
     * @param off the first index, {@code >= 0}
     * @param len the count, {@code >= 0} and at most {@code b.length - off}
     */
    public static void checkRange(byte[] b, int off, int len) {
        Objects.requireNonNull(b, "b == null");
        if (off < 0 || len < 0 || len > b.length - off) {
            throw new IndexOutOfBoundsException(
                    "off=" + off + ", len=" + len + " out of bounds for array length " + b.length);
        }
    }
}
