package io.tlsbio.ssl;

/** Told about state changes and alerts: {@code SSL_set_info_callback}. */
@FunctionalInterface
public interface SslInfoCallback {

    /** What happened. */
    enum Event {
        /** The handshake started (SSL_CB_HANDSHAKE_START). */
        HANDSHAKE_START,
        /** The state machine moved; see {@link Ssl#stateStringLong()} (SSL_CB_LOOP). */
        STATE,
        /** An alert was read (SSL_CB_READ_ALERT). */
        ALERT_READ,
        /** An alert was written (SSL_CB_WRITE_ALERT). */
        ALERT_WRITE,
        /** The handshake finished (SSL_CB_HANDSHAKE_DONE). */
        HANDSHAKE_DONE
    }

    /**
     * Called on the thread driving the {@link Ssl}; {@code detail} is a readable line.
     *
     * @param ssl the connection the event happened on
     * @param event what happened, OpenSSL's {@code SSL_CB_*} {@code where}
     * @param detail a readable line about it (the state, or the alert's level and name)
     */
    void onInfo(Ssl ssl, Event event, String detail);
}
