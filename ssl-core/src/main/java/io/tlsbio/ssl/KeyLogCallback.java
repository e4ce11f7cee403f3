package io.tlsbio.ssl;

/**
 * The key-log callback: {@code SSL_CTX_set_keylog_callback}. Receives each secret of a connection
 * of the context as one line of the NSS key-log format, as OpenSSL writes it: {@code CLIENT_RANDOM}
 * for TLS 1.2; {@code CLIENT_HANDSHAKE_TRAFFIC_SECRET}, {@code SERVER_HANDSHAKE_TRAFFIC_SECRET},
 * {@code CLIENT_TRAFFIC_SECRET_0}, {@code SERVER_TRAFFIC_SECRET_0} and {@code EXPORTER_SECRET} for
 * TLS 1.3; each followed by the client random and the secret in lower-case hex. Lines come as the
 * secrets appear during the handshake, on the handshake's thread, without a newline.
 *
 * <p>Anyone holding these lines can decrypt the connection (Wireshark reads them): off unless a
 * context is given one; {@link KeyLogFile} writes them to a file. The callback must not throw: an
 * exception fails the handshake with internal_error, as any failing callback does.
 */
@FunctionalInterface
public interface KeyLogCallback {

    /**
     * Takes one key-log line of {@code ssl}'s handshake.
     *
     * @param ssl the connection whose secret this is
     * @param line the NSS key-log line: label, client random and secret in hex, no newline
     */
    void onKeyLog(Ssl ssl, String line);
}
