package io.tlsbio.ssl;

/** Told about each handshake message, alert and ChangeCipherSpec: {@code SSL_set_msg_callback}. */
@FunctionalInterface
public interface SslMessageCallback {

    /**
     * Called on the thread driving the {@link Ssl}, during the call that moved the message.
     *
     * @param ssl the connection that sent or received the message
     * @param message the message: its direction, content type, handshake type and length
     */
    void onMessage(Ssl ssl, SslMessage message);
}
