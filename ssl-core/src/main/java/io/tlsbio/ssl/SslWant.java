package io.tlsbio.ssl;

/**
 * What the last call was waiting for: {@code SSL_want}, with OpenSSL's values ({@link #code()}).
 */
public enum SslWant {
    /** {@code SSL_NOTHING} (1): not waiting for I/O. */
    NOTHING(1),
    /** {@code SSL_WRITING} (2): waiting until the write BIO takes more. */
    WRITING(2),
    /** {@code SSL_READING} (3): waiting until the read BIO has more. */
    READING(3),
    /**
     * {@code SSL_X509_LOOKUP} (4): waiting for a certificate callback that asked to be called
     * again.
     */
    X509_LOOKUP(4);

    private final int code;

    SslWant(int code) {
        this.code = code;
    }

    /**
     * OpenSSL's numeric value.
     *
     * @return the {@code SSL_*} value {@code SSL_want} returns for this state
     */
    public int code() {
        return code;
    }
}
