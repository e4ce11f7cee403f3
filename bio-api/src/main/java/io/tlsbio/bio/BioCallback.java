package io.tlsbio.bio;

/**
 * Observer and gatekeeper of every operation on one {@link Bio}: OpenSSL's {@code
 * BIO_set_callback_ex}.
 *
 * <p>{@link #before} runs before the operation; a result {@code <= 0} vetoes it and becomes the
 * operation's result (for {@link BioOperation#FREE}, any value {@code <= 0} keeps the BIO open).
 * {@link #after} runs after it with the result and may replace that result. For {@link
 * BioOperation#READ} the bytes read are {@code buf[off, off + ret)} when {@code ret > 0}; for
 * {@link BioOperation#WRITE} the bytes offered are {@code buf[off, off + len)}. The array is the
 * caller's: read it during the call, never keep it. For control operations {@code buf} is {@code
 * null} and {@code len} is 0.
 *
 * <p>Callbacks run on the thread that called the operation.
 */
public interface BioCallback {

    /**
     * Called before {@code op}; return {@code 1} to let it run, or a value {@code <= 0} to veto it.
     *
     * @param bio the BIO the operation runs on
     * @param op the operation about to run
     * @param buf for READ the caller's destination, for WRITE the bytes offered; {@code null} for
     *     control operations
     * @param off index in {@code buf} of the first byte
     * @param len bytes requested or offered; 0 for control operations
     * @return {@code > 0} to proceed, else the (int-narrowed) result of the vetoed operation
     */
    default long before(Bio bio, BioOperation op, byte[] buf, int off, int len) {
        return 1;
    }

    /**
     * Called after {@code op} with its result; the return value replaces the result.
     *
     * @param bio the BIO the operation ran on
     * @param op the operation that ran
     * @param buf as in {@link #before}; for READ the bytes read are {@code buf[off, off + ret)}
     * @param off index in {@code buf} of the first byte
     * @param len bytes requested or offered; 0 for control operations
     * @param ret the operation's result
     * @return the result the caller of the operation sees (normally {@code ret})
     */
    default long after(Bio bio, BioOperation op, byte[] buf, int off, int len, long ret) {
        return ret;
    }
}
