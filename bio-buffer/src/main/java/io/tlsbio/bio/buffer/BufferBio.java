package io.tlsbio.bio.buffer;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import java.util.Arrays;
import java.util.Objects;

/**
 * A buffering filter: {@code BIO_f_buffer}. Push it in front of another BIO ({@code
 * BufferBio.create().push(next)}); it holds small writes until its output buffer is full or {@link
 * #flush()} is called, and serves small reads from an input buffer it refills with one read of the
 * next BIO.
 *
 * <h2>Writes</h2>
 *
 * A write that fits in the free output space is copied and nothing reaches the next BIO. Otherwise
 * the buffer is filled and written to the next BIO until empty, then chunks of at least the buffer
 * size go straight through and the tail is buffered. When the next BIO accepts nothing, its retry
 * flags are copied up and the write returns the bytes this BIO accepted so far, <em>with</em> the
 * retry flags set if that count is positive (as OpenSSL does), else the next BIO's result.
 *
 * <h2>Flush</h2>
 *
 * {@link #flush()} writes the buffered bytes to the next BIO; if it cannot take them all, flush
 * returns its result ({@code <= 0}) with its retry flags, and the next flush continues where this
 * one stopped. Once the buffer is empty the flush is forwarded to the next BIO and its result and
 * retry flags are this flush's (OpenSSL 3.2+; docs/decisions.md, decision 4).
 *
 * <h2>Reads</h2>
 *
 * Buffered input is served first; a read that finds input buffered returns it without calling the
 * next BIO (a short count is legal), so a blocking next BIO is never waited on while data is at
 * hand. With the input buffer empty, a request larger than the buffer is read directly into the
 * caller's array with one read of the next BIO; a smaller one refills the buffer with one read of
 * the next BIO and is served from it. A non-positive result of the next BIO is returned with its
 * retry flags copied up.
 *
 * <h2>Sizes and differences from OpenSSL</h2>
 *
 * Any size {@code >= 1} is honoured (OpenSSL silently ignores sizes {@code <= 4096};
 * docs/decisions.md, decision 6): tiny buffers are how tests force retries. OpenSSL's read keeps
 * calling the next BIO until the request is met; this one calls it at most once per read, as
 * described above.
 *
 * <h2>No next BIO</h2>
 *
 * {@link #read} and {@link #write} return 0 with {@link BioError.Reason#NO_NEXT_BIO}; {@link
 * #flush()}, {@link #pending()}, {@link #wpending()} and {@link #reset()} return 0.
 *
 * <p>Closing discards (and wipes) whatever is buffered. Not thread-safe.
 */
public final class BufferBio extends Bio {

    /** OpenSSL's {@code DEFAULT_BUFFER_SIZE}. */
    public static final int DEFAULT_SIZE = 4096;

    private final int readSize;

    /** Input buffer; longer than {@link #readSize} only after {@link #setBufferReadData}. */
    private byte[] in;

    private int inOff;
    private int inLen;

    private final byte[] out;

    /** Start of the bytes not yet passed on ({@code obuf_off}). */
    private int outOff;

    private int outLen;

    private BufferBio(int size) {
        this.readSize = size;
        this.in = new byte[size];
        this.out = new byte[size];
    }

    /**
     * A buffering filter with 4096-byte input and output buffers: {@code BIO_new(BIO_f_buffer())}.
     *
     * @return a buffering filter with no next BIO yet; {@link #push} one
     */
    public static BufferBio create() {
        return new BufferBio(DEFAULT_SIZE);
    }

    /**
     * A buffering filter with {@code size}-byte input and output buffers: {@code BIO_f_buffer} with
     * {@code BIO_set_buffer_size}, except that any size {@code >= 1} is honoured.
     *
     * @param size bytes of each of the input and output buffers, {@code >= 1}
     * @return a buffering filter with no next BIO yet; {@link #push} one
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public static BufferBio create(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size < 1: " + size);
        }
        return new BufferBio(size);
    }

    /**
     * The input buffer size: how much one refill asks the next BIO for.
     *
     * @return the input buffer size in bytes
     */
    public int readBufferSize() {
        return readSize;
    }

    /**
     * The output buffer size: how many bytes are held before they go to the next BIO.
     *
     * @return the output buffer size in bytes
     */
    public int writeBufferSize() {
        return out.length;
    }

