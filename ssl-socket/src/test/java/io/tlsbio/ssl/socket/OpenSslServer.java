package io.tlsbio.ssl.socket;

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
 * The real {@code openssl s_server} on {@code 127.0.0.1:0}, the kernel's port read from its
 * {@code ACCEPT 127.0.0.1:<port>} line. Its output (stdout and stderr merged) is read by one
 * thread; every wait is bounded and signalled by that thread, never slept. {@link #close()}
 * destroys the process and joins the reader.
 */
final class OpenSslServer implements AutoCloseable {

    static final Path OPENSSL = Path.of("/usr/bin/openssl");
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern ACCEPT = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)\\r?\\n");

    private final List<String> command;
    private final Process process;
    private final Thread reader;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final StringBuilder output = new StringBuilder();
    private boolean ended;
    private final int port;

    /** Starts {@code openssl s_server -accept 127.0.0.1:0 <args>} in {@code dir} and waits for its port. */
    OpenSslServer(Path dir, String... args) {
        if (!Files.isExecutable(OPENSSL)) {
            throw new AssertionError(OPENSSL + " is missing: these tests need the openssl CLI (apt-get install openssl)");
        }
        command = new ArrayList<>(List.of(OPENSSL.toString(), "s_server", "-accept", "127.0.0.1:0"));
        command.addAll(List.of(args));
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        reader = new Thread(() -> pump(process.getInputStream()), "openssl-s_server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            port = Integer.parseInt(await(ACCEPT).group(1));
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    String output() {
        lock.lock();
        try {
            return output.toString();
        } finally {
            lock.unlock();
        }
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                lock.lock();
                try {
                    output.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            // the process is being destroyed
        } finally {
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits (at most {@link #TIMEOUT}) until {@code pattern} is found in the output. */
    Matcher await(Pattern pattern) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        lock.lock();
        try {
            while (true) {
                Matcher m = pattern.matcher(output);
                if (m.find()) {
                    return m;
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError("no /" + pattern + "/ from " + command + "\n--- output ---\n" + output);
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
            reader.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (process.isAlive() || reader.isAlive()) {
            throw new AssertionError("openssl or its reader did not stop: " + command);
        }
    }
}
