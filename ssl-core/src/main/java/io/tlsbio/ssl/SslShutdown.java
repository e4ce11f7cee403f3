package io.tlsbio.ssl;

/** The close_notify flags of {@link Ssl#getShutdown()}: OpenSSL's {@code SSL_get_shutdown} bits. */
public enum SslShutdown {
    /** {@code SSL_SENT_SHUTDOWN} (1): our close_notify was sent, or the shutdown was quiet. */
    SENT(1),
    /**
     * {@code SSL_RECEIVED_SHUTDOWN} (2): the peer's close_notify (or fatal alert) arrived, or an
     * EOF counted as one.
     */
    RECEIVED(2);

    private final int bit;

    SslShutdown(int bit) {
        this.bit = bit;
    }

    /**
     * OpenSSL's bit for this flag.
     *
     * @return 1 for {@link #SENT}, 2 for {@link #RECEIVED}, as in {@code SSL_get_shutdown}
     */
    public int bit() {
        return bit;
    }
}
