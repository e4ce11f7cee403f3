package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.junit.jupiter.api.Test;

/**
 * The binder key of a resumption PSK is RFC 8446's: Derive-Secret(Early Secret, "res binder", "")
 * computed here with the JDK's HMAC alone, while an external PSK keeps "ext binder"; and the
 * wrapper only ever wraps tlsbio's own crypto, whose overrides it forwards.
 */
class ResumptionCryptoTest {

    private static final byte[] PSK =
            HexFormat.of()
                    .parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    private final ResumptionCrypto crypto =
            (ResumptionCrypto)
                    ResumptionCrypto.wrap(new HybridTlsCrypto(new SecureRandom(), false, true));

    @Test
    void aResumptionPsksBinderKeyIsDerivedWithResBinder() throws Exception {
        TlsSecret early =
                crypto.hkdfInit(CryptoHashAlgorithm.sha256)
                        .hkdfExtract(CryptoHashAlgorithm.sha256, crypto.resumptionPsk(PSK));
        byte[] emptyHash = MessageDigest.getInstance("SHA-256").digest();
        // what bctls asks for, always with "ext binder"
        byte[] got =
                TlsCryptoUtils.hkdfExpandLabel(
                                early, CryptoHashAlgorithm.sha256, "ext binder", emptyHash, 32)
                        .extract();
        assertThat(got).isEqualTo(expandLabel(extract(new byte[32], PSK), "res binder", emptyHash));
    }

    @Test
    void anExternalPskKeepsExtBinder() throws Exception {
        TlsSecret early =
                crypto.hkdfInit(CryptoHashAlgorithm.sha256)
                        .hkdfExtract(CryptoHashAlgorithm.sha256, crypto.createSecret(PSK));
        byte[] emptyHash = MessageDigest.getInstance("SHA-256").digest();
        byte[] got =
                TlsCryptoUtils.hkdfExpandLabel(
                                early, CryptoHashAlgorithm.sha256, "ext binder", emptyHash, 32)
                        .extract();
        assertThat(got).isEqualTo(expandLabel(extract(new byte[32], PSK), "ext binder", emptyHash));
    }

    @Test
    void otherLabelsOfTheEarlySecretAreUntouched() throws Exception {
        TlsSecret early =
                crypto.hkdfInit(CryptoHashAlgorithm.sha256)
                        .hkdfExtract(CryptoHashAlgorithm.sha256, crypto.resumptionPsk(PSK));
        byte[] emptyHash = MessageDigest.getInstance("SHA-256").digest();
        byte[] got =
                TlsCryptoUtils.hkdfExpandLabel(
                                early, CryptoHashAlgorithm.sha256, "derived", emptyHash, 32)
                        .extract();
        assertThat(got).isEqualTo(expandLabel(extract(new byte[32], PSK), "derived", emptyHash));
    }

    @Test
    void onlyTlsbiosOwnCryptoIsWrapped() {
        TlsCrypto jca = new JcaTlsCryptoProvider().create(new SecureRandom());
        BcTlsCrypto custom = new BcTlsCrypto(new SecureRandom()) {};
        assertThat(ResumptionCrypto.wrap(jca)).isSameAs(jca);
        assertThat(ResumptionCrypto.wrap(custom)).isSameAs(custom);
        assertThat(ResumptionCrypto.wrap(crypto)).isSameAs(crypto);
    }

    /**
     * A method HybridTlsCrypto gains must be forwarded by ResumptionCrypto too: then update this
     * list.
     */
    @Test
    void resumptionCryptoForwardsEveryOverrideOfHybridTlsCrypto() {
        Set<String> declared = new TreeSet<>();
        for (Method m : HybridTlsCrypto.class.getDeclaredMethods()) {
            if (!m.isSynthetic()
                    && !Modifier.isPrivate(m.getModifiers())
                    && !Modifier.isStatic(m.getModifiers())) {
                declared.add(m.getName());
            }
        }
        // createCipher_AES_GCM is reached through createCipher, which ResumptionCrypto forwards
        assertThat(declared)
                .containsExactlyInAnyOrder(
                        "createCertificate",
                        "createCipher",
                        "createCipher_AES_GCM",
                        "createNonceGenerator");
    }

    private static byte[] extract(byte[] salt, byte[] ikm) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        return mac.doFinal(ikm);
    }

    /** HKDF-Expand-Label(secret, label, context, 32), one block. */
    private static byte[] expandLabel(byte[] secret, String label, byte[] context)
            throws Exception {
        byte[] l = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + l.length + 1 + context.length];
        info[1] = 32;
        info[2] = (byte) l.length;
        System.arraycopy(l, 0, info, 3, l.length);
        info[3 + l.length] = (byte) context.length;
        System.arraycopy(context, 0, info, 4 + l.length, context.length);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), 32);
    }
}
