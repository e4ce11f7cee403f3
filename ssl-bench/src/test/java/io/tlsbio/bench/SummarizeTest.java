package io.tlsbio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The round summary: medians over rounds, MB/s for bulk, per-round ratios. */
class SummarizeTest {

    private static final String HEADER =
            "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: variant\"";

    @Test
    void mediansAndRatiosOverRounds(@TempDir Path dir) throws Exception {
        Path r1 = write(dir, "r1.csv", 100_000, 1000, 90_000, 950);
        Path r2 = write(dir, "r2.csv", 110_000, 1200, 100_000, 1000);
        Path r3 = write(dir, "r3.csv", 50_000, 1100, 60_000, 1100);
        String out = run(r1.toString(), r2.toString(), r3.toString());
        // bulk tlsbio-hybrid: median of 100k, 110k, 50k = 100k ops/s = 1638 MB/s
        assertThat(out)
                .contains(
                        "| Bulk | tlsbio-hybrid | 3 | 100,000 (50,000–110,000) | ±5 | 1,638 (819–1,802) |");
        // per-round ratios 1.111, 1.1, 0.833 -> median +10.0%
        assertThat(out).contains("| Bulk: tlsbio-hybrid vs sslengine | +10.0% (-16.7% – +11.1%) |");
        // handshake ratios 1000/950, 1200/1000, 1100/1100 -> median +5.3%
        assertThat(out)
                .contains("| Handshake: tlsbio-hybrid vs sslengine | +5.3% (+0.0% – +20.0%) |");
    }

    private static Path write(
            Path dir,
            String name,
            double bulkTlsbio,
            double hsTlsbio,
            double bulkEngine,
            double hsEngine)
            throws Exception {
        String b = "\"io.tlsbio.bench.BulkBenchmark.clientToServer\",\"thrpt\",1,5,";
        String h = "\"io.tlsbio.bench.HandshakeBenchmark.handshake\",\"thrpt\",1,5,";
        List<String> lines =
                List.of(
                        HEADER,
                        b + bulkTlsbio + ",5.0,\"ops/s\",tlsbio-hybrid",
                        b + bulkEngine + ",5.0,\"ops/s\",sslengine",
                        h + hsTlsbio + ",NaN,\"ops/s\",tlsbio-hybrid",
                        h + hsEngine + ",NaN,\"ops/s\",sslengine");
        return Files.write(dir.resolve(name), lines);
    }

    private static String run(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Summarize.main(args);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
