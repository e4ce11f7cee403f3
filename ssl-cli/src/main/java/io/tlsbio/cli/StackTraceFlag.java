package io.tlsbio.cli;

/** A command with a {@code -debug} flag: its failures are printed with their stack trace. */
interface Debuggable {

    /** Whether {@code -debug} was given. */
    boolean debug();
}
