package io.tlsbio.ssl.tests.pki;

import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.VerifyResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKI matrix: for every case of {@link PkiCases}, tlsbio's certificate verification against
 * real OpenSSL, case by case, with the JDK recorded beside them.
 *
 * <ol>
 *   <li>{@code openssl verify} with the case's settings against {@code
 *       SslContext.verifyCertificate}: the first error's code and text, and every error a callback
 *       mimicking apps/verify.c's sees.
 *   <li>A real handshake over 127.0.0.1: tlsbio against an openssl peer, and OpenSSL's own tool
 *       doing tlsbio's job against the same peer: accept/reject, {@code verifyResult()} and the
 *       alert sent must agree ({@link ServerCertRun}, {@link ClientCertRun}).
 *   <li>The JDK against the same peer, recorded only.
 * </ol>
 *
 * Each case is one dynamic test that fails listing its disagreements; after all of them {@code
 * target/pki-matrix.md} is written ({@link MatrixReport}).
 */
class PkiMatrixTest {

    @TempDir static Path dir;

    private static final List<CaseResult> RESULTS = Collections.synchronizedList(new ArrayList<>());

    @TestFactory
    Stream<DynamicTest> matrix() {
        OpenSslProcess.requireOpenssl();
        PkiCases cases = new PkiCases();
        return cases.all().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(cases, c)));
    }

    private static void check(PkiCases cases, PkiCase c) {
        CaseResult r;
        try {
            r = run(cases, c);
        } catch (RuntimeException | AssertionError e) {
            // the row still appears in the report, marked as not run
            RESULTS.add(CaseResult.skipped(c, "harness failure: " + e.getMessage()));
            throw e;
        }
        RESULTS.add(r);
        Assumptions.assumeTrue(r.skipped() == null, () -> "skipped: " + r.skipped());
        List<String> d = r.disagreements();
        if (!d.isEmpty()) {
            throw new AssertionError(
                    c.name()
                            + " ("
                            + c.title()
                            + "): tlsbio disagrees with OpenSSL:\n  "
                            + String.join("\n  ", d)
                            + "\nopenssl verify: "
                            + r.verify().command()
                            + "\n"
                            + r.verify().output().strip());
        }
    }

    static CaseResult run(PkiCases cases, PkiCase c) {
        CaseFiles files;
        try {
            files = CaseFiles.write(dir, c);
        } catch (CaseFiles.HashedDirectoryUnavailable e) {
            return CaseResult.skipped(c, e.getMessage());
        }
        OpenSslVerify.Outcome verify = OpenSslVerify.run(c, files);
        VerifyFinding first = verifyCertificate(TlsbioPeer.verifier(c, files).build(), c);
        VerifyCallbackMimic mimic = new VerifyCallbackMimic();
        verifyCertificate(TlsbioPeer.verifier(c, files).verifyCallback(mimic).build(), c);
        Handshakes h =
                c.direction() == PkiCase.Direction.SERVER_CERT
                        ? ServerCertRun.run(c, files, () -> TlsbioPeer.client(c, files))
                        : ClientCertRun.run(
                                c,
                                files,
                                () ->
                                        TlsbioPeer.server(
                                                c,
                                                files,
                                                List.of(cases.tlsServer().certificate()),
                                                cases.tlsServer().keys().getPrivate()),
                                cases.tlsServer());
        return new CaseResult(c, null, verify, first, mimic.findings(), h);
    }

    /**
     * {@code SslContext.verifyCertificate} as a finding (depth unknown: -1); a throw is code -2.
     */
    private static VerifyFinding verifyCertificate(SslContext ctx, PkiCase c) {
        try {
            VerifyResult r = ctx.verifyCertificate(c.sent(), c.direction().purpose, c.host());
            return new VerifyFinding(r.code(), -1, r.text());
        } catch (RuntimeException e) {
            return new VerifyFinding(-2, -1, "threw " + e);
        }
    }

    @AfterAll
    static void writeReport() {
        if (RESULTS.isEmpty()) {
            return;
        }
        String version = OpenSslProcess.run(dir, List.of("version")).stdout();
        Path out = Path.of(System.getProperty("basedir", "."), "target", "pki-matrix.md");
        MatrixReport.write(out, List.copyOf(RESULTS), version);
    }
}
