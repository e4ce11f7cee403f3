package io.tlsbio.ssl.internal;

/** Encrypted records waiting for the wire: bctls's output queue as {@link RecordWriter} drains it. */
public interface OutputQueue {

    /** Bytes queued for the wire. */
    int outputAvailable();

    /** Copies up to {@code len} queued bytes without removing them. */
    int peekOutput(byte[] b, int off, int len);

    /** Removes {@code n} bytes that the write BIO accepted. */
    void removeOutput(int n);
}
