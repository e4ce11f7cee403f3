package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.bc.BcPEMDecryptorProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

/**
 * The first private key of a PEM text, as {@code PEM_read_bio_PrivateKey} finds it: PKCS#8 {@code
 * PRIVATE KEY}, PKCS#8 {@code ENCRYPTED PRIVATE KEY} (PBES2 with PBKDF2 or scrypt and AES, as
 * {@code openssl pkey -aes256} writes it; PBES1 and PKCS#12 PBE), and OpenSSL's traditional {@code
 * RSA PRIVATE KEY} / {@code EC PRIVATE KEY}, plain or with {@code Proc-Type: 4,ENCRYPTED} ({@code
 * openssl rsa -aes256 -traditional}, {@code openssl ec -aes256}). Other blocks are skipped.
 */
final class PemKeys {

    private static final Set<String> KEY_TYPES =
            Set.of(
                    "PRIVATE KEY",
                    "ENCRYPTED PRIVATE KEY",
                    "RSA PRIVATE KEY",
                    "EC PRIVATE KEY",
                    "DSA PRIVATE KEY");

    private PemKeys() {}

    /**
     * The first private key block of {@code text}, decrypted with {@code password} if encrypted.
     *
     * @param password null when none was given
     * @throws IOException naming {@code source}: not PEM, no private key block, an undecodable
     *     block, an encrypted key without a password, a wrong password ("bad decrypt"), an
     *     unsupported encryption or key type
     */
    static PrivateKey read(String text, String source, char[] password) throws IOException {
        List<PemBlocks.Block> blocks = PemBlocks.split(text, source, "PRIVATE KEY");
        PemBlocks.Block block =
                blocks.stream()
                        .filter(b -> KEY_TYPES.contains(b.type()))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IOException(
                                                source
                                                        + ": no PRIVATE KEY found (PEM blocks: "
                                                        + PemBlocks.types(blocks)
                                                        + ")"));
        PrivateKeyInfo info = decrypt(parse(block, source), block, source, password);
        ASN1ObjectIdentifier alg = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (CertSlot.of(alg) == null) {
            throw new IOException(
                    source
                            + ": unsupported key type "
                            + CertSlot.unsupportedName(alg)
                            + " (RSA, EC, Ed25519 or Ed448)");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    block.describe(source)
                            + ": cannot use the "
                            + CertSlot.of(alg).keyName()
                            + " key: "
                            + e.getMessage(),
                    e);
        }
    }

    private static Object parse(PemBlocks.Block block, String source) throws IOException {
        block.decode(source); // base64 and END line errors, in our words
        try (PEMParser p = new PEMParser(new StringReader(block.text()))) {
            Object o = p.readObject();
            if (o == null) {
                throw new IOException(block.describe(source) + " is empty");
            }
            return o;
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    block.describe(source)
                            + " does not decode: not a DER private key"
                            + " ("
                            + e.getMessage()
                            + ")",
                    e);
        }
    }

    private static PrivateKeyInfo decrypt(
            Object o, PemBlocks.Block block, String source, char[] password) throws IOException {
        if (o instanceof PrivateKeyInfo info) {
            return info;
        }
        if (o instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        boolean encrypted =
                o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair;
        if (!encrypted) {
            throw new IOException(
                    block.describe(source)
                            + " holds no private key ("
                            + o.getClass().getSimpleName()
                            + ")");
        }
        if (password == null) {
            throw new IOException(
                    source + ": the private key is encrypted and no password was given");
        }
        if (o instanceof PEMEncryptedKeyPair pair) {
            return decryptTraditional(pair, source, password);
        }
        return decryptPkcs8((PKCS8EncryptedPrivateKeyInfo) o, source, password);
    }

    /** {@code Proc-Type: 4,ENCRYPTED} with {@code DEK-Info}: OpenSSL's EVP_BytesToKey scheme. */
    private static PrivateKeyInfo decryptTraditional(
            PEMEncryptedKeyPair pair, String source, char[] password) throws IOException {
        String cipher = pair.getDekAlgName();
        PEMKeyPair plain;
        try {
            plain = pair.decryptKeyPair(new BcPEMDecryptorProvider(password));
        } catch (IOException | RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("unknown encryption")) {
                throw new IOException(source + ": unsupported key encryption " + cipher, e);
            }
            throw badDecrypt(source, cipher, e);
        }
        try {
            return plain.getPrivateKeyInfo();
        } catch (RuntimeException e) {
            throw badDecrypt(source, cipher, e);
        }
    }

    private static PrivateKeyInfo decryptPkcs8(
            PKCS8EncryptedPrivateKeyInfo encrypted, String source, char[] password)
            throws IOException {
        String scheme = encrypted.getEncryptionAlgorithm().getAlgorithm().getId();
        InputDecryptorProvider decryptor =
                new JcePKCSPBEInputDecryptorProviderBuilder()
                        .setProvider(Bc.PROVIDER)
                        .build(password);
        try {
            return encrypted.decryptPrivateKeyInfo(decryptor);
        } catch (PKCSException | RuntimeException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OperatorCreationException) {
                throw new IOException(
                        source
                                + ": unsupported key encryption "
                                + scheme
                                + " ("
                                + cause.getMessage()
                                + ")",
                        e);
            }
            throw badDecrypt(source, scheme, e);
        }
    }

    private static IOException badDecrypt(String source, String cipher, Exception e) {
        return new IOException(
                source
                        + ": cannot decrypt the private key ("
                        + cipher
                        + "): bad decrypt, wrong password?",
                e);
    }

    /**
     * BouncyCastle's JCA provider, made once and never registered: PBES2 with scrypt, PBES1,
     * PKCS#12 PBE.
     */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
