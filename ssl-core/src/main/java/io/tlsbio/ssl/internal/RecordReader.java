package io.tlsbio.ssl.internal;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BufferPool;
import java.io.IOException;

/**
 * Reads TLS records from the read BIO one at a time: exactly the 5-byte header, then exactly the
 * body it announces (OpenSSL's {@code ssl3_read_n} without read-ahead), or as much as fits with
 * read-ahead. Bytes of a partial record stay here across retries; nothing is read twice or lost.
 *
 * <p>Without read-ahead, when the sink allows it and the BIO holds a whole record, the record is
 * handed to the sink where the BIO holds it ({@link Bio#readInPlace}), consuming exactly what the
 * two reads would have: no copy, and no buffer here (docs/ssl-lifecycle.md, "Buffers"). Otherwise
 * the record is copied into a buffer taken from the shared {@link BufferPool}: kept while records
 * keep coming that way during the handshake, given back by {@link #shrink()} at its end, after each
 * record from then on (a pooled array changes hands instead of an idle connection keeping one), and
 * by {@link #free()}.
 */
public final class RecordReader implements Bio.InPlaceReader {

    /** Where whole records go: the TLS engine. */
    public interface Sink {
        /**
         * The whole record's size from its 5-byte header; throws for a header the engine rejects.
         */
        int recordSize(byte[] header) throws IOException;

        /** Processes exactly one whole record. */
        void record(byte[] b, int off, int len) throws IOException;

        /**
         * Whether {@link #record} may get a record in the read BIO's own array: only when the sink
         * keeps no reference to it after returning, and may overwrite it (decrypting in place).
         */
        default boolean recordsInPlace() {
            return false;
        }
    }

    /** What one {@link #read} did. */
    public enum Result {
        /** One record went to the sink. */
        RECORD,
        /** Only-available mode: the BIO has no more bytes right now (no retry flags touched). */
        NEED_MORE,
        /** The read BIO asked for a retry. */
        WANT_READ,
        /** The flush before waiting asked for a retry. */
        WANT_WRITE,
        /** The read BIO reported EOF (no retry, no error). */
        EOF,
        /** The read BIO failed with an error; see its {@code lastError()}. */
        READ_FAILED,
        /** The flush before waiting failed; see the write BIO's {@code lastError()}. */
        FLUSH_FAILED
    }

    static final int HEADER = 5;

    /** Room for the largest record bctls accepts (its own check rejects anything longer). */
    static final int READ_AHEAD_BUFFER = HEADER + 16384 + 2048 + 256;

    private static final byte[] EMPTY = new byte[0];

    private final boolean readAhead;
    private final byte[] header = new byte[HEADER];
    // in[start, end) holds bytes read but not yet offered; size of the record being read, or -1
    private byte[] in;

    /**
     * Set once the handshake is over ({@link #shrink()}): from then on nothing keeps a view into
     * the buffer after the sink has taken a record, so an emptied buffer goes back to the pool at
     * once and an idle connection over a socket holds none (docs/ssl-lifecycle.md, "Buffers").
     */
    private boolean releaseWhenEmpty;

    private int start;
    private int end;
    private int recordSize = -1;
    // the sink of the in-place read under way, and what it threw
    private Sink inPlaceSink;
    private Exception inPlaceFailure;

    public RecordReader(boolean readAhead) {
        this.readAhead = readAhead;
        this.in = EMPTY;
    }

    /**
     * Reads one record and offers it to {@code sink}.
     *
     * @param onlyAvailable read only what the BIO reports pending; answer NEED_MORE instead of
     *     waiting (used while a write is blocked, so two peers never deadlock)
     * @param writer flushes our own flight into {@code wbio} before the reader waits for the
     *     peer's, which may be waiting for ours
     */
    public Result read(Bio rbio, Sink sink, boolean onlyAvailable, RecordWriter writer, Bio wbio)
            throws IOException {
        if (!readAhead
                && start == end
                && recordSize < 0
                && sink.recordsInPlace()
                && readInPlace(rbio, sink)) {
            return Result.RECORD;
        }
        Result r = fill(rbio, HEADER, onlyAvailable, writer, wbio);
        if (r != Result.RECORD) {
            return r;
        }
        if (recordSize < 0) {
            System.arraycopy(in, start, header, 0, HEADER);
            recordSize = sink.recordSize(header);
        }
        r = fill(rbio, recordSize, onlyAvailable, writer, wbio);
        if (r != Result.RECORD) {
            return r;
        }
        int size = recordSize;
        int at = start;
        start += size;
        recordSize = -1;
        if (start == end) {
            start = 0;
            end = 0;
        }
        sink.record(in, at, size);
        releaseIfIdle();
        return Result.RECORD;
    }

