package io.tlsbio.cli;

import io.tlsbio.ssl.VerifyCallback;
import io.tlsbio.ssl.VerifyContext;
import java.io.PrintStream;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Locale;

/**
 * The verify callback of {@code s_client} and {@code s_server}: OpenSSL's {@code verify_callback}
 * in {@code apps/lib/s_cb.c}, printing what it prints on stderr.
 *
 * <p>Per call: {@code depth=N <subject>} (unless quiet and the check passed); for a finding {@code
 * verify error:num=N:TEXT}; for some findings a detail line ({@code issuer= }, {@code notBefore=},
 * {@code notAfter=}); and {@code verify return:1} when it lets verification go on (unless quiet). A
 * finding is accepted unless {@code -verify_return_error} was given or it lies deeper in the chain
 * than the depth of {@code -verify N}/{@code -Verify N}, so without {@code -verify_return_error} a
 * bad chain only shows in these lines and the verify result.
 */
final class PeerVerifyPrinter implements VerifyCallback {

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    private final PrintStream err;
    private final int depthLimit;
    private final boolean returnError;
    private final boolean quiet;

    /**
     * @param err where the lines go (OpenSSL's bio_err)
     * @param depthLimit {@code -verify N}'s N: a finding deeper than that fails; -1 for no limit
     * @param returnError {@code -verify_return_error}: every finding fails verification
     * @param quiet {@code -verify_quiet} or {@code -brief}: print findings only
     */
    PeerVerifyPrinter(PrintStream err, int depthLimit, boolean returnError, boolean quiet) {
        this.err = err;
        this.depthLimit = depthLimit;
        this.returnError = returnError;
        this.quiet = quiet;
    }

    @Override
    public boolean verify(boolean preverifyOk, VerifyContext ctx) {
        X509Certificate cert = ctx.currentCertificate();
        int error = ctx.error().code();
        int depth = ctx.depth();
        boolean ok = preverifyOk;
        if (!quiet || !ok) {
            err.println(
                    "depth="
                            + depth
                            + " "
                            + (cert == null
                                    ? "<no cert>"
                                    : X509NamePrinter.oneLine(cert.getSubjectX500Principal())));
        }
        if (!ok) {
            err.println("verify error:num=" + error + ":" + ctx.error().text());
            // verify_args.depth: within it a finding is accepted unless -verify_return_error
            ok = (depthLimit < 0 || depthLimit >= depth) && !returnError;
        }
        if (cert != null) {
            detail(error, cert);
        }
        if (ok && !quiet) {
            err.println("verify return:1");
        }
        return ok;
    }

    /** The line s_cb.c adds for some findings, also on the call after one that was accepted. */
    private void detail(int error, X509Certificate cert) {
        switch (error) {
            case 2 ->
                    err.println(
                            "issuer= " + X509NamePrinter.oneLine(cert.getIssuerX500Principal()));
            case 9, 13 -> err.println("notBefore=" + asn1Time(cert.getNotBefore()));
            case 10, 14 -> err.println("notAfter=" + asn1Time(cert.getNotAfter()));
            default -> {
                // no detail line for other codes (X509_V_ERR_NO_EXPLICIT_POLICY's policy dump is
                // not built)
            }
        }
    }

    /** {@code ASN1_TIME_print}: {@code Feb 1 00:00:00 2020 GMT}. */
    static String asn1Time(Date date) {
        ZonedDateTime t = date.toInstant().atZone(ZoneOffset.UTC);
        return String.format(
                Locale.ROOT,
                "%s %2d %02d:%02d:%02d %d GMT",
                MONTHS[t.getMonthValue() - 1],
                t.getDayOfMonth(),
                t.getHour(),
                t.getMinute(),
                t.getSecond(),
                t.getYear());
    }
}
