package io.tlsbio.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate, its private key and the chain to present with it, as {@link TestPki} issues them:
 * the Java-object form of OpenSSL's {@code -cert}/{@code -key} pair.
 *
 * @param certificate the end-entity (or CA) certificate
 * @param privateKey its private key (a JDK key object, PKCS#8-encodable)
 * @param chain the chain to send, leaf first, without the root (a root's chain is itself);
 *     unmodifiable
 * @param keyType the type of {@code privateKey}
 */
public record TestCredential(
        X509Certificate certificate,
        PrivateKey privateKey,
        List<X509Certificate> chain,
        KeyType keyType) {

    /**
     * Checks that the certificate, key and key type are present and that {@code chain} starts with
     * the certificate; keeps an unmodifiable copy of {@code chain}.
     *
     * @param certificate the end-entity (or CA) certificate, not {@code null}
     * @param privateKey its private key, not {@code null}
     * @param chain the chain to send, leaf first, starting with {@code certificate}
     * @param keyType the type of {@code privateKey}, not {@code null}
     * @throws IllegalArgumentException if {@code chain} does not start with {@code certificate}
     */
    public TestCredential {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(keyType, "keyType");
        chain = List.copyOf(chain);
        if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
            throw new IllegalArgumentException("chain must start with the certificate: " + chain);
        }
    }

    /**
     * The certificate's public key.
     *
     * @return the public key of {@link #certificate()}
     */
    public PublicKey publicKey() {
        return certificate.getPublicKey();
    }

    /**
     * The chain as an array, leaf first: the shape {@code KeyStore.setKeyEntry} and JSSE want.
     *
     * @return a new array, leaf first
     */
    public X509Certificate[] chainArray() {
        return chain.toArray(new X509Certificate[0]);
    }

    /**
     * The certificate alone as one PEM {@code CERTIFICATE} block.
     *
     * @return one PEM block
     */
    public String certificatePem() {
        return Pem.certificates(List.of(certificate));
    }

    /**
     * The chain as PEM {@code CERTIFICATE} blocks, leaf first: what {@code openssl s_server -cert}
     * reads.
     *
     * @return the PEM blocks, leaf first
     */
    public String chainPem() {
        return Pem.certificates(chain);
    }

    /**
     * The private key as a PKCS#8 PEM {@code PRIVATE KEY} block, loadable by {@code openssl pkey}.
     *
     * @return one unencrypted PEM block
     */
    public String keyPem() {
        return Pem.privateKey(privateKey);
    }

    /**
     * Writes {@code <baseName>.pem} (the chain, {@link #chainPem()}) and {@code <baseName>-key.pem}
     * ({@link #keyPem()}) into {@code dir}, replacing existing files; the key file is made
     * owner-only where the file system has POSIX permissions.
     *
     * @param dir the directory to write into
     * @param baseName the file name prefix
     * @return the two paths written
     * @throws UncheckedIOException if a file cannot be written
     */
    public PemFiles writePem(Path dir, String baseName) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(baseName, "baseName");
        if (baseName.isEmpty() || baseName.contains("/") || baseName.contains("\\")) {
            throw new IllegalArgumentException("baseName must be a plain file name: " + baseName);
        }
        PemFiles files =
                new PemFiles(dir.resolve(baseName + ".pem"), dir.resolve(baseName + "-key.pem"));
        try {
            Files.createDirectories(dir);
            Files.writeString(files.certificateChain(), chainPem(), StandardCharsets.US_ASCII);
            Files.writeString(files.privateKey(), keyPem(), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(
                        files.privateKey(),
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // nothing to tighten
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PEM files into " + dir, e);
        }
        return files;
    }

    /**
     * An in-memory PKCS#12 key store holding this credential under alias {@code "key"}, for JSSE
     * peers ({@code KeyManagerFactory}) in interop tests and benchmarks.
     *
     * @param password the key entry's password
     * @return a loaded key store with one key entry
     */
    public KeyStore toKeyStore(char[] password) {
        Objects.requireNonNull(password, "password");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", privateKey, password, chainArray());
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a PKCS12 key store", e);
        }
    }

    /** Subject, key type and serial; never the key material. */
    @Override
    public String toString() {
        return "TestCredential["
                + certificate.getSubjectX500Principal().getName()
                + ", "
                + keyType
                + ", serial="
                + certificate.getSerialNumber().toString(16)
                + ", chain="
                + chain.size()
                + "]";
    }
}
