package io.tlsbio.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code tlsbio} command: {@code demo}, {@code s_server}, {@code s_client}, {@code ciphers},
 * {@code verify}, {@code version}.
 *
 * <p>Exit status: 0 success; 1 a failure (one line on stderr, the stack trace only with {@code
 * -stack_traces}); 2 a usage error (unknown flag, bad value, missing subcommand), also one line.
 */
@Command(
        name = "tlsbio",
        synopsisSubcommandLabel = "(demo | s_server | s_client | ciphers | verify | version)",
        versionProvider = VersionCommand.class,
        description =
                "OpenSSL's SSL/BIO model on the JVM: the BIO demo, OpenSSL-style s_server/s_client, ciphers and verify.")
public final class Main implements Callable<Integer> {

    /** Exit status of a failed run. */
    static final int FAILURE = 1;

    /** Exit status of a command line that could not be parsed (picocli's convention). */
    static final int USAGE = 2;

    @Spec private CommandSpec spec;

    @Option(
            names = {"-help", "--help", "-h"},
            usageHelp = true,
            description = "Print this help and exit.")
    private boolean help;

    @Option(
            names = {"-version", "--version"},
            versionHelp = true,
            description = "Print the version (as 'tlsbio version') and exit.")
    @SuppressWarnings("UnusedVariable") // picocli sets and reads it (versionHelp)
    private boolean version;

    /**
     * Runs {@code tlsbio} with the process's streams and exits with its status.
     *
     * @param args the command and its options, as OpenSSL's: {@code s_client -connect host:port}...
     */
    public static void main(String[] args) {
        System.exit(run(Terminal.system(), args));
    }

    /**
     * Runs one {@code tlsbio} command line on {@code terminal} and returns its exit status; never
     * calls {@code System.exit} and never throws, so tests can call it in-process.
     *
     * @param terminal the streams the command reads and writes
     * @param args the command and its options, as OpenSSL's
     * @return the exit status: 0 on success, non-zero on a usage error or a failed command
     */
    public static int run(Terminal terminal, String... args) {
        return commandLine(terminal).execute(args);
    }

    /** The picocli command tree with one-line error handling, writing to {@code terminal}. */
    static CommandLine commandLine(Terminal terminal) {
        CommandLine cl = new CommandLine(new Main());
        // OpenSSL's commands have no @argument files: "@..." is an ordinary value (a cipher string
        // may start with @STRENGTH), never a file to read (a fuzzing finding: "@." crashed picocli)
        cl.setExpandAtFiles(false);
        cl.addSubcommand("demo", new DemoCommand(terminal));
        cl.addSubcommand("s_server", new ServerCommand(terminal));
        cl.addSubcommand("s_client", new ClientCommand(terminal));
        cl.addSubcommand("ciphers", new CiphersCommand(terminal));
        cl.addSubcommand("verify", new VerifyCommand(terminal));
        cl.addSubcommand("version", new VersionCommand(terminal));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setPosixClusteredShortOptionsAllowed(false);
        cl.setOut(
                new PrintWriter(
                        new OutputStreamWriter(terminal.out(), Charset.defaultCharset()), true));
        cl.setErr(
                new PrintWriter(
                        new OutputStreamWriter(terminal.err(), Charset.defaultCharset()), true));
        cl.setParameterExceptionHandler(
                (e, args) -> {
                    String name = e.getCommandLine().getCommandSpec().qualifiedName();
                    terminal.err()
                            .println(
                                    name
                                            + ": "
                                            + oneLine(e.getMessage())
                                            + " (see '"
                                            + name
                                            + " -help')");
                    return USAGE;
                });
        cl.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    String name = commandLine.getCommandSpec().qualifiedName();
                    String message =
                            e instanceof CliException ? e.getMessage() : "internal error: " + e;
                    terminal.err().println(name + ": " + oneLine(message));
                    if (commandLine.getCommand() instanceof StackTraceFlag f && f.stackTraces()) {
                        e.printStackTrace(terminal.err());
                    }
                    return FAILURE;
                });
        return cl;
    }

    /** {@code tlsbio} alone is a usage error: it names the subcommands. */
    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(),
                "missing subcommand: demo, s_server, s_client, ciphers, verify or version");
    }

    /** Folds a multi-line message into one line, so every error is exactly one line on stderr. */
    static String oneLine(String message) {
        return String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
