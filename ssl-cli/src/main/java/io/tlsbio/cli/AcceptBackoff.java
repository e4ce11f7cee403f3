package io.tlsbio.cli;

import java.time.Duration;

/**
 * How {@code s_server} waits after a failed {@code accept()}: "Too many open files" (EMFILE,
 * ENFILE), out of buffers, or any other error of the listening socket. A server must not exit on it
 * (that drops every live session) and must not spin on it either (the pending connection that
 * cannot be accepted keeps the listener readable). So: the first failure of a burst is logged once,
 * each retry waits twice as long as the one before, from {@link #FIRST} up to {@link #MAX}, and the
 * first accept that works again ends the burst.
 *
 * <p>10 ms first: a descriptor freed by a closing session is usually back that soon. 1 s at most:
 * the longest a new client waits once descriptors are free again, and slow enough that a server
 * stuck at its limit costs nothing. Not thread-safe; the accepting thread owns it.
 */
final class AcceptBackoff {

    /** The wait after the first failure of a burst. */
    static final Duration FIRST = Duration.ofMillis(10);

    /** The longest wait between two attempts. */
    static final Duration MAX = Duration.ofSeconds(1);

    private int failures;
    private Duration next = FIRST;

    /**
     * Records a failed accept.
     *
     * @return how long to wait before accepting again
     */
    Duration failed() {
        failures++;
        Duration wait = next;
        next = next.multipliedBy(2).compareTo(MAX) > 0 ? MAX : next.multipliedBy(2);
        return wait;
    }

    /** Whether the last {@link #failed()} started a burst: the one failure to log. */
    boolean burstStarted() {
        return failures == 1;
    }

    /**
     * Records an accept that worked, ending the burst if there was one.
     *
     * @return how many accepts failed in the burst it ended; 0 if there was none
     */
    int succeeded() {
        int n = failures;
        failures = 0;
        next = FIRST;
        return n;
    }

    /** One line for the start of a burst: what failed and that the server goes on. */
    static String startLine(String why) {
        return "accept failed: "
                + why
                + " (still serving; retrying after "
                + FIRST.toMillis()
                + " ms, backing off to "
                + Timeouts.seconds(MAX)
                + ")";
    }

    /** One line for the end of a burst. */
    static String endLine(int failures) {
        return "accepting again after " + failures + " failed accept" + (failures == 1 ? "" : "s");
    }
}
