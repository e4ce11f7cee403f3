package io.tlsbio.cli;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.buffer.BufferBio;

/**
 * A filter whose {@code BIO_flush} can be held back, over a {@link BufferBio}: while held, what
 * the {@link io.tlsbio.ssl.Ssl} writes and flushes stays in the buffer, so the last data before a
 * close and the close_notify after it leave in one {@code write()} (one TCP segment) instead of
 * two. {@code s_server -www} holds it for the page: OpenSSL's {@code s_server} writes the page
 * through a {@code BIO_f_buffer} the same way, and the peer then sees the page and the close in
 * one read. Reads, writes and everything else pass straight to the next BIO.
 */
final class Cork extends Bio {

    private boolean held;

    /** A cork over a buffer over {@code chain}, or over {@code chain} itself if it is a buffer already. */
    static Cork over(Bio chain) {
        Bio buffered = chain instanceof BufferBio ? chain : BufferBio.create().push(chain);
        return (Cork) new Cork().push(buffered);
    }

    /** From now on, flushes stop here (and return 1) until {@link #release()}. */
    void hold() {
        held = true;
    }

    /** Lets the next flush through; does not flush by itself. */
    void release() {
        held = false;
    }

    /** Whether flushes are held. */
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
        int n = next().write(b, off, len);
        copyNextRetry();
        return n;
    }

    @Override
    protected int implFlush() {
        return held ? 1 : super.implFlush();
    }
}
