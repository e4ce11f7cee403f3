package io.tlsbio.bio.pair;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;

/**
 * Two connected in-memory BIOs, like a non-blocking socketpair: {@code BIO_new_bio_pair}.
 *
 * <p>Each {@link End} owns a fixed-size ring buffer for <em>what it writes</em>; reading on one end
 * consumes the other end's buffer. Nothing blocks: a read that finds nothing returns -1 with
 * retry-read, a write that finds its buffer full returns -1 with retry-write. After {@link
 * End#shutdownWrite()} the peer drains what is left and then reads 0 (end of stream). Closing
 * either end breaks the pair: the survivor's reads and writes fail with -1, {@link
 * BioError.Reason#UNINITIALIZED} and no retry, and its {@link End#eof()} is true.
 *
 * <h2>Threads</h2>
 *
 * The two ends may be driven from two threads, one thread per end: the buffers they share are
 * guarded by the pair's lock, and each end's own state (retry flags, counters, callback) is only
 * touched by the thread that uses that end. One end must not be used by two threads at once.
 * Nothing here waits: a thread that gets -1 with a retry flag decides itself how to wait.
 *
 * <h2>Ownership</h2>
 *
 * The pair owns both buffers (allocated once, wiped when the pair breaks). {@link #close()} closes
 * both ends; closing one end with {@link Bio#close()} leaves the other to its owner.
 */
public final class BioPair implements AutoCloseable {

    /** The write buffer size used when 0 is asked for: OpenSSL's 17 × 1024. */
    public static final int DEFAULT_BUFFER_SIZE = 17 * 1024;

    /** Guards both rings and {@link #paired}. */
    private final Object lock = new Object();

    private final End first;
    private final End second;
    private boolean paired = true;

    private BioPair(int writeBuf1, int writeBuf2) {
        Ring ring1 = new Ring(writeBuf1 == 0 ? DEFAULT_BUFFER_SIZE : writeBuf1);
        Ring ring2 = new Ring(writeBuf2 == 0 ? DEFAULT_BUFFER_SIZE : writeBuf2);
        this.first = new End(this, "first", ring1, ring2);
        this.second = new End(this, "second", ring2, ring1);
    }

    /**
     * Creates a connected pair: {@code BIO_new_bio_pair(&b1, writeBuf1, &b2, writeBuf2)}.
     *
     * @param writeBuf1 bytes {@link #first()} can hold unread; 0 for {@link #DEFAULT_BUFFER_SIZE}
     * @param writeBuf2 bytes {@link #second()} can hold unread; 0 for {@link #DEFAULT_BUFFER_SIZE}
     * @return a pair whose two ends are connected to each other
     * @throws IllegalArgumentException if a size is negative
     */
    public static BioPair create(int writeBuf1, int writeBuf2) {
        if (writeBuf1 < 0) {
            throw new IllegalArgumentException("writeBuf1 < 0: " + writeBuf1);
        }
        if (writeBuf2 < 0) {
            throw new IllegalArgumentException("writeBuf2 < 0: " + writeBuf2);
        }
        return new BioPair(writeBuf1, writeBuf2);
    }

    /**
     * The first end ({@code b1}).
     *
     * @return the end whose writes the second end reads
     */
    public End first() {
        return first;
    }

    /**
     * The second end ({@code b2}).
     *
     * @return the end whose writes the first end reads
     */
    public End second() {
        return second;
    }

    /**
     * Closes both ends: {@code BIO_destroy_bio_pair} then {@code BIO_free} of each. Call it from
     * the thread that owns both ends, or close each end from its own thread instead.
     */
    @Override
    public void close() {
        first.close();
        second.close();
    }

    /** Breaks the pair for good: both buffers are wiped and both ends become unpaired. */
    private void unpair() {
        synchronized (lock) {
            if (paired) {
                paired = false;
                first.out.release();
                second.out.release();
            }
        }
    }

    @Override
    public String toString() {
        return "BioPair[" + first + ", " + second + "]";
    }

    /**
     * One end of a {@link BioPair}. Reads consume what the {@linkplain #peer() peer} wrote; writes
     * go into this end's own buffer of {@link #writeBufferSize()} bytes. See {@link BioPair} for
     * the threading rule: one thread per end.
     */
    public static final class End extends Bio {

        private final BioPair pair;
        private final String name;

        /** What this end writes and its peer reads. */
        private final Ring out;

        /** What the peer writes and this end reads. */
        private final Ring in;

        private End(BioPair pair, String name, Ring out, Ring in) {
            this.pair = pair;
            this.name = name;
            this.out = out;
            this.in = in;
        }

        /**
         * The other end of the pair; it stays the peer even after the pair is broken.
         *
         * @return the end that reads what this end writes
         */
        public End peer() {
            return this == pair.first ? pair.second : pair.first;
        }

        /**
         * The size of this end's write buffer: {@code BIO_get_write_buf_size}.
         *
         * @return bytes this end can hold unread for its peer
         */
        public int writeBufferSize() {
            return out.size();
        }

