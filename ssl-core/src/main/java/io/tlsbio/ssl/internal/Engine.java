package io.tlsbio.ssl.internal;

import java.io.IOException;
import org.bouncycastle.tls.RecordPreview;

/**
 * The non-blocking bctls protocol as the Ssl state machine sees it: one client or server protocol
 * subclass with OpenSSL's close semantics and access to the output queue.
 */
public interface Engine extends OutputQueue, RecordReader.Sink {

    /** bctls's output queue; the engine's {@link OutputQueue} methods are its. */
    OutputQueue outputQueue();

    @Override
    default int outputAvailable() {
        return outputQueue().outputAvailable();
    }

    @Override
    default int peekOutput(byte[] b, int off, int len) {
        return outputQueue().peekOutput(b, off, len);
    }

    @Override
    default void removeOutput(int n) {
        outputQueue().removeOutput(n);
    }

    @Override
    default int writeOutput(io.tlsbio.bio.Bio wbio, int max) {
        return outputQueue().writeOutput(wbio, max);
    }

    @Override
    default void releaseOutput() {
        outputQueue().releaseOutput();
    }

    /** Starts the handshake: connect (the ClientHello is queued) or accept (nothing queued). */
    void start() throws IOException;

    /** bctls's verdict on a 5-byte record header: size of the whole record, or a fatal alert. */
    RecordPreview previewInputRecord(byte[] header) throws IOException;

    /** Processes exactly one whole record. */
    void offerInput(byte[] record, int off, int len) throws IOException;

    int getAvailableInputBytes();

    int readInput(byte[] b, int off, int len);

    void writeApplicationData(byte[] b, int off, int len) throws IOException;

    @Override
    default int recordSize(byte[] header) throws IOException {
        // rejects an oversized length from the header alone (record_overflow)
        return previewInputRecord(header).getRecordSize();
    }

    @Override
    default void record(byte[] b, int off, int len) throws IOException {
        offerInput(b, off, len);
    }

    /**
     * Records are processed in the read BIO's array once the handshake is over: bctls keeps no view
     * into a record after processing it, except a handshake message held for a certificate callback
     * ({@link HeldMessage}), which must outlive the peer's next writes into that BIO.
     */
    @Override
    default boolean recordsInPlace() {
        return !isHandshaking() && !x509LookupPending();
    }

    /**
     * Whether a handshake message is held because a certificate callback asked to be called again
     * ({@code SSL_ERROR_WANT_X509_LOOKUP}); no record may be offered meanwhile.
     */
    default boolean x509LookupPending() {
        return false;
    }

    /** Asks the waiting callback again; if it is ready now, processes the held message. */
    default void retryX509Lookup() throws IOException {
        // nothing is ever held
    }

    /** Whether the peer asked for our KeyUpdate since the last call (and clears it). */
    default boolean takeKeyUpdateRequest() {
        return false;
    }

    /** Drops every decrypted byte not read yet. */
    default void discardApplicationData() {
        byte[] scratch = new byte[Math.min(16384, Math.max(1, getAvailableInputBytes()))];
        while (getAvailableInputBytes() > 0) {
            readInput(scratch, 0, scratch.length);
        }
    }

    /** Gives back the record buffers the engine holds: {@code SSL_free}. */
    default void free() {
        // nothing held
    }

    /** Queues our close_notify (once) without closing bctls for input. */
    void sendCloseNotify() throws IOException;

    boolean closeNotifySent();

    /** Sends a TLS 1.3 KeyUpdate now and switches our write keys. */
    void sendKeyUpdate(boolean requestPeerUpdate) throws IOException;

    boolean closeNotifyReceived();

    boolean isHandshaking();

    boolean isClosed();

    /** The negotiated version, cipher suite and ALPN after the handshake. */
    org.bouncycastle.tls.TlsContext context();
}
