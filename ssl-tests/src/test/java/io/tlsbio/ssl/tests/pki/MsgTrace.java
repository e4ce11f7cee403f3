package io.tlsbio.ssl.tests.pki;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code s_server -msg} / {@code s_client -msg} printed (apps/lib/s_cb.c {@code
 * msg_cb}): the alerts received ({@code <<<}) or sent ({@code >>>}), e.g. {@code <<< TLS 1.3, Alert
 * [length 0002], fatal unknown_ca}, and s_server's connections, each ended by a {@code CONNECTION
 * CLOSED} line.
 */
final class MsgTrace {

    private static final Pattern ALERT =
            Pattern.compile(
                    "(?m)^(<<<|>>>) [^,\\n]*, Alert \\[length [0-9a-f]+\\], (?:fatal|warning) (\\w+)");
    private static final String CONNECTION_CLOSED = "CONNECTION CLOSED";

    /** Which way an alert went, from the printing program's point of view. */
    enum Way {
        RECEIVED("<<<"),
        SENT(">>>");

        final String arrows;

        Way(String arrows) {
            this.arrows = arrows;
        }
    }

    private MsgTrace() {}

    /**
     * The first alert that went {@code way} in {@code trace}, by name ("bad_certificate"), or null.
     */
    static String firstAlert(String trace, Way way) {
        Matcher m = ALERT.matcher(trace);
        while (m.find()) {
            if (m.group(1).equals(way.arrows)) {
                return m.group(2);
            }
        }
        return null;
    }

    /**
     * s_server's stdout cut into its connections, in order: each part ends with {@code CONNECTION
     * CLOSED} (the last may be incomplete if s_server was stopped).
     */
    static List<String> connections(String serverStdout) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = serverStdout.indexOf(CONNECTION_CLOSED, from)) >= 0) {
            parts.add(serverStdout.substring(from, at));
            from = at + CONNECTION_CLOSED.length();
        }
        if (from < serverStdout.length()) {
            parts.add(serverStdout.substring(from));
        }
        return parts;
    }
}