        /**
         * Bytes a write on this end would accept now: {@code BIO_ctrl_get_write_guarantee}.
         *
         * @return free space in this end's buffer; 0 once the pair is broken or after {@link
         *     #shutdownWrite()}
         */
        public int writeGuarantee() {
            ensureOpen();
            synchronized (pair.lock) {
                return !pair.paired || out.closed() ? 0 : out.free();
            }
        }

        /**
         * How many bytes the peer last failed to read from this end: {@code
         * BIO_ctrl_get_read_request}. A failed read on the peer records {@code min(asked,
         * writeBufferSize())}; any later read attempt by the peer, any write on this end and {@link
         * #resetReadRequest()} set it to 0.
         *
         * @return bytes the peer's last failed read asked for (capped at the buffer size), or 0
         */
        public int readRequest() {
            ensureOpen();
            synchronized (pair.lock) {
                return out.request();
            }
        }

        /** Forgets the peer's read request: {@code BIO_ctrl_reset_read_request}. */
        public void resetReadRequest() {
            ensureOpen();
            synchronized (pair.lock) {
                out.request(0);
            }
        }

        /**
         * Closes this end's write side, like {@code shutdown(SHUT_WR)}: {@code BIO_shutdown_wr}.
         * The peer reads what is left, then 0 (end of stream); writes here then fail with -1,
         * {@link BioError.Reason#BROKEN_PIPE} and no retry. Reading on this end is unaffected.
         */
        public void shutdownWrite() {
            ensureOpen();
            synchronized (pair.lock) {
                out.close();
            }
        }

        /**
         * {@inheritDoc}
         *
         * <p>Pair end ({@code bio_read}): the bytes the peer wrote, up to {@code len}; -1 with
         * retry-read if there are none yet (recording the peer's {@link #readRequest()}); 0 once
         * the peer shut its write side and everything was read; -1 with {@link
         * BioError.Reason#UNINITIALIZED} and no retry once the pair is broken.
         */
        @Override
        protected int implRead(byte[] b, int off, int len) {
            synchronized (pair.lock) {
                if (!pair.paired) {
                    return unpaired();
                }
                in.request(0);
                if (in.length() == 0) {
                    if (in.closed()) {
                        return 0;
                    }
                    // don't ask for more than the peer can deliver in one write
                    in.request(Math.min(len, in.size()));
                    setRetryRead();
                    return -1;
                }
                return in.take(b, off, len);
            }
        }

        /**
         * {@inheritDoc}
         *
         * <p>Pair end ({@code bio_write}): copies what fits into this end's buffer and returns that
         * count (a short count carries no retry flag); -1 with retry-write if the buffer is full;
         * -1 with {@link BioError.Reason#BROKEN_PIPE} and no retry after {@link #shutdownWrite()};
         * -1 with {@link BioError.Reason#UNINITIALIZED} once the pair is broken.
         */
        @Override
        protected int implWrite(byte[] b, int off, int len) {
            synchronized (pair.lock) {
                if (!pair.paired) {
                    return unpaired();
                }
                out.request(0);
                if (out.closed()) {
                    setError(
                            BioError.Reason.BROKEN_PIPE,
                            "write after shutdownWrite() on " + this,
                            null);
                    return -1;
                }
                if (out.free() == 0) {
                    setRetryWrite();
                    return -1;
                }
                return out.put(b, off, len);
            }
        }

        private int unpaired() {
            setError(
                    BioError.Reason.UNINITIALIZED, "BIO pair is broken: the peer was closed", null);
            return -1;
        }

        /** Nothing is buffered beyond the ring, so flushing always succeeds: returns 1. */
        @Override
        protected int implFlush() {
            return 1;
        }

        /** Bytes readable on this end (what the peer wrote and this end has not read yet). */
        @Override
        protected long implPending() {
            synchronized (pair.lock) {
                return pair.paired ? in.length() : 0;
            }
        }

        /** Bytes this end wrote that the peer has not read yet. */
        @Override
        protected long implWpending() {
            synchronized (pair.lock) {
                return pair.paired ? out.length() : 0;
            }
        }

        /**
         * True once the pair is broken, or when the peer shut its write side and nothing is left.
         */
        @Override
        protected boolean implEof() {
            synchronized (pair.lock) {
                return !pair.paired || (in.length() == 0 && in.closed());
            }
        }

        /**
         * Discards this end's unread output; returns 0 as OpenSSL's {@code
         * bio_ctrl(BIO_CTRL_RESET)} does.
         */
        @Override
        protected int implReset() {
            synchronized (pair.lock) {
                if (pair.paired) {
                    out.clear();
                }
                return 0;
            }
        }

        /** Closing either end breaks the pair ({@code bio_free} calls {@code bio_destroy_pair}). */
        @Override
        protected void implClose() {
            pair.unpair();
        }

        @Override
        public String toString() {
            return "BioPair.End[" + name + ", size=" + out.size() + "]";
        }
    }
}
