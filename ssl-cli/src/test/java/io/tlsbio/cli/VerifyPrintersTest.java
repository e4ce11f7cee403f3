package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.VerifyContext;
import io.tlsbio.ssl.VerifyResult;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two verify callbacks fed the calls OpenSSL 3.0's {@code X509_verify_cert} makes, print what
 * OpenSSL's printed in the same case (the expected texts are what openssl 3.0.19 printed for these
 * certificates). The end-to-end comparisons are in {@link PeerVerifyLinesTest} and {@link
 * VerifyCommandTest}; these pin the printers while ssl-core's verifier does not call them yet.
 */
class VerifyPrintersTest {

    @TempDir static Path dir;
    static X509Certificate root;
    static X509Certificate intermediate;
    static X509Certificate expired;

    @BeforeAll
    static void setUp() throws Exception {
        OpenSslPki pki = OpenSslPki.create(dir);
        root = read(pki.root());
        intermediate = read(pki.intermediate());
        expired = read(pki.expired());
    }

    /** One call of the callback: X509_STORE_CTX as it stands, and the preverify flag. */
    record Call(boolean ok, int depth, VerifyResult error, X509Certificate cert)
            implements VerifyContext {
        @Override
        public VerifyResult error() {
            return error;
        }

        @Override
        public X509Certificate currentCertificate() {
            return cert;
        }

        @Override
        public List<X509Certificate> chain() {
            return List.of(expired, intermediate, root);
        }
    }

    /** s_client -CAfile root.pem against a server sending the expired leaf and the intermediate. */
    static final List<Call> EXPIRED_LEAF =
            List.of(
                    new Call(true, 2, VerifyResult.OK, null),
                    new Call(true, 1, VerifyResult.OK, null),
                    new Call(false, 0, VerifyResult.CERT_HAS_EXPIRED, null),
                    // X509_STORE_CTX_get_error keeps the accepted error for the last call
                    new Call(true, 0, VerifyResult.CERT_HAS_EXPIRED, null));

    @Test
    void sClientPrintsEveryDepthAndAcceptsTheFinding() {
        Printed p = run(new PeerVerifyPrinter(stream(), -1, false, false), EXPIRED_LEAF);

        assertThat(p.text())
                .isEqualTo(
                        """
                depth=2 O = Test, CN = Root CA
                verify return:1
                depth=1 O = Test, CN = Intermediate
                verify return:1
                depth=0 CN = localhost
                verify error:num=10:certificate has expired
                notAfter=Feb  1 00:00:00 2020 GMT
                verify return:1
                depth=0 CN = localhost
                notAfter=Feb  1 00:00:00 2020 GMT
                verify return:1
                """);
        assertThat(p.returned()).containsExactly(true, true, true, true);
    }

    @Test
    void verifyReturnErrorStopsAtTheFinding() {
        Printed p =
                run(new PeerVerifyPrinter(stream(), -1, true, false), EXPIRED_LEAF.subList(0, 3));

        assertThat(p.text())
                .isEqualTo(
                        """
                depth=2 O = Test, CN = Root CA
                verify return:1
                depth=1 O = Test, CN = Intermediate
                verify return:1
                depth=0 CN = localhost
                verify error:num=10:certificate has expired
                notAfter=Feb  1 00:00:00 2020 GMT
                """);
        assertThat(p.returned()).containsExactly(true, true, false);
    }

    @Test
    void briefPrintsOnlyTheFindings() {
        // s_client -brief against a server whose intermediate's issuer is unknown
        List<Call> calls =
                List.of(
                        new Call(false, 1, VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, null),
                        new Call(true, 0, VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, null));
        Printed p = run(new PeerVerifyPrinter(stream(), -1, false, true), calls);

        assertThat(p.text())
                .isEqualTo(
                        """
                depth=1 O = Test, CN = Intermediate
                verify error:num=20:unable to get local issuer certificate
                """);
        assertThat(p.returned()).containsExactly(true, true);
    }

    @Test
    void aFindingDeeperThanTheVerifyDepthFails() {
        List<Call> calls =
                List.of(new Call(false, 1, VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, null));

        assertThat(run(new PeerVerifyPrinter(stream(), 1, false, false), calls).returned())
                .containsExactly(true);
        Printed tooDeep = run(new PeerVerifyPrinter(stream(), 0, false, false), calls);
        assertThat(tooDeep.returned()).containsExactly(false);
        assertThat(tooDeep.text())
                .isEqualTo(
                        """
                depth=1 O = Test, CN = Intermediate
                verify error:num=20:unable to get local issuer certificate
                """);
    }

    @Test
    void openSslVerifyGoesOnAfterAnExpiredCertificateOnly() {
        List<Call> calls =
                List.of(
                        new Call(true, 2, VerifyResult.OK, null),
                        new Call(false, 0, VerifyResult.CERT_HAS_EXPIRED, null),
                        new Call(false, 0, VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, null));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChainVerifyPrinter printer =
                new ChainVerifyPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<Boolean> returned = new ArrayList<>();
        for (Call c : calls) {
            returned.add(printer.verify(c.ok(), withCert(c)));
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        """
                CN = localhost
                error 10 at 0 depth lookup: certificate has expired
                CN = localhost
                error 20 at 0 depth lookup: unable to get local issuer certificate
                """);
        assertThat(returned).containsExactly(true, true, false);
        assertThat(printer.chain()).containsExactly(expired, intermediate, root);
        printer.reset();
        assertThat(printer.chain()).isEmpty();
    }

    @Test
    void asn1TimeIsPrintedAsOpenSslPrintsIt() {
        assertThat(PeerVerifyPrinter.asn1Time(expired.getNotAfter()))
                .isEqualTo("Feb  1 00:00:00 2020 GMT");
        assertThat(PeerVerifyPrinter.asn1Time(expired.getNotBefore()))
                .isEqualTo("Jan  1 00:00:00 2020 GMT");
    }

    private ByteArrayOutputStream sink;

    private PrintStream stream() {
        sink = new ByteArrayOutputStream();
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }

    record Printed(String text, List<Boolean> returned) {}

    private Printed run(PeerVerifyPrinter printer, List<Call> calls) {
        List<Boolean> returned = new ArrayList<>();
        for (Call c : calls) {
            returned.add(printer.verify(c.ok(), withCert(c)));
        }
        return new Printed(sink.toString(StandardCharsets.UTF_8), returned);
    }

    /** The certificate at the call's depth of the chain expired leaf, intermediate, root. */
    private static Call withCert(Call c) {
        return new Call(c.ok(), c.depth(), c.error(), c.chain().get(c.depth()));
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
