package io.tlsbio.bench;

import java.util.Arrays;

/**
 * The jar's entry point: {@code --quick} runs the quick side-by-side comparison ({@link Quick}),
 * {@code --table} renders the README's headline table from saved results ({@link HeadlineTable});
 * {@code --warmup VARIANT} prints a variant's bulk throughput from a cold start ({@link WarmUp});
 * anything else goes to JMH unchanged, so {@code java -jar ssl-bench.jar <regex> <JMH options>}
 * works as before.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        String first = args.length > 0 ? args[0] : "";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (first) {
            case "--quick" -> Quick.main(rest);
            case "--table" -> HeadlineTable.main(rest);
            case "--warmup" -> WarmUp.main(rest);
            default -> org.openjdk.jmh.Main.main(args);
        }
    }
}
