package io.tlsbio.cli;

import io.tlsbio.ssl.CertificatePurpose;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.VerifyResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tlsbio verify}: OpenSSL's {@code openssl verify} ({@code apps/verify.c}) on {@link
 * SslContext#verifyCertificate}, the verifier the handshakes use. For each file (or standard input
 * without one) it verifies the file's first certificate and prints what {@code openssl verify}
 * prints: {@code FILE: OK} on stdout, or the findings of {@link ChainVerifyPrinter} (the subject,
 * then {@code error N at D depth lookup: TEXT}) and {@code error FILE: verification failed} on
 * stderr; with {@code -show_chain} also the chain.
 *
 * <p>Trust: {@code -CAfile} and {@code -CApath}, beside the JDK's trust store, which stands in for
 * the default locations {@code openssl verify} also loads. Without {@code -purpose} no purpose is
 * checked, as {@code openssl verify}.
 *
 * <p>Exit status as {@code openssl verify}: 0 when every certificate verified, 2 when any did not
 * or could not be read; 1 for an unusable flag (one line on stderr), 2 for a command line that does
 * not parse.
 */
@Command(
        name = "verify",
        sortOptions = false,
        separator = " ",
        description =
                "Verify certificates as 'openssl verify' does: FILE: OK, or the findings and 'error FILE: verification failed'.")
final class VerifyCommand implements Callable<Integer>, StackTraceFlag {

    /** openssl verify's status when a certificate did not verify or could not be read. */
    static final int NOT_VERIFIED = 2;

    private final Terminal terminal;

    @Mixin private VerifyOptions trust = new VerifyOptions();

    @Option(
            names = "-untrusted",
            paramLabel = "FILE",
            description =
                    "Intermediate certificates (PEM) to build the chain with, never trusted; may be repeated.")
    private List<Path> untrusted = new ArrayList<>();

    @Option(
            names = "-purpose",
            paramLabel = "PURPOSE",
            description =
                    "What the certificate must be good for: sslserver, sslclient or any (default: no check).")
    private String purpose;

    @Option(
            names = "-verify_hostname",
            paramLabel = "NAME",
            description = "Also check the certificate is for host NAME.")
    private String verifyHostname;

    @Option(
            names = "-verify_ip",
            paramLabel = "IP",
            description = "Also check the certificate is for IP address IP.")
    private String verifyIp;

    @Option(
            names = "-show_chain",
            description =
                    "After OK, print the chain: depth, subject, and which certificates were not trusted.")
    private boolean showChain;

    @Option(names = "-stack_traces", description = "Print the Java stack trace with an error.")
    private boolean stackTraces;

    @Option(
            names = {"-help", "--help", "-h"},
            usageHelp = true,
            description = "Print this help and exit.")
    private boolean help;

    @Parameters(
            paramLabel = "cert.pem",
            description =
                    "Certificates to verify (PEM or DER; the first of each file). None: standard input.")
    private List<String> files = new ArrayList<>();

    VerifyCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public boolean stackTraces() {
        return stackTraces;
    }

    @Override
    public Integer call() {
        CertificatePurpose p = purpose(purpose);
        String host = host();
        ChainVerifyPrinter printer = new ChainVerifyPrinter(terminal.err());
        SslContext.Builder b = SslContext.builder();
        trust.apply(b, true);
        for (Path u : untrusted) {
            FlagFiles.load("-untrusted", u, () -> b.untrusted(u));
        }
        b.verifyCallback(printer);
        SslContext ctx = b.build();
        boolean allVerified = true;
        if (files.isEmpty()) {
            allVerified = check(ctx, printer, p, host, null);
        }
        for (String file : files) {
            // every file is checked, also after one that failed
            allVerified &= check(ctx, printer, p, host, file);
        }
        return allVerified ? 0 : NOT_VERIFIED;
    }

    /** check() of apps/verify.c: one certificate, with its lines; true when it verified. */
    private boolean check(
            SslContext ctx,
            ChainVerifyPrinter printer,
            CertificatePurpose p,
            String host,
            String file) {
        String name = file == null ? "stdin" : file;
        X509Certificate cert = load(file);
        if (cert == null) {
            return false;
        }
        printer.reset();
        VerifyResult result = ctx.verifyCertificate(List.of(cert), p, host);
        if (result != VerifyResult.OK) {
            terminal.err().println("error " + name + ": verification failed");
            return false;
        }
        PrintStream out = terminal.out();
        out.println(name + ": OK");
        if (showChain) {
            List<X509Certificate> chain =
                    printer.chain().isEmpty() ? List.of(cert) : printer.chain();
            out.println("Chain:");
            for (int j = 0; j < chain.size(); j++) {
                // X509_STORE_CTX_get_num_untrusted: all but the trust anchor at the top
                out.println(
                        "depth="
                                + j
                                + ": "
                                + X509NamePrinter.oneLine(chain.get(j).getSubjectX500Principal())
                                + (j < chain.size() - 1 ? " (untrusted)" : ""));
            }
        }
        return true;
    }

    /**
     * load_cert: the first certificate of {@code file} (stdin when null), or null after OpenSSL's
     * two lines on stderr.
     */
    private X509Certificate load(String file) {
        PrintStream err = terminal.err();
        String from = file == null ? "stdin" : file;
        try {
            if (file == null) {
                return read(terminal.in());
            }
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                return read(in);
            }
        } catch (CertificateException e) {
            err.println("Could not read certificate file from " + from);
        } catch (IOException | RuntimeException e) {
            err.println("Could not open file or uri for loading certificate file from " + from);
        }
        err.println("Unable to load certificate file");
        return null;
    }

    private static X509Certificate read(InputStream in) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }

    private String host() {
        if (verifyHostname != null && verifyIp != null) {
            throw new CliException("-verify_hostname and -verify_ip: give one of them");
        }
        if (verifyIp != null
                && !(verifyIp.indexOf(':') >= 0 || verifyIp.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            throw new CliException("-verify_ip: not an IP address: " + verifyIp);
        }
        return verifyHostname != null ? verifyHostname : verifyIp;
    }

    /**
     * X509_PURPOSE_get_by_sname for the purposes tlsbio's verifier knows; none: no purpose check.
     */
    private static CertificatePurpose purpose(String name) {
        if (name == null) {
            return CertificatePurpose.ANY;
        }
        return switch (name) {
            case "sslserver" -> CertificatePurpose.SSL_SERVER;
            case "sslclient" -> CertificatePurpose.SSL_CLIENT;
            case "any" -> CertificatePurpose.ANY;
            default ->
                    throw new CliException(
                            "-purpose: invalid purpose " + name + " (sslserver, sslclient or any)");
        };
    }
}
