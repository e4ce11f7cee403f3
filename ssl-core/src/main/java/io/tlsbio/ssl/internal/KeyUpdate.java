package io.tlsbio.ssl.internal;

/**
 * A TLS 1.3 KeyUpdate scheduled by {@code SSL_key_update}, sent by the next write or handshake
 * call.
 */
public enum KeyUpdate {
    /** Nothing scheduled. */
    NONE,
    /** SSL_KEY_UPDATE_NOT_REQUESTED: update our keys only. */
    NOT_REQUESTED,
    /** SSL_KEY_UPDATE_REQUESTED: update ours and ask the peer to update its own. */
    REQUESTED
}
