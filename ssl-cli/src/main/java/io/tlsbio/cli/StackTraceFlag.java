package io.tlsbio.cli;

/**
 * A command with a {@code -stack_traces} flag: its failures are printed with their Java stack
 * trace.
 */
interface StackTraceFlag {

    /** Whether {@code -stack_traces} was given. */
    boolean stackTraces();
}
