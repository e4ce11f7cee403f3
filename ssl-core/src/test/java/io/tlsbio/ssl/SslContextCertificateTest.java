package io.tlsbio.ssl;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SslContext.Builder's certificate methods on openssl-made files
 * (io/tlsbio/ssl/internal/keys/README.md): the messages a user sees, and the key check made when
 * the credential is added, as SSL_CTX_use_PrivateKey makes it.
 */
class SslContextCertificateTest {

    private static final char[] PASSWORD = "tlsbio-test".toCharArray();

    @TempDir Path dir;

    private Path file(String name) {
        try (InputStream in =
                getClass().getResourceAsStream("/io/tlsbio/ssl/internal/keys/" + name)) {
            return Files.write(dir.resolve(name), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void oneCertificatePerKeyType() {
        SslContext.Builder b = SslContext.builder();
        assertThatCode(
                        () ->
                                b.certificate(file("rsa.pem"), file("rsa-pkcs1.key"))
                                        .certificate(
                                                file("ec.pem"),
                                                file("ec-sec1-aes256.key"),
                                                PASSWORD)
                                        .certificate(file("ed25519.pem"), file("ed25519.key"))
                                        .certificate(file("ed448.pem"), file("ed448.key"))
                                        .certificate(file("ec384.pem"), file("ec384.key"))
                                        .build())
                .doesNotThrowAnyException();
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedWhenAdded() {
        Path cert = file("rsa.pem");
        Path otherRsa = file("rsa-other.key");
        Path ec = file("ec.key");
        assertThatThrownBy(() -> SslContext.builder().certificate(cert, otherRsa))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        cert
                                + ", "
                                + otherRsa
                                + ": private key does not match the certificate public key (CN=rsa): key values mismatch");
        assertThatThrownBy(() -> SslContext.builder().certificate(cert, ec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        cert
                                + ", "
                                + ec
                                + ": private key does not match the certificate public key (CN=rsa):"
                                + " key type mismatch, EC key with an RSA certificate");
    }

    @Test
    void encryptedKeys() {
        Path cert = file("rsa.pem");
        Path key = file("rsa-pkcs8-aes256.key");
        assertThatCode(() -> SslContext.builder().certificate(cert, key, PASSWORD))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> SslContext.builder().certificate(cert, key))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage(key + ": the private key is encrypted and no password was given");
        assertThatThrownBy(() -> SslContext.builder().certificate(cert, key, "nope".toCharArray()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith(key + ": cannot decrypt the private key")
                .hasMessageContaining("bad decrypt");
    }

    @Test
    void filesThatAreNotWhatTheyShouldBe() throws IOException {
        Path cert = file("rsa.pem");
        Path key = file("rsa.key");
        Path dsa = file("dsa.key");
        Path garbage =
                Files.write(
                        dir.resolve("garbage"), new byte[] {(byte) 0xff, 0x00, (byte) 0xc3, 0x28});
        assertThatThrownBy(() -> SslContext.builder().certificate(garbage, key))
                .hasMessage(
                        garbage
                                + ": no CERTIFICATE found: not a PEM file (no \"-----BEGIN\" line)");
        assertThatThrownBy(() -> SslContext.builder().certificate(key, key))
                .hasMessage(key + ": no CERTIFICATE found (PEM blocks: PRIVATE KEY)");
        assertThatThrownBy(() -> SslContext.builder().certificate(cert, cert))
                .hasMessage(cert + ": no PRIVATE KEY found (PEM blocks: CERTIFICATE)");
        assertThatThrownBy(() -> SslContext.builder().certificate(cert, dsa))
                .hasMessage(dsa + ": unsupported key type DSA (RSA, EC, Ed25519 or Ed448)");
        assertThatThrownBy(() -> SslContext.builder().certificatePem("hello", "world"))
                .hasMessage(
                        "certificate PEM: no CERTIFICATE found: not a PEM file (no \"-----BEGIN\" line)");
    }
}
