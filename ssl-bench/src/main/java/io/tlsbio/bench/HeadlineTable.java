package io.tlsbio.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The README's headline table from one or more {@code bench.json} files (one column group per file,
 * e.g. JDK 17 and JDK 25), with the performance targets and whether each run meets them:
 *
 * <pre>
 * java -jar ssl-bench/target/ssl-bench.jar --table "JDK 17=ssl-bench/target/bench-jdk17.json" \
 *     "JDK 25=ssl-bench/target/bench-jdk25.json"
 * </pre>
 */
public final class HeadlineTable {

    /**
     * A target on tlsbio / baseline.
     *
     * @param measurePrefix the measures it applies to
     * @param atLeast true for "ratio ≥ value", false for "ratio ≤ value"
     * @param jdk the one JDK it applies to (a column labelled "JDK n"), or 0 for all
     */
    record Target(String measurePrefix, String baseline, boolean atLeast, double value, int jdk) {
        boolean appliesTo(String label) {
            return jdk == 0 || label.equals("JDK " + jdk);
        }

        boolean met(double ratio) {
            return atLeast ? ratio >= value : ratio <= value;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%s %s×%s",
                    atLeast ? "≥" : "≤",
                    value,
                    jdk == 0 ? "" : " (JDK " + jdk + ")");
        }
    }

    /**
     * The targets of docs and README: handshakes and bulk against both baselines, memory against
     * SSLEngine.
     */
    static final List<Target> TARGETS =
            List.of(
                    new Target("handshakes", "sslengine", true, 3.5, 17),
                    new Target("handshakes", "bctls-direct", true, 0.95, 0),
                    new Target("bulk-", "sslengine", true, 1.1, 0),
                    new Target("bulk-", "bctls-direct", true, 0.95, 0),
                    new Target("idle-", "sslengine", false, 1.0, 0));

    private static final Map<String, String> NAMES =
            Map.of(
                    "handshakes", "full TLS 1.3 handshakes/s",
                    "bulk-16KiB", "bulk, 16 KiB writes, MB/s",
                    "bulk-1KiB", "bulk, 1 KiB writes, MB/s",
                    "idle-pair-heap", "idle pair, KiB of heap (lower is better)",
                    "idle-pair-retained", "idle pair, KiB retained, JOL (lower is better)");
    private static final Map<String, String> BASELINES =
            Map.of("sslengine", "SSLEngine", "bctls-direct", "bctls direct");

    private HeadlineTable() {}

    /**
     * Arguments: {@code label=bench.json} (or just a file, labelled by its name), one per column
     * group.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println(
                    "usage: java -jar ssl-bench.jar --table [\"JDK 17=\"]bench.json ...");
            System.exit(2);
        }
        Map<String, List<Measure>> runs = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            Path file = Path.of(eq < 0 ? a : a.substring(eq + 1));
            runs.put(
                    eq < 0 ? file.getFileName().toString() : a.substring(0, eq),
                    Measure.read(file));
        }
        System.out.print(render(runs));
    }

    /**
     * The markdown table: a row per measure and baseline, a column group per run, the target last.
     */
    static String render(Map<String, List<Measure>> runs) {
        StringBuilder b = new StringBuilder("| measure | vs |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (String label : runs.keySet()) {
            b.append(
                    String.format(
                            " %1$s: tlsbio | %1$s: baseline | %1$s: tlsbio / baseline |", label));
            rule.append("---:|---:|---:|");
        }
        b.append(" target |\n").append(rule).append("---|\n");
        List<Measure> rows = runs.values().iterator().next();
        for (Measure row : rows) {
            b.append("| ")
                    .append(NAMES.getOrDefault(row.name(), row.name()))
                    .append(" | ")
                    .append(BASELINES.getOrDefault(row.baseline(), row.baseline()))
                    .append(" |");
            Target target = target(row);
            for (Map.Entry<String, List<Measure>> run : runs.entrySet()) {
                Measure m = find(run.getValue(), row);
                if (m == null) {
                    b.append(" – | – | – |");
                    continue;
                }
                String mark =
                        target == null || !target.appliesTo(run.getKey())
                                ? ""
                                : target.met(m.ratio()) ? " ✓" : " ✗";
                String f = m.name().startsWith("idle-") ? "%,.1f" : "%,.0f";
                b.append(
                        String.format(
                                Locale.ROOT,
                                " " + f + " | " + f + " | %.2f×%s |",
                                m.tlsbio(),
                                m.baselineValue(),
                                m.ratio(),
                                mark));
            }
            b.append(' ').append(target == null ? "–" : target.toString()).append(" |\n");
        }
        return b.toString();
    }

    /** The target for {@code m}'s measure and baseline, or null. */
    static Target target(Measure m) {
        for (Target t : TARGETS) {
            if (m.name().startsWith(t.measurePrefix()) && m.baseline().equals(t.baseline())) {
                return t;
            }
        }
        return null;
    }

    private static Measure find(List<Measure> run, Measure like) {
        for (Measure m : run) {
            if (m.name().equals(like.name()) && m.baseline().equals(like.baseline())) {
                return m;
            }
        }
        return null;
    }
}
