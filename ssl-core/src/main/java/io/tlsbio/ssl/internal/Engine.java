package io.tlsbio.ssl.internal;

import java.io.IOException;
import org.bouncycastle.tls.RecordPreview;

/**
 * The non-blocking bctls protocol as the Ssl state machine sees it: one client or server
 * protocol subclass with OpenSSL's close semantics and access to the output queue.
 */
public interface Engine {

    /** Starts the handshake: connect (the ClientHello is queued) or accept (nothing queued). */
    void start() throws IOException;

    /** bctls's verdict on a 5-byte record header: size of the whole record, or a fatal alert. */
    RecordPreview previewInputRecord(byte[] header) throws IOException;

    /** Processes exactly one whole record. */
    void offerInput(byte[] record, int off, int len) throws IOException;

    int getAvailableInputBytes();

    int readInput(byte[] b, int off, int len);

    void writeApplicationData(byte[] b, int off, int len) throws IOException;

    /** Bytes queued for the wire. */
    int outputAvailable();

    /** Copies up to {@code len} queued output bytes without removing them. */
    int peekOutput(byte[] b, int off, int len);

    /** Removes {@code n} bytes that the write BIO accepted. */
    void removeOutput(int n);

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
