package io.tlsbio.ssl.tests.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate and the key pair it certifies: what {@link CertBuilder} makes and what signs the
 * next certificate down.
 *
 * @param certificate the certificate
 * @param keys its subject's key pair
 */
record Issued(X509Certificate certificate, KeyPair keys) {

    Issued {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(keys, "keys");
    }

    @Override
    public String toString() {
        return certificate.getSubjectX500Principal().getName();
    }
}
