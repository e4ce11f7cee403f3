package io.tlsbio.cli;

import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tlsbio ciphers}: OpenSSL's {@code ciphers} command on tlsbio's cipher-list evaluator. It
 * prints the suites a context built with {@code -cipher EXPR} would have, TLS 1.3 suites first, as
 * {@code openssl ciphers} prints them: names separated by ':' or, with {@code -v}, one {@code
 * SSL_CIPHER_description} line per suite (Kx/Au/Enc/Mac columns). {@code -s} lists only the suites
 * a connection could use (the enabled versions and the security level); {@code -tls1_2}/{@code
 * -tls1_3} restrict the versions and so matter only with {@code -s}. The universe has no PSK or SRP
 * suites (tlsbio cannot negotiate them). Exit status 1 with one line on stderr when OpenSSL would
 * say "Error in cipher list".
 */
@Command(
        name = "ciphers",
        sortOptions = false,
        separator = " ",
        description =
                "List the cipher suites of an OpenSSL cipher string, as 'openssl ciphers' does.")
final class CiphersCommand implements Callable<Integer> {

    private final Terminal terminal;

    @Option(
            names = "-v",
            description = "Verbose: one line per suite with its version, Kx, Au, Enc and Mac.")
    private boolean verbose;

    @Option(names = "-V", description = "As -v, with the suite's two-byte code first.")
    private boolean codes;

    @Option(
            names = "-stdname",
            description = "Also print the IANA (RFC) name of each suite; implies -v.")
    private boolean stdname;

    @Option(
            names = "-s",
            description = "Only the suites a connection could use (versions and security level).")
    private boolean supported;

    @Option(names = "-tls1_2", description = "With -s: TLS 1.2 only.")
    private boolean tls12;

    @Option(names = "-tls1_3", description = "With -s: TLS 1.3 only.")
    private boolean tls13;

    @Option(
            names = "-ciphersuites",
            paramLabel = "LIST",
            description = "TLS 1.3 suites, separated by ':'.")
    private String ciphersuites;

    @Option(
            names = {"-help", "--help", "-h"},
            usageHelp = true,
            description = "Print this help and exit.")
    private boolean help;

    @Parameters(
            arity = "0..1",
            paramLabel = "EXPR",
            description = "The cipher string (default: DEFAULT).")
    private String expr;

    CiphersCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        if (tls12 && tls13) {
            throw new CliException("-tls1_2 and -tls1_3 exclude each other");
        }
        SslContext.Builder b = SslContext.builder();
        if (tls12) {
            b.versions(TlsVersion.TLS1_2, TlsVersion.TLS1_2);
        }
        if (tls13) {
            b.versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3);
        }
        try {
            if (ciphersuites != null) {
                b.cipherSuites(ciphersuites);
            }
            if (expr != null) {
                b.cipherList(expr);
            }
        } catch (IllegalArgumentException e) {
            throw new CliException("Error in cipher list: " + e.getMessage(), e);
        }
        SslContext ctx = b.build();
        print(terminal.out(), supported ? ctx.supportedCiphers() : ctx.ciphers());
        return 0;
    }

    private void print(PrintStream out, int[] suites) {
        if (!(verbose || codes || stdname)) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < suites.length; i++) {
                sb.append(i == 0 ? "" : ":").append(SslContext.cipherName(suites[i]));
            }
            out.println(sb);
            return;
        }
        for (int id : suites) {
            StringBuilder sb = new StringBuilder();
            if (codes) {
                sb.append(String.format("          0x%02X,0x%02X - ", (id >> 8) & 0xff, id & 0xff));
            }
            if (stdname) {
                sb.append(String.format("%-45s - ", SslContext.cipherStandardName(id)));
            }
            out.println(sb.append(SslContext.cipherDescription(id)));
        }
    }
}
