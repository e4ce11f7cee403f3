package io.tlsbio.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import org.bouncycastle.tls.TlsProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * {@code tlsbio version} (and {@code tlsbio -version}): as {@code openssl version}, one line naming
 * this build and the TLS library under it, {@code tlsbio 0.1.0 (bctls 1.84)}; {@code -a} adds the
 * Java runtime and the platform, as {@code openssl version -a} adds its build details.
 */
@Command(name = "version", description = "Print the tlsbio version and the bctls under it.")
final class VersionCommand implements Callable<Integer>, IVersionProvider {

    /**
     * What a version unknown to this build prints (a class path without the resource or manifest).
     */
    static final String UNKNOWN = "unknown";

    private final Terminal terminal;

    @Option(names = "-a", description = "Also the Java runtime and the platform.")
    private boolean all;

    @Option(
            names = {"-help", "--help", "-h"},
            usageHelp = true,
            description = "Print this help and exit.")
    private boolean help;

    VersionCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Without a terminal: picocli's version provider for {@code tlsbio -version}. */
    VersionCommand() {
        this(null);
    }

    @Override
    public Integer call() {
        lines(all).forEach(terminal.out()::println);
        return 0;
    }

    @Override
    public String[] getVersion() {
        return lines(false).toArray(String[]::new);
    }

    /** The {@code version} output: one line, and with {@code all} the runtime and platform. */
    static List<String> lines(boolean all) {
        String first = "tlsbio " + tlsbioVersion() + " (bctls " + bctlsVersion() + ")";
        if (!all) {
            return List.of(first);
        }
        return List.of(
                first,
                "Java: "
                        + System.getProperty("java.runtime.version")
                        + " ("
                        + System.getProperty("java.vendor")
                        + ")",
                "Platform: " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    /** This build's version, from the resource Maven fills in ({@code version.properties}). */
    static String tlsbioVersion() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", UNKNOWN);
            return v.startsWith("${") ? UNKNOWN : v;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /**
     * The bctls version: the {@code Bundle-Version} of the jar bctls was loaded from (bctls has no
     * version constant; its JSSE provider's version is the provider's own).
     */
    static String bctlsVersion() {
        CodeSource source = TlsProtocol.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return UNKNOWN;
        }
        try {
            Path jar = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                return UNKNOWN;
            }
            try (JarFile f = new JarFile(jar.toFile())) {
                String v =
                        f.getManifest() == null
                                ? null
                                : f.getManifest().getMainAttributes().getValue("Bundle-Version");
                return v == null ? UNKNOWN : v;
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
