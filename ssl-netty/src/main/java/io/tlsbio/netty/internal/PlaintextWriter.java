package io.tlsbio.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.tlsbio.ssl.Ssl;

/**
 * Hands one chunk of plaintext to {@link Ssl#write} ({@code SSL_write}). {@code Ssl} takes arrays,
 * so a heap buffer is passed as its own array (no copy) and anything else (direct, composite) is
 * copied once into a per-thread scratch array: an idle connection keeps no plaintext buffer, and an
 * event-loop thread serves all its connections with one.
 */
public final class PlaintextWriter {

    /** The largest chunk {@link #write} takes: one record's plaintext. */
    public static final int MAX_CHUNK = 16384;

    private static final FastThreadLocal<byte[]> SCRATCH =
            new FastThreadLocal<>() {
                @Override
                protected byte[] initialValue() {
                    return new byte[MAX_CHUNK];
                }
            };

    private final Ssl ssl;

    public PlaintextWriter(Ssl ssl) {
        this.ssl = ssl;
    }

    /**
     * Encrypts all of {@code chunk}'s readable bytes (at most {@link #MAX_CHUNK} unless it is a
     * heap buffer) into the Ssl's write BIO; {@code chunk} is left as it was.
     *
     * @return true when all was written; false when the connection failed ({@code ssl.lastError()})
     */
    public boolean write(ByteBuf chunk) {
        int len = chunk.readableBytes();
        if (len == 0) {
            return true;
        }
        int r;
        if (chunk.hasArray()) {
            r = ssl.write(chunk.array(), chunk.arrayOffset() + chunk.readerIndex(), len);
        } else {
            if (len > MAX_CHUNK) {
                throw new IllegalArgumentException("chunk of " + len + " bytes > " + MAX_CHUNK);
            }
            byte[] scratch = SCRATCH.get();
            chunk.getBytes(chunk.readerIndex(), scratch, 0, len);
            r = ssl.write(scratch, 0, len);
        }
        // the write BIO never refuses, so a short or negative result is a failure
        return r == len;
    }
}
