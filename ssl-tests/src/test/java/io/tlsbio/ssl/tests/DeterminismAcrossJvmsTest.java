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
            "TLS1_2-RSA-clientauth a8bcf760c1649a251ae9c2b9372702330bdc8100124c3233fecd8b6358984996 fb51d6d5de6e575c74164235dcf6f9d67d81a12c7c6da92ab22cb4da97e6660f",
            "TLS1_2-ECDSA ee47b91edeb39d98dc6ba05887e9501b848972162c464d21409010db3ae82991 b8f9f298985ae2e4477c52f7ebe7c9687e1091bb6aa67cead011541fd80621c2",
            "TLS1_2-ECDSA-clientauth adaa6d80874ef5016262549906643e97abe943951cdfbc86822d6e84498c5dbf 24e9485932d7a946a1ccacd2ebd4b6c3a1846706a8e6ffe1d32c082ad2e68789",
            "TLS1_3-RSA 7ca09a73aa56f9f62848eac43424df628fb8c43aa37c8c8945abc1df296a5a3d cec10f9613f649c40ea7bf9df2a4089c32f2fc89c13c6e74bcf6b612fe0fad08",
            "TLS1_3-RSA-clientauth 3d348750ecd1828306d35105aecc1a0d48abc2a9cf7b1f7b45c64d4cf09511f3 058db3bfa87a50c46e874fbdf133c691b4e80c083f26fb416c720a3551bdfc1d",
            "TLS1_3-ECDSA bad2d35212abc008f5b9f244e7702df4aae721e9c477b58fcb51f90f57048ceb 714ccee53e68713ad3b07c94e231de6ec6cf5cdfd099e8d3dca97bfc706ed925",
            "TLS1_3-ECDSA-clientauth 0a9430afc85b18a817f8020a45a9935047ced674dd9449e40d444e10311b2a26 2741b84d467ce9dcfb54b4b8686ca5e2c0572071103af1968f1c0dfb2c144caa");

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
