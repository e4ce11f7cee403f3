package io.tlsbio.ssl;

/**
 * The peer's ephemeral key-exchange key, as {@code SSL_get_peer_tmp_key} describes it: what {@code
 * s_client} prints as "Server Temp Key".
 *
 * @param type the kind of key
 * @param group OpenSSL's name of its TLS group ({@code SSL_group_to_name}: x25519, secp256r1,
 *     ffdhe2048...), or null for TLS 1.2 DHE, whose prime names no group
 * @param bits the key's size as OpenSSL counts it ({@code EVP_PKEY_get_bits}: X25519 253, X448 448,
 *     an EC curve its field size, DH its prime's size)
 */
public record TmpKey(Type type, String group, int bits) {

    /** The kind of an ephemeral key ({@code EVP_PKEY_get_id}). */
    public enum Type {
        /** X25519 (RFC 7748). */
        X25519,
        /** X448 (RFC 7748). */
        X448,
        /** ECDH over a named prime curve. */
        EC,
        /** Finite-field Diffie-Hellman. */
        DH
    }
}
