package io.tlsbio.harness;

/** The key types {@link TestPki} issues certificates for, with the JCA names that go with them. */
public enum KeyType {
    /**
     * RSA 2048, signing with SHA256withRSA (PKCS#1 v1.5; TLS 1.3 peers use RSA-PSS with the same
     * key).
     */
    RSA("RSA", "SHA256withRSA"),
    /** ECDSA on P-256 (secp256r1), signing with SHA256withECDSA. */
    ECDSA("EC", "SHA256withECDSA");

    private final String keyAlgorithm;
    private final String signatureAlgorithm;

    KeyType(String keyAlgorithm, String signatureAlgorithm) {
        this.keyAlgorithm = keyAlgorithm;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /**
     * The JCA key algorithm name: {@code "RSA"} or {@code "EC"} ({@code KeyFactory}, {@code
     * KeyPairGenerator}).
     *
     * @return {@code "RSA"} or {@code "EC"}
     */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /**
     * The JCA signature algorithm a key of this type signs certificates with.
     *
     * @return the algorithm name as {@code Signature.getInstance} takes it
     */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }
}
