package io.tlsbio.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the real {@code /usr/bin/openssl}: started with {@link ProcessBuilder}, its stdout and
 * stderr read by two background threads into buffers, its stdin writable ({@link #send}, {@link
 * #sendInBackground}). Every wait is bounded: {@link #awaitOutput} and friends block on a condition
 * the reader threads signal (never a sleep), and fail with the output so far. {@link #close()}
 * destroys the process (destroy, bounded wait, destroyForcibly) and joins every thread it started;
 * use it in try-with-resources.
 *
 * <p>Output is decoded as ISO-8859-1 (one char per byte), so payload bytes can be compared exactly.
 * OpenSSL 3.0's s_server writes its stdout through stdio: lines such as {@code -msg} traces or
 * "CONNECTION CLOSED" can arrive late (at its next flush); wait for them, never just look.
 *
 * <p>Test support, shared by the interoperability tests of ssl-tests, ssl-socket and ssl-netty: its
 * failures are {@link AssertionError}s, as a test's are.
 */
public final class OpenSslProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpenSslProcess.class);

    /** Where CI installs the openssl CLI (.ci/run apt-get installs it when missing). */
    public static final Path OPENSSL = Path.of("/usr/bin/openssl");

    /** How long a process gets to print a marker or to exit. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final Pattern ACCEPT_LINE =
            Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)\\r?\\n");

    private final List<String> command;
    private final Process process;
    private final OutputStream stdin;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();

    /** Both streams in arrival order, for markers that may be on either. */
    private final StringBuilder combined = new StringBuilder();

    private int streamsOpen = 2;
    private final Thread outReader;
    private final Thread errReader;
    private int port = -1;
    private final List<Thread> senders = new CopyOnWriteArrayList<>();
    private volatile UncheckedIOException senderFailure;

    private OpenSslProcess(List<String> command, Path dir) throws IOException {
        this.command = List.copyOf(command);
        this.process = new ProcessBuilder(command).directory(dir.toFile()).start();
        this.stdin = process.getOutputStream();
        this.outReader = reader(process.getInputStream(), stdout, "stdout");
        this.errReader = reader(process.getErrorStream(), stderr, "stderr");
        outReader.start();
        errReader.start();
    }

    /** Fails (does not skip) the calling test when openssl is missing: CI must install it. */
    public static void requireOpenssl() {
        requireOpenssl(OPENSSL);
    }

    /**
     * As {@link #requireOpenssl()} for another path (tested with a missing one).
     *
     * @param openssl the executable to check
     */
    public static void requireOpenssl(Path openssl) {
        if (!Files.isExecutable(openssl)) {
            throw new AssertionError(
                    openssl
                            + " is missing: the interoperability tests need the openssl CLI"
                            + " (apt-get install openssl; .ci/run installs it)");
        }
    }

    /**
     * Starts {@code openssl <args>} in {@code dir} (where relative PEM paths resolve).
     *
     * @param dir the working directory
     * @param args the openssl command and its options, e.g. {@code "s_client", "-connect", ...}
     * @return the running process; close it to stop it and its reader threads
     */
    public static OpenSslProcess start(Path dir, String... args) {
        requireOpenssl();
        List<String> cmd = new ArrayList<>();
        cmd.add(OPENSSL.toString());
        cmd.addAll(List.of(args));
        try {
            return new OpenSslProcess(cmd, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    /**
     * Starts {@code openssl s_server -accept 127.0.0.1:0 <args>} and waits for its {@code ACCEPT
     * 127.0.0.1:<port>} line: the kernel picks the port, so there is no race with other listeners.
     * (OpenSSL 3.0 prints that line only without {@code -quiet}/{@code -brief}.)
     *
     * @param dir the working directory, where relative PEM paths resolve
     * @param args s_server's options after {@code -accept}
     * @return the running server, its {@link #port()} known
     */
    public static OpenSslProcess startServer(Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of("s_server", "-accept", "127.0.0.1:0"));
        all.addAll(List.of(args));
        OpenSslProcess p = start(dir, all.toArray(new String[0]));
        try {
            // the whole line, so that the port is complete
            Matcher m = p.awaitMatch(ACCEPT_LINE, TIMEOUT);
            p.port = Integer.parseInt(m.group(1));
            return p;
        } catch (RuntimeException | AssertionError e) {
            p.close();
            throw e;
        }
    }

    /** A finished run: exit code and both streams. */
    public record Result(int exit, String stdout, String stderr) {}

    /**
     * Runs {@code openssl <args>} in {@code dir} with stdin at EOF, to its end (bounded).
     *
     * @param dir the working directory
     * @param args the openssl command and its options
     * @return the exit code and both streams
     */
    public static Result run(Path dir, List<String> args) {
        try (OpenSslProcess p = start(dir, args.toArray(String[]::new))) {
            p.closeStdin();
            int exit = p.awaitExit(TIMEOUT);
            return new Result(exit, p.stdout(), p.stderr());
        }
    }

    /**
     * Whether the process ends by itself within {@code timeout}.
     *
     * @param timeout how long to wait at most
     * @return {@code true} if it exited within {@code timeout}
     */
    public boolean exitsWithin(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The port s_server listens on (only for {@link #startServer}).
     *
     * @return the port s_server accepts on, from its ACCEPT line
     */
    public int port() {
        if (port < 0) {
            throw new IllegalStateException("not started with startServer: " + command);
        }
        return port;
    }

    private Thread reader(InputStream in, StringBuilder own, String name) {
        Thread t =
                new Thread(
                        () -> {
                            byte[] buf = new byte[8192];
                            try (in) {
                                int n;
                                while ((n = in.read(buf)) > 0) {
                                    String s = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                                    lock.lock();
                                    try {
                                        own.append(s);
                                        combined.append(s);
                                        changed.signalAll();
                                    } finally {
                                        lock.unlock();
                                    }
                                }
                            } catch (IOException e) {
                                // the stream was closed under us: the process is being destroyed
                            } finally {
                                lock.lock();
                                try {
                                    streamsOpen--;
                                    changed.signalAll();
                                } finally {
                                    lock.unlock();
                                }
                            }
                        },
                        "openssl-" + command.get(1) + "-" + name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Writes {@code text} (ISO-8859-1) to the process's stdin and flushes it.
     *
     * @param text the bytes to send, one char per byte
     */
    public void send(String text) {
        try {
            stdin.write(text.getBytes(StandardCharsets.ISO_8859_1));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write to the stdin of " + command + "; output so far:\n" + output(), e);
        }
    }

    /**
     * Writes {@code text} to stdin on a background thread, for more than the pipe and socket
     * buffers hold (openssl stops reading its stdin while its socket is full, so a large send from
     * the thread that also reads the other end would deadlock). {@link #awaitSent} waits for it;
     * {@link #close()} stops and joins it.
     *
     * @param text the bytes to send, one char per byte
     */
    public void sendInBackground(String text) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                send(text);
                            } catch (UncheckedIOException e) {
                                senderFailure = e;
                            }
                        },
                        "openssl-" + command.get(1) + "-stdin");
        t.setDaemon(true);
        senders.add(t);
        t.start();
    }

    /**
     * Waits (bounded) for every {@link #sendInBackground} to finish; fails if one failed.
     *
     * @param timeout how long to wait at most for all of them
     */
    public void awaitSent(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread t : senders) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (t.isAlive()) {
                    throw new AssertionError(
                            "stdin of " + command + " still not written after " + timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (senderFailure != null) {
            throw senderFailure;
        }
    }

    /** Closes the process's stdin (EOF for openssl's stdin loop). */
    public void closeStdin() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /**
     * Stdout and stderr so far, in arrival order.
     *
     * @return everything the process printed so far
     */
    public String output() {
        lock.lock();
        try {
            return combined.toString();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stdout so far.
     *
     * @return what the process printed on stdout so far
     */
    public String stdout() {
        lock.lock();
        try {
            return stdout.toString();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stderr so far.
     *
     * @return what the process printed on stderr so far
     */
    public String stderr() {
        lock.lock();
        try {
            return stderr.toString();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code marker} has appeared on stdout or stderr, at most {@code timeout}; fails
     * with the output so far when it does not (also as soon as both streams ended without it).
     *
     * @param marker the text to wait for
     * @param timeout how long to wait at most
     * @return the combined output at that moment
     */
    public String awaitOutput(String marker, Duration timeout) {
        return await(combined, s -> s.contains(marker), "\"" + marker + "\"", timeout);
    }

    /**
     * As {@link #awaitOutput} for stdout only (where s_server/s_client print the peer's data).
     *
     * @param marker the text to wait for
     * @param timeout how long to wait at most
     * @return stdout at the moment {@code marker} was found
     */
    public String awaitStdout(String marker, Duration timeout) {
        return await(stdout, s -> s.contains(marker), "\"" + marker + "\" on stdout", timeout);
    }

    /**
     * As {@link #awaitOutput} for stderr only (openssl's errors and verify callback lines).
     *
     * @param marker the text to wait for
     * @param timeout how long to wait at most
     * @return stderr at the moment {@code marker} was found
     */
    public String awaitStderr(String marker, Duration timeout) {
        return await(stderr, s -> s.contains(marker), "\"" + marker + "\" on stderr", timeout);
    }

    /**
     * Waits until {@code pattern} is found on stdout (where s_server and s_client print their
     * summaries: a line of stderr cannot land in the middle of a match).
     *
     * @param pattern what to find on stdout
     * @param timeout how long to wait at most
     * @return the match, its groups filled
     */
    public Matcher awaitMatch(Pattern pattern, Duration timeout) {
        return awaitMatch(pattern, 0, timeout);
    }

    /**
     * As {@link #awaitMatch(Pattern, Duration)}, looking only at stdout from offset {@code from} on
     * (see {@link #stdoutLength()}): for one connection of a server serving several.
     *
     * @param pattern what to find on stdout
     * @param from the stdout offset to search from, as {@link #stdoutLength()} returned it
     * @param timeout how long to wait at most
     * @return the match, its groups filled
     */
    public Matcher awaitMatch(Pattern pattern, int from, Duration timeout) {
        await(
                stdout,
                s -> pattern.matcher(s).region(Math.min(from, s.length()), s.length()).find(),
                "/" + pattern + "/ on stdout after offset " + from,
                timeout);
        String out = stdout();
        Matcher m = pattern.matcher(out).region(from, out.length());
        if (!m.find()) {
            throw new AssertionError("unreachable: " + pattern);
        }
        return m;
    }

    /**
     * As {@link #awaitStdout(String, Duration)} for stdout from offset {@code from} on.
     *
     * @param marker the text to wait for
     * @param from the stdout offset to search from, as {@link #stdoutLength()} returned it
     * @param timeout how long to wait at most
     * @return all of stdout (not only from {@code from}) at the moment {@code marker} was found
     */
    public String awaitStdout(String marker, int from, Duration timeout) {
        return await(
                stdout,
                s -> s.indexOf(marker, from) >= 0,
                "\"" + marker + "\" on stdout after offset " + from,
                timeout);
    }

    /**
     * How many chars stdout has so far: an offset for the {@code from} variants.
     *
     * @return the length of stdout so far, in chars
     */
    public int stdoutLength() {
        lock.lock();
        try {
            return stdout.length();
        } finally {
            lock.unlock();
        }
    }

    private String await(
            StringBuilder which, Predicate<String> done, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                String s = which.toString();
                if (done.test(s)) {
                    return which == combined ? s : combined.toString();
                }
                if (streamsOpen == 0) {
                    throw new AssertionError(
                            "openssl ended without printing "
                                    + what
                                    + ": "
                                    + command
                                    + "\n--- output ---\n"
                                    + combined);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "no "
                                    + what
                                    + " from "
                                    + command
                                    + " within "
                                    + timeout
                                    + "\n--- output ---\n"
                                    + combined);
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits (bounded) for the process to exit and for its output to be read fully; returns the exit
     * code.
     *
     * @param timeout how long to wait at most
     * @return the process's exit code
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(
                        command
                                + " still running after "
                                + timeout
                                + "\n--- output ---\n"
                                + output());
            }
            outReader.join(timeout.toMillis());
            errReader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + command, e);
        }
        return process.exitValue();
    }

    /**
     * Whether the process has exited and both reader threads have ended.
     *
     * @return {@code true} once the process and its reader threads are done
     */
    public boolean isStopped() {
        return !process.isAlive()
                && !outReader.isAlive()
                && !errReader.isAlive()
                && senders.stream().noneMatch(Thread::isAlive);
    }

    /**
     * Destroys the process if it still runs (destroy, up to 5 s, destroyForcibly), then closes its
     * stdin and joins the reader and sender threads (bounded). The process goes first: a sender
     * blocked on a full pipe holds the stream's lock until the pipe breaks.
     */
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
            for (Thread t : senders) {
                // the pipe is closed with the process: a blocked write fails and the thread ends
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        log.debug("{}\n--- output ---\n{}", this, output());
        if (outReader.isAlive()
                || errReader.isAlive()
                || process.isAlive()
                || senders.stream().anyMatch(Thread::isAlive)) {
            throw new AssertionError("openssl process or its readers did not stop: " + command);
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
