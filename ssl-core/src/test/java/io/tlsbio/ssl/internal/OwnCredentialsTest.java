package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import org.bouncycastle.tls.SignatureScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OwnCredentials: the key must be the certificate's (X509_check_private_key's two reasons, in
 * OpenSSL's words), the slot follows the key type, and the schemes follow OpenSSL's list.
 */
class OwnCredentialsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rsa, RSA", "ec, ECC", "ec384, ECC", "ed25519, ED25519", "ed448, ED448"})
    void aMatchingPairFillsTheSlotOfItsKeyType(String base, CertSlot slot) {
        assertThat(TestKeys.credentials(base).slot()).isEqualTo(slot);
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({
        "rsa.pem, ec.key, CN=rsa, 'key type mismatch, EC key with an RSA certificate'",
        "ec.pem, rsa.key, CN=ec, 'key type mismatch, RSA key with an EC certificate'",
        "ed25519.pem, ed448.key, CN=ed25519, 'key type mismatch, Ed448 key with an Ed25519 certificate'",
        "rsa.pem, rsa-other.key, CN=rsa, key values mismatch",
        "ec.pem, ec384.key, CN=ec, key values mismatch",
    })
    void aKeyOfAnotherCertificateIsRefused(String cert, String key, String subject, String reason) {
        assertThatThrownBy(() -> new OwnCredentials(TestKeys.chain(cert), TestKeys.key(key)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "private key does not match the certificate public key ("
                                + subject
                                + "): "
                                + reason);
    }

    @Test
    void anotherEd25519KeyIsAValuesMismatch() throws Exception {
        PrivateKey other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        assertThatThrownBy(() -> new OwnCredentials(TestKeys.chain("ed25519.pem"), other))
                .hasMessage(
                        "private key does not match the certificate public key (CN=ed25519): key values mismatch");
    }

    @Test
    void keyTypesWithoutASlotAreRefused() throws Exception {
        PrivateKey dsa = KeyPairGenerator.getInstance("DSA").generateKeyPair().getPrivate();
        assertThatThrownBy(() -> new OwnCredentials(TestKeys.chain("rsa.pem"), dsa))
                .hasMessage("unsupported key type DSA (RSA, EC, Ed25519 or Ed448)");
    }

    @Test
    void schemesByVersionAndSecurityLevel() {
        OwnCredentials rsa = TestKeys.credentials("rsa");
        assertThat(rsa.schemes(true))
                .containsExactly(
                        SignatureScheme.rsa_pss_rsae_sha256,
                        SignatureScheme.rsa_pss_rsae_sha384,
                        SignatureScheme.rsa_pss_rsae_sha512);
        assertThat(rsa.schemes(false))
                .containsExactly(
                        SignatureScheme.rsa_pss_rsae_sha256,
                        SignatureScheme.rsa_pss_rsae_sha384,
                        SignatureScheme.rsa_pss_rsae_sha512,
                        SignatureScheme.rsa_pkcs1_sha256,
                        SignatureScheme.rsa_pkcs1_sha384,
                        SignatureScheme.rsa_pkcs1_sha512,
                        0x0301);
        // SHA-1 only at level 0; level 3 drops SHA-224, level 4 SHA-256
        assertThat(rsa.schemes(false, 0)).contains(SignatureScheme.rsa_pkcs1_sha1);
        assertThat(rsa.schemes(false, 3)).doesNotContain(0x0301);
        assertThat(rsa.schemes(true, 4))
                .containsExactly(
                        SignatureScheme.rsa_pss_rsae_sha384, SignatureScheme.rsa_pss_rsae_sha512);
        // TLS 1.3 binds the curve to the hash; TLS 1.2 does not
        assertThat(TestKeys.credentials("ec384").schemes(true))
                .containsExactly(SignatureScheme.ecdsa_secp384r1_sha384);
        assertThat(TestKeys.credentials("ec384").schemes(false))
                .contains(
                        SignatureScheme.ecdsa_secp256r1_sha256,
                        SignatureScheme.ecdsa_secp521r1_sha512);
        assertThat(TestKeys.credentials("ed25519").schemes(false))
                .containsExactly(SignatureScheme.ed25519);
        assertThat(TestKeys.credentials("ed448").schemes(true, 4))
                .containsExactly(SignatureScheme.ed448);
        assertThat(TestKeys.credentials("ed25519").schemes(true, 4)).isEmpty();
    }
}
