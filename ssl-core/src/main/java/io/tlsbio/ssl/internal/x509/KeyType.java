package io.tlsbio.ssl.internal.x509;

/**
 * The public key algorithms OpenSSL 3.0 can decode from a certificate ({@code EVP_PKEY} base
 * types).
 */
enum KeyType {
    RSA,
    RSA_PSS,
    DSA,
    EC,
    ED25519,
    ED448,
    X25519,
    X448
}
