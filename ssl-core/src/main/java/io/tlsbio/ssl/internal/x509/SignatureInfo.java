package io.tlsbio.ssl.internal.x509;

import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * What OpenSSL 3.0 knows about a certificate's signature algorithm: the key type that must have
 * made it ({@code OBJ_find_sigid_algs}) and its strength ({@code X509_get_signature_info} security
 * bits: half the digest size, with MD5 at 39 and SHA-1 at 63 (64 under RSASSA-PSS) so that both
 * fail security level 1).
 *
 * @param keyType the signing key's type, or null for an algorithm OpenSSL does not know
 * @param securityBits the strength, or -1 when OpenSSL cannot tell
 */
record SignatureInfo(KeyType keyType, int securityBits) {

    /** An algorithm OpenSSL does not know. */
    static final SignatureInfo UNKNOWN = new SignatureInfo(null, -1);

    private static final Map<String, SignatureInfo> BY_OID =
            Map.ofEntries(
                    // md2/md4: known algorithms whose digests OpenSSL 3.0 no longer provides
                    Map.entry("1.2.840.113549.1.1.2", new SignatureInfo(KeyType.RSA, -1)),
                    Map.entry("1.2.840.113549.1.1.3", new SignatureInfo(KeyType.RSA, -1)),
                    Map.entry("1.2.840.113549.1.1.4", new SignatureInfo(KeyType.RSA, 39)),
                    Map.entry("1.2.840.113549.1.1.5", new SignatureInfo(KeyType.RSA, 63)),
                    Map.entry("1.3.14.3.2.29", new SignatureInfo(KeyType.RSA, 63)),
                    Map.entry("1.2.840.113549.1.1.14", new SignatureInfo(KeyType.RSA, 112)),
                    Map.entry("1.2.840.113549.1.1.11", new SignatureInfo(KeyType.RSA, 128)),
                    Map.entry("1.2.840.113549.1.1.12", new SignatureInfo(KeyType.RSA, 192)),
                    Map.entry("1.2.840.113549.1.1.13", new SignatureInfo(KeyType.RSA, 256)),
                    Map.entry("1.2.840.113549.1.1.15", new SignatureInfo(KeyType.RSA, 112)),
                    Map.entry("1.2.840.113549.1.1.16", new SignatureInfo(KeyType.RSA, 128)),
                    Map.entry("2.16.840.1.101.3.4.3.13", new SignatureInfo(KeyType.RSA, 112)),
                    Map.entry("2.16.840.1.101.3.4.3.14", new SignatureInfo(KeyType.RSA, 128)),
                    Map.entry("2.16.840.1.101.3.4.3.15", new SignatureInfo(KeyType.RSA, 192)),
                    Map.entry("2.16.840.1.101.3.4.3.16", new SignatureInfo(KeyType.RSA, 256)),
                    Map.entry("1.2.840.10045.4.1", new SignatureInfo(KeyType.EC, 63)),
                    Map.entry("1.2.840.10045.4.3.1", new SignatureInfo(KeyType.EC, 112)),
                    Map.entry("1.2.840.10045.4.3.2", new SignatureInfo(KeyType.EC, 128)),
                    Map.entry("1.2.840.10045.4.3.3", new SignatureInfo(KeyType.EC, 192)),
                    Map.entry("1.2.840.10045.4.3.4", new SignatureInfo(KeyType.EC, 256)),
                    Map.entry("2.16.840.1.101.3.4.3.9", new SignatureInfo(KeyType.EC, 112)),
                    Map.entry("2.16.840.1.101.3.4.3.10", new SignatureInfo(KeyType.EC, 128)),
                    Map.entry("2.16.840.1.101.3.4.3.11", new SignatureInfo(KeyType.EC, 192)),
                    Map.entry("2.16.840.1.101.3.4.3.12", new SignatureInfo(KeyType.EC, 256)),
                    Map.entry("1.2.840.10040.4.3", new SignatureInfo(KeyType.DSA, 63)),
                    Map.entry("2.16.840.1.101.3.4.3.1", new SignatureInfo(KeyType.DSA, 112)),
                    Map.entry("2.16.840.1.101.3.4.3.2", new SignatureInfo(KeyType.DSA, 128)),
                    Map.entry("2.16.840.1.101.3.4.3.3", new SignatureInfo(KeyType.DSA, 192)),
                    Map.entry("2.16.840.1.101.3.4.3.4", new SignatureInfo(KeyType.DSA, 256)),
                    Map.entry("2.16.840.1.101.3.4.3.5", new SignatureInfo(KeyType.DSA, 112)),
                    Map.entry("2.16.840.1.101.3.4.3.6", new SignatureInfo(KeyType.DSA, 128)),
                    Map.entry("2.16.840.1.101.3.4.3.7", new SignatureInfo(KeyType.DSA, 192)),
                    Map.entry("2.16.840.1.101.3.4.3.8", new SignatureInfo(KeyType.DSA, 256)),
                    Map.entry("1.3.101.112", new SignatureInfo(KeyType.ED25519, 128)),
                    Map.entry("1.3.101.113", new SignatureInfo(KeyType.ED448, 224)));

    /** Digest strengths for RSASSA-PSS, as {@code rsa_sig_info_set}. */
    private static final Map<String, Integer> PSS_DIGEST_BITS =
            Map.ofEntries(
                    Map.entry("1.2.840.113549.2.5", 39),
                    Map.entry("1.3.14.3.2.26", 64),
                    Map.entry("2.16.840.1.101.3.4.2.4", 112),
                    Map.entry("2.16.840.1.101.3.4.2.1", 128),
                    Map.entry("2.16.840.1.101.3.4.2.2", 192),
                    Map.entry("2.16.840.1.101.3.4.2.3", 256),
                    Map.entry("2.16.840.1.101.3.4.2.5", 112),
                    Map.entry("2.16.840.1.101.3.4.2.6", 128),
                    Map.entry("2.16.840.1.101.3.4.2.7", 112),
                    Map.entry("2.16.840.1.101.3.4.2.8", 128),
                    Map.entry("2.16.840.1.101.3.4.2.9", 192),
                    Map.entry("2.16.840.1.101.3.4.2.10", 256));

    /** The signature algorithm {@code alg} as OpenSSL 3.0 classifies it. */
    static SignatureInfo of(AlgorithmIdentifier alg) {
        String oid = alg.getAlgorithm().getId();
        if (alg.getAlgorithm().equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            try {
                ASN1Encodable p = alg.getParameters();
                RSASSAPSSparams pss = RSASSAPSSparams.getInstance(p);
                Integer bits = PSS_DIGEST_BITS.get(pss.getHashAlgorithm().getAlgorithm().getId());
                return new SignatureInfo(KeyType.RSA_PSS, bits == null ? -1 : bits);
            } catch (RuntimeException e) {
                return new SignatureInfo(KeyType.RSA_PSS, -1);
            }
        }
        return BY_OID.getOrDefault(oid, UNKNOWN);
    }

    /**
     * {@code check_sig_alg_match}: whether a key of {@code issuerKey} type can have made this
     * signature (an RSA key may also sign RSASSA-PSS).
     */
    boolean madeBy(KeyType issuerKey) {
        if (issuerKey == null || keyType == null) {
            return false;
        }
        return issuerKey == keyType || (issuerKey == KeyType.RSA && keyType == KeyType.RSA_PSS);
    }
}
