package io.tlsbio.ssl.internal;

import io.tlsbio.bio.Bio;

/**
 * Encrypted records waiting for the wire: bctls's output queue as {@link RecordWriter} drains it.
 */
public interface OutputQueue {

    /** Bytes queued for the wire. */
    int outputAvailable();

    /** Copies up to {@code len} queued bytes without removing them. */
    int peekOutput(byte[] b, int off, int len);

    /** Removes {@code n} bytes that the write BIO accepted. */
    void removeOutput(int n);

    /**
     * One {@code BIO_write} of up to {@code max} queued bytes into {@code wbio}, straight from
     * where they are queued, removing what it accepted: the BIO's result. The default stages
     * through a temporary array; the engines write in place.
     */
    default int writeOutput(Bio wbio, int max) {
        byte[] staged = new byte[Math.min(max, outputAvailable())];
        int n = peekOutput(staged, 0, staged.length);
        int w = wbio.write(staged, 0, n);
        if (w > 0) {
            removeOutput(w);
        }
        return w;
    }

    /** Drops the queue's storage if nothing is queued (after the handshake). */
    default void releaseOutput() {
        // nothing held
    }
}
