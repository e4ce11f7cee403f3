package io.tlsbio.ssl.internal.x509;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.DSAParameter;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A certificate's public key as OpenSSL 3.0 sees it ({@code X509_get0_pubkey}): its type, its
 * strength in security bits ({@code EVP_PKEY_get_security_bits}) and whether an EC key carries
 * explicit curve parameters. A key OpenSSL could not decode (unknown algorithm or curve) has no
 * type.
 *
 * @param type the key type, or null when OpenSSL could not decode the key
 * @param securityBits the key's strength; 0 when unknown
 * @param explicitEcParameters whether an EC key spells out its curve instead of naming it
 */
record CertKey(KeyType type, int securityBits, boolean explicitEcParameters) {

    private static final CertKey UNDECODABLE = new CertKey(null, 0, false);

    /** Decodes {@code spki} as OpenSSL's key decoders would. */
    static CertKey of(SubjectPublicKeyInfo spki) {
        if (spki == null) {
            return UNDECODABLE;
        }
        try {
            ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
            ASN1Encodable params = spki.getAlgorithm().getParameters();
            if (alg.equals(PKCSObjectIdentifiers.rsaEncryption)
                    || alg.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
                int bits =
                        org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(spki.parsePublicKey())
                                .getModulus()
                                .bitLength();
                return new CertKey(
                        alg.equals(PKCSObjectIdentifiers.rsaEncryption)
                                ? KeyType.RSA
                                : KeyType.RSA_PSS,
                        SecurityBits.ifcFfc(bits),
                        false);
            }
            if (alg.equals(X9ObjectIdentifiers.id_dsa)) {
                if (params == null || params instanceof org.bouncycastle.asn1.ASN1Null) {
                    // DSA_security_bits without p and q: -1, weaker than any level
                    return new CertKey(KeyType.DSA, -1, false);
                }
                DSAParameter p = DSAParameter.getInstance(params);
                return new CertKey(
                        KeyType.DSA,
                        SecurityBits.bn(p.getP().bitLength(), p.getQ().bitLength()),
                        false);
            }
            if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                if (params instanceof ASN1ObjectIdentifier curve) {
                    X9ECParameters x9 = ECNamedCurveTable.getByOID(curve);
                    return x9 == null
                            ? UNDECODABLE
                            : new CertKey(
                                    KeyType.EC, SecurityBits.ec(x9.getN().bitLength()), false);
                }
                if (params instanceof ASN1Sequence) {
                    X9ECParameters x9 = X9ECParameters.getInstance(params);
                    return new CertKey(KeyType.EC, SecurityBits.ec(x9.getN().bitLength()), true);
                }
                return UNDECODABLE;
            }
            if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
                return new CertKey(KeyType.ED25519, 128, false);
            }
            if (alg.equals(EdECObjectIdentifiers.id_Ed448)) {
                return new CertKey(KeyType.ED448, 224, false);
            }
            if (alg.equals(EdECObjectIdentifiers.id_X25519)) {
                return new CertKey(KeyType.X25519, 128, false);
            }
            if (alg.equals(EdECObjectIdentifiers.id_X448)) {
                return new CertKey(KeyType.X448, 224, false);
            }
            return UNDECODABLE;
        } catch (IOException | RuntimeException e) {
            return UNDECODABLE;
        }
    }

    /** Whether OpenSSL could decode the key ({@code X509_get0_pubkey} is not NULL). */
    boolean decodable() {
        return type != null;
    }
}
