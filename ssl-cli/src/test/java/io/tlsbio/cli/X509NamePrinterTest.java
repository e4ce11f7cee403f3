package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names printed as OpenSSL 3.0 prints them: for each subject, openssl makes a certificate and
 * prints its subject ({@code openssl x509 -noout -subject}, the apps' default name option), and
 * {@link X509NamePrinter} must print the same from the certificate. Quoting, backslash escapes,
 * control characters, UTF-8, multi-valued RDNs, field names, and the string types openssl picks
 * with {@code string_mask = default} (PrintableString, T61String, BMPString) as well as UTF8String.
 */
class X509NamePrinterTest {

    @TempDir static Path dir;
    static Path key;
    static Path defaultMask;

    @BeforeAll
    static void setUp() throws Exception {
        key = dir.resolve("key.pem");
        OpenSslPki.openssl(
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                key.toString());
        defaultMask =
                Files.writeString(
                        dir.resolve("mask.cnf"),
                        """
                [req]
                distinguished_name=dn
                string_mask=default
                [dn]
                """);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/CN=localhost",
                "/C=US/O=Demo, Inc./CN=demo-ca",
                "/O=A\\, B \"q\" \\\\ c;d<e>+f/CN=x",
                "/OU= leading/OU=trailing /OU=#hash/OU=mid#dle/OU=#/OU= /L=a=b",
                "/CN=x+emailAddress=a@b.example/serialNumber=123/DC=com/UID=u1/street=1 Main St/title=Dr/SN=Doe/GN=Jo",
                "/L=Zürich/ST=日本/O=Ω",
                "/CN=tab\there/OU=bell\u0007/O=del\u007f",
            })
    void printsTheSubjectAsOpenSsl(String subject) throws Exception {
        for (boolean utf8Strings : List.of(true, false)) {
            Path cert =
                    dir.resolve(
                            "c" + Integer.toHexString(subject.hashCode()) + utf8Strings + ".pem");
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "req",
                                    "-x509",
                                    "-new",
                                    "-key",
                                    key.toString(),
                                    "-days",
                                    "1",
                                    "-utf8",
                                    "-subj",
                                    subject,
                                    "-out",
                                    cert.toString()));
            if (!utf8Strings) {
                args.addAll(List.of("-config", defaultMask.toString()));
            }
            OpenSslPki.openssl(args.toArray(String[]::new));
            String expected =
                    OpenSslPki.openssl("x509", "-in", cert.toString(), "-noout", "-subject")
                            .strip();

            assertThat("subject=" + X509NamePrinter.oneLine(read(cert).getSubjectX500Principal()))
                    .as("string_mask %s", utf8Strings ? "utf8only" : "default")
                    .isEqualTo(expected);
        }
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
