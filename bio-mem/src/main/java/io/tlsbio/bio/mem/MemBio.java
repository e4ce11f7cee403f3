package io.tlsbio.bio.mem;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import io.tlsbio.bio.BufferPool;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A memory source/sink: {@code BIO_s_mem} ({@link #create()}) and {@code BIO_new_mem_buf} ({@link
 * #readOnly(byte[])}).
 *
 * <p>Bytes written are appended; reads consume them in order. A read with nothing unread returns
 * the eof-return value ({@link #setMemEofReturn}): {@code -1} by default for a read-write BIO, with
 * retry-read set ("no data yet"), or {@code 0} for a read-only one (true end of stream, no flags).
 * Writes never ask for a retry unless a maximum size was given to {@link #create(long)}. {@link
 * #eof()} is true whenever nothing is unread, whatever the eof-return value.
 *
 * <p>The read-only form copies the caller's array once and never modifies either copy.
 *
 * <p>Memory: a read that takes the last unread byte of a read-write BIO empties it, and a drained
 * BIO holds no record-sized array: those come from the shared {@link BufferPool} and go back to it,
 * so a busy BIO allocates nothing per record and an idle one keeps at most a small array (under 2
 * KiB). Consumed bytes are not wiped (as in OpenSSL); {@link #reset()} and {@link #close()} still
 * zero what the BIO holds. With {@link #setNonClearReset} read bytes are kept for a rewinding reset
 * instead. Not thread-safe.
 */
public final class MemBio extends Bio {

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];

    /**
     * Capacity from which a pooled array is used: smaller arrays (handshake messages, session
     * tickets a client has not read yet) are allocated to size and kept, so a BIO left holding a
     * few hundred bytes does not pin a record-sized array.
     */
    private static final int POOLED_FROM = 2048;

    private final boolean readOnly;
    private final long maxBytes;
    private byte[] buf;
    private int readPos;
    private int writePos;
    private int eofReturn;
    private boolean nonClearReset;

    private MemBio(byte[] buf, int writePos, boolean readOnly, long maxBytes, int eofReturn) {
        this.buf = buf;
        this.writePos = writePos;
        this.readOnly = readOnly;
        this.maxBytes = maxBytes;
        this.eofReturn = eofReturn;
    }

    /**
     * A read-write memory BIO that grows without limit: {@code BIO_new(BIO_s_mem())}.
     *
     * @return an empty read-write memory BIO whose empty read returns {@code -1} with retry-read
     */
    public static MemBio create() {
        return new MemBio(EMPTY, 0, false, Long.MAX_VALUE, -1);
    }

    /**
     * A read-write memory BIO holding at most {@code maxBytes} unread bytes; a write that finds it
     * full returns -1 with retry-write, a write that partly fits returns the count that fit. Lets a
     * harness bound memory (OpenSSL's mem BIO has no such limit).
     *
     * @param maxBytes most unread bytes held at once, {@code >= 1}
     * @return an empty read-write memory BIO bounded to {@code maxBytes}
     * @throws IllegalArgumentException if {@code maxBytes < 1}
     */
    public static MemBio create(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes < 1: " + maxBytes);
        }
        return new MemBio(EMPTY, 0, false, maxBytes, -1);
    }

    /**
     * A read-only memory BIO over a copy of {@code data}: {@code BIO_new_mem_buf}. Reads return the
     * bytes then 0 (EOF); writes fail with -1 and no retry; {@link #reset()} rewinds.
     *
     * @param data the bytes to serve; copied, so later changes to the array are not seen
     * @return a read-only memory BIO positioned at the first byte of {@code data}
     */
    public static MemBio readOnly(byte[] data) {
        Objects.requireNonNull(data, "data");
        return new MemBio(data.clone(), data.length, true, data.length, 0);
    }

    /**
     * Sets what a read returns when nothing is unread: {@code BIO_set_mem_eof_return}. Any value
     * other than 0 also sets retry-read; 0 makes an empty BIO report end of stream.
     *
     * @param value the result of a read on an empty BIO: {@code 0} for end of stream, any other
     *     value (normally {@code -1}) with retry-read
     */
    public void setMemEofReturn(int value) {
        this.eofReturn = value;
    }

    /**
     * The current eof-return value ({@code -1} or {@code 0} by default, see the class doc).
     *
     * @return what a read on an empty BIO returns
     */
    public int memEofReturn() {
        return eofReturn;
    }

    /**
     * With {@code true}, {@link #reset()} on a read-write BIO rewinds to the start of the data
     * still held instead of discarding it ({@code BIO_FLAGS_NONCLEAR_RST}). Read bytes are held
     * until a write needs their space, as OpenSSL keeps them until its next write.
     *
     * @param nonClear {@code true} to make {@link #reset()} rewind, {@code false} (the default) to
     *     make it discard
     */
    public void setNonClearReset(boolean nonClear) {
        this.nonClearReset = nonClear;
    }

    /**
     * Whether this BIO was made by {@link #readOnly(byte[])}.
     *
     * @return {@code true} for a read-only BIO, whose writes fail
     */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * A copy of the unread bytes: {@code BIO_get_mem_data}. Consumes nothing.
     *
     * @return a new array with the unread bytes, empty if none
     */
    public byte[] data() {
        return Arrays.copyOfRange(buf, readPos, writePos);
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        int available = writePos - readPos;
        if (available == 0) {
            if (eofReturn != 0) {
                setRetryRead();
            }
            return eofReturn;
        }
        int n = Math.min(len, available);
        System.arraycopy(buf, readPos, b, off, n);
        consumed(n);
        return n;
    }

    @Override
    protected int implRead(ByteBuffer dst) {
        int available = writePos - readPos;
        if (available == 0) {
            if (eofReturn != 0) {
                setRetryRead();
            }
            return eofReturn;
        }
        int n = Math.min(dst.remaining(), available);
        dst.put(buf, readPos, n);
        consumed(n);
        return n;
    }

    /**
     * Lends the unread bytes in place unless read bytes must be kept for a rewinding reset ({@link
     * #setNonClearReset}, or a read-only BIO), since the reader may overwrite what it consumes.
     */
    @Override
    protected int implReadInPlace(InPlaceReader reader) {
        if (readOnly || nonClearReset) {
            return -2;
        }
        int available = writePos - readPos;
        if (available == 0) {
            return -1;
        }
        int n = reader.consume(buf, readPos, available);
        if (n < 0 || n > available) {
            throw new IllegalStateException("reader consumed " + n + " of " + available);
        }
        consumed(n);
        return n;
    }

    /** Moves past {@code n} read bytes; a read-write BIO left empty gives its array back. */
    private void consumed(int n) {
        readPos += n;
        if (readPos == writePos && !readOnly && !nonClearReset) {
            readPos = 0;
            writePos = 0;
            if (buf.length == BufferPool.ARRAY_SIZE) {
                BufferPool.give(buf);
                buf = EMPTY;
            }
        }
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        int n = room(len);
        if (n > 0) {
            System.arraycopy(b, off, buf, writePos, n);
            writePos += n;
        }
        return n;
    }

    @Override
    protected int implWrite(ByteBuffer src) {
        int n = room(src.remaining());
        if (n > 0) {
            src.get(src.position(), buf, writePos, n);
            writePos += n;
        }
        return n;
    }

    /**
     * How many of {@code len} bytes a write takes, with room made for them; -1 with the flags set
     * if none.
     */
    private int room(int len) {
        if (readOnly) {
            setError(BioError.Reason.WRITE_TO_READ_ONLY_BIO, "write to read only BIO", null);
            return -1;
        }
        long room = maxBytes - (writePos - readPos);
        if (room <= 0) {
            setRetryWrite();
            return -1;
        }
        int n = (int) Math.min(len, room);
        ensureRoom(n);
        return n;
    }

    /**
     * Makes room for n more bytes after writePos, moving unread bytes to the front only when
     * needed. An empty BIO takes a pooled array when that is big enough; consumed bytes are not
     * wiped.
     */
    private void ensureRoom(int n) {
        if (buf.length - writePos >= n) {
            return;
        }
        int unread = writePos - readPos;
        if ((long) unread + n > MAX_ARRAY) {
            throw new OutOfMemoryError("MemBio would exceed " + MAX_ARRAY + " bytes");
        }
        int need = unread + n;
        byte[] target = buf;
        if (buf.length < need) {
            int cap = (int) Math.min(MAX_ARRAY, Math.max(need, Math.max(256L, 2L * buf.length)));
            if (cap >= POOLED_FROM && need <= BufferPool.ARRAY_SIZE) {
                // a record's worth: a pooled array, given back once drained
                target = BufferPool.take();
            } else {
                target = new byte[cap];
            }
        }
        System.arraycopy(buf, readPos, target, 0, unread);
        if (target != buf && buf.length == BufferPool.ARRAY_SIZE) {
            // outgrown: a pooled array goes back (it held only bytes this BIO wrote)
            BufferPool.give(buf);
        }
        buf = target;
        readPos = 0;
        writePos = unread;
    }

    @Override
    protected int implFlush() {
        return 1;
    }

    @Override
    protected long implPending() {
        return writePos - readPos;
    }

    @Override
    protected long implWpending() {
        return 0;
    }

    @Override
    protected boolean implEof() {
        return writePos == readPos;
    }

    /**
     * Read-only: rewind. Read-write: zero and empty, or rewind with {@link #setNonClearReset}.
     * Returns 1.
     */
    @Override
    protected int implReset() {
        if (readOnly || nonClearReset) {
            readPos = 0;
        } else {
            Arrays.fill(buf, 0, writePos, (byte) 0);
            readPos = 0;
            writePos = 0;
            if (buf.length == BufferPool.ARRAY_SIZE) {
                BufferPool.give(buf);
                buf = EMPTY;
            }
        }
        return 1;
    }

    @Override
    protected void implClose() {
        if (!readOnly) {
            Arrays.fill(buf, (byte) 0);
        }
        buf = EMPTY;
        readPos = 0;
        writePos = 0;
    }

    @Override
    public String toString() {
        return "MemBio["
                + (readOnly ? "read-only, " : "")
                + "pending="
                + (writePos - readPos)
                + "]";
    }
}
