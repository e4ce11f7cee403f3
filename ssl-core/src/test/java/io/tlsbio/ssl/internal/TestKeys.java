package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The openssl-made fixtures of {@code keys/} (see its README): PEM text, parsed keys and
 * credentials.
 */
final class TestKeys {

    static final char[] PASSWORD = "tlsbio-test".toCharArray();

    private TestKeys() {}

    /** The text of fixture {@code name} (read as one char per byte, as Pem reads files). */
    static String text(String name) {
        try (InputStream in = TestKeys.class.getResourceAsStream("keys/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture keys/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<X509Certificate> chain(String name) {
        try {
            return Pem.readCertificates(text(name), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PrivateKey key(String name) {
        try {
            return Pem.readPrivateKey(text(name), name, PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The credential of fixture pair {@code base}.pem / {@code base}.key. */
    static OwnCredentials credentials(String base) {
        return new OwnCredentials(chain(base + ".pem"), key(base + ".key"));
    }
}
