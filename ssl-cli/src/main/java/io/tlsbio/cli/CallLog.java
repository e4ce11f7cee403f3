package io.tlsbio.cli;

import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.IntSupplier;

/**
 * One side's calls in a demo case: every {@code Ssl} call goes through {@link #call}, which asks
 * {@code getError} right after it (as OpenSSL requires: the answer depends on the BIOs' flags at
 * that moment), prints both with {@code --trace}, and counts the {@code doHandshake()} results.
 */
final class CallLog {

    private final Ssl ssl;
    private final String prefix;
    private final PrintStream trace;
    private final Map<String, Integer> handshakeResults = new LinkedHashMap<>();
    private int handshakeCalls;
    private SslError lastError = SslError.NONE;

    /**
     * @param prefix names the case and side in trace lines: {@code "[mem TLSv1.3] client "}
     * @param trace where {@code --trace} prints, or null
     */
    CallLog(Ssl ssl, String prefix, PrintStream trace) {
        this.ssl = ssl;
        this.prefix = prefix;
        this.trace = trace;
    }

    /** {@code doHandshake()}, counted. */
    int handshake() {
        int r = call("doHandshake()", ssl::doHandshake);
        handshakeCalls++;
        handshakeResults.merge(r > 0 ? String.valueOf(r) : r + "/" + lastError, 1, Integer::sum);
        return r;
    }

    /**
     * Runs one call named {@code name}, records getError for it, traces both; returns the result.
     */
    int call(String name, IntSupplier op) {
        int r = op.getAsInt();
        lastError = ssl.getError(r);
        if (trace != null) {
            trace.println(prefix + name + " = " + r + ", getError = " + lastError);
        }
        return r;
    }

    /** What {@code getError} said about the last call. */
    SslError lastError() {
        return lastError;
    }

    /**
     * Whether the last call asked to be retried (WANT_READ, WANT_WRITE, WANT_CONNECT, WANT_ACCEPT).
     */
    boolean lastWasRetry() {
        return Session.isRetry(lastError);
    }

    int handshakeCalls() {
        return handshakeCalls;
    }

    /**
     * The distinct {@code doHandshake()} results in order of first appearance with their counts:
     * {@code -1/WANT_READ x3, -1/WANT_WRITE x1, 1} (the final 1 comes once, so it has no count).
     */
    String handshakeSummary() {
        StringJoiner j = new StringJoiner(", ");
        handshakeResults.forEach(
                (result, n) -> j.add(result.equals("1") && n == 1 ? result : result + " x" + n));
        return j.toString();
    }
}
