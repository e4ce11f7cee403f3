package io.tlsbio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick run end to end in its tiny mode (the numbers mean nothing): bench.json's shape and the
 * tables.
 */
class QuickTest {

    /**
     * One object with exactly the six keys, in order, each value of its type; %1$s a string, %2$s a
     * number.
     */
    private static final String OBJECT_FORM =
            "\\{\"name\": %1$s, \"unit\": %1$s, \"tlsbio\": %2$s, \"baseline\": %1$s, "
                    + "\"baseline_value\": %2$s, \"ratio\": %2$s}";

    private static final Pattern OBJECT =
            Pattern.compile(String.format(OBJECT_FORM, "\"([^\"]+)\"", "(-?[0-9]+\\.[0-9]+)"));
    private static final String PLAIN_OBJECT =
            String.format(OBJECT_FORM, "\"[^\"]+\"", "-?[0-9]+\\.[0-9]+");

    /** A JSON list of such objects and nothing else. */
    private static final Pattern LIST =
            Pattern.compile(
                    "\\[\\s*" + PLAIN_OBJECT + "(?:\\s*,\\s*" + PLAIN_OBJECT + ")*\\s*]\\s*");

    @Test
    void tinyRunWritesOneEntryPerMeasurePerBaseline(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out").resolve("bench.json");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Measure> written =
                Quick.run(
                        Quick.Plan.TINY, json, new PrintStream(log, true, StandardCharsets.UTF_8));

        String text = Files.readString(json);
        assertThat(text).matches(LIST);
        Map<String, List<String>> baselinesByName = new LinkedHashMap<>();
        List<double[]> values = new ArrayList<>();
        Matcher m = OBJECT.matcher(text);
        while (m.find()) {
            baselinesByName.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(4));
            values.add(
                    new double[] {
                        Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(5)),
                        Double.parseDouble(m.group(6))
                    });
            assertThat(m.group(2))
                    .as("unit of " + m.group(1))
                    .contains(
                            m.group(1).startsWith("idle-")
                                    ? "lower is better"
                                    : "higher is better");
        }
        assertThat(baselinesByName)
                .containsOnlyKeys(
                        "handshakes",
                        "bulk-16KiB",
                        "bulk-1KiB",
                        "idle-pair-heap",
                        "idle-pair-retained");
        assertThat(baselinesByName.values())
                .allSatisfy(
                        b -> assertThat(b).containsExactlyInAnyOrder("sslengine", "bctls-direct"));
        // throughput and exact retained size are positive; ratio is tlsbio / baseline
        for (double[] v : values.subList(0, 6)) {
            assertThat(v[0]).isPositive();
            assertThat(v[1]).isPositive();
        }
        for (double[] v : values.subList(8, 10)) {
            assertThat(v[2]).isCloseTo(v[0] / v[1], org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(Measure.read(json)).hasSize(10).containsExactlyElementsOf(rounded(written));
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("| handshakes | handshakes/s (higher is better) |")
                .contains("| full TLS 1.3 handshakes/s | SSLEngine |");

        // the jar's main: --table renders the headline table from saved runs
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(table, true, StandardCharsets.UTF_8));
        try {
            BenchMain.main(new String[] {"--table", "JDK 17=" + json, "JDK 25=" + json});
        } finally {
            System.setOut(stdout);
        }
        assertThat(table.toString(StandardCharsets.UTF_8))
                .startsWith(
                        "| measure | vs | JDK 17: tlsbio | JDK 17: baseline | JDK 17: tlsbio / baseline | JDK 25: tlsbio |")
                .contains("| bulk, 1 KiB writes, MB/s | bctls direct |");
    }

    @Test
    void tableMarksTargetsPerJdk() {
        List<Measure> run =
                List.of(
                        new Measure("handshakes", Quick.RATE_UNIT, 1500, "sslengine", 500, 3.0),
                        new Measure(
                                "handshakes", Quick.RATE_UNIT, 1500, "bctls-direct", 1550, 0.968),
                        new Measure(
                                "idle-pair-heap",
                                Quick.MEMORY_UNIT,
                                12.5,
                                "sslengine",
                                10.9,
                                1.147));
        String table = HeadlineTable.render(new LinkedHashMap<>(Map.of("JDK 17", run)));
        assertThat(table)
                .contains(
                        "| full TLS 1.3 handshakes/s | SSLEngine | 1,500 | 500 | 3.00× ✗ | ≥ 3.5× (JDK 17) |")
                .contains(
                        "| full TLS 1.3 handshakes/s | bctls direct | 1,500 | 1,550 | 0.97× ✓ | ≥ 0.95× |")
                .contains(
                        "| idle pair, KiB of heap (lower is better) | SSLEngine | 12.5 | 10.9 | 1.15× ✗ | ≤ 1.0× |");
        // the 3.5x handshake target is JDK 17's only
        assertThat(HeadlineTable.render(Map.of("JDK 25", run))).contains("| 3.00× |");
    }

    /** What a measure reads back as: its numbers as written, to four decimals. */
    private static List<Measure> rounded(List<Measure> ms) {
        List<Measure> out = new ArrayList<>();
        for (Measure m : ms) {
            out.add(
                    new Measure(
                            m.name(),
                            m.unit(),
                            r(m.tlsbio()),
                            m.baseline(),
                            r(m.baselineValue()),
                            r(m.ratio())));
        }
        return out;
    }

    private static double r(double x) {
        return Double.isFinite(x)
                ? Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4f", x))
                : x;
    }
}
