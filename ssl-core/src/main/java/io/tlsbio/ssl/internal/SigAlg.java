package io.tlsbio.ssl.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.SignatureScheme;

/**
 * The signature schemes tlsbio signs with: OpenSSL 3.0's default list ({@code tls12_sigalgs} in
 * ssl/t1_lib.c) without DSA, GOST and RSA-PSS-key schemes, in that order, with what its {@code
 * SIGALG_LOOKUP} records: the certificate slot, the hash, the curve TLS 1.3 binds an ECDSA scheme
 * to, and the security bits ({@code sigalg_security_bits}).
 */
enum SigAlg {
    ECDSA_SECP256R1_SHA256(
            SignatureScheme.ecdsa_secp256r1_sha256,
            CertSlot.ECC,
            Sig.ECDSA,
            Hash.SHA256,
            Curves.SECP256R1),
    ECDSA_SECP384R1_SHA384(
            SignatureScheme.ecdsa_secp384r1_sha384,
            CertSlot.ECC,
            Sig.ECDSA,
            Hash.SHA384,
            Curves.SECP384R1),
    ECDSA_SECP521R1_SHA512(
            SignatureScheme.ecdsa_secp521r1_sha512,
            CertSlot.ECC,
            Sig.ECDSA,
            Hash.SHA512,
            Curves.SECP521R1),
    ED25519(SignatureScheme.ed25519, CertSlot.ED25519, Sig.ED25519, Hash.NONE, 0),
    ED448(SignatureScheme.ed448, CertSlot.ED448, Sig.ED448, Hash.NONE, 0),
    RSA_PSS_RSAE_SHA256(
            SignatureScheme.rsa_pss_rsae_sha256, CertSlot.RSA, Sig.RSA_PSS, Hash.SHA256, 0),
    RSA_PSS_RSAE_SHA384(
            SignatureScheme.rsa_pss_rsae_sha384, CertSlot.RSA, Sig.RSA_PSS, Hash.SHA384, 0),
    RSA_PSS_RSAE_SHA512(
            SignatureScheme.rsa_pss_rsae_sha512, CertSlot.RSA, Sig.RSA_PSS, Hash.SHA512, 0),
    RSA_PKCS1_SHA256(SignatureScheme.rsa_pkcs1_sha256, CertSlot.RSA, Sig.RSA, Hash.SHA256, 0),
    RSA_PKCS1_SHA384(SignatureScheme.rsa_pkcs1_sha384, CertSlot.RSA, Sig.RSA, Hash.SHA384, 0),
    RSA_PKCS1_SHA512(SignatureScheme.rsa_pkcs1_sha512, CertSlot.RSA, Sig.RSA, Hash.SHA512, 0),
    ECDSA_SHA224(0x0303, CertSlot.ECC, Sig.ECDSA, Hash.SHA224, 0),
    ECDSA_SHA1(SignatureScheme.ecdsa_sha1, CertSlot.ECC, Sig.ECDSA, Hash.SHA1, 0),
    RSA_PKCS1_SHA224(0x0301, CertSlot.RSA, Sig.RSA, Hash.SHA224, 0),
    RSA_PKCS1_SHA1(SignatureScheme.rsa_pkcs1_sha1, CertSlot.RSA, Sig.RSA, Hash.SHA1, 0);

    /** The signature algorithm of a scheme (OpenSSL's {@code lu->sig}). */
    enum Sig {
        RSA,
        RSA_PSS,
        ECDSA,
        ED25519,
        ED448
    }

    /** The digest of a scheme (OpenSSL's {@code lu->hash}) with its size and security bits. */
    enum Hash {
        NONE(0, 0),
        SHA1(20, 64),
        SHA224(28, 112),
        SHA256(32, 128),
        SHA384(48, 192),
        SHA512(64, 256);

        final int bytes;

        /**
         * Half the digest bits; SHA-1 lowered to 64 so that security level 1 refuses it (OpenSSL
         * 3.0).
         */
        final int securityBits;

        Hash(int bytes, int securityBits) {
            this.bytes = bytes;
            this.securityBits = securityBits;
        }
    }

    /** The minimum security bits of levels 0..5 (ssl/ssl_cert.c {@code minbits_table}). */
    private static final int[] MIN_BITS = {0, 80, 112, 128, 192, 256};

    final int code;
    final CertSlot slot;
    final Sig sig;
    final Hash hash;

    /** The TLS named group a TLS 1.3 ECDSA scheme requires of the key, or 0. */
    final int curve;

    SigAlg(int code, CertSlot slot, Sig sig, Hash hash, int curve) {
        this.code = code;
        this.slot = slot;
        this.sig = sig;
        this.hash = hash;
        this.curve = curve;
    }

