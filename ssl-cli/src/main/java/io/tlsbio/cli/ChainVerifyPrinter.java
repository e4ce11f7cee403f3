package io.tlsbio.cli;

import io.tlsbio.ssl.VerifyCallback;
import io.tlsbio.ssl.VerifyContext;
import java.io.PrintStream;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * The verify callback of {@code tlsbio verify}: {@code cb} in OpenSSL's {@code apps/verify.c}. For
 * each finding it prints the current certificate's subject and {@code error N at D depth lookup:
 * TEXT} on stderr, then lets verification go on after the findings {@code openssl verify} tolerates
 * (an expired or self-signed leaf, extension and purpose findings, ...) so that later ones are
 * reported too; any other finding stops it. A tolerated finding still fails the command: {@code
 * X509_verify_cert}'s result is then the last finding, not OK.
 *
 * <p>It also keeps the chain it saw last, which {@code -show_chain} prints.
 */
final class ChainVerifyPrinter implements VerifyCallback {

    /**
     * The X509_V_ERR codes {@code cb} returns 1 for in OpenSSL 3.0: NO_EXPLICIT_POLICY (43),
     * CERT_HAS_EXPIRED (10), DEPTH_ZERO_SELF_SIGNED_CERT (18), INVALID_CA (79), INVALID_NON_CA
     * (37), PATH_LENGTH_EXCEEDED (25), CRL_HAS_EXPIRED (12), CRL_NOT_YET_VALID (11),
     * UNHANDLED_CRITICAL_EXTENSION (34), INVALID_PURPOSE (26), and the -x509_strict findings 78,
     * 80..93.
     */
    static final Set<Integer> TOLERATED =
            Set.of(
                    43, 10, 18, 79, 37, 25, 12, 11, 34, 26, 78, 80, 81, 82, 83, 84, 85, 86, 87, 88,
                    89, 90, 91, 92, 93);

    private final PrintStream err;
    private List<X509Certificate> chain = List.of();

    ChainVerifyPrinter(PrintStream err) {
        this.err = err;
    }

    @Override
    public boolean verify(boolean preverifyOk, VerifyContext ctx) {
        chain = List.copyOf(ctx.chain());
        if (preverifyOk) {
            return true;
        }
        X509Certificate cert = ctx.currentCertificate();
        if (cert != null) {
            err.println(X509NamePrinter.oneLine(cert.getSubjectX500Principal()));
        }
        int error = ctx.error().code();
        err.println(
                "error " + error + " at " + ctx.depth() + " depth lookup: " + ctx.error().text());
        return TOLERATED.contains(error);
    }

    /** Forgets the chain of the certificate verified before. */
    void reset() {
        chain = List.of();
    }

    /** The chain as the last call saw it, peer's certificate first; empty if there was no call. */
    List<X509Certificate> chain() {
        return chain;
    }
}
