package io.tlsbio.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A child process (the real {@code openssl}, or {@code tlsbio} in a JVM of its own) whose stdout
 * and stderr are drained into {@link Capture}s by daemon threads. {@link #close()} always ends it
 * through its own handle: destroy, a bounded wait, then destroyForcibly.
 */
final class ChildProcess implements AutoCloseable {

    /** Where the tests expect the openssl command; CI installs it there (apt-get). */
    static final String OPENSSL = "/usr/bin/openssl";

    final Capture out = new Capture();
    final Capture err = new Capture();
    private final Process process;
    private final List<String> command;
    private final List<Thread> drains = new ArrayList<>();

    private ChildProcess(List<String> command) throws IOException {
        this.command = List.copyOf(command);
        this.process = new ProcessBuilder(command).start();
        drains.add(drain(process.getInputStream(), out));
        drains.add(drain(process.getErrorStream(), err));
    }

    /** Starts {@code command}; its stdin stays open until {@link #stdin(String)} closes it. */
    static ChildProcess start(List<String> command) throws IOException {
        return new ChildProcess(command);
    }

    /** Starts {@code openssl args...}. */
    static ChildProcess openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(OPENSSL));
        cmd.addAll(List.of(args));
        return start(cmd);
    }

    /** Starts {@code tlsbio args...} in a new JVM with this test's class path. */
    static ChildProcess tlsbio(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                Main.class.getName()));
        cmd.addAll(List.of(args));
        return start(cmd);
    }

    /** Writes {@code text} to the process's stdin and closes it (end of input). */
    void stdin(String text) throws IOException {
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a process that already ended (a refused handshake) reads no input: that is its answer
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw e;
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw e;
            }
        }
    }

    /** Waits for a stdout line matching {@code pattern}; returns its first group. */
    String awaitOut(Pattern pattern, Duration timeout)
            throws TimeoutException, InterruptedException {
        return out.awaitLine(pattern, timeout);
    }

    /** Waits for the process to exit and returns its status. */
    int exitCode(Duration timeout) throws InterruptedException, TimeoutException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException(
                    command
                            + " still running after "
                            + timeout
                            + "; stdout:\n"
                            + out
                            + "\nstderr:\n"
                            + err);
        }
        // everything it wrote is in the captures once the pipes hit end of stream
        for (Thread t : drains) {
            t.join(timeout.toMillis());
        }
        return process.exitValue();
    }

    /** Whether the process is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static Thread drain(InputStream in, Capture to) {
        Thread t =
                new Thread(
                        () -> {
                            byte[] b = new byte[8192];
                            try (in) {
                                for (int n; (n = in.read(b)) >= 0; ) {
                                    to.write(b, 0, n);
                                }
                            } catch (IOException e) {
                                // the process ended
                            }
                        },
                        "child-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
