package io.tlsbio.ssl.internal;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BufferPool;
import java.io.IOException;
import org.bouncycastle.tls.ContentType;

/**
 * tlsbio's own TLS 1.3 application-data records, beside bctls's (docs/ssl-lifecycle.md, "Record
 * path"). Once the handshake is over, a write is sealed here straight into one pooled record buffer
 * (bctls would allocate one per record and copy it through its queue), and a record from the peer
 * is opened here straight into a pooled plaintext buffer; anything else (handshake messages,
 * alerts, records that fail to open, and every record while the protocol is not in its plain
 * established state) goes to bctls as before. Both share one {@link Tls13RecordCipher}, so the
 * sequence numbers interleave.
 *
 * <p>It is also the engine's {@link OutputQueue}: a sealed record waiting for the write BIO goes
 * out before anything bctls queues after it, and a record is sealed only when nothing waits.
 */
final class AppRecords implements OutputQueue {

    private static final byte[] EMPTY = new byte[0];

    private final QueuedOutput queued;

    // a sealed record waiting for the wire: sealed[sealedAt, sealedEnd)
    private byte[] sealed = EMPTY;
    private int sealedAt;
    private int sealedEnd;

    // opened application data not yet read: opened[openedAt, openedEnd)
    private byte[] opened = EMPTY;
    private int openedAt;
    private int openedEnd;

    AppRecords(QueuedOutput queued) {
        this.queued = queued;
    }

    /**
     * The connection's shared record cipher while tlsbio may seal and open application data itself:
     * TLS 1.3 with AES-GCM on the JDK, the handshake over, bctls not closed, full-size records (no
     * max_fragment_length or record_size_limit in force). Null otherwise.
     */
    static Tls13RecordCipher cipher(Engine engine, int dataLimit) {
        if (dataLimit != RecordPump.MAX_FRAGMENT || engine.isHandshaking() || engine.isClosed()) {
            return null;
        }
        return ConnectionNonces.of(engine.context().getNonceGenerator());
    }

    /** bctls's own {@code writeApplicationData}. */
    @FunctionalInterface
    interface BctlsWrite {
        void write(byte[] b, int off, int len) throws IOException;
    }

    /** bctls's own {@code readInput}. */
    @FunctionalInterface
    interface BctlsRead {
        int read(byte[] b, int off, int len);
    }

    /**
     * The protocol's {@code writeApplicationData}: sealed here unless our close_notify is out, a
     * KeyUpdate request waits for its answer (bctls sends it before the data), or the record path
     * is not ours ({@link #cipher}); else bctls's.
     */
    void write(
            Engine engine,
            RecordGuard guard,
            int dataLimit,
            byte[] b,
            int off,
            int len,
            BctlsWrite bctls)
            throws IOException {
        Tls13RecordCipher c =
                engine.closeNotifySent() || guard.keyUpdateRequestPending()
                        ? null
                        : cipher(engine, dataLimit);
        if (c == null || !seal(c, b, off, len)) {
            bctls.write(b, off, len);
        }
    }

    /**
     * The protocol's {@code readInput}: bctls's data first, since it came before any record opened
     * here.
     */
    int read(int bctlsAvailable, byte[] b, int off, int len, BctlsRead bctls) {
        return bctlsAvailable > 0 || available() == 0 ? bctls.read(b, off, len) : take(b, off, len);
    }

    /**
     * The protocol's {@link RecordReader.Sink#record}: opened here when nothing else may need the
     * record first (a held handshake message, the peer's close_notify, the guard, data bctls still
     * holds), else through the guard to bctls.
     */
    void record(
            Engine engine,
            RecordGuard guard,
            boolean messageHeld,
            int bctlsAvailable,
            int dataLimit,
            byte[] b,
            int off,
            int len)
            throws IOException {
        Tls13RecordCipher c =
                messageHeld
                                || engine.closeNotifyReceived()
                                || !guard.admitsApplicationData()
                                || bctlsAvailable > 0
                        ? null
                        : cipher(engine, dataLimit);
        if (c != null && open(c, b, off, len)) {
            guard.onApplicationData();
        } else {
            guard.guardedRecord(b, off, len);
        }
    }

    // ------------------------------------------------------------------------------ writing

