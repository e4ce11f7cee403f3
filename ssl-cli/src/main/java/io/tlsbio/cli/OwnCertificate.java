package io.tlsbio.cli;

import io.tlsbio.ssl.SslContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * Our own certificate from {@code -cert}, {@code -key}, {@code -pass} and {@code -cert_chain}: the
 * chain in the {@code -cert} file (leaf first), then the certificates of {@code -cert_chain}
 * ({@code SSL_CTX_set1_chain}: sent after it, in file order), with the key of {@code -key}
 * (default: the {@code -cert} file), decrypted with the {@code -pass} password when it is
 * encrypted.
 */
final class OwnCertificate {

    private OwnCertificate() {}

    /**
     * Loads the certificate into {@code b}. The caller clears {@code password} afterwards.
     *
     * @param password the key's password, or null when {@code -pass} was not given
     * @throws CliException naming the flag whose file is missing or unusable
     */
    static void load(SslContext.Builder b, Path cert, Path key, Path certChain, char[] password) {
        Path k = key != null ? key : cert;
        FlagFiles.readable("-cert", cert);
        FlagFiles.readable("-key", k);
        FlagFiles.load("-cert/-key", cert, () -> use(b, cert, k, password));
        if (certChain == null) {
            return;
        }
        FlagFiles.readable("-cert_chain", certChain);
        requireCertificates(certChain);
        // SslContext.Builder takes one chain file: the -cert file and the -cert_chain file, joined
        Path joined = null;
        try {
            joined = Files.createTempFile("tlsbio-chain", ".pem");
            try (OutputStream out = Files.newOutputStream(joined)) {
                out.write(Files.readAllBytes(cert));
                out.write('\n');
                out.write(Files.readAllBytes(certChain));
            }
            Path chainFile = joined;
            FlagFiles.loading("-cert_chain", () -> use(b, chainFile, k, password));
        } catch (IOException e) {
            throw new CliException("-cert_chain " + certChain + ": " + CliException.why(e), e);
        } finally {
            deleteQuietly(joined);
        }
    }

    private static void use(SslContext.Builder b, Path chain, Path key, char[] password) {
        if (password == null) {
            b.certificate(chain, key);
        } else {
            b.certificate(chain, key, password);
        }
    }

    /** Fails with "-cert_chain FILE: no CERTIFICATE found" unless the file holds certificates. */
    private static void requireCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new CliException("-cert_chain " + file + ": no CERTIFICATE found");
            }
        } catch (CertificateException e) {
            throw new CliException(
                    "-cert_chain " + file + ": no CERTIFICATE found (" + CliException.why(e) + ")",
                    e);
        } catch (IOException e) {
            throw new CliException("-cert_chain " + file + ": " + CliException.why(e), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file of public certificates; nothing secret is left behind
        }
    }
}
