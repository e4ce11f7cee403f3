package io.tlsbio.ssl.tests.pki;

import io.tlsbio.harness.OpenSslProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Oracle (a): runs {@code openssl verify} for a case and reads what its callback printed.
 *
 * <p>apps/verify.c's callback prints "error N at D depth lookup: TEXT" for every error and lets
 * some go on (expired, depth-zero self-signed, invalid CA, path length, purpose, critical
 * extension, CRL dates...); so the first line is where a verifier without a callback stops, and the
 * whole list is what {@link VerifyCallbackMimic} must reproduce.
 */
final class OpenSslVerify {

    private static final Pattern ERROR_LINE =
            Pattern.compile(
                    "(?m)^(?:\\[CRL path\\] ?)?error (\\d+) at (\\d+) depth lookup: ?(.*)$");

    /**
     * What {@code openssl verify} said.
     *
     * @param ok whether it printed "OK" (and no error line: with errors let go it fails anyway)
     * @param findings the error lines in order
     * @param command the command line, for the report
     * @param output stdout and stderr
     */
    record Outcome(boolean ok, List<VerifyFinding> findings, String command, String output) {

        /** The first error code, or 0 (X509_V_OK). */
        int firstCode() {
            return findings.isEmpty() ? 0 : findings.get(0).code();
        }

        /** The first error's text, or "ok". */
        String firstText() {
            return findings.isEmpty() ? "ok" : findings.get(0).text();
        }

        /**
         * The last error code, or 0: what {@code SSL_get_verify_result} says when a callback let
         * every error go.
         */
        int lastCode() {
            return findings.isEmpty() ? 0 : findings.get(findings.size() - 1).code();
        }

        /** "OK", or "10@0 certificate has expired" plus any further codes. */
        String summary() {
            if (findings.isEmpty()) {
                return ok ? "OK" : "failed without an error line";
            }
            StringBuilder sb =
                    new StringBuilder()
                            .append(findings.get(0).codeAtDepth())
                            .append(' ')
                            .append(findings.get(0).text());
            for (int i = 1; i < findings.size(); i++) {
                sb.append(i == 1 ? "; then " : ", ").append(findings.get(i).codeAtDepth());
            }
            return sb.toString();
        }
    }

    private OpenSslVerify() {}

    static Outcome run(PkiCase c, CaseFiles files) {
        List<String> args = files.verifyArgs(c);
        OpenSslProcess.Result r = OpenSslProcess.run(files.dir(), args);
        String shown = "openssl " + String.join(" ", args).replace(files.dir() + "/", "");
        return parse(r, shown);
    }

    /** Reads a finished {@code openssl verify} run. */
    static Outcome parse(OpenSslProcess.Result r, String command) {
        List<VerifyFinding> findings = new ArrayList<>();
        Matcher m = ERROR_LINE.matcher(r.stderr());
        while (m.find()) {
            findings.add(
                    new VerifyFinding(
                            Integer.parseInt(m.group(1)),
                            Integer.parseInt(m.group(2)),
                            m.group(3).strip()));
        }
        boolean ok = r.exit() == 0 && r.stdout().contains(": OK") && findings.isEmpty();
        return new Outcome(ok, List.copyOf(findings), command, r.stdout() + r.stderr());
    }
}
