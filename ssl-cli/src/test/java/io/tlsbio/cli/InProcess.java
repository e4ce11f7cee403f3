package io.tlsbio.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code tlsbio} command line running in this JVM on a daemon thread of its own, through {@link
 * Main#run} exactly as from a shell, with its stdout and stderr captured.
 */
final class InProcess implements AutoCloseable {

    /** Every wait on a command is bounded by this. */
    static final Duration LIMIT = Duration.ofSeconds(30);

    final Capture out = new Capture();
    final Capture err = new Capture();
    private final ExecutorService thread =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "tlsbio-in-process");
                        t.setDaemon(true);
                        return t;
                    });
    private final Future<Integer> exit;

    private InProcess(InputStream in, String... args) {
        Terminal t = new Terminal(in, out.printStream(), err.printStream());
        exit = thread.submit(() -> Main.run(t, args));
    }

    /** Starts {@code tlsbio args...} with {@code in} as its stdin. */
    static InProcess start(InputStream in, String... args) {
        return new InProcess(in, args);
    }

    /** Starts {@code tlsbio args...} with {@code stdin} (UTF-8) as its stdin. */
    static InProcess start(String stdin, String... args) {
        return new InProcess(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    /** Runs {@code tlsbio args...} to the end (at most {@link #LIMIT}). */
    static Result run(String stdin, String... args) throws Exception {
        try (InProcess p = start(stdin, args)) {
            return p.result(LIMIT);
        }
    }

    /** The exit status and output, once the command has ended (within {@code timeout}). */
    Result result(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            int code = exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(code, out.toString(), err.toString());
        } catch (ExecutionException e) {
            throw new AssertionError("Main.run threw (it must not): " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException(
                    "still running after " + timeout + "; stdout:\n" + out + "\nstderr:\n" + err);
        }
    }

    boolean isDone() {
        return exit.isDone();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** How a command ended. */
    record Result(int code, String out, String err) {
        /** stderr's lines, without a trailing empty one. */
        String[] errLines() {
            return err.isEmpty() ? new String[0] : err.split("\\R");
        }
    }
}
