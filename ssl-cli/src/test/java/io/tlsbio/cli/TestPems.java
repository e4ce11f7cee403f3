package io.tlsbio.cli;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestPki;
import java.nio.file.Path;

/**
 * The shared test PKI written as the PEM files {@code -CAfile}, {@code -cert} and {@code -key}
 * take: {@code ca.pem}, and per key type {@code server-rsa.pem}/{@code server-rsa-key.pem}, {@code
 * server-ecdsa.pem}/{@code server-ecdsa-key.pem}; also the untrusted variant.
 */
record TestPems(Path ca, PemFiles rsa, PemFiles ecdsa, PemFiles untrusted) {

    static TestPems write(Path dir) {
        TestPki pki = TestPki.shared();
        return new TestPems(
                pki.ca().writePem(dir, "ca").certificateChain(),
                pki.server(KeyType.RSA).writePem(dir, "server-rsa"),
                pki.server(KeyType.ECDSA).writePem(dir, "server-ecdsa"),
                pki.untrustedServer(KeyType.ECDSA).writePem(dir, "server-untrusted"));
    }

    PemFiles server(KeyType type) {
        return type == KeyType.RSA ? rsa : ecdsa;
    }
}
