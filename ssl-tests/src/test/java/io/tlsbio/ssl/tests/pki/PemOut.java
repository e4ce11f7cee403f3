package io.tlsbio.ssl.tests.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** Writes certificates, CRLs and PKCS#8 keys as the PEM files the openssl commands take. */
final class PemOut {

    private static final Base64.Encoder BASE64 =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private PemOut() {}

    /**
     * One CERTIFICATE block per certificate, in list order ({@code -CAfile}, {@code -untrusted},
     * {@code -cert}).
     */
    static Path certificates(Path file, List<X509Certificate> certs) {
        StringBuilder sb = new StringBuilder();
        try {
            for (X509Certificate c : certs) {
                sb.append(block("CERTIFICATE", c.getEncoded()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
        return write(file, sb.toString());
    }

    /** One X509 CRL block per CRL ({@code -CRLfile}). */
    static Path crls(Path file, List<X509CRL> crls) {
        return write(file, crlText(crls));
    }

    /** The X509 CRL blocks of {@code crls}. */
    static String crlText(List<X509CRL> crls) {
        StringBuilder sb = new StringBuilder();
        try {
            for (X509CRL c : crls) {
                sb.append(block("X509 CRL", c.getEncoded()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a CRL", e);
        }
        return sb.toString();
    }

    /** Appends {@code text} to {@code file}. */
    static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The key as a PKCS#8 PRIVATE KEY block ({@code -key}). */
    static Path privateKey(Path file, PrivateKey key) {
        return write(file, block("PRIVATE KEY", key.getEncoded()));
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + BASE64.encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
