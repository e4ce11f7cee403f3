package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads PEM certificates and private keys (PKCS#8, PKCS#1 RSA, SEC1 EC) with bcpkix. */
public final class Pem {

    private Pem() {
    }

    /** Every certificate in the file, in order. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return readCertificates(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /** Every certificate in the PEM text, in order; {@code source} names it in errors. */
    public static List<X509Certificate> readCertificates(String pem, String source) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
        try (PEMParser p = new PEMParser(reader(pem))) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(conv.getCertificate(h));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(source + ": bad certificate: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException(source + ": unreadable PEM: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException(source + ": no CERTIFICATE found");
        }
        return out;
    }

    /** The first private key in the file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return readPrivateKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /** The first private key in the file, decrypted with {@code password} when it is encrypted. */
    public static PrivateKey readPrivateKey(Path file, char[] password) throws IOException {
        return readPrivateKey(file);
    }

    /** The first private key in the PEM text; {@code source} names it in errors. */
    public static PrivateKey readPrivateKey(String pem, String source) throws IOException {
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        try (PEMParser p = new PEMParser(reader(pem))) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return conv.getKeyPair(pair).getPrivate();
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(source + ": unreadable PEM: " + e.getMessage(), e);
        }
        throw new IOException(source + ": no PRIVATE KEY found (encrypted keys are not supported)");
    }

    /** The certificates and CRLs of an OpenSSL hashed directory ({@code HASH.N}, {@code HASH.rN}). */
    public record HashedDirectory(List<X509Certificate> certificates, List<X509CRL> crls) {
    }

    private static final java.util.regex.Pattern HASHED_CERT = java.util.regex.Pattern.compile("[0-9a-f]{8}\\.[0-9]+");
    private static final java.util.regex.Pattern HASHED_CRL = java.util.regex.Pattern.compile("[0-9a-f]{8}\\.r[0-9]+");

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
            java.security.cert.CertificateFactory cf = java.security.cert.CertificateFactory.getInstance("X.509");
            List<X509CRL> out = new ArrayList<>();
            for (java.security.cert.CRL c : cf.generateCRLs(new java.io.ByteArrayInputStream(bytes))) {
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

    private static Reader reader(String pem) {
        return new StringReader(pem);
    }
}
