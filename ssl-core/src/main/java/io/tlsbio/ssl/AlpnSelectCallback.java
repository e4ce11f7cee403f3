package io.tlsbio.ssl;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The server's ALPN selection callback: {@code SSL_CTX_set_alpn_select_cb}. Called when a
 * ClientHello offers ALPN (never otherwise), after the servername and cert callbacks, with the
 * client's protocols in its order; {@link Ssl#getSslContext()} is the context the servername
 * callback may have chosen, and its callback is the one called. It replaces the context's fixed
 * list ({@link SslContext.Builder#alpn}), which on a server behaves as {@code openssl s_server
 * -alpn}: the first of our protocols the client offers, else a fatal no_application_protocol.
 */
@FunctionalInterface
public interface AlpnSelectCallback {

    /**
     * Chooses the protocol for {@code ssl}; runs on the handshake's thread.
     *
     * @param ssl the server connection whose ClientHello offers ALPN
     * @param clientProtocols the client's protocols, in the client's order of preference
     * @return {@link Result#select} with the protocol to send, {@link Result#NOACK} or {@link
     *     Result#ALERT_FATAL}
     */
    Result onAlpnSelect(Ssl ssl, List<String> clientProtocols);

    /**
     * The callback's answer: OpenSSL's {@code SSL_TLSEXT_ERR_OK} with a protocol, {@code _NOACK},
     * {@code _ALERT_FATAL}.
     */
    final class Result {
        /** {@code SSL_TLSEXT_ERR_NOACK}: no ALPN is negotiated; the handshake goes on. */
        public static final Result NOACK = new Result(null);

        /** {@code SSL_TLSEXT_ERR_ALERT_FATAL}: the handshake fails with no_application_protocol. */
        public static final Result ALERT_FATAL = new Result(null);

        private final String protocol;

        private Result(String protocol) {
            this.protocol = protocol;
        }

        /**
         * {@code SSL_TLSEXT_ERR_OK}: {@code protocol} is sent to the client. As in OpenSSL it need
         * not be one the client offered (a client then fails the handshake).
         *
         * @param protocol the protocol to send in the ServerHello (EncryptedExtensions in TLS 1.3)
         * @return the answer that selects {@code protocol}
         * @throws IllegalArgumentException when it is empty or longer than 255 bytes in UTF-8
         */
        public static Result select(String protocol) {
            Objects.requireNonNull(protocol, "protocol");
            int n = protocol.getBytes(StandardCharsets.UTF_8).length;
            if (n == 0 || n > 255) {
                throw new IllegalArgumentException(
                        "an ALPN protocol has 1 to 255 bytes: '" + protocol + "'");
            }
            return new Result(protocol);
        }

        /**
         * The protocol of {@link #select}.
         *
         * @return the selected protocol, or null for {@link #NOACK} and {@link #ALERT_FATAL}
         */
        public String protocol() {
            return protocol;
        }

        @Override
        public String toString() {
            return this == NOACK
                    ? "NOACK"
                    : this == ALERT_FATAL ? "ALERT_FATAL" : "select(" + protocol + ")";
        }
    }
}
