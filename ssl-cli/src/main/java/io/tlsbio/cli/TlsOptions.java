package io.tlsbio.cli;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.buffer.BufferBio;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.ssl.KeyLogFile;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The flags {@code s_server} and {@code s_client} share, with OpenSSL's names and meanings, and
 * what they turn into: an {@link SslContext.Builder}, the BIO chain over a socket, and the {@code
 * -state}/{@code -msg} callbacks. Without flags the context has OpenSSL's defaults (TLS 1.2 and
 * 1.3, OpenSSL's default suites and groups).
 */
final class TlsOptions {

    /** {@code -bio}: the chain under the {@link Ssl}. */
    enum BioType {
        /** The socket BIO itself. */
        SOCKET,
        /** A BufferBio (BIO_f_buffer) on top of the socket BIO: flights go out on the flush. */
        BUFFER
    }

    @Option(names = "-tls1_2", description = "Just TLS 1.2.")
    boolean tls12;

    @Option(names = "-tls1_3", description = "Just TLS 1.3.")
    boolean tls13;

    @Option(
            names = "-cipher",
            paramLabel = "LIST",
            description =
                    "TLS 1.2 cipher suites as an OpenSSL cipher string, e.g. 'ECDHE+AESGCM:!aNULL' or 'HIGH:@SECLEVEL=2' (see 'tlsbio ciphers').")
    String cipher;

    @Option(
            names = "-ciphersuites",
            paramLabel = "LIST",
            description = "TLS 1.3 cipher suites, separated by ':'.")
    String ciphersuites;

    @Option(
            names = "-groups",
            paramLabel = "LIST",
            description =
                    "Key exchange groups, e.g. X25519:P-256:X448:P-521:P-384:ffdhe2048 (default: those and ffdhe3072..ffdhe8192).")
    String groups;

    @Option(
            names = "-cert",
            paramLabel = "FILE",
            description = "Our certificate chain, PEM, leaf first (RSA or ECDSA).")
    Path cert;

    @Option(
            names = "-key",
            paramLabel = "FILE",
            description = "Our private key, PEM: PKCS#8, PKCS#1 or SEC1 (default: the -cert file).")
    Path key;

    @Option(
            names = "-pass",
            paramLabel = "ARG",
            description =
                    "The -key password: pass:PASSWORD, env:VAR, file:PATH (its first line) or stdin (its first line).")
    String pass;

    @Option(
            names = "-cert_chain",
            paramLabel = "FILE",
            description = "More certificates (PEM) to send after those of -cert.")
    Path certChain;

    @Option(
            names = "-alpn",
            paramLabel = "LIST",
            description = "ALPN protocols in preference order, separated by ','.")
    String alpn;

    @Option(
            names = "-nbio",
            description =
                    "Non-blocking socket BIO, driven by a BioSelector: the handshake shows its retries.")
    boolean nbio;

    @Option(
            names = "-bio",
            paramLabel = "socket|buffer",
            description = "socket (default): the socket BIO; buffer: a BufferBio on top of it.")
    BioType bio = BioType.SOCKET;

    @Option(
            names = "-state",
            description = "Print the handshake's state changes and alerts (stderr).")
    boolean state;

    @Option(
            names = "-msg",
            description = "Print each handshake message: direction, type, length (stdout).")
    boolean msg;

    @Option(names = "-quiet", description = "No summaries or status lines, just the peer's data.")
    boolean quiet;

    @Option(names = "-brief", description = "Just a short connection summary, on stderr.")
    boolean brief;

    @Option(
            names = "-debug",
            description =
                    "Hex dump of every read and write on the socket (stdout), as OpenSSL's -debug.")
    boolean debug;

    @Option(names = "-stack_traces", description = "Print the Java stack trace with an error.")
    boolean stackTraces;

    @Option(
            names = {"-help", "--help", "-h"},
            usageHelp = true,
            description = "Print this help and exit.")
    boolean help;

    @Option(
            names = "-keylogfile",
            paramLabel = "FILE",
            description =
                    "Append each connection's secrets to FILE, one NSS key-log line each (what Wireshark reads).")
    Path keyLogFile;

    @Option(
            names = "-keymatexport",
            paramLabel = "LABEL",
            description = "After the handshake, export keying material with LABEL and print it.")
    String keyMatExport;

    @Option(
            names = "-keymatexportlen",
            paramLabel = "N",
            description = "How many bytes -keymatexport exports (default ${DEFAULT-VALUE}).")
    int keyMatExportLen = 20;

    /** The file -keylogfile opened, closed by {@link #closeKeyLog()}. */
    private KeyLogFile keyLog;

