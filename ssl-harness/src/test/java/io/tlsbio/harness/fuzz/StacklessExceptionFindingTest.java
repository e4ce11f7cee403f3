package io.tlsbio.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.Outcome;
import io.tlsbio.harness.Role;
import io.tlsbio.harness.TlsHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client target's first finding, made deterministic. A server Certificate whose DER makes
 * BouncyCastle's parser throw a ClassCastException is the peer's malformed input (bad_certificate);
 * ssl-core tells such an exception from a bug of its own by the exception's stack trace. HotSpot
 * throws hot implicit exceptions without one ({@code -XX:+OmitStackTraceInFastThrow}, the default),
 * so after enough malformed certificates the same input is answered with internal_error, counted as
 * an internal bug, and in strict mode thrown as {@code InternalBugException}: what the fuzzer hit
 * after about 35,000 inputs. {@code -XX:-StackTraceInThrowable} takes every stack trace away at
 * once, so one input shows it.
 */
class StacklessExceptionFindingTest {

    static final Path INPUT =
            SeedCorporaTest.ROOT.resolve(
                    "ClientFuzzTestInputs/feedClient/crash-df5bd704c52530b802eb9b27fc6da2922e590c4c");

    @Test
    void withStackTracesTheMalformedCertificateIsBadCertificate() throws Exception {
        TlsInput in = TlsInput.decode(Role.CLIENT, Files.readAllBytes(INPUT));
        Outcome o = TlsHarness.feedClient(in.config(), in.peerBytes());
        assertThat(o.alertSent()).as(o.summary()).isEqualTo(42);
        assertThat(o.failure().alertName()).isEqualTo("bad_certificate");
    }

    @Test
    void withoutStackTracesTheMalformedCertificateIsStillBadCertificate() throws Exception {
        assertThat(replay("-XX:-StackTraceInThrowable"))
                .contains("outcome: ", "alert sent 42")
                .doesNotContain("escaped");
    }

    /**
     * Runs {@link FindingReplay} on the input in a child JVM with {@code flags}; returns its
     * output.
     */
    static String replay(String... flags) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        cmd.addAll(List.of(flags));
        cmd.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        FindingReplay.class.getName(),
                        INPUT.toString(),
                        "CLIENT"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("the replay did not end within 120 s");
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }
}
