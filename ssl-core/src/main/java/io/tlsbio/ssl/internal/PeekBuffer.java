package io.tlsbio.ssl.internal;

/**
 * Plaintext taken from the engine by {@code SSL_peek} and served first by later reads, so a peek
 * never loses or reorders bytes.
 */
public final class PeekBuffer {

    private static final byte[] EMPTY = new byte[0];
    private byte[] buf = EMPTY;
    private int start;
    private int end;

    /** Bytes held. */
    public int available() {
        return end - start;
    }

    /** Copies up to {@code len} held bytes into {@code b}; removes them when {@code consume}. */
    public int take(byte[] b, int off, int len, boolean consume) {
        int n = Math.min(len, end - start);
        System.arraycopy(buf, start, b, off, n);
        if (consume) {
            start += n;
        }
        return n;
    }

    /** Moves all of the engine's decrypted bytes in here. */
    public void fillFrom(Engine engine) {
        int avail = engine.getAvailableInputBytes();
        if (buf.length < avail) {
            buf = new byte[avail];
        }
        start = 0;
        end = engine.readInput(buf, 0, avail);
    }

    /** Drops everything held and releases the buffer. */
    public void clear() {
        buf = EMPTY;
        start = 0;
        end = 0;
    }
}
