package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pem and PemKeys on openssl-made files (keys/README.md): every key format openssl writes loads to
 * the key that matches its certificate, and every broken input gives a message that names the file
 * and the problem.
 */
class PemTest {

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rsa.key, rsa.pem, RSA",
        "rsa-pkcs1.key, rsa.pem, RSA",
        "rsa-pkcs1-aes256.key, rsa.pem, RSA",
        "rsa-pkcs8-aes256.key, rsa.pem, RSA",
        "rsa-pkcs8-pbe-sha1-3des.key, rsa.pem, RSA",
        "ec.key, ec.pem, ECC",
        "ec-sec1-aes256.key, ec.pem, ECC",
        "ec-pkcs8-scrypt.key, ec.pem, ECC",
        "ed25519.key, ed25519.pem, ED25519",
        "ed25519-pkcs8-aes256.key, ed25519.pem, ED25519",
        "ed448.key, ed448.pem, ED448",
    })
    void everyFormatOpensslWritesLoadsTheMatchingKey(String keyFile, String certFile, CertSlot slot)
            throws IOException {
        PrivateKey key = Pem.readPrivateKey(TestKeys.text(keyFile), keyFile, TestKeys.PASSWORD);
        OwnCredentials c = new OwnCredentials(TestKeys.chain(certFile), key);
        assertThat(c.slot()).isEqualTo(slot);
    }

    @Test
    void anUnencryptedKeyIgnoresAPassword() throws IOException {
        PrivateKey withPassword =
                Pem.readPrivateKey(TestKeys.text("rsa.key"), "rsa.key", TestKeys.PASSWORD);
        PrivateKey without = Pem.readPrivateKey(TestKeys.text("rsa.key"), "rsa.key");
        assertThat(withPassword.getEncoded()).isEqualTo(without.getEncoded());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "rsa-pkcs1-aes256.key",
                "rsa-pkcs8-aes256.key",
                "ec-sec1-aes256.key",
                "ec-pkcs8-scrypt.key",
                "ed25519-pkcs8-aes256.key"
            })
    void anEncryptedKeyWithoutPasswordSaysSo(String keyFile) {
        assertThatThrownBy(() -> Pem.readPrivateKey(TestKeys.text(keyFile), keyFile))
                .isInstanceOf(IOException.class)
                .hasMessage(keyFile + ": the private key is encrypted and no password was given");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "rsa-pkcs1-aes256.key",
                "rsa-pkcs8-aes256.key",
                "rsa-pkcs8-pbe-sha1-3des.key",
                "ec-sec1-aes256.key",
                "ec-pkcs8-scrypt.key",
                "ed25519-pkcs8-aes256.key"
            })
    void aWrongPasswordIsBadDecrypt(String keyFile) {
        assertThatThrownBy(
                        () ->
                                Pem.readPrivateKey(
                                        TestKeys.text(keyFile), keyFile, "wrong".toCharArray()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(keyFile + ": cannot decrypt the private key (")
                .hasMessageEndingWith("): bad decrypt, wrong password?");
    }

    @Test
    void theWholeChainInOrderSkippingOtherBlocksAndText() throws IOException {
        String pem =
                "chain for tests\n"
                        + TestKeys.text("ec.key")
                        + TestKeys.text("rsa.pem")
                        + "between\n"
                        + TestKeys.text("ed25519.pem");
        List<X509Certificate> chain = Pem.readCertificates(pem, "chain.pem");
        assertThat(chain)
                .extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=rsa", "CN=ed25519");
    }

    @Test
    void theFirstKeyAfterParametersAndCertificates() throws IOException {
        // ec.key starts with an EC PARAMETERS block, as openssl ecparam -genkey writes it
        String pem = TestKeys.text("ec.pem") + TestKeys.text("ec.key") + TestKeys.text("rsa.key");
        PrivateKey key = Pem.readPrivateKey(pem, "both.pem");
        assertThat(new OwnCredentials(TestKeys.chain("ec.pem"), key).slot())
                .isEqualTo(CertSlot.ECC);
    }

    @Test
    void binaryGarbageIsNotPemNotADecoderMessage() throws IOException {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7 + 3);
        }
        Path f = Files.write(dir.resolve("garbage.bin"), bytes);
        assertThatThrownBy(() -> Pem.readCertificates(f))
                .hasMessage(f + ": no CERTIFICATE found: not a PEM file (no \"-----BEGIN\" line)");
        assertThatThrownBy(() -> Pem.readPrivateKey(f))
                .hasMessage(f + ": no PRIVATE KEY found: not a PEM file (no \"-----BEGIN\" line)");
    }

    @Test
    void derInputGetsAHint() throws Exception {
        Path f = Files.write(dir.resolve("rsa.der"), TestKeys.chain("rsa.pem").get(0).getEncoded());
        assertThatThrownBy(() -> Pem.readCertificates(f))
                .hasMessageStartingWith(
                        f
                                + ": no CERTIFICATE found: not a PEM file (no \"-----BEGIN\" line);"
                                + " it looks like DER")
                .hasMessageContaining("openssl x509 -outform PEM");
    }

    @Test
    void aKeyFileGivenForCertificatesAndTheReverse() {
        assertThatThrownBy(() -> Pem.readCertificates(TestKeys.text("ec.key"), "ec.key"))
                .hasMessage(
                        "ec.key: no CERTIFICATE found (PEM blocks: EC PARAMETERS, EC PRIVATE KEY)");
        assertThatThrownBy(() -> Pem.readPrivateKey(TestKeys.text("rsa.pem"), "rsa.pem"))
                .hasMessage("rsa.pem: no PRIVATE KEY found (PEM blocks: CERTIFICATE)");
    }

    @Test
    void aCertificateBlockWithBadBase64() {
        String pem =
                TestKeys.text("rsa.pem")
                        + "-----BEGIN CERTIFICATE-----\nMIIB*not*base64!\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> Pem.readCertificates(pem, "two.pem"))
                .hasMessage("two.pem: CERTIFICATE block 2 is not valid PEM: bad base64 decode");
    }

    @Test
    void aCertificateBlockThatIsNotACertificate() {
        String notACert =
                Base64.getMimeEncoder().encodeToString(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00});
        String pem = "-----BEGIN CERTIFICATE-----\n" + notACert + "\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> Pem.readCertificates(pem, "bad.pem"))
                .hasMessage(
                        "bad.pem: CERTIFICATE block 1 does not decode: not a DER X.509 certificate");
    }

    @Test
    void aKeyBlockThatIsNotAKey() {
        String pem = TestKeys.text("rsa.pem").replace("CERTIFICATE", "PRIVATE KEY");
        assertThatThrownBy(() -> Pem.readPrivateKey(pem, "bad.key"))
                .hasMessageStartingWith(
                        "bad.key: PRIVATE KEY block 1 does not decode: not a DER private key");
    }

    @Test
    void aTruncatedBlock() {
        String full = TestKeys.text("rsa.pem");
        String pem = full.substring(0, full.indexOf("-----END"));
        assertThatThrownBy(() -> Pem.readCertificates(pem, "cut.pem"))
                .hasMessage(
                        "cut.pem: CERTIFICATE block 1 has no \"-----END CERTIFICATE-----\" line (truncated PEM)");
    }

    @Test
    void anEncryptionTlsbioDoesNotKnowIsNamed() throws IOException {
        byte[] der =
                new org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo(
                                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                                        new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3.4")),
                                new byte[32])
                        .getEncoded();
        String pem =
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(der)
                        + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assertThatThrownBy(() -> Pem.readPrivateKey(pem, "odd.key", TestKeys.PASSWORD))
                .hasMessageStartingWith("odd.key: unsupported key encryption 1.2.3.4");
    }

    @ParameterizedTest
    @CsvSource({"x25519.key, X25519", "dsa.key, DSA"})
    void keyTypesACertificateCannotUse(String keyFile, String name) {
        assertThatThrownBy(() -> Pem.readPrivateKey(TestKeys.text(keyFile), keyFile))
                .hasMessage(
                        keyFile
                                + ": unsupported key type "
                                + name
                                + " (RSA, EC, Ed25519 or Ed448)");
    }

    @Test
    void filesAreNamedByPath() throws IOException {
        Path cert =
                Files.writeString(
                        dir.resolve("server.pem"),
                        TestKeys.text("ed448.pem"),
                        StandardCharsets.US_ASCII);
        Path key =
                Files.writeString(
                        dir.resolve("server.key"),
                        TestKeys.text("ed25519-pkcs8-aes256.key"),
                        StandardCharsets.US_ASCII);
        assertThat(Pem.readCertificates(cert)).hasSize(1);
        assertThat(Pem.readPrivateKey(key, TestKeys.PASSWORD).getEncoded())
                .isEqualTo(TestKeys.key("ed25519.key").getEncoded());
        assertThatThrownBy(() -> Pem.readPrivateKey(key))
                .hasMessageStartingWith(key + ": the private key is encrypted");
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> Pem.readCertificates(missing))
                .hasMessage(missing + ": no such file");
    }
}
