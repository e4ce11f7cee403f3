package io.tlsbio.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A thread-safe byte sink a command writes to, and a bounded wait for a line to appear in it. */
final class Capture extends OutputStream {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** A PrintStream over this capture, as a Terminal stream. */
    PrintStream printStream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        bytes.write(b);
        notifyAll();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
        notifyAll();
    }

    @Override
    public synchronized String toString() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Waits until a complete line matches {@code pattern} and returns its first group (or the whole
     * match without groups).
     *
     * @throws TimeoutException with everything captured so far, if {@code timeout} passes first
     */
    synchronized String awaitLine(Pattern pattern, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : toString().split("\n", -1)) {
                Matcher m = pattern.matcher(line);
                if (m.find() && toString().contains(line + "\n")) {
                    return m.groupCount() > 0 ? m.group(1) : m.group();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(
                        "no line matching " + pattern + " within " + timeout + " in:\n" + this);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /**
     * Waits until everything captured so far satisfies {@code condition}; returns that text.
     *
     * @throws TimeoutException with everything captured so far, if {@code timeout} passes first
     */
    synchronized String awaitText(
            java.util.function.Predicate<String> condition, String what, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = toString();
            if (condition.test(text)) {
                return text;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(what + " not within " + timeout + " in:\n" + text);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
