package io.tlsbio.ssl.internal;

import org.bouncycastle.tls.SignatureScheme;

/**
 * OpenSSL's names for what a signature scheme says: its key type as {@code s_client} prints {@code
 * SSL_get_peer_signature_type_nid} (apps/lib/s_cb.c {@code get_sigtype}), its digest as {@code
 * SSL_get_peer_signature_nid}'s short name, and its TLS name.
 */
final class PeerSignatureNames {

    private PeerSignatureNames() {}

    /** "RSA", "RSA-PSS", "DSA", "ECDSA", "Ed25519", "Ed448"; null for another scheme. */
    static String type(int scheme) {
        switch (scheme) {
            case SignatureScheme.ed25519:
                return "Ed25519";
            case SignatureScheme.ed448:
                return "Ed448";
            case SignatureScheme.ecdsa_brainpoolP256r1tls13_sha256,
            SignatureScheme.ecdsa_brainpoolP384r1tls13_sha384,
            SignatureScheme.ecdsa_brainpoolP512r1tls13_sha512:
                return "ECDSA";
            default:
                break;
        }
        if (isPss(scheme)) {
            return "RSA-PSS";
        }
        switch (scheme & 0xff) {
            case 1:
                return "RSA";
            case 2:
                return "DSA";
            case 3:
                return "ECDSA";
            default:
                return null;
        }
    }

    /**
     * "SHA1", "SHA224", "SHA256", "SHA384", "SHA512"; null for EdDSA (no separate digest) or
     * another scheme.
     */
    static String digest(int scheme) {
        if (scheme == SignatureScheme.ed25519 || scheme == SignatureScheme.ed448) {
            return null;
        }
        int hash;
        if (isPss(scheme)) {
            hash = (scheme & 0xff) <= 0x06 ? (scheme & 0xff) : (scheme & 0xff) - 0x05;
        } else if (scheme >= SignatureScheme.ecdsa_brainpoolP256r1tls13_sha256
                && scheme <= SignatureScheme.ecdsa_brainpoolP512r1tls13_sha512) {
            hash = scheme - SignatureScheme.ecdsa_brainpoolP256r1tls13_sha256 + 4;
        } else {
            hash = scheme >> 8;
        }
        switch (hash) {
            case 2:
                return "SHA1";
            case 3:
                return "SHA224";
            case 4:
                return "SHA256";
            case 5:
                return "SHA384";
            case 6:
                return "SHA512";
            default:
                return null;
        }
    }

    /**
     * The TLS name ("ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256"...), or its code point in hex.
     */
    static String scheme(int scheme) {
        String name = SignatureScheme.getName(scheme);
        return name == null || name.startsWith("UNKNOWN") ? String.format("0x%04x", scheme) : name;
    }

    /** rsa_pss_rsae_* (0x0804..0x0806) and rsa_pss_pss_* (0x0809..0x080b). */
    private static boolean isPss(int scheme) {
        return scheme >= 0x0804 && scheme <= 0x0806 || scheme >= 0x0809 && scheme <= 0x080b;
    }
}
