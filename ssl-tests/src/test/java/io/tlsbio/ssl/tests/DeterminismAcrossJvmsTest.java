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
 * byte-identical client and server transcripts for TLS 1.2 and 1.3, RSA and ECDSA, with and
 * without client authentication, and the transcripts' SHA-256 are the golden values pinned here
 * for bctls 1.84 (a bctls upgrade that changes them must update this list on purpose).
 */
class DeterminismAcrossJvmsTest {

    /** case, SHA-256 of the client's transcript, of the server's. */
    static final List<String> GOLDEN = List.of(
            "TLS1_2-RSA f04d23c4c12a94553ab10fc6fbe94abc56dd08b2aecc6874ba0db310285d9b97 17b66f19c280fb71d2b0484dbb3488f00a2ef47dd200c4a5410d8c4e1607bd08",
            "TLS1_2-RSA-clientauth a7841a529f8ca0b589be8945fd96053d3480069b3768ba44aade9c2588b2e8de 0234dbd9a095c9f01de23827b717c1289f314f4c199e085fbda2b455ed99958f",
            "TLS1_2-ECDSA ee47b91edeb39d98dc6ba05887e9501b848972162c464d21409010db3ae82991 b8f9f298985ae2e4477c52f7ebe7c9687e1091bb6aa67cead011541fd80621c2",
            "TLS1_2-ECDSA-clientauth 82ae7fc06919e6fb162f878d9dcf7db344210e829afdd3f269a30373bd5d7fd7 4bc0d37963a32325f1b999a2debc9bd7379755b36994d37601c57a3eaa44e3be",
            "TLS1_3-RSA 7ca09a73aa56f9f62848eac43424df628fb8c43aa37c8c8945abc1df296a5a3d cec10f9613f649c40ea7bf9df2a4089c32f2fc89c13c6e74bcf6b612fe0fad08",
            "TLS1_3-RSA-clientauth efa13fdd10dc96f7ad84f8967509be5c851faa9d4d8abb095b64e7af2d7c03f3 99982f65e27f0f13dceea52fee97d3939fce021e2ec3c4cd4addb7d60fffd51e",
            "TLS1_3-ECDSA bad2d35212abc008f5b9f244e7702df4aae721e9c477b58fcb51f90f57048ceb 714ccee53e68713ad3b07c94e231de6ec6cf5cdfd099e8d3dca97bfc706ed925",
            "TLS1_3-ECDSA-clientauth 6767889be9aa3ee9baa3ec2855e1dd616227367c160c42f430d6146829abe2d3 325fa7531855b63a99a6399fb8f1a18f372198cd3b592bbba269c0bbd3f4d4d9");

    private static List<String> runJvm() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
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
        assertThat(DeterministicTranscripts.line(DeterministicTranscripts.cases().get(0))).isEqualTo(a);
    }
}
