package io.tlsbio.ssl;

/**
 * One protocol message as {@link SslMessageCallback} sees it: OpenSSL's {@code
 * SSL_set_msg_callback}.
 *
 * @param write true for a message we sent, false for one we received
 * @param contentType the TLS content type (20 change_cipher_spec, 21 alert, 22 handshake)
 * @param handshakeType the handshake message type for content type 22, else -1
 * @param length the message body length (for alerts: 2)
 * @param description a readable name: {@code "ClientHello"}, {@code "alert fatal
 *     bad_certificate"}...
 */
public record SslMessage(
        boolean write, int contentType, int handshakeType, int length, String description) {

    @Override
    public String toString() {
        return (write ? ">>> " : "<<< ") + description + " [length " + length + "]";
    }
}
