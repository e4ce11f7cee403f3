package io.tlsbio.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the CSV files of several JMH rounds ({@code -rf csv -rff round-N.csv}, one per run of the
 * whole suite) into a Markdown table: per benchmark and variant, the median score over the rounds
 * with its range and the median of JMH's own 99.9% error; bulk in MB/s as well. Then the
 * comparisons, each as the median (and range) of the per-round ratios.
 *
 * <pre>
 * java -cp ssl-bench/target/ssl-bench.jar io.tlsbio.bench.Summarize round-1.csv round-2.csv ...
 * </pre>
 */
public final class Summarize {

    private Summarize() {}

    public static void main(String[] args) throws IOException {
        // key "Handshake/variant" -> per-round scores and errors, in file order
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        Map<String, List<Double>> errors = new LinkedHashMap<>();
        for (String file : args) {
            List<String> lines = Files.readAllLines(Path.of(file));
            List<String> header = fields(lines.get(0));
            int score = header.indexOf("Score");
            int error = header.indexOf("Score Error (99.9%)");
            int param = header.indexOf("Param: variant");
            for (String line : lines.subList(1, lines.size())) {
                List<String> f = fields(line);
                String bench = f.get(0).replaceAll(".*\\.(\\w+)Benchmark\\..*", "$1");
                String key = bench + "/" + f.get(param);
                scores.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(Double.parseDouble(f.get(score)));
                String e = f.get(error);
                errors.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(e.isEmpty() || e.equals("NaN") ? Double.NaN : Double.parseDouble(e));
            }
        }
        System.out.printf(
                "| benchmark | variant | rounds | ops/s median (min–max) | JMH ±99.9%% error (median) | MB/s median (min–max) |%n");
        System.out.printf("|---|---|---|---|---|---|%n");
        for (Map.Entry<String, List<Double>> e : scores.entrySet()) {
            String[] k = e.getKey().split("/", 2);
            List<Double> s = e.getValue();
            String mb = "";
            if (k[0].equals("Bulk")) {
                List<Double> mbs = s.stream().map(x -> x * BulkBenchmark.WRITE_SIZE / 1e6).toList();
                mb = Stats.summary(mbs, 0);
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %d | %s | ±%,.0f | %s |%n",
                    k[0],
                    k[1],
                    s.size(),
                    Stats.summary(s, 0),
                    Stats.median(errors.get(e.getKey())),
                    mb);
        }
        System.out.printf(
                "%n| comparison | difference: median of per-round ratios (min – max) |%n|---|---|%n");
        for (String bench : List.of("Handshake", "Bulk")) {
            for (String[] pair : Interleaved.comparisons(bench.equals("Bulk"))) {
                List<Double> a = scores.get(bench + "/" + pair[0]);
                List<Double> b = scores.get(bench + "/" + pair[1]);
                if (a == null || b == null || a.size() != b.size()) {
                    continue;
                }
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    ratios.add(a.get(i) / b.get(i));
                }
                System.out.printf(
                        "| %s: %s vs %s | %s |%n", bench, pair[0], pair[1], Stats.percent(ratios));
            }
        }
    }

    /** The fields of one JMH CSV line (quoted strings, unquoted numbers, no embedded commas). */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        for (String f : line.split(",", -1)) {
            f = f.trim();
            if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
                f = f.substring(1, f.length() - 1);
            }
            out.add(f);
        }
        return out;
    }
}
