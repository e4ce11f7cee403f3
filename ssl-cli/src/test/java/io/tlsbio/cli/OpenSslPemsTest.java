package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup of the tests that run the real openssl against the command: openssl must be there (a
 * missing one fails, never skips), and the test PKI's PEM files are written once per class.
 */
abstract class OpenSslPemsTest {

    @TempDir static Path dir;
    static TestPems pems;

    @BeforeAll
    static void writePems() {
        assertThat(Path.of(ChildProcess.OPENSSL))
                .as("the openssl command (CI installs it with apt-get)")
                .isExecutable();
        pems = TestPems.write(dir);
    }
}
