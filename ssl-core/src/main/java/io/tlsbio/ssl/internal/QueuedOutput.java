package io.tlsbio.ssl.internal;

import io.tlsbio.bio.Bio;
import java.io.IOException;
import java.io.OutputStream;
import org.bouncycastle.tls.ByteQueue;

/**
 * bctls's output queue as an {@link OutputQueue}: its bytes go into the write BIO in place, through
 * {@link ByteQueue#copyTo} (which hands its own array to one {@code write} call), so no staging
 * buffer sits between the queue and the BIO (docs/ssl-lifecycle.md, "Buffers").
 */
final class QueuedOutput extends OutputStream implements OutputQueue {

    private final ByteQueue queue;
    private Bio target;
    private int written;

    QueuedOutput(ByteQueue queue) {
        this.queue = queue;
    }

    @Override
    public int outputAvailable() {
        return queue.available();
    }

    @Override
    public int peekOutput(byte[] b, int off, int len) {
        int n = Math.min(len, queue.available());
        queue.read(b, off, n, 0);
        return n;
    }

    @Override
    public void removeOutput(int n) {
        queue.removeData(n);
    }

    /** Lets an empty queue drop its array (bctls keeps the largest flight's otherwise). */
    @Override
    public void releaseOutput() {
        if (queue.available() == 0) {
            queue.shrink();
        }
    }

    @Override
    public int writeOutput(Bio wbio, int max) {
        int n = Math.min(max, queue.available());
        target = wbio;
        try {
            queue.copyTo(this, n);
        } catch (IOException e) {
            // write(byte[], int, int) below throws nothing
            throw new IllegalStateException(e);
        } finally {
            target = null;
        }
        if (written > 0) {
            queue.removeData(written);
        }
        return written;
    }

    /** The single write {@link ByteQueue#copyTo} makes: straight into the BIO. */
    @Override
    public void write(byte[] b, int off, int len) {
        written = target.write(b, off, len);
    }

    @Override
    public void write(int b) {
        throw new UnsupportedOperationException("copyTo writes arrays");
    }
}
