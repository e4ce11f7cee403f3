package io.tlsbio.ssl.internal;

/**
 * A write that returned {@code WANT_WRITE} and waits for its retry: the caller's array and offset,
 * the length asked for, and how much of it the record layer has taken (OpenSSL's {@code wpend_buf},
 * {@code wpend_tot} and {@code wnum}).
 */
public final class PendingWrite {

    /**
     * How a retry's arguments relate to the pending write (OpenSSL's {@code ssl3_write_bytes}
     * checks).
     */
    public enum RetryCheck {
        /** Same bytes, same or larger length: the write continues up to the new length. */
        OK,
        /** Shorter than what the record layer already took (SSL_R_BAD_LENGTH). */
        BAD_LENGTH,
        /** Another array or offset without ACCEPT_MOVING_WRITE_BUFFER (SSL_R_BAD_WRITE_RETRY). */
        MOVED
    }

    private final byte[] array;
    private final int offset;
    private int length;
    private int taken;

    public PendingWrite(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** Checks a retry's arguments; on OK the write now runs to {@code len}. */
    public RetryCheck retry(byte[] b, int off, int len, boolean movingBufferAllowed) {
        if (len < taken) {
            return RetryCheck.BAD_LENGTH;
        }
        if (!movingBufferAllowed && (b != array || off != offset)) {
            return RetryCheck.MOVED;
        }
        length = len;
        return RetryCheck.OK;
    }

    /** Bytes the record layer has taken so far. */
    public int taken() {
        return taken;
    }

    /** Bytes still to hand to the record layer. */
    public int remaining() {
        return length - taken;
    }

    /** Records that the record layer took {@code n} more bytes. */
    public void took(int n) {
        if (n < 0 || n > remaining()) {
            throw new IllegalArgumentException("took " + n + " of " + remaining() + " remaining");
        }
        taken += n;
    }

    @Override
    public String toString() {
        return "PendingWrite[" + taken + "/" + length + " at " + offset + "]";
    }
}
