package io.tlsbio.bio.buffer;

import io.tlsbio.bio.Bio;

/**
 * Test-only port of OpenSSL's {@code bio_s_always_retry} ({@code test/helpers/ssltestlib.c}): every
 * read and write returns the error value ({@code -1} unless told otherwise) with retry-read or
 * retry-write set; flush returns 0 with retry-write.
 */
final class AlwaysRetryBio extends Bio {

    private final int errorValue;

    /** Reads and writes return {@code -1} ({@code set_always_retry_err_val(-1)}). */
    AlwaysRetryBio() {
        this(-1);
    }

    /** Reads and writes return {@code errorValue}, -1 or 0 ({@code set_always_retry_err_val}). */
    AlwaysRetryBio(int errorValue) {
        this.errorValue = errorValue;
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        setRetryRead();
        return errorValue;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        setRetryWrite();
        return errorValue;
    }

    @Override
    protected int implFlush() {
        setRetryWrite();
        return 0;
    }

    @Override
    public String toString() {
        return "AlwaysRetryBio[" + errorValue + "]";
    }
}
