package io.tlsbio.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code bench.json}: a measure of tlsbio against one baseline, from one run. {@code
 * ratio} is always tlsbio / baseline; whether higher or lower is better is in {@code unit}. For
 * throughput it is the median of the per-rep ratios (adjacent reps, so it may differ slightly from
 * {@code tlsbio / baselineValue}, the ratio of the medians).
 *
 * @param name what is measured: {@code handshakes}, {@code bulk-16KiB}, {@code bulk-1KiB}, {@code
 *     idle-pair-heap}, {@code idle-pair-retained}
 * @param unit the unit of {@code tlsbio} and {@code baselineValue}, with the better direction
 * @param tlsbio tlsbio's value
 * @param baseline {@code sslengine} or {@code bctls-direct}
 * @param baselineValue the baseline's value
 * @param ratio tlsbio / baseline
 */
public record Measure(
        String name,
        String unit,
        double tlsbio,
        String baseline,
        double baselineValue,
        double ratio) {

    /** The JSON keys, in the order they are written. */
    static final List<String> KEYS =
            List.of("name", "unit", "tlsbio", "baseline", "baseline_value", "ratio");

    private static final Pattern OBJECT = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern MEMBER =
            Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"([^\"]*)\"|[-+0-9.eE]+|null)");

    /** This measure as one JSON object; a value that is not a finite number is written as null. */
    String toJson() {
        return String.format(
                Locale.ROOT,
                "{\"name\": \"%s\", \"unit\": \"%s\", \"tlsbio\": %s, \"baseline\": \"%s\", \"baseline_value\": %s, \"ratio\": %s}",
                name,
                unit,
                number(tlsbio),
                baseline,
                number(baselineValue),
                number(ratio));
    }

    private static String number(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.4f", x) : "null";
    }

    /** Writes {@code measures} as a JSON list, one object per line. */
    static void write(Path file, List<Measure> measures) throws IOException {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < measures.size(); i++) {
            b.append("  ")
                    .append(measures.get(i).toJson())
                    .append(i + 1 < measures.size() ? ",\n" : "\n");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b.append("]\n"));
    }

    /** Reads back what {@link #write} wrote (flat objects of strings and numbers only). */
    static List<Measure> read(Path file) throws IOException {
        List<Measure> out = new ArrayList<>();
        Matcher o = OBJECT.matcher(Files.readString(file));
        while (o.find()) {
            Map<String, String> m = new HashMap<>();
            Matcher f = MEMBER.matcher(o.group(1));
            while (f.find()) {
                m.put(f.group(1), f.group(3) != null ? f.group(3) : f.group(2));
            }
            if (!m.keySet().containsAll(KEYS)) {
                throw new IOException(
                        file + ": an object without all of " + KEYS + ": " + o.group());
            }
            out.add(
                    new Measure(
                            m.get("name"),
                            m.get("unit"),
                            value(m.get("tlsbio")),
                            m.get("baseline"),
                            value(m.get("baseline_value")),
                            value(m.get("ratio"))));
        }
        return out;
    }

    private static double value(String s) {
        return s.equals("null") ? Double.NaN : Double.parseDouble(s);
    }
}
