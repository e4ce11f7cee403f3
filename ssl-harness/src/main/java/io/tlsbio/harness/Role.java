package io.tlsbio.harness;

/**
 * Which side of a connection the harness plays: {@code SSL_set_connect_state} or {@code
 * SSL_set_accept_state}.
 */
public enum Role {
    /** The connection under test is a client, fed what a server sends. */
    CLIENT,
    /** The connection under test is a server, fed what a client sends. */
    SERVER;

    /**
     * The other side.
     *
     * @return {@code SERVER} for {@code CLIENT} and back
     */
    public Role peer() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
