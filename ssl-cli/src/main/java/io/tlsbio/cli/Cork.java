package io.tlsbio.cli;

import io.tlsbio.bio.Bio;
import java.util.Arrays;

/**
 * A filter that can hold back what is written through it: while {@link #hold() held}, writes are
 * kept here and {@code BIO_flush} stops here, so the last data before a close and the close_notify
 * after it reach the socket in one {@code write()} (one TCP segment) instead of two. {@code
 * s_server -www} holds it for the page (OpenSSL's {@code s_server} writes the page through a {@code
 * BIO_f_buffer} for the same reason). After {@link #release()}, later writes join what is held
 * until the next flush writes it all to the next BIO.
 *
 * <p>Unheld and empty, it passes everything straight through and keeps no buffer: a connection that
 * is never corked costs no memory here. Reads always pass through.
 */
final class Cork extends Bio {

    private boolean held;

    /**
     * Bytes written while held (or after, until the flush): {@code kept[keptOff, keptLen)}; null
     * when none.
     */
    private byte[] kept;

    private int keptOff;
    private int keptLen;

    /** A cork over {@code chain}. */
    static Cork over(Bio chain) {
        return (Cork) new Cork().push(chain);
    }

    /**
     * From now on, writes are kept here and flushes stop here (returning 1) until {@link
     * #release()}.
     */
    void hold() {
        held = true;
    }

    /** Lets the next flush through (with what is kept); does not flush by itself. */
    void release() {
        held = false;
    }

    /** Whether writes are held back. */
    boolean isHeld() {
        return held;
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        int n = next().read(b, off, len);
        copyNextRetry();
        return n;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        if (!held && keptLen == keptOff) {
            int n = next().write(b, off, len);
            copyNextRetry();
            return n;
        }
        keep(b, off, len);
        return len;
    }

    @Override
    protected int implFlush() {
        if (held) {
            return 1;
        }
        while (keptOff < keptLen) {
            int n = next().write(kept, keptOff, keptLen - keptOff);
            if (n <= 0) {
                copyNextRetry();
                return -1;
            }
            keptOff += n;
        }
        kept = null;
        keptOff = 0;
        keptLen = 0;
        return super.implFlush();
    }

    @Override
    protected long implWpending() {
        return (keptLen - keptOff) + super.implWpending();
    }

    private void keep(byte[] b, int off, int len) {
        if (kept == null) {
            kept = new byte[Math.max(len, 512)];
        } else if (kept.length - keptLen < len) {
            kept = Arrays.copyOf(kept, Math.max(kept.length * 2, keptLen + len));
        }
        System.arraycopy(b, off, kept, keptLen, len);
        keptLen += len;
    }
}
