package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;

/**
 * Reads PEM certificates, private keys (plain or encrypted, see {@link PemKeys}) and CRLs with
 * bcpkix. Every error is an {@link IOException} whose message names the file (or the given source
 * name), the block and the problem in words, OpenSSL's reason where it has one ("bad decrypt").
 */
public final class Pem {

    private static final java.util.Set<String> CERTIFICATE_TYPES =
            java.util.Set.of("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE");

    private Pem() {}

    /**
     * Every certificate in the file, in order ({@code SSL_CTX_use_certificate_chain_file}'s
     * reading).
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return readCertificates(text(file), file.toString());
    }

    /**
     * Every certificate in the PEM text, in order; {@code source} names it in errors. Blocks of
     * other types are skipped; there must be at least one certificate.
     *
     * @throws IOException not PEM, no CERTIFICATE block, or a CERTIFICATE block that does not
     *     decode
     */
    public static List<X509Certificate> readCertificates(String pem, String source)
            throws IOException {
        List<PemBlocks.Block> blocks = PemBlocks.split(pem, source, "CERTIFICATE");
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
        for (PemBlocks.Block b : blocks) {
            if (!CERTIFICATE_TYPES.contains(b.type())) {
                continue;
            }
            byte[] der = b.decode(source).getContent();
            try {
                X509CertificateHolder h =
                        "TRUSTED CERTIFICATE".equals(b.type())
                                ? new X509TrustedCertificateBlock(der).getCertificateHolder()
                                : new X509CertificateHolder(der);
                out.add(conv.getCertificate(h));
            } catch (IOException | CertificateException | RuntimeException e) {
                throw new IOException(
                        b.describe(source) + " does not decode: not a DER X.509 certificate", e);
            }
        }
        if (out.isEmpty()) {
            throw new IOException(
                    source
                            + ": no CERTIFICATE found (PEM blocks: "
                            + PemBlocks.types(blocks)
                            + ")");
        }
        return out;
    }

    /** The first private key in the file, which must not be encrypted. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return readPrivateKey(file, null);
    }

    /**
     * The first private key in the file, decrypted with {@code password} when it is encrypted
     * ({@code SSL_CTX_use_PrivateKey_file} with {@code SSL_CTX_set_default_passwd_cb}). The
     * password array is only read, never kept.
     *
     * @param password null when none is given
     */
    public static PrivateKey readPrivateKey(Path file, char[] password) throws IOException {
        return PemKeys.read(text(file), file.toString(), password);
    }

    /**
     * The first private key in the PEM text, which must not be encrypted; {@code source} names it
     * in errors.
     */
    public static PrivateKey readPrivateKey(String pem, String source) throws IOException {
        return PemKeys.read(pem, source, null);
    }

    /** As {@link #readPrivateKey(Path, char[])} for PEM text; {@code source} names it in errors. */
    public static PrivateKey readPrivateKey(String pem, String source, char[] password)
            throws IOException {
        return PemKeys.read(pem, source, password);
    }

    /**
     * The certificates and CRLs of an OpenSSL hashed directory ({@code HASH.N}, {@code HASH.rN}).
     */
    public record HashedDirectory(List<X509Certificate> certificates, List<X509CRL> crls) {}

    private static final java.util.regex.Pattern HASHED_CERT =
            java.util.regex.Pattern.compile("[0-9a-f]{8}\\.[0-9]+");
    private static final java.util.regex.Pattern HASHED_CRL =
            java.util.regex.Pattern.compile("[0-9a-f]{8}\\.r[0-9]+");

    /** Reads every {@code HASH.N} certificate file and {@code HASH.rN} CRL file of {@code dir}. */
    public static HashedDirectory readHashedDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a directory");
        }
        List<X509Certificate> certs = new ArrayList<>();
        List<X509CRL> crls = new ArrayList<>();
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (HASHED_CERT.matcher(name).matches()) {
                certs.addAll(readCertificates(f));
            } else if (HASHED_CRL.matcher(name).matches()) {
                crls.addAll(readCrls(f));
            }
        }
        return new HashedDirectory(certs, crls);
    }

    /** Every CRL in a PEM file (or the one CRL of a DER file). */
    public static List<X509CRL> readCrls(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            java.security.cert.CertificateFactory cf =
                    java.security.cert.CertificateFactory.getInstance("X.509");
            List<X509CRL> out = new ArrayList<>();
            for (java.security.cert.CRL c :
                    cf.generateCRLs(new java.io.ByteArrayInputStream(bytes))) {
                out.add((X509CRL) c);
            }
            if (out.isEmpty()) {
                throw new IOException(file + ": no X509 CRL found");
            }
            return out;
        } catch (java.security.cert.CRLException | CertificateException e) {
            throw new IOException(file + ": bad CRL: " + e.getMessage(), e);
        }
    }

    /** The file's bytes one char each: never a decoding error, whatever the file holds. */
    private static String text(Path file) throws IOException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