    /**
     * Number of {@code '\n'} bytes in the buffered input: {@code BIO_get_buffer_num_lines}.
     *
     * @return count of newline bytes buffered and not yet read
     */
    public int bufferNumLines() {
        ensureOpen();
        int lines = 0;
        for (int i = inOff, end = inOff + inLen; i < end; i++) {
            if (in[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /**
     * Replaces the buffered input with a copy of {@code data}: {@code BIO_set_buffer_read_data}.
     * The buffer grows to hold more than {@link #readBufferSize()} bytes if needed; later refills
     * still ask for {@link #readBufferSize()} bytes.
     *
     * @param data the bytes the next reads return before any refill; copied
     */
    public void setBufferReadData(byte[] data) {
        Objects.requireNonNull(data, "data");
        ensureOpen();
        if (data.length > in.length) {
            in = new byte[data.length];
        }
        System.arraycopy(data, 0, in, 0, data.length);
        inOff = 0;
        inLen = data.length;
    }

    // ---------------------------------------------------------------- data

    /** {@code buffer_read}; see the class doc. */
    @Override
    protected int implRead(byte[] b, int off, int len) {
        Bio next = next();
        if (next == null) {
            return noNext();
        }
        if (inLen > 0) {
            return serve(b, off, len);
        }
        if (len > readSize) {
            int r = next.read(b, off, len);
            if (r <= 0) {
                copyNextRetry();
            }
            return r;
        }
        if (in.length != readSize) {
            in = new byte[readSize]; // back to size after setBufferReadData grew it
        }
        int r = next.read(in, 0, readSize);
        if (r <= 0) {
            copyNextRetry();
            return r;
        }
        inOff = 0;
        inLen = r;
        return serve(b, off, len);
    }

    private int serve(byte[] b, int off, int len) {
        int n = Math.min(len, inLen);
        System.arraycopy(in, inOff, b, off, n);
        inOff += n;
        inLen -= n;
        if (inLen == 0) {
            inOff = 0;
        }
        return n;
    }

    /** {@code buffer_write}; see the class doc. */
    @Override
    protected int implWrite(byte[] b, int off, int len) {
        Bio next = next();
        if (next == null) {
            return noNext();
        }
        int accepted = 0;
        while (true) {
            int room = out.length - (outOff + outLen);
            if (room >= len) {
                System.arraycopy(b, off, out, outOff + outLen, len);
                outLen += len;
                return accepted + len;
            }
            if (outLen != 0) {
                // top the buffer up, then pass the full buffer on
                System.arraycopy(b, off, out, outOff + outLen, room);
                off += room;
                len -= room;
                accepted += room;
                outLen += room;
                int r = drain(next);
                if (r <= 0) {
                    return accepted > 0 ? accepted : r;
                }
            }
            outOff = 0;
            // large chunks skip the buffer
            while (len >= out.length) {
                int r = next.write(b, off, len);
                if (r <= 0) {
                    copyNextRetry();
                    return accepted > 0 ? accepted : r;
                }
                accepted += r;
                off += r;
                len -= r;
                if (len == 0) {
                    return accepted;
                }
            }
            // what is left is smaller than the buffer: the next round copies it in
        }
    }

    /**
     * Writes the buffered output to {@code next} until none is left; returns 1, or next's
     * non-positive result with its retry flags copied up (the bytes it did take are gone from the
     * buffer).
     */
    private int drain(Bio next) {
        while (outLen > 0) {
            int r = next.write(out, outOff, outLen);
            if (r <= 0) {
                copyNextRetry();
                return r;
            }
            outOff += r;
            outLen -= r;
        }
        outOff = 0;
        return 1;
    }

    private int noNext() {
        setError(BioError.Reason.NO_NEXT_BIO, "BufferBio has no next BIO", null);
        return 0;
    }

    // ---------------------------------------------------------------- control

    /** Passes the buffered output on, then flushes the next BIO; see the class doc. */
    @Override
    protected int implFlush() {
        Bio next = next();
        if (next == null) {
            return 0;
        }
        int r = drain(next);
        if (r <= 0) {
            return r;
        }
        r = next.flush();
        copyNextRetry();
        return r;
    }

    /** Buffered input bytes, or the next BIO's pending when none are buffered (0 without one). */
    @Override
    protected long implPending() {
        if (inLen > 0) {
            return inLen;
        }
        return next() == null ? 0 : next().pending();
    }

    /** Buffered output bytes, or the next BIO's wpending when none are buffered (0 without one). */
    @Override
    protected long implWpending() {
        if (outLen > 0) {
            return outLen;
        }
        return next() == null ? 0 : next().wpending();
    }

    /** False while input is buffered; otherwise the next BIO's answer (true without one). */
    @Override
    protected boolean implEof() {
        if (inLen > 0) {
            return false;
        }
        return next() == null || next().eof();
    }

    /** Discards both buffers and resets the next BIO, returning its result (0 without one). */
    @Override
    protected int implReset() {
        inOff = 0;
        inLen = 0;
        outOff = 0;
        outLen = 0;
        return next() == null ? 0 : next().reset();
    }

    @Override
    protected void implClose() {
        Arrays.fill(in, (byte) 0);
        Arrays.fill(out, (byte) 0);
        inOff = 0;
        inLen = 0;
        outOff = 0;
        outLen = 0;
    }

    @Override
    public String toString() {
        return "BufferBio[size=" + readSize + ", in=" + inLen + ", out=" + outLen + "]";
    }
}
