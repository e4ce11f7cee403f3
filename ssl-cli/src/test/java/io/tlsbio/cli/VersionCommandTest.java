package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tlsbio version} and {@code tlsbio -version}: one line as {@code openssl version}, exit 0.
 */
class VersionCommandTest {

    /**
     * The version line: this build's version (Maven's, filtered in) and the bctls jar's, both
     * known.
     */
    private static final String LINE = "tlsbio \\d+\\.\\d+\\.\\d+\\S* \\(bctls \\d+\\.\\d+\\S*\\)";

    @ParameterizedTest
    @ValueSource(strings = {"version", "-version", "--version"})
    void printsTheVersionLineAndExitsZero(String arg) throws Exception {
        InProcess.Result r = InProcess.run("", arg);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).matches(LINE + "\\R");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void dashAAddsTheRuntimeAndPlatform() throws Exception {
        InProcess.Result r = InProcess.run("", "version", "-a");

        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\\R");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).matches(LINE);
        assertThat(lines)
                .endsWith(
                        "Java: "
                                + System.getProperty("java.runtime.version")
                                + " ("
                                + System.getProperty("java.vendor")
                                + ")",
                        "Platform: "
                                + System.getProperty("os.name")
                                + " "
                                + System.getProperty("os.arch"));
    }

    @Test
    void anUnknownFlagIsAUsageError() throws Exception {
        InProcess.Result r = InProcess.run("", "version", "-b");

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.out()).isEmpty();
    }
}
