package io.tlsbio.ssl;

/** How the peer's certificate is checked: {@code SSL_CTX_set_verify}'s mode. */
public enum VerifyMode {
    /**
     * SSL_VERIFY_NONE: a client accepts any server certificate; a server asks for no client
     * certificate.
     */
    NONE,
    /**
     * SSL_VERIFY_PEER: a client verifies the server; a server asks for a client certificate and
     * verifies one if sent.
     */
    PEER,
    /**
     * SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT: a server also fails the handshake when the
     * client sends none.
     */
    FAIL_IF_NO_PEER_CERT
}
