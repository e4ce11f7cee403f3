package io.tlsbio.ssl.tests.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the {@code openssl} command line tool, its stdout and stderr collected by two reader
 * threads. Every wait is bounded and wakes on new output (never a sleep); {@link #close()}
 * destroys the process if it still runs and joins the readers. (The interop package's
 * {@code OpenSslProcess} does more but is package-private there.)
 *
 * <p>s_server and s_client write their {@code -msg} lines through a flushed BIO, so they arrive
 * as they happen; other stdout lines ("CONNECTION CLOSED") only at the next flush or at exit.
 */
final class OpenSslCli implements AutoCloseable {

    /** The first {@code openssl} on the PATH (null when there is none). */
    static final Path OPENSSL = onPath("openssl");
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern ACCEPT_LINE = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)\\r?\\n");

    /** A finished run: exit code and both streams. */
    record Result(int exit, String stdout, String stderr) {
    }

    private final List<String> command;
    private final Process process;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private int streamsOpen = 2;
    private final Thread outReader;
    private final Thread errReader;
    private int port = -1;

    private OpenSslCli(List<String> command, Path dir) throws IOException {
        this.command = List.copyOf(command);
        this.process = new ProcessBuilder(command).directory(dir.toFile()).start();
        this.outReader = reader(process.getInputStream(), stdout, "out");
        this.errReader = reader(process.getErrorStream(), stderr, "err");
        outReader.start();
        errReader.start();
    }

    private static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name);
            }
        }
        return null;
    }

    /** Fails (does not skip) the calling test when the openssl CLI is missing: the matrix has no oracle without it. */
    static void require() {
        if (OPENSSL == null) {
            throw new AssertionError("no openssl on the PATH: the PKI matrix needs the openssl CLI as its oracle");
        }
    }

    /** Starts {@code openssl <args>} in {@code dir}, stdin left open. */
    static OpenSslCli start(Path dir, List<String> args) {
        require();
        List<String> cmd = new ArrayList<>();
        cmd.add(OPENSSL.toString());
        cmd.addAll(args);
        try {
            return new OpenSslCli(cmd, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    /** Runs {@code openssl <args>} with stdin at EOF to its end (bounded). */
    static Result run(Path dir, List<String> args) {
        try (OpenSslCli p = start(dir, args)) {
            p.closeStdin();
            int exit = p.awaitExit(TIMEOUT);
            return new Result(exit, p.stdout(), p.stderr());
        }
    }

    /**
     * Starts {@code openssl s_server -accept 127.0.0.1:0 <args>} and waits for its
     * {@code ACCEPT 127.0.0.1:<port>} line: the kernel picks the port.
     */
    static OpenSslCli startServer(Path dir, List<String> args) {
        List<String> all = new ArrayList<>(List.of("s_server", "-accept", "127.0.0.1:0"));
        all.addAll(args);
        OpenSslCli p = start(dir, all);
        try {
            p.port = Integer.parseInt(p.awaitStdout(ACCEPT_LINE, 0, TIMEOUT).group(1));
            return p;
        } catch (RuntimeException | AssertionError e) {
            p.close();
            throw e;
        }
    }

    int port() {
        if (port < 0) {
            throw new IllegalStateException("not a server: " + this);
        }
        return port;
    }

    private Thread reader(InputStream in, StringBuilder own, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    String s = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    lock.lock();
                    try {
                        own.append(s);
                        changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            } catch (IOException e) {
                // closed under us: the process is being destroyed
            } finally {
                lock.lock();
                try {
                    streamsOpen--;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }, "openssl-" + command.get(1) + "-" + name);
        t.setDaemon(true);
        return t;
    }

    String stdout() {
        lock.lock();
        try {
            return stdout.toString();
        } finally {
            lock.unlock();
        }
    }

    String stderr() {
        lock.lock();
        try {
            return stderr.toString();
        } finally {
            lock.unlock();
        }
    }

    /** How many chars stdout has so far: a {@code from} for {@link #awaitStdout}. */
    int stdoutLength() {
        lock.lock();
        try {
            return stdout.length();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits (bounded) until {@code pattern} matches stdout from offset {@code from} on; fails with
     * the output so far when it times out or the process ends without it.
     */
    Matcher awaitStdout(Pattern pattern, int from, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                String snapshot = stdout.toString();
                Matcher m = pattern.matcher(snapshot);
                m.region(Math.min(from, snapshot.length()), snapshot.length());
                if (m.find()) {
                    return m;
                }
                if (streamsOpen == 0) {
                    throw new AssertionError("openssl ended without /" + pattern + "/: " + this + "\n" + outputLocked());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no /" + pattern + "/ within " + timeout + ": " + this + "\n" + outputLocked());
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    private String outputLocked() {
        return "--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
    }

    /** Both streams, for failure messages. */
    String output() {
        lock.lock();
        try {
            return outputLocked();
        } finally {
            lock.unlock();
        }
    }

    void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Writes {@code text} to stdin (for s_server: a line it sends to its client). */
    void send(String text) {
        try {
            process.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + this, e);
        }
    }

    /** Waits (bounded) for the exit and for both streams to be read to their end; the exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(this + " still running after " + timeout + "\n" + output());
            }
            outReader.join(timeout.toMillis());
            errReader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + this, e);
        }
        return process.exitValue();
    }

    /** Whether the process has ended by itself within {@code timeout}. */
    boolean exitsWithin(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Destroys the process if it still runs (then forcibly), closes stdin, joins the readers (all bounded). */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
            closeStdin();
            outReader.join(5_000);
            errReader.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (process.isAlive() || outReader.isAlive() || errReader.isAlive()) {
            throw new AssertionError("openssl process or its readers did not stop: " + this);
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
