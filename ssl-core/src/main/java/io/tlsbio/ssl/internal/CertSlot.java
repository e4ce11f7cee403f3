package io.tlsbio.ssl.internal;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The certificate slots of OpenSSL's {@code CERT} ({@code SSL_PKEY_RSA}, {@code SSL_PKEY_ECC},
 * {@code SSL_PKEY_ED25519}, {@code SSL_PKEY_ED448}), in OpenSSL's index order: a context holds at
 * most one certificate and key per slot, and the key's type picks the slot ({@code
 * ssl_cert_lookup_by_pkey}).
 */
public enum CertSlot {
    /** rsaEncryption keys: RSA-PSS and PKCS#1 signatures, RSA key transport. */
    RSA("RSA"),
    /** id-ecPublicKey keys: ECDSA. */
    ECC("EC"),
    /** Ed25519 keys (RFC 8410). */
    ED25519("Ed25519"),
    /** Ed448 keys (RFC 8410). */
    ED448("Ed448");

    private final String keyName;

    CertSlot(String keyName) {
        this.keyName = keyName;
    }

    /** The key type as OpenSSL names it in messages: RSA, EC, Ed25519, Ed448. */
    public String keyName() {
        return keyName;
    }

    /**
     * The slot for a key's algorithm OID (PKCS#8 or SubjectPublicKeyInfo), or null when tlsbio has
     * none.
     */
    static CertSlot of(ASN1ObjectIdentifier algorithm) {
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            return RSA;
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            return ECC;
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
            return ED25519;
        }
        if (EdECObjectIdentifiers.id_Ed448.equals(algorithm)) {
            return ED448;
        }
        return null;
    }

    /**
     * A readable name for a key algorithm OID tlsbio has no slot for (DSA, RSA-PSS, X25519, ...).
     */
    static String unsupportedName(ASN1ObjectIdentifier algorithm) {
        if (X9ObjectIdentifiers.id_dsa.equals(algorithm)) {
            return "DSA";
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm)) {
            return "RSA-PSS";
        }
        if (EdECObjectIdentifiers.id_X25519.equals(algorithm)) {
            return "X25519";
        }
        if (EdECObjectIdentifiers.id_X448.equals(algorithm)) {
            return "X448";
        }
        return algorithm.getId();
    }
}
