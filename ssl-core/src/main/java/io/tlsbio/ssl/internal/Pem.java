package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
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

    private static Reader reader(String pem) {
        return new StringReader(pem);
    }
}
