package io.tlsbio.cli;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import io.tlsbio.bio.socket.BioSelector;
import io.tlsbio.bio.socket.BioWait;
import io.tlsbio.bio.socket.ConnectBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslSession;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tlsbio s_client}: OpenSSL's {@code s_client} on tlsbio. Connects, runs the handshake,
 * prints a summary, then relays stdin to the server and the server's data to stdout.
 *
 * <p>Verification as OpenSSL's {@code s_client}: the server's chain is always verified, with {@link
 * PeerVerifyPrinter} as the verify callback printing {@code depth=N <subject>}, {@code verify
 * error:num=N:TEXT} and {@code verify return:1} on stderr. By default ({@link VerifyMode#NONE}) and
 * with {@code -verify N} ({@link VerifyMode#PEER}) a finding is accepted (with {@code -verify N}:
 * unless it lies deeper than N), so the session goes on and {@code Verify return code} ({@link
 * Ssl#verifyResult()}) reports it; {@code -verify_return_error} ({@link VerifyMode#PEER}) makes
 * every finding fail the handshake. The host name is checked only with {@code -verify_hostname} (or
 * the address with {@code -verify_ip}). SNI is {@code -servername}, else the {@code -connect} host
 * unless it is an IP address.
 *
 * <p>End of stdin sends close_notify (as OpenSSL prints {@code DONE}) and the client then prints
 * what the server still sends until its close_notify; {@code -ign_eof} (implied by {@code -quiet})
 * keeps the session open until the server closes. Exit status 0 after a clean close, 1 with a
 * one-line reason otherwise.
 *
 * <p>Sessions as OpenSSL's {@code s_client}: {@code -sess_in FILE} offers a saved session (PEM,
 * OpenSSL's format), {@code -sess_out FILE} saves each new one (after a TLS 1.2 handshake; on each
 * TLS 1.3 ticket, which is also printed as {@code Post-Handshake New Session Ticket arrived:}), and
 * {@code -reconnect} connects five more times first, each offering the session the connection
 * before had, printing {@code Reused,} or {@code New,} each time: as with OpenSSL, TLS 1.3
 * connections are never resumed that way, since no ticket has been read when the next connection
 * starts. The summary of a TLS 1.2 connection includes its {@code SSL-Session:} block.
 *
 * <p>Without {@code -nbio} the connect and the handshake block (one {@code doHandshake()} call);
 * the socket then turns non-blocking so that one thread can watch it and stdin, which is what
 * OpenSSL's select() loop does. With {@code -nbio} it is non-blocking from the start.
 */
@Command(
        name = "s_client",
        sortOptions = false,
        separator = " ",
        description =
                "TLS client with OpenSSL's s_client flags: stdin to the server, the server's data to stdout.")
final class ClientCommand implements Callable<Integer>, StackTraceFlag {

    /** The longest the loop waits before it looks at a blocked write again. */
    private static final Duration TICK = Duration.ofMillis(250);

    private final Terminal terminal;

    @Mixin private TlsOptions tls = new TlsOptions();

    @Mixin private VerifyOptions trust = new VerifyOptions();

    @Option(
            names = "-connect",
            paramLabel = "host:port",
            description = "Where to connect (default ${DEFAULT-VALUE}).")
    private String connect = "localhost:4433";

    @Option(
            names = "-servername",
            paramLabel = "NAME",
            description =
                    "The SNI to send (default: the -connect host unless it is an IP address).")
    private String serverName;

    @Option(names = "-noservername", description = "Send no SNI.")
    private boolean noServerName;

    @Option(
            names = "-verify",
            paramLabel = "DEPTH",
            description =
                    "Verify the server (SSL_VERIFY_PEER); a finding deeper than DEPTH in the chain fails the handshake.")
    private Integer verify;

    @Mixin private PeerVerifyFlags peerVerify = new PeerVerifyFlags();

    @Option(
            names = "-verify_hostname",
            paramLabel = "NAME",
            description = "Also check the certificate is for host NAME.")
    private String verifyHostname;

    @Option(
            names = "-verify_ip",
            paramLabel = "IP",
            description = "Also check the certificate is for IP address IP.")
    private String verifyIp;

    @Option(
            names = "-status",
            description =
                    "Ask the server to staple an OCSP response (status_request) and print it.")
    private boolean status;

    @Option(names = "-ign_eof", description = "Keep the session open at the end of stdin.")
    private boolean ignEof;

    @Option(
            names = "-sess_out",
            paramLabel = "FILE",
            description =
                    "Write each new session to FILE (PEM): after a TLS 1.2 handshake, on each TLS 1.3 ticket.")
    private Path sessOut;

    @Option(
            names = "-sess_in",
            paramLabel = "FILE",
            description =
                    "Offer the session in FILE (PEM, as -sess_out or openssl s_client -sess_out writes it).")
    private Path sessIn;

    @Option(
            names = "-reconnect",
            description =
                    "Reconnect 5 times, each time offering the session the connection before had, then go on as usual.")
    private boolean reconnect;

    ClientCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public boolean stackTraces() {
        return tls.stackTraces;
    }

    @Override
    public Integer call() {
        PrintStream out = terminal.out();
        PrintStream err = terminal.err();
        boolean quiet = tls.quiet || tls.brief;
        if (verify != null && verify < 1) {
            throw new CliException("-verify: non-positive number: " + verify);
        }
        if (verify != null && !quiet) {
            err.println("verify depth is " + verify);
        }
        KeyMaterialExport export = tls.keyMaterialExport();
        SslContext ctx = context();
        SslSession offer = sessIn == null ? null : readSession(sessIn);
        for (int i = 0; reconnect && i < RECONNECTS; i++) {
            offer = probe(ctx, offer, i == 0, quiet);
        }
        ConnectBio socket = connect();
        if (!quiet) {
            out.println("CONNECTED(" + connect + ")");
        }
        Ssl ssl = ctx.newSsl();
        Bio bio = tls.chain(socket, out);
        ssl.setBio(bio, bio);
        ssl.setConnectState();
        ssl.setSession(offer);
        StatePrinter state = tls.callbacks(ssl, out, err);
        Session.Application relay =
                new Session.Application() {
                    @Override
                    public void opened(Session s) {
                        if (status && !quiet) {
                            OcspPrinter.print(out, ssl.ocspResponse());
                        }
                        if (tls.brief) {
                            Summary.brief(err, ssl);
                        } else if (!quiet && reconnect) {
                            Summary.reconnected(out, ssl);
                        } else if (!quiet) {
                            Summary.client(out, ssl, export);
                        }
                    }

                    @Override
                    public void received(Session s, byte[] b, int off, int len) {
                        out.write(b, off, len);
                        out.flush();
                    }

                    @Override
                    public void peerClosed(Session s) {
                        if (!quiet) {
                            out.println("closed");
                        }
                    }
                };
        Session session = new Session(ssl, bio, socket, connect, relay, state, true, null);
        try {
            return run(session, tls.quiet || ignEof) == Session.Status.DONE ? 0 : fail(session);
        } finally {
            session.release();
            tls.closeKeyLog();
        }
    }

    private SslContext context() {
        SslContext.Builder b =
                tls.contextBuilder(new PasswordSource(System::getenv, terminal.in()));
        trust.apply(b, false);
        // s_client's mode: SSL_VERIFY_NONE unless -verify or -verify_return_error; its callback
        // either way
        b.verify(verify != null || peerVerify.returnError ? VerifyMode.PEER : VerifyMode.NONE);
        b.verifyCallback(peerVerify.printer(terminal.err(), verify, tls.brief));
        if (verifyHostname != null && verifyIp != null) {
            throw new CliException("-verify_hostname and -verify_ip: give one of them");
        }
        if (verifyHostname != null) {
            FlagFiles.parse("-verify_hostname", () -> b.hostName(verifyHostname));
        }
        if (verifyIp != null) {
            if (!isIpLiteral(verifyIp)) {
                throw new CliException("-verify_ip: not an IP address: " + verifyIp);
            }
            b.hostName(verifyIp);
        }
        String sni = serverName != null ? serverName : hostOf(connect);
        if (noServerName) {
            b.noServerName();
        } else if (sni != null && !isIpLiteral(sni)) {
            b.serverName(sni);
        }
        if (status) {
            b.statusRequest(true);
        }
        tls.keyLog(b);
        b.newSessionCallback(this::newSession);
        return b.build();
    }

    // ------------------------------------------------------------------ sessions

    /** OpenSSL's s_client -reconnect: five more connections before the one that goes on. */
    private static final int RECONNECTS = 5;

    /**
     * {@code -sess_in}: the session of a PEM file, or a one-line error as OpenSSL's "Can't open
     * session file".
     */
    private static SslSession readSession(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CliException(
                    "-sess_in: cannot open session file " + file + ": " + CliException.why(e), e);
        }
        try {
            return SslSession.fromPem(pem);
        } catch (IllegalArgumentException e) {
            throw new CliException("-sess_in: " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * s_client's new_session_cb: the session goes to {@code -sess_out}, and a TLS 1.3 one is
     * printed ({@code Post-Handshake New Session Ticket arrived:}).
     */
    private void newSession(Ssl ssl, SslSession session) {
        if (sessOut != null) {
            try {
                Files.writeString(sessOut, session.toPem(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                terminal.err()
                        .println(
                                "Error writing session file "
                                        + sessOut
                                        + ": "
                                        + CliException.why(e));
            }
        }
        if (ssl.version() == TlsVersion.TLS1_3 && !tls.quiet && !tls.brief) {
            Summary.newTicket(terminal.out(), session);
        }
    }

    /**
     * One connection of {@code -reconnect} before the last: connect, handshake offering {@code
     * offer}, print the summary (the full one the first time), then close as s_client does (its
     * close_notify, not waiting for the server's) and hang up.
     *
     * @return the session the connection has now: what OpenSSL's reused SSL object offers next (in
     *     TLS 1.3 one without a ticket, none having been read yet, so not resumed)
     */
    private SslSession probe(SslContext ctx, SslSession offer, boolean first, boolean quiet) {
        PrintStream out = terminal.out();
        ConnectBio socket = connect();
        try {
            if (!quiet) {
                out.println("CONNECTED(" + connect + ")");
            }
            try (Ssl ssl = ctx.newSsl()) {
                ssl.setBio(socket, socket);
                ssl.setConnectState();
                ssl.setSession(offer);
                tls.callbacks(ssl, out, terminal.err());
                int r = untilDone(ssl, socket, ssl::doHandshake);
                if (r != 1) {
                    SslFailure f = ssl.lastError();
                    throw new CliException(
                            "handshake failed: " + (f == null ? ssl.getError(r) : f.toString()));
                }
                if (tls.brief) {
                    Summary.brief(terminal.err(), ssl);
                } else if (!quiet) {
                    if (first) {
                        Summary.client(out, ssl);
                    } else {
                        Summary.reconnected(out, ssl);
                    }
                    out.println("drop connection and then reconnect");
                }
                untilDone(ssl, socket, ssl::shutdown);
                return ssl.session();
            }
        } finally {
            socket.close();
        }
    }

    /** Repeats {@code call} while it asks for a retry, waiting for the socket (bounded). */
    private static int untilDone(Ssl ssl, ConnectBio socket, java.util.function.IntSupplier call) {
        for (int i = 0; i < 10_000; i++) {
            int r = call.getAsInt();
            SslError e = ssl.getError(r);
            if (r >= 0 || (e != SslError.WANT_READ && e != SslError.WANT_WRITE)) {
                return r;
            }
            if (BioWait.waitFor(socket, PROBE_WAIT) != BioWait.Result.READY) {
                return r;
            }
        }
        return -1;
    }

    /** How long a -reconnect connection waits for the server at each step. */
    private static final Duration PROBE_WAIT = Duration.ofSeconds(10);

    /**
     * Connects before the handshake, as s_client does, so a refused connection is its own error.
     */
    private ConnectBio connect() {
        ConnectBio socket;
        try {
            socket = ConnectBio.create(connect);
        } catch (IllegalArgumentException e) {
            throw new CliException("-connect: " + e.getMessage(), e);
        }
        socket.setNonBlocking(tls.nbio);
        int r = socket.doConnect();
        while (r == 0 && socket.shouldRetry()) {
            BioWait.waitFor(socket, Duration.ofSeconds(1));
            r = socket.doConnect();
        }
        if (r != 1) {
            BioError e = socket.lastError();
            socket.close();
            String why =
                    e == null
                            ? "failed"
                            : e.message()
                                    + (e.cause() == null ? "" : ": " + CliException.why(e.cause()));
            throw new CliException(why, e == null ? null : e.cause());
        }
        return socket;
    }

    /** Steps the session, feeding it stdin, until it ends. */
    private Session.Status run(Session session, boolean ignoreEof) {
        try (BioSelector<Session> selector = BioSelector.open()) {
            StdinPump stdin = StdinPump.start(terminal.in(), selector::wakeup);
            boolean registered = false;
            boolean closing = false;
            Session.Status st = session.step();
            while (st == Session.Status.WAITING) {
                if (!registered) {
                    // the socket is non-blocking by now: from the start with -nbio, else since the
                    // handshake
                    selector.register(session.bio(), session);
                    registered = true;
                }
                boolean fed = false;
                if (session.isOpen()) {
                    for (byte[] chunk : stdin.drain()) {
                        session.send(chunk);
                        fed = true;
                    }
                    if (stdin.atEnd() && !ignoreEof && !closing) {
                        closing = true;
                        if (!tls.quiet && !tls.brief) {
                            terminal.err().println("DONE");
                        }
                        session.close();
                        fed = true;
                    }
                }
                // step when the socket is ready, or stdin moved; a blocked write is retried every
                // tick too, because the selector only watches the direction of the last retry
                if (fed || !selector.select(TICK).isEmpty() || session.hasQueued()) {
                    st = session.step();
                }
            }
            return st;
        }
    }

    private int fail(Session session) {
        terminal.err().println("tlsbio s_client: " + session.failure());
        if (tls.stackTraces && session.failureCause() != null) {
            session.failureCause().printStackTrace(terminal.err());
        }
        return Main.FAILURE;
    }

    private static String hostOf(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
