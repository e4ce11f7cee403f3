package io.tlsbio.ssl.tests.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the probe tests' server wrappers and reports share. */
final class ProbeSupport {

    private ProbeSupport() {}

    /**
     * Stops a server process: destroy, a bounded wait, destroyForcibly; then joins its output
     * readers (bounded). Fails naming {@code what} if anything is still running.
     */
    static void stop(Process process, Thread outReader, Thread errReader, String what) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
            process.getOutputStream().close();
            outReader.join(5_000);
            errReader.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // stdin already closed
        }
        if (process.isAlive() || outReader.isAlive() || errReader.isAlive()) {
            throw new AssertionError(what + " or its readers did not stop");
        }
    }

    /**
     * Writes a full report to {@code target/fileName} when the module's target directory exists.
     */
    static void writeReport(String fileName, CharSequence report) {
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Files.writeString(target.resolve(fileName), report, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
