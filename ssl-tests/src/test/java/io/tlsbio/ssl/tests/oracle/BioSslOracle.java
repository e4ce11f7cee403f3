package io.tlsbio.ssl.tests.oracle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SSL BIO oracle: {@code src/test/c/bio_ssl_oracle.c} plays a scenario with OpenSSL's
 * {@code BIO_f_ssl} and prints one line per BIO call; {@link SslBioOracleTest} compares it with
 * tlsbio's {@code SslBio}. Built and run as {@link LibSslOracle} builds and runs its program
 * (gcc and libssl-dev are required: their absence fails the test, never skips it).
 */
final class BioSslOracle {

    static final Path SOURCE = Path.of("src", "test", "c", "bio_ssl_oracle.c");

    private static Path binary;

    private BioSslOracle() {
    }

    /** Runs {@code scenario} ("implicit:1.2"...) and returns its lines without comments and blanks. */
    static List<String> trace(String scenario, Path cert, Path key, Path ca) {
        List<String> command = List.of(binary().toString(), scenario, cert.toAbsolutePath().toString(),
                key.toAbsolutePath().toString(), ca.toAbsolutePath().toString());
        Result r = run(command);
        if (r.exitCode != 0) {
            throw new AssertionError("bio_ssl_oracle " + scenario + " exited with " + r.exitCode
                    + "\nstderr:\n" + r.stderr + "\nstdout:\n" + r.stdout);
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

    private static synchronized Path binary() {
        if (binary == null) {
            Path moduleDir = LibSslOracle.moduleDir();
            Path target = moduleDir.resolve("target");
            Path out = target.resolve("bio_ssl_oracle");
            // built under a private name, then renamed: concurrent JVMs never run a half-written file
            Path tmp = target.resolve("bio_ssl_oracle." + ProcessHandle.current().pid() + ".tmp");
            List<String> gcc = List.of(LibSslOracle.GCC, "-O1", "-o", tmp.toString(),
                    moduleDir.resolve(SOURCE).toString(), "-lssl", "-lcrypto");
            try {
                Files.createDirectories(target);
                Result r = run(gcc);
                if (r.exitCode != 0) {
                    throw new AssertionError("cannot compile the SSL BIO oracle (gcc and libssl-dev installed?): "
                            + String.join(" ", gcc) + "\n" + r.stderr + r.stdout);
                }
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new AssertionError("cannot build " + out, e);
            }
            binary = out;
        }
        return binary;
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code command} with its output in temporary files, for at most LibSslOracle.TIMEOUT. */
    private static Result run(List<String> command) {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("bio_ssl_oracle", ".out");
            stderr = Files.createTempFile("bio_ssl_oracle", ".err");
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(LibSslOracle.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(command.get(0) + " did not finish within " + LibSslOracle.TIMEOUT);
            }
            return new Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " (gcc and libssl-dev installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command.get(0), e);
        } finally {
            for (Path f : new Path[] { stdout, stderr }) {
                if (f != null) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException ignored) {
                        // a leftover temporary file is harmless
                    }
                }
            }
        }
    }
}
