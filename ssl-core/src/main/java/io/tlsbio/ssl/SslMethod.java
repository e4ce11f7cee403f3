package io.tlsbio.ssl;

/**
 * Which roles a context's connections may take: {@code TLS_method}, {@code TLS_client_method},
 * {@code TLS_server_method}.
 */
public enum SslMethod {
    /** TLS_method: client or server. */
    ANY,
    /** TLS_client_method: {@link Ssl#accept()} returns 0 with SslError.SSL. */
    CLIENT,
    /** TLS_server_method: {@link Ssl#connect()} returns 0 with SslError.SSL. */
    SERVER
}
