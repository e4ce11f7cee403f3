package io.tlsbio.ssl.tests.pki;

import io.tlsbio.ssl.VerifyCallback;
import io.tlsbio.ssl.VerifyContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@link VerifyCallback} that does what OpenSSL 3.0's {@code apps/verify.c} callback ({@code cb})
 * does: it records every error it is called with and lets exactly the errors go that {@code cb}
 * lets go, so that the findings it collects can be compared with the lines {@code openssl verify}
 * prints.
 */
final class VerifyCallbackMimic implements VerifyCallback {

    /**
     * The X509_V_ERR codes apps/verify.c's {@code cb} answers {@code ok = 1} for:
     * NO_EXPLICIT_POLICY (43), CERT_HAS_EXPIRED (10), DEPTH_ZERO_SELF_SIGNED_CERT (18), INVALID_CA
     * (79), INVALID_NON_CA (37), PATH_LENGTH_EXCEEDED (25), CRL_HAS_EXPIRED (12), CRL_NOT_YET_VALID
     * (11), UNHANDLED_CRITICAL_EXTENSION (34), INVALID_PURPOSE (26), and the -x509_strict findings
     * 78 and 80..93 (numbers from OpenSSL 3.0's x509_vfy.h).
     */
    static final Set<Integer> LET_GO =
            Set.of(
                    43, 10, 18, 79, 37, 25, 12, 11, 34, 26, 80, 81, 89, 92, 82, 83, 84, 88, 87, 78,
                    90, 91, 85, 86, 93);

    private final List<VerifyFinding> findings = new ArrayList<>();

    @Override
    public boolean verify(boolean preverifyOk, VerifyContext ctx) {
        if (preverifyOk) {
            return true;
        }
        int code = ctx.error().code();
        findings.add(new VerifyFinding(code, ctx.depth(), ctx.error().text()));
        return LET_GO.contains(code);
    }

    /** The errors seen so far, in order. */
    List<VerifyFinding> findings() {
        return List.copyOf(findings);
    }
}