    /** The scheme with this code point, or null when tlsbio does not sign with it. */
    static SigAlg of(int code) {
        for (SigAlg a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        return null;
    }

    /** The bctls form of this scheme. */
    SignatureAndHashAlgorithm bc() {
        return SignatureScheme.getSignatureAndHashAlgorithm(code);
    }

    /** The scheme's security bits: its hash's, or 128 for Ed25519 and 224 for Ed448 (RFC 8032). */
    int securityBits() {
        return switch (sig) {
            case ED25519 -> 128;
            case ED448 -> 224;
            default -> hash.securityBits;
        };
    }

    /** Whether OpenSSL's default security callback allows this scheme at {@code level}. */
    boolean allowedAt(int level) {
        return securityBits() >= MIN_BITS[Math.max(0, Math.min(level, 5))];
    }

    /**
     * Whether TLS 1.3 may sign with it: not SHA-1, not SHA-224, not PKCS#1 ({@code find_sig_alg}).
     */
    boolean usableInTls13() {
        return hash != Hash.SHA1 && hash != Hash.SHA224 && sig != Sig.RSA;
    }

    /**
     * The schemes both sides have: the peer's list in the peer's order (OpenSSL's default without
     * SSL_OP_CIPHER_SERVER_PREFERENCE), those tlsbio signs with and {@code level} allows, each once
     * ({@code tls1_set_shared_sigalgs}).
     */
    static List<SigAlg> shared(Vector<?> peer, int level) {
        List<SigAlg> out = new ArrayList<>();
        if (peer == null) {
            return out;
        }
        for (Object o : peer) {
            SigAlg a =
                    o instanceof SignatureAndHashAlgorithm s ? of(SignatureScheme.from(s)) : null;
            if (a != null && a.allowedAt(level) && !out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Whether a certificate's own signature (by its issuer, {@code certSignature}) is one of {@code
     * certSigAlgs}, the peer's signature_algorithms_cert: OpenSSL compares only the hash and the
     * signature algorithm ({@code check_cert_usable}), so a PSS-signed certificate matches
     * rsa_pss_rsae and rsa_pss_pss alike.
     */
    static boolean certSignedWithOneOf(AlgorithmIdentifier certSignature, Vector<?> certSigAlgs) {
        String oid = certSignature.getAlgorithm().getId();
        for (Object o : certSigAlgs) {
            if (o instanceof SignatureAndHashAlgorithm s
                    && matches(oid, certSignature.getParameters(), SignatureScheme.from(s))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String certSigOid, ASN1Encodable params, int scheme) {
        return switch (certSigOid) {
            case "1.2.840.113549.1.1.5" -> scheme == SignatureScheme.rsa_pkcs1_sha1;
            case "1.2.840.113549.1.1.14" -> scheme == 0x0301;
            case "1.2.840.113549.1.1.11" -> scheme == SignatureScheme.rsa_pkcs1_sha256;
            case "1.2.840.113549.1.1.12" -> scheme == SignatureScheme.rsa_pkcs1_sha384;
            case "1.2.840.113549.1.1.13" -> scheme == SignatureScheme.rsa_pkcs1_sha512;
            case "1.2.840.10045.4.1" -> isEcdsaWith(scheme, Hash.SHA1);
            case "1.2.840.10045.4.3.1" -> isEcdsaWith(scheme, Hash.SHA224);
            case "1.2.840.10045.4.3.2" -> isEcdsaWith(scheme, Hash.SHA256);
            case "1.2.840.10045.4.3.3" -> isEcdsaWith(scheme, Hash.SHA384);
            case "1.2.840.10045.4.3.4" -> isEcdsaWith(scheme, Hash.SHA512);
            case "1.3.101.112" -> scheme == SignatureScheme.ed25519;
            case "1.3.101.113" -> scheme == SignatureScheme.ed448;
            case "1.2.840.113549.1.1.10" -> isPssWith(scheme, pssHash(params));
            default -> false;
        };
    }

    private static boolean isEcdsaWith(int scheme, Hash h) {
        SigAlg a = of(scheme);
        return a != null && a.sig == Sig.ECDSA && a.hash == h;
    }

    /** rsa_pss_rsae_* (0x0804..0x0806) and rsa_pss_pss_* (0x0809..0x080b) of the same hash. */
    private static boolean isPssWith(int scheme, Hash h) {
        int i =
                switch (h) {
                    case SHA256 -> 0;
                    case SHA384 -> 1;
                    case SHA512 -> 2;
                    default -> -1;
                };
        return i >= 0
                && (scheme == SignatureScheme.rsa_pss_rsae_sha256 + i
                        || scheme == SignatureScheme.rsa_pss_pss_sha256 + i);
    }

    private static Hash pssHash(ASN1Encodable params) {
        if (params == null) {
            return Hash.SHA1;
        }
        String oid = RSASSAPSSparams.getInstance(params).getHashAlgorithm().getAlgorithm().getId();
        return switch (oid) {
            case "2.16.840.1.101.3.4.2.1" -> Hash.SHA256;
            case "2.16.840.1.101.3.4.2.2" -> Hash.SHA384;
            case "2.16.840.1.101.3.4.2.3" -> Hash.SHA512;
            case "2.16.840.1.101.3.4.2.4" -> Hash.SHA224;
            default -> Hash.SHA1;
        };
    }

    /** TLS named groups of the curves ECDSA keys use, and their OIDs. */
    static final class Curves {
        static final int SECP256R1 = 23;
        static final int SECP384R1 = 24;
        static final int SECP521R1 = 25;

        private Curves() {}

        /**
         * The named group of a curve OID (OpenSSL's {@code tls1_get_group_id}), or 0 for one TLS
         * has no id for.
         */
        static int groupOf(String curveOid) {
            return switch (curveOid) {
                case "1.2.840.10045.3.1.7" -> SECP256R1;
                case "1.3.132.0.34" -> SECP384R1;
                case "1.3.132.0.35" -> SECP521R1;
                case "1.3.36.3.3.2.8.1.1.7" -> 26; // brainpoolP256r1
                case "1.3.36.3.3.2.8.1.1.11" -> 27; // brainpoolP384r1
                case "1.3.36.3.3.2.8.1.1.13" -> 28; // brainpoolP512r1
                default -> 0;
            };
        }
    }
}
