package io.tlsbio.cli;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tlsbio demo}: the SSL_do_handshake(3) page made visible. An in-process client and server
 * handshake over every {@link BioKind}, TLS 1.2 and 1.3, then send {@link DemoCase#DATA_BYTES} each
 * way and close; a table shows per side how many {@code doHandshake()} calls it took and which
 * results ({@code ret/getError}) they returned, with the bytes each side wrote and the time. The
 * certificate (ECDSA P-256, {@code CN=localhost}) comes from an in-memory CA: no files.
 *
 * <p>Exit status 0 when every case passed; 1 when one failed (its reason, from {@code
 * Ssl.lastError()}, is printed below the table).
 */
@Command(
        name = "demo",
        sortOptions = false,
        description =
                "Handshake an in-process client and server over every BIO type, TLS 1.2 and 1.3, and print what each doHandshake() returned.")
final class DemoCommand implements Callable<Integer> {

    private final Terminal terminal;

    @Option(
            names = "--trace",
            description =
                    "Print every call with its return value and getError, and each handshake message.")
    private boolean trace;

    @Option(
            names = "--bio",
            paramLabel = "NAME",
            split = ",",
            description =
                    "Only these BIO setups (comma-separated): mem, pair, pair-16, buffer+pair, socket, socket-nbio, buffer+socket-nbio, connect+accept-nbio.")
    private List<String> bios;

    @Option(names = "--tls", paramLabel = "1.2|1.3", description = "Only this TLS version.")
    private String tls;

    @Option(
            names = {"-help", "--help", "-h"},
            usageHelp = true,
            description = "Print this help and exit.")
    private boolean help;

    DemoCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        List<BioKind> kinds = kinds();
        List<TlsVersion> versions = versions();
        PrintStream out = terminal.out();
        TestPki pki = TestPki.create();
        TestCredential cred = pki.server(KeyType.ECDSA);
        TestCredential ca = pki.ca();
        Map<TlsVersion, SslContext[]> contexts = new EnumMap<>(TlsVersion.class);
        for (TlsVersion v : versions) {
            SslContext server =
                    SslContext.builder()
                            .versions(v, v)
                            .certificate(cred.chain(), cred.privateKey())
                            .build();
            // the client verifies the chain and the host name: the demo's handshakes are real ones
            SslContext client =
                    SslContext.builder()
                            .versions(v, v)
                            .trust(List.of(ca.certificate()))
                            .hostName(TestPki.HOST)
                            .build();
            contexts.put(v, new SslContext[] {client, server});
        }
        // one untimed handshake first, so the first row does not carry the JIT's warm-up
        SslContext[] warm = contexts.get(versions.get(0));
        DemoCase.run(BioKind.MEM, versions.get(0), warm[0], warm[1], null);

        out.println(
                "tlsbio demo: client and server in this process, certificate CN=localhost (ECDSA P-256) from an");
        out.println(
                "in-memory CA; per case: handshake, "
                        + DemoCase.DATA_BYTES
                        + " bytes each way, close_notify both ways.");
        out.println(
                "CALLS and RESULTS are the doHandshake() calls of each side and their distinct ret/getError");
        out.println(
                "values, in order of first appearance; BYTES OUT is what the side wrote into its BIO.");
        out.println();
        List<DemoResult> results = new ArrayList<>();
        for (BioKind k : kinds) {
            for (TlsVersion v : versions) {
                SslContext[] ctx = contexts.get(v);
                results.add(DemoCase.run(k, v, ctx[0], ctx[1], trace ? out : null));
            }
        }
        table(results).print(out);
        int failed = 0;
        for (DemoResult r : results) {
            if (r.failed()) {
                failed++;
                terminal.err()
                        .println(
                                "FAILED "
                                        + r.kind().id()
                                        + " "
                                        + r.version().openSslName()
                                        + ": "
                                        + r.failure());
            }
        }
        if (failed > 0) {
            terminal.err()
                    .println("tlsbio demo: " + failed + " of " + results.size() + " cases failed");
            return Main.FAILURE;
        }
        out.println();
        out.println(results.size() + " handshakes, all completed.");
        return 0;
    }

    private static TablePrinter table(List<DemoResult> results) {
        TablePrinter t =
                new TablePrinter(
                        "BIO",
                        "MODE",
                        "TLS",
                        "CIPHER",
                        "SIDE",
                        ">CALLS",
                        "RESULTS",
                        ">BYTES OUT",
                        ">HANDSHAKE MS",
                        ">TOTAL MS");
        for (DemoResult r : results) {
            String mode = r.kind().blocking() ? "blocking" : "non-blocking";
            String cipher = r.cipher() == null ? "-" : r.cipher();
            t.row(
                    r.kind().id(),
                    mode,
                    r.version().openSslName(),
                    cipher,
                    "client",
                    String.valueOf(r.clientCalls()),
                    r.clientResults() + (r.failed() ? "  FAILED" : ""),
                    String.valueOf(r.clientBytesOut()),
                    r.handshakeMs() < 0 ? "-" : String.valueOf(r.handshakeMs()),
                    String.valueOf(r.totalMs()));
            t.row(
                    "",
                    "",
                    "",
                    "",
                    "server",
                    String.valueOf(r.serverCalls()),
                    r.serverResults(),
                    String.valueOf(r.serverBytesOut()));
        }
        return t;
    }

    private List<BioKind> kinds() {
        if (bios == null || bios.isEmpty()) {
            return List.of(BioKind.values());
        }
        List<BioKind> out = new ArrayList<>();
        for (String b : bios) {
            BioKind k = BioKind.named(b.strip());
            if (!out.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    private List<TlsVersion> versions() {
        if (tls == null) {
            return List.of(TlsVersion.TLS1_2, TlsVersion.TLS1_3);
        }
        return switch (tls.strip()) {
            case "1.2", "TLSv1.2", "tls1_2" -> List.of(TlsVersion.TLS1_2);
            case "1.3", "TLSv1.3", "tls1_3" -> List.of(TlsVersion.TLS1_3);
            default -> throw new CliException("unknown --tls " + tls + "; 1.2 or 1.3");
        };
    }
}