    /**
     * Seals {@code len} bytes (1..{@link RecordPump#MAX_FRAGMENT}) as one record if nothing is
     * waiting for the wire; false leaves the write to bctls.
     */
    boolean seal(Tls13RecordCipher c, byte[] b, int off, int len) throws IOException {
        if (len < 1 || len > RecordPump.MAX_FRAGMENT || outputAvailable() > 0) {
            return false;
        }
        if (sealed.length == 0) {
            sealed = BufferPool.take();
        }
        sealedAt = 0;
        sealedEnd = c.seal(b, off, len, sealed, 0);
        return true;
    }

    private int sealedLeft() {
        return sealedEnd - sealedAt;
    }

    @Override
    public int outputAvailable() {
        return sealedLeft() + queued.outputAvailable();
    }

    @Override
    public int peekOutput(byte[] b, int off, int len) {
        int n = Math.min(len, sealedLeft());
        System.arraycopy(sealed, sealedAt, b, off, n);
        return n + queued.peekOutput(b, off + n, len - n);
    }

    @Override
    public void removeOutput(int n) {
        int s = Math.min(n, sealedLeft());
        consumeSealed(s);
        if (n > s) {
            queued.removeOutput(n - s);
        }
    }

    @Override
    public int writeOutput(Bio wbio, int max) {
        if (sealedLeft() == 0) {
            return queued.writeOutput(wbio, max);
        }
        int w = wbio.write(sealed, sealedAt, Math.min(max, sealedLeft()));
        if (w > 0) {
            consumeSealed(w);
        }
        return w;
    }

    private void consumeSealed(int n) {
        sealedAt += n;
        if (sealedAt == sealedEnd) {
            // an idle connection keeps no record buffer (docs/ssl-lifecycle.md, "Buffers")
            releaseSealed();
        }
    }

    @Override
    public void releaseOutput() {
        queued.releaseOutput();
    }

    // ------------------------------------------------------------------------------ reading

    /**
     * Opens a whole record from the peer if it is application data that tlsbio may serve: header
     * {@code 23 03 03}, it authenticates, and its inner content is 1..{@link
     * RecordPump#MAX_FRAGMENT} bytes of application data. Anything else is left for bctls,
     * untouched (the record is decrypted into a buffer of ours, never in place), and its sequence
     * number is not used.
     *
     * @return whether the record was taken; its data is then {@link #available()}
     */
    boolean open(Tls13RecordCipher c, byte[] rec, int off, int len) {
        if (len <= RecordReader.HEADER
                || rec[off] != ContentType.application_data
                || rec[off + 1] != 3
                || rec[off + 2] != 3
                || available() > 0) {
            return false;
        }
        if (opened.length == 0) {
            opened = BufferPool.take();
        }
        int inner = c.open(rec, off, len, opened);
        int end = inner - 1;
        // strip the padding: the content type is the last non-zero byte
        while (end >= 0 && opened[end] == 0) {
            end--;
        }
        if (end < 1
                || end > RecordPump.MAX_FRAGMENT
                || opened[end] != ContentType.application_data) {
            // not ours (or empty data, which bctls counts): bctls takes the record, same number
            releaseOpened();
            return false;
        }
        c.opened();
        openedAt = 0;
        openedEnd = end;
        return true;
    }

    /** Opened application data not yet read. */
    int available() {
        return openedEnd - openedAt;
    }

    /** Moves up to {@code len} opened bytes into {@code b}: the count. */
    int take(byte[] b, int off, int len) {
        int n = Math.min(len, available());
        System.arraycopy(opened, openedAt, b, off, n);
        openedAt += n;
        if (openedAt == openedEnd) {
            releaseOpened();
        }
        return n;
    }

    /**
     * Gives both buffers back to the pool and forgets what they held: {@code SSL_free} (nothing is
     * sent or read after it).
     */
    void free() {
        releaseSealed();
        releaseOpened();
    }

    private void releaseSealed() {
        sealedAt = 0;
        sealedEnd = 0;
        if (sealed.length > 0) {
            BufferPool.give(sealed);
            sealed = EMPTY;
        }
    }

    private void releaseOpened() {
        openedAt = 0;
        openedEnd = 0;
        if (opened.length > 0) {
            BufferPool.give(opened);
            opened = EMPTY;
        }
    }
}
