package io.tlsbio.ssl;

/**
 * Told of each new session a client can resume: {@code SSL_CTX_sess_set_new_cb}. TLS 1.2: once the
 * handshake has made a session with an id or a ticket (not after a resumption). TLS 1.3: on each
 * NewSessionTicket, which may arrive during any {@link Ssl#read}. What {@code s_client -sess_out}
 * uses to save the session. Called on the thread driving the connection; it must not call back into
 * that connection's I/O.
 */
@FunctionalInterface
public interface NewSessionCallback {

    /**
     * Receives a new session.
     *
     * @param ssl the connection
     * @param session the new session, to keep or to ignore
     */
    void onNewSession(Ssl ssl, SslSession session);
}
