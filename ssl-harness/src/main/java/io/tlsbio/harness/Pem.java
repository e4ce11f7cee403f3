package io.tlsbio.harness;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** PEM text as OpenSSL writes it: 64-column base64 between BEGIN/END lines. */
final class Pem {

    private static final Base64.Encoder BASE64 =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {}

    /** One {@code CERTIFICATE} block per certificate, in list order. */
    static String certificates(List<X509Certificate> certificates) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certificates) {
            try {
                sb.append(encode("CERTIFICATE", c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode " + c.getSubjectX500Principal(), e);
            }
        }
        return sb.toString();
    }

    /**
     * The key's PKCS#8 encoding as a {@code PRIVATE KEY} block: the form {@code openssl pkey} loads
     * for both RSA and EC (docs/bctls.md: a SEC1 {@code EC PRIVATE KEY} without the curve OID is
     * not loadable).
     */
    static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("key is not PKCS#8 encoded: " + key.getFormat());
        }
        return encode("PRIVATE KEY", key.getEncoded());
    }

    static String encode(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + BASE64.encodeToString(der)
                + "\n"
                + "-----END "
                + type
                + "-----\n";
    }
}
