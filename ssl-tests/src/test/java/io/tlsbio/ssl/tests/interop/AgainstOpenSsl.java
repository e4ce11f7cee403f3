package io.tlsbio.ssl.tests.interop;

import io.tlsbio.harness.OpenSslProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests against the real openssl start from: openssl must be installed (a missing one
 * fails the class, never skips it), and each test gets a fresh directory for the PEM files it
 * writes and where openssl runs.
 */
abstract class AgainstOpenSsl {

    @TempDir Path dir;

    @BeforeAll
    static void opensslIsInstalled() {
        OpenSslProcess.requireOpenssl();
    }
}