    /**
     * A builder with the versions, suites, groups, ALPN and own certificate ({@code -cert}, {@code
     * -key}, {@code -pass}, {@code -cert_chain}, when given) of these flags.
     *
     * @param passwords where a {@code -pass} password is read from
     * @throws CliException naming the flag whose value is unusable
     */
    SslContext.Builder contextBuilder(PasswordSource passwords) {
        return contextBuilder(passwords, cert, key, certChain);
    }

    /**
     * As {@link #contextBuilder(PasswordSource)} with another certificate and key (no chain file):
     * s_server's second context for {@code -servername}, from {@code -cert2}/{@code -key2}.
     */
    SslContext.Builder contextBuilder(
            PasswordSource passwords, Path cert, Path key, Path certChain) {
        if (tls12 && tls13) {
            throw new CliException(
                    "-tls1_2 and -tls1_3 exclude each other; give neither for both versions");
        }
        SslContext.Builder b = SslContext.builder();
        if (tls12) {
            b.versions(TlsVersion.TLS1_2, TlsVersion.TLS1_2);
        }
        if (tls13) {
            b.versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3);
        }
        if (cipher != null) {
            FlagFiles.parse("-cipher", () -> b.cipherList(cipher));
        }
        if (ciphersuites != null) {
            FlagFiles.parse("-ciphersuites", () -> b.cipherSuites(ciphersuites));
        }
        if (groups != null) {
            FlagFiles.parse("-groups", () -> b.groups(groups));
        }
        if (alpn != null) {
            String[] protocols =
                    Arrays.stream(alpn.split(","))
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .toArray(String[]::new);
            if (protocols.length == 0) {
                throw new CliException("-alpn: empty list: '" + alpn + "'");
            }
            FlagFiles.parse("-alpn", () -> b.alpn(protocols));
        }
        if (key != null && cert == null) {
            throw new CliException("-key needs -cert");
        }
        if (certChain != null && cert == null) {
            throw new CliException("-cert_chain needs -cert");
        }
        // as app_passwd, the password is read even when no key needs it
        char[] password = pass == null ? null : passwords.read(pass);
        try {
            if (cert != null) {
                OwnCertificate.load(b, cert, key, certChain, password);
            }
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        return b;
    }

    /**
     * The BIO the {@link Ssl} uses over {@code socket}: the socket itself or a BufferBio on it;
     * with {@code -debug} the socket dumps its traffic to {@code out} ({@link BioDumpCallback}).
     */
    Bio chain(SocketBio socket, PrintStream out) {
        if (debug) {
            socket.setCallback(new BioDumpCallback(out));
        }
        return bio == BioType.BUFFER ? BufferBio.create().push(socket) : socket;
    }

    /** Installs the {@code -msg} and {@code -state} printers; returns the state printer or null. */
    StatePrinter callbacks(Ssl ssl, PrintStream out, PrintStream err) {
        if (msg) {
            ssl.setMessageCallback(new MessagePrinter(out, ""));
        }
        if (!state) {
            return null;
        }
        StatePrinter p = new StatePrinter(err);
        ssl.setInfoCallback(p);
        return p;
    }

    /**
     * {@code -keylogfile}: opens the file for appending (OpenSSL's apps write a comment line into a
     * new one) and makes it {@code b}'s key-log callback. {@link #closeKeyLog()} closes it.
     *
     * @throws CliException naming the file when it cannot be opened
     */
    void keyLog(SslContext.Builder b) {
        if (keyLogFile == null) {
            return;
        }
        try {
            keyLog = KeyLogFile.open(keyLogFile);
        } catch (IOException e) {
            throw new CliException("-keylogfile " + keyLogFile + ": " + CliException.why(e), e);
        }
        b.keyLogCallback(keyLog);
    }

    /** Closes the -keylogfile, if one is open. */
    void closeKeyLog() {
        if (keyLog != null) {
            try {
                keyLog.close();
            } catch (IOException e) {
                // every line was flushed as it was written
            }
            keyLog = null;
        }
    }

    /**
     * {@code -keymatexport}/{@code -keymatexportlen}, or null without a label.
     *
     * @throws CliException for a length below 1, as OpenSSL refuses it
     */
    KeyMaterialExport keyMaterialExport() {
        if (keyMatExportLen < 1) {
            throw new CliException("-keymatexportlen: non-positive number: " + keyMatExportLen);
        }
        return keyMatExport == null ? null : new KeyMaterialExport(keyMatExport, keyMatExportLen);
    }

    /** The {@code -alpn} protocols, or an empty list. */
    List<String> alpnProtocols() {
        return alpn == null
                ? List.of()
                : Arrays.stream(alpn.split(","))
                        .map(String::strip)
                        .filter(p -> !p.isEmpty())
                        .toList();
    }
}
