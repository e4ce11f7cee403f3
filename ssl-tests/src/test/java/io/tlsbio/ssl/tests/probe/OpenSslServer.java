package io.tlsbio.ssl.tests.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code openssl s_server -accept 127.0.0.1:0} serving one connection after another for as
 * long as it runs (no {@code -naccept}: {@link #close()} ends it). The kernel picks the port; it is
 * read from the {@code ACCEPT 127.0.0.1:<port>} line (bounded wait). stdout and stderr are drained
 * by two threads (so that s_server never blocks on a full pipe) into a bounded tail kept for
 * failure messages. stdin stays open and empty.
 *
 * <p>{@code OPENSSL_CONF} points at an empty file: OpenSSL 3.0's built-in defaults (versions,
 * cipher list, groups, security level), whatever the distribution's openssl.cnf says.
 */
final class OpenSslServer implements AutoCloseable {

    static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern ACCEPT_LINE =
            Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)\\r?\\n");
    private static final int TAIL = 64 * 1024;

    private final List<String> command;
    private final Process process;
    private final Thread outReader;
    private final Thread errReader;
    private final StringBuilder output = new StringBuilder();
    private int port = -1;

    private OpenSslServer(Path dir, Path conf, List<String> args) throws IOException {
        command =
                new ArrayList<>(List.of(OPENSSL.toString(), "s_server", "-accept", "127.0.0.1:0"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("OPENSSL_CONF", conf.toString());
        process = pb.start();
        outReader = reader(process.getInputStream(), "stdout");
        errReader = reader(process.getErrorStream(), "stderr");
        outReader.start();
        errReader.start();
    }

    /**
     * Starts s_server in {@code dir} with {@code args} (e.g. -cert/-key) and waits for its port.
     */
    static OpenSslServer start(Path dir, Path emptyConf, String... args) {
        if (!OPENSSL.toFile().canExecute()) {
            throw new AssertionError(
                    OPENSSL
                            + " is missing: the probe suite needs the openssl CLI"
                            + " (apt-get install openssl; .ci/run installs it)");
        }
        OpenSslServer s;
        try {
            s = new OpenSslServer(dir, emptyConf, List.of(args));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start openssl s_server", e);
        }
        try {
            s.port = s.awaitPort();
            return s;
        } catch (RuntimeException | AssertionError e) {
            s.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private Thread reader(InputStream in, String name) {
        Thread t =
                new Thread(
                        () -> {
                            byte[] buf = new byte[8192];
                            try (in) {
                                int n;
                                while ((n = in.read(buf)) > 0) {
                                    synchronized (output) {
                                        output.append(
                                                new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                                        if (output.length() > 2 * TAIL) {
                                            output.delete(0, output.length() - TAIL);
                                        }
                                        output.notifyAll();
                                    }
                                }
                            } catch (IOException e) {
                                // the process is being destroyed
                            } finally {
                                synchronized (output) {
                                    output.notifyAll();
                                }
                            }
                        },
                        "probe-openssl-" + name);
        t.setDaemon(true);
        return t;
    }

    private int awaitPort() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        synchronized (output) {
            while (true) {
                Matcher m = ACCEPT_LINE.matcher(output);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !outReader.isAlive())) {
                    throw new AssertionError(
                            "no ACCEPT line from " + command + "\n--- output ---\n" + output);
                }
                try {
                    output.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** The last output (stdout and stderr interleaved), for failure messages. */
    String outputTail() {
        synchronized (output) {
            return output.toString();
        }
    }

    /**
     * Destroys the process (destroy, bounded wait, destroyForcibly) and joins the readers
     * (bounded).
     */
    @Override
    public void close() {
        ProbeSupport.stop(process, outReader, errReader, "openssl s_server: " + command);
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " (port " + port + ")";
    }
}
