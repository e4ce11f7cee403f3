package io.tlsbio.ssl.tests.oracle;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The libssl oracle: {@code src/test/c/ssl_oracle.c} plays a fixed scenario against the real
 * OpenSSL (client and server in one process, over memory BIOs) and prints one line per call of
 * interest; tests play the same scenario against tlsbio and compare the traces. The program's
 * header comment documents the scenarios and the line format.
 *
 * <p>The program is compiled once per JVM with {@code gcc -O1 ... -lssl -lcrypto} into the module's
 * {@code target/} directory (found from the working directory: the ssl-tests module under Maven
 * surefire, or the repository root). Missing gcc or OpenSSL headers (libssl-dev) fail the calling
 * test loudly; they are never a reason to skip. Pure JDK, no other dependency.
 */
public final class LibSslOracle {

    /** How long one run, or the compilation, may take before the process is destroyed. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The C source, relative to the ssl-tests module directory. */
    static final Path SOURCE = Path.of("src", "test", "c", "ssl_oracle.c");

    static final String GCC = "gcc";

    private static Path binary;

    private LibSslOracle() {}

    /**
     * Runs {@code scenario} (e.g. {@code "write_retry_longer"} or {@code "write_retry_longer:1.2"})
     * with the server's certificate chain and key and the CA the client trusts (PEM files), and
     * returns its trace without the comment lines ({@code #...}) and blank lines.
     *
     * @throws AssertionError if the program cannot be built, times out, or exits with an error (the
     *     message holds its stderr and stdout)
     */
    public static List<String> trace(String scenario, Path cert, Path key, Path ca) {
        return trace(binary(), "ssl_oracle", scenario, cert, key, ca);
    }

    /**
     * Runs the oracle {@code binary} ({@code name} in messages) on {@code scenario} with the PEM
     * files, as {@link #trace(String, Path, Path, Path)} runs ssl_oracle: the trace without comment
     * and blank lines.
     */
    static List<String> trace(
            Path binary, String name, String scenario, Path cert, Path key, Path ca) {
        List<String> command =
                List.of(
                        binary.toString(),
                        scenario,
                        cert.toAbsolutePath().toString(),
                        key.toAbsolutePath().toString(),
                        ca.toAbsolutePath().toString());
        Result r = run(command, name + " " + scenario);
        if (r.exitCode != 0) {
            throw new AssertionError(
                    name
                            + " "
                            + scenario
                            + " exited with "
                            + r.exitCode
                            + "\nstderr:\n"
                            + r.stderr
                            + "\nstdout:\n"
                            + r.stdout);
        }
        List<String> lines = new ArrayList<>();
        for (String line : r.stdout.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                lines.add(l);
            }
        }
        return List.copyOf(lines);
    }

    /** The compiled program, built on first use (once per JVM). */
    public static synchronized Path binary() {
        if (binary == null) {
            binary = compile("ssl_oracle");
        }
        return binary;
    }

    /** The ssl-tests module directory: the working directory, or its ssl-tests child. */
    static Path moduleDir() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir : List.of(cwd, cwd.resolve("ssl-tests"))) {
            if (Files.isRegularFile(dir.resolve(SOURCE))) {
                return dir;
            }
        }
        throw new AssertionError(
                "cannot find "
                        + SOURCE
                        + " under "
                        + cwd
                        + " or "
                        + cwd.resolve("ssl-tests")
                        + ": run from the ssl-tests module directory");
    }

    /**
     * Compiles {@code src/test/c/<name>.c} (with the headers beside it) into {@code target/<name>}
     * and returns the program; once per JVM and program, callers cache it.
     */
    static Path compile(String name) {
        Path moduleDir = moduleDir();
        Path target = moduleDir.resolve("target");
        Path out = target.resolve(name);
        // built under a private name, then renamed: concurrent JVMs never run a half-written file
        Path tmp = target.resolve(name + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new AssertionError("cannot create " + target, e);
        }
        List<String> command =
                List.of(
                        GCC,
                        "-O1",
                        "-o",
                        tmp.toString(),
                        moduleDir.resolve(SOURCE).resolveSibling(name + ".c").toString(),
                        "-lssl",
                        "-lcrypto");
        Result r = run(command, "gcc");
        if (r.exitCode != 0) {
            throw new AssertionError(
                    "cannot compile the "
                            + name
                            + " oracle (are gcc and libssl-dev installed?): "
                            + String.join(" ", command)
                            + " exited with "
                            + r.exitCode
                            + "\n"
                            + r.stderr
                            + r.stdout);
        }
        try {
            Files.move(
                    tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new AssertionError("cannot move " + tmp + " to " + out, e);
        }
        return out;
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    /** Runs a command with its output in temporary files, waiting at most {@link #TIMEOUT}. */
    private static Result run(List<String> command, String what) {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("ssl_oracle", ".out");
            stderr = Files.createTempFile("ssl_oracle", ".err");
            Process p;
            try {
                p =
                        new ProcessBuilder(command)
                                .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                                .redirectOutput(stdout.toFile())
                                .redirectError(stderr.toFile())
                                .start();
            } catch (IOException e) {
                throw new AssertionError(
                        "cannot start "
                                + command.get(0)
                                + " ("
                                + what
                                + "): the libssl oracle needs gcc and libssl-dev",
                        e);
            }
            boolean exited;
            try {
                exited = p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            if (!exited) {
                p.destroyForcibly();
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new AssertionError(
                        what
                                + " did not finish within "
                                + TIMEOUT
                                + "; destroyed"
                                + "\nstderr:\n"
                                + read(stderr)
                                + "\nstdout:\n"
                                + read(stdout));
            }
            return new Result(p.exitValue(), read(stdout), read(stderr));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + what, e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }
}
