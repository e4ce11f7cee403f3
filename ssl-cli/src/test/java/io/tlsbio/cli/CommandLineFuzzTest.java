package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Fuzz target: the CLI's command line. Arguments built from the input (a subcommand, then flags
 * drawn from the real ones, values and free text) are parsed as {@code tlsbio} parses them; the
 * only outcome besides success is picocli's {@link CommandLine.ParameterException}, which the CLI
 * turns into its one-line usage error. Nothing runs (no socket is opened). Regression mode runs the
 * corpus in {@code src/test/resources/io/tlsbio/cli/CommandLineFuzzTestInputs/parse}; fuzz it with
 * {@code JAZZER_FUZZ=1 mvn -pl ssl-cli -am test -Dtest='CommandLineFuzzTest#parse'
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.instrument='io.tlsbio.**'}.
 */
class CommandLineFuzzTest {

    private static final String[] COMMANDS = {"s_client", "s_server", "verify", "ciphers", "demo"};
    private static final String[] FLAGS = {
        "-connect",
        "-accept",
        "-cert",
        "-key",
        "-pass",
        "-CAfile",
        "-CApath",
        "-CRLfile",
        "-crl_check",
        "-crl_check_all",
        "-verify",
        "-Verify",
        "-verify_depth",
        "-verify_return_error",
        "-verify_hostname",
        "-verify_ip",
        "-auth_level",
        "-attime",
        "-tls1_2",
        "-tls1_3",
        "-cipher",
        "-ciphersuites",
        "-groups",
        "-alpn",
        "-nbio",
        "-bio",
        "-state",
        "-msg",
        "-quiet",
        "-brief",
        "-servername",
        "-noservername",
        "-cert_chain",
        "-cert2",
        "-key2",
        "-servername_fatal",
        "-status",
        "-status_file",
        "-www",
        "-naccept",
        "-handshake_timeout",
        "-idle_timeout",
        "-untrusted",
        "-purpose",
        "-show_chain",
        "-ign_eof",
        "-v",
        "-V",
        "-s",
        "--bio",
        "--tls",
        "--trace",
        "-help"
    };

    @FuzzTest(maxDuration = "10m")
    void parse(FuzzedDataProvider data) {
        List<String> args = new ArrayList<>();
        args.add(COMMANDS[data.consumeInt(0, COMMANDS.length - 1)]);
        int n = data.consumeInt(0, 12);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            args.add(data.consumeBoolean() ? data.pickValue(FLAGS) : data.consumeString(40));
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        Terminal t = new Terminal(new ByteArrayInputStream(new byte[0]), ps, ps);
        try {
            Main.commandLine(t).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException expected) {
            // the CLI prints it as a usage error and exits 2
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