    /** Whether a whole record went to the sink in place; false leaves the copying path to go on. */
    private boolean readInPlace(Bio rbio, Sink sink) throws IOException {
        inPlaceSink = sink;
        int n;
        try {
            n = rbio.readInPlace(this);
        } finally {
            inPlaceSink = null;
        }
        Exception e = inPlaceFailure;
        if (e != null) {
            inPlaceFailure = null;
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
        // a header alone moved into in[] (its size known): the copying path reads the body
        return n > HEADER || (n > 0 && recordSize < 0);
    }

    /**
     * The in-place read: the header goes to the sink; a whole record is then processed where it
     * lies, else only the header is taken (into {@code in}, as the copying path would). What the
     * sink throws is kept for {@link #readInPlace} to rethrow, with the bytes the copying path
     * would have consumed by then consumed.
     */
    @Override
    public int consume(byte[] b, int off, int len) {
        if (len < HEADER) {
            return 0;
        }
        System.arraycopy(b, off, header, 0, HEADER);
        int size;
        try {
            size = inPlaceSink.recordSize(header);
        } catch (IOException | RuntimeException e) {
            inPlaceFailure = e;
            keepHeader();
            return HEADER;
        }
        if (size > len || size < HEADER) {
            // not whole here (or an SSLv2 hello shorter than a header): the copying path goes on
            keepHeader();
            recordSize = size;
            return HEADER;
        }
        try {
            inPlaceSink.record(b, off, size);
        } catch (IOException | RuntimeException e) {
            inPlaceFailure = e;
        }
        return size;
    }

    /**
     * Puts the header just taken into {@code in}, where the copying path keeps a partial record.
     */
    private void keepHeader() {
        makeRoom(HEADER);
        System.arraycopy(header, 0, in, 0, HEADER);
        start = 0;
        end = HEADER;
    }

    private Result fill(Bio rbio, int need, boolean onlyAvailable, RecordWriter writer, Bio wbio) {
        if (end - start >= need) {
            return Result.RECORD;
        }
        makeRoom(need);
        while (end - start < need) {
            if (onlyAvailable && rbio.pending() <= 0) {
                releaseIfIdle();
                return Result.NEED_MORE;
            }
            if (writer.flushPending() && rbio.pending() == 0) {
                // about to wait for the peer, which may be waiting for our flight
                RecordWriter.Result f = writer.flush(wbio);
                if (f != RecordWriter.Result.DONE) {
                    return f == RecordWriter.Result.RETRY ? Result.WANT_WRITE : Result.FLUSH_FAILED;
                }
            }
            // read-ahead asks for a bufferful of READ_AHEAD_BUFFER whatever the pooled array's size
            int ask =
                    readAhead
                            ? Math.min(in.length, Math.max(READ_AHEAD_BUFFER, start + need)) - end
                            : need - (end - start);
            int n = rbio.read(in, end, ask);
            if (n > 0) {
                end += n;
                continue;
            }
            if (rbio.shouldRetry()) {
                releaseIfIdle();
                return Result.WANT_READ;
            }
            return rbio.lastError() != null ? Result.READ_FAILED : Result.EOF;
        }
        return Result.RECORD;
    }

    private void makeRoom(int need) {
        int want = readAhead ? Math.max(need, READ_AHEAD_BUFFER) : need;
        if (in.length - start >= want) {
            return;
        }
        int have = end - start;
        byte[] target;
        if (in.length >= want) {
            target = in;
        } else if (want <= HEADER) {
            // a header alone: a blocking read may wait in it for long (one thread per connection)
            target = new byte[HEADER];
        } else if (want <= BufferPool.ARRAY_SIZE) {
            target = BufferPool.take();
        } else {
            target = new byte[want];
        }
        System.arraycopy(in, start, target, 0, have);
        if (target != in) {
            BufferPool.give(in);
        }
        in = target;
        start = 0;
        end = have;
    }

    /**
     * After the handshake, a connection waiting for the peer with nothing buffered holds no record
     * buffer: the one taken to read a header goes back before the retry is reported.
     */
    private void releaseIfIdle() {
        if (releaseWhenEmpty && !readAhead && start == end && in.length > HEADER) {
            release();
        }
    }

    /** Gives an empty buffer back to the pool. */
    private void release() {
        BufferPool.give(in);
        in = EMPTY;
        start = 0;
        end = 0;
    }

    /** Bytes read from the BIO and not yet offered as a record. */
    public int buffered() {
        return end - start;
    }

    /**
     * Gives the buffer back if nothing is buffered: once the handshake is over, when the sink keeps
     * no view into it any more (read-ahead too; its next read takes a buffer again).
     */
    public void shrink() {
        releaseWhenEmpty = true;
        if (start == end) {
            release();
        }
    }

    /** Releases the buffer for good: {@code SSL_free}. */
    public void free() {
        release();
        recordSize = -1;
    }
}
