package io.tlsbio.ssl;

/**
 * Whether a server keeps sessions to resume by id: {@code SSL_CTX_set_session_cache_mode}, with the
 * two modes that make sense for a tlsbio server. A client needs no cache: it resumes the session
 * given to {@link Ssl#setSession}.
 */
public enum SessionCacheMode {
    /**
     * {@code SSL_SESS_CACHE_OFF} ({@code s_server -no_cache}): no cache; a TLS 1.2 ServerHello
     * carries an empty session id, and only tickets resume.
     */
    OFF,
    /**
     * {@code SSL_SESS_CACHE_SERVER}, the default: TLS 1.2 sessions are kept by their 32-byte id,
     * and TLS 1.3 sessions too when tickets are off (OpenSSL's stateful tickets).
     */
    SERVER
}
