package io.tlsbio.ssl.tests.probe;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real {@code tlsbio s_server -accept 127.0.0.1:0} in a JVM of its own: {@code
 * io.tlsbio.cli.Main} (ssl-cli, a test dependency of this module) on this test's class path,
 * without its test class directories and test jars (so that ssl-tests' {@code logback-test.xml}
 * does not replace the command's own {@code logback.xml}). The port is read from the {@code ACCEPT
 * 127.0.0.1:<port>} line on stdout (bounded wait). stdout and stderr are read line by line by two
 * daemon threads; a stderr line about one connection ({@code tlsbio s_server: 127.0.0.1:<client
 * port>: why}) is queued under the client's port for {@link #awaitConnectionLine}, every stderr
 * line is kept for {@link #stderrLines()}. stdin stays open and empty. {@link #close()} ends the
 * process through its handle.
 */
final class TlsbioServer implements AutoCloseable {

    static final String MAIN = "io.tlsbio.cli.Main";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ACCEPT_LINE = Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");

    /** A line about one connection: the client's port, then why it ended. */
    static final Pattern CONNECTION_LINE =
            Pattern.compile("^tlsbio s_server: 127\\.0\\.0\\.1:(\\d+): (.*)$");

    private final List<String> command;
    private final Process process;
    private final Thread outReader;
    private final Thread errReader;
    private final Object lock = new Object();
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final Map<Integer, ArrayDeque<String>> byPort = new HashMap<>();
    private boolean outEnded;
    private int port = -1;

    private TlsbioServer(Path dir, List<String> args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        command =
                new ArrayList<>(
                        List.of(
                                java,
                                "-cp",
                                classPath(),
                                MAIN,
                                "s_server",
                                "-accept",
                                "127.0.0.1:0"));
        command.addAll(args);
        process = new ProcessBuilder(command).directory(dir.toFile()).start();
        outReader = reader(process.getInputStream(), "stdout", false);
        errReader = reader(process.getErrorStream(), "stderr", true);
        outReader.start();
        errReader.start();
    }

    /**
     * Starts {@code tlsbio s_server -accept 127.0.0.1:0 args...} in {@code dir} and waits for its
     * port.
     */
    static TlsbioServer start(Path dir, String... args) {
        TlsbioServer s;
        try {
            s = new TlsbioServer(dir, List.of(args));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start tlsbio s_server", e);
        }
        try {
            s.port = s.awaitPort();
            return s;
        } catch (RuntimeException | AssertionError e) {
            s.close();
            throw e;
        }
    }

    /**
     * This JVM's class path without test class directories and test jars: ssl-cli and its
     * dependencies.
     */
    static String classPath() {
        String cp =
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(e -> !e.isEmpty())
                        .filter(e -> !Path.of(e).getFileName().toString().equals("test-classes"))
                        .filter(e -> !e.endsWith("-tests.jar"))
                        .collect(Collectors.joining(File.pathSeparator));
        if (!cp.contains("ssl-cli")) {
            throw new AssertionError(
                    "ssl-cli is not on the test class path (a test dependency of ssl-tests): "
                            + cp);
        }
        return cp;
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private Thread reader(InputStream in, String name, boolean err) {
        Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(in, StandardCharsets.UTF_8))) {
                                for (String line; (line = r.readLine()) != null; ) {
                                    synchronized (lock) {
                                        if (err) {
                                            stderr.add(line);
                                            Matcher m = CONNECTION_LINE.matcher(line);
                                            if (m.matches()) {
                                                byPort.computeIfAbsent(
                                                                Integer.parseInt(m.group(1)),
                                                                p -> new ArrayDeque<>())
                                                        .add(m.group(2));
                                            }
                                        } else {
                                            stdout.add(line);
                                        }
                                        lock.notifyAll();
                                    }
                                }
                            } catch (IOException e) {
                                // the process is being destroyed
                            } finally {
                                synchronized (lock) {
                                    if (!err) {
                                        outEnded = true;
                                    }
                                    lock.notifyAll();
                                }
                            }
                        },
                        "tlsbio-s_server-" + name);
        t.setDaemon(true);
        return t;
    }

    private int awaitPort() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        synchronized (lock) {
            while (true) {
                for (String l : stdout) {
                    Matcher m = ACCEPT_LINE.matcher(l);
                    if (m.matches()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || outEnded) {
                    throw new AssertionError("no ACCEPT line from " + command + "\n" + output());
                }
                waitOn(left);
            }
        }
    }

    /**
     * Takes the next stderr line about the connection from client port {@code clientPort} (its text
     * after the address), waiting up to {@code timeout}; null if none came.
     */
    String awaitConnectionLine(int clientPort, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                ArrayDeque<String> q = byPort.get(clientPort);
                if (q != null && !q.isEmpty()) {
                    return q.poll();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                waitOn(left);
            }
        }
    }

    /**
     * Waits up to {@code timeout} for a stdout line equal to {@code line} after the first {@code
     * skip} lines.
     */
    boolean awaitStdoutLine(String line, int skip, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                if (stdout.subList(Math.min(skip, stdout.size()), stdout.size()).contains(line)) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                waitOn(left);
            }
        }
    }

    int stdoutLineCount() {
        synchronized (lock) {
            return stdout.size();
        }
    }

    /** Connection lines not taken by {@link #awaitConnectionLine}: port and text. */
    Map<Integer, List<String>> untakenConnectionLines() {
        synchronized (lock) {
            Map<Integer, List<String>> m = new HashMap<>();
            byPort.forEach(
                    (p, q) -> {
                        if (!q.isEmpty()) {
                            m.put(p, List.copyOf(q));
                        }
                    });
            return m;
        }
    }

    /** Every stderr line so far. */
    List<String> stderrLines() {
        synchronized (lock) {
            return List.copyOf(stderr);
        }
    }

    /** stdout's last lines and all of stderr, for failure messages. */
    String output() {
        synchronized (lock) {
            List<String> tail = stdout.subList(Math.max(0, stdout.size() - 40), stdout.size());
            return "--- stdout (last 40 lines) ---\n"
                    + String.join("\n", tail)
                    + "\n--- stderr ---\n"
                    + String.join("\n", stderr);
        }
    }

    private void waitOn(long nanos) {
        try {
            lock.wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Destroys the process (destroy, bounded wait, destroyForcibly) and joins the readers
     * (bounded).
     */
    @Override
    public void close() {
        ProbeSupport.stop(process, outReader, errReader, "tlsbio s_server: " + command);
    }

    @Override
    public String toString() {
        return "tlsbio s_server (port " + port + ", pid " + process.pid() + ")";
    }
}
