package io.tlsbio.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The standard streams a command reads and writes. {@link Main#main} passes the process's own;
 * tests pass buffers, so every command runs in-process exactly as it runs from a shell.
 *
 * @param in what {@code s_client} and {@code s_server} relay to the peer
 * @param out the peer's data, summaries and tables (stdout)
 * @param err errors, notes and {@code -state} lines (stderr)
 */
public record Terminal(InputStream in, PrintStream out, PrintStream err) {

    /**
     * Checks that the three streams are present.
     *
     * @param in what {@code s_client} and {@code s_server} relay to the peer
     * @param out the peer's data, summaries and tables
     * @param err errors, notes and {@code -state} lines
     */
    public Terminal {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /**
     * The process's {@code System.in}, {@code System.out} and {@code System.err}.
     *
     * @return the process's standard streams
     */
    public static Terminal system() {
        return new Terminal(System.in, System.out, System.err);
    }
}
