package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code SslContext.Builder.deterministic(seed)} is the one switch: two separate JVMs write
 * byte-identical client and server transcripts for TLS 1.2 and 1.3, RSA and ECDSA, with and without
 * client authentication, and the transcripts' SHA-256 are the golden values pinned here for bctls
 * 1.84 (a bctls upgrade that changes them must update this list on purpose).
 */
class DeterminismAcrossJvmsTest {

    /** case, SHA-256 of the client's transcript, of the server's. */
    static final List<String> GOLDEN =
            List.of(
                    "TLS1_2-RSA 53c59204d8f0d3e9df86bfdc1bd5ae753cf3ff3d86116e988d8eeabf372bdc80 bafff0160c679b3a18effb5dc546b9ab6149360eab6ea0b05988fe7598374825",
                    "TLS1_2-RSA-clientauth 5b04dccca949246606d51c2b9185202adc9b1d4721e0adba561461e7f482d2ec 7e80d5158ed7598d4dd5f9e262e51fe3020af0505bb686569af987eea50fbac6",
                    "TLS1_2-ECDSA 5f56d5cc39877a35f087a8a81bf05273a0daaab74faf0a524cd805c550d2cb62 560c3d098b1b6232cca1badac47d6e88b8e7a09435436563ab1c61d1682f9f66",
                    "TLS1_2-ECDSA-clientauth 7b2c881ebabe5313ca8cf449d01e061ffcf01abf5e6f64e86498a06c2853576b 75d7ba722d35fb1efa64aa4742dea974276d0f89676483075875dbd8308ed362",
                    "TLS1_3-RSA 5bd7ed42b8734a83ef2ee018afcbc2568b6f76d324c2b00cbc50279fa5b043dd 7acae1aa8618e162270a4920515f3f4f47fc487d91a70c40cb4055e14a065133",
                    "TLS1_3-RSA-clientauth 237900c86585830c52407d1be2b67f22e2e15f1d20cb318cc7657315062c5435 4ad4d743d9cced92601c0e5ba588ef21f3024aa9380011f3cbc04469d0fda917",
                    "TLS1_3-ECDSA 5a516043870095bc7d28c546c1daf932988720dd86bfa28e7a5b6b7bde6a9399 36048bd439b6b13715b53b7b3fe989fcdf3d42b326aed353e9dda4a6577d8efe",
                    "TLS1_3-ECDSA-clientauth 85755e12817cf14f1ba51f6dbfac1345373bc394c7965a34531de88c842340b5 1f6473980301b2158faebb84b2ca5ffd4d367cde1c8b80be3ea3c945c3705a9d");

    private static List<String> runJvm() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb =
                new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        DeterministicTranscripts.class.getName());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("JVM finished").isTrue();
            assertThat(p.exitValue()).isZero();
            List<String> lines = new ArrayList<>();
            for (String l : new String(out, StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank()) {
                    lines.add(l.strip());
                }
            }
            return lines;
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void twoJvmsWriteTheGoldenTranscripts() throws Exception {
        List<String> first = runJvm();
        List<String> second = runJvm();
        assertThat(first).hasSize(DeterministicTranscripts.cases().size());
        assertThat(second).as("second JVM").isEqualTo(first);
        assertThat(first).as("golden SHA-256 for bctls 1.84").isEqualTo(GOLDEN);
    }

    @Test
    void sameCaseTwiceInOneJvmIsTheSame() {
        String a = DeterministicTranscripts.line(DeterministicTranscripts.cases().get(0));
        assertThat(DeterministicTranscripts.line(DeterministicTranscripts.cases().get(0)))
                .isEqualTo(a);
    }
}
