package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsbio.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target: PEM files as the CLI and the library read them ({@code -cert}, {@code -key}, {@code
 * -CAfile}, {@code tlsbio verify}). Any file content ends in a result or in the documented errors —
 * an {@link UncheckedIOException}/{@link IllegalArgumentException} naming the file from the
 * builder, exit code 1 or 2 with one line from {@code verify} — never another exception or a stack
 * trace. Fuzz it with {@code JAZZER_FUZZ=1 mvn -pl ssl-cli -am test
 * -Dtest='PemFileFuzzTest#pemFile' -Dsurefire.failIfNoSpecifiedTests=false
 * -Djazzer.instrument='io.tlsbio.**'}.
 */
class PemFileFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void pemFile(byte[] content) throws IOException {
        Path f = Files.createTempFile("fuzz", ".pem");
        try {
            Files.write(f, content);
            try {
                SslContext.builder().certificate(f, f);
            } catch (UncheckedIOException | IllegalArgumentException expected) {
                assertThat(expected.getMessage()).contains(f.toString());
            }
            try {
                SslContext.builder().trust(f);
            } catch (UncheckedIOException | IllegalArgumentException expected) {
                assertThat(expected.getMessage()).contains(f.toString());
            }
            Capture out = new Capture();
            Capture err = new Capture();
            int code =
                    Main.run(
                            new Terminal(
                                    new java.io.ByteArrayInputStream(new byte[0]),
                                    out.printStream(),
                                    err.printStream()),
                            "verify",
                            "-CAfile",
                            f.toString(),
                            f.toString());
            assertThat(code).isIn(0, 1, 2);
            assertThat(err.toString()).doesNotContain("\tat ");
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
