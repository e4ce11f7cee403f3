package io.tlsbio.cli;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.ServerNameCallback;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.VerifyMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tlsbio s_server}: OpenSSL's {@code s_server} on tlsbio. Listens, prints {@code ACCEPT
 * <address>:<port>} (the real port, so {@code -accept 0} is usable), and serves connections: with
 * {@code -www} each gets the status page and a close; without it the client's data goes to stdout
 * and stdin goes to the client (to every client with {@code -nbio}). End of stdin closes nothing: a
 * server in the background has none.
 *
 * <p>Blocking (default): one connection after another, the handshake in one blocking {@code
 * doHandshake()}; a relay then turns its socket non-blocking so one thread can watch it and stdin.
 * {@code -nbio}: every connection at once, from one {@link ServerLoop} thread.
 *
 * <p>Without {@code -cert} the server uses a throwaway ECDSA certificate for {@code localhost} from
 * an in-memory test CA ({@code TestPki}) and says so on stderr; clients can connect but not verify
 * it. {@code -verify N} asks for a client certificate and {@code -Verify N} requires one, checked
 * against {@code -CAfile}/{@code -CApath} (and the CRLs with {@code -crl_check}) with {@link
 * PeerVerifyPrinter} as the verify callback, which prints OpenSSL's {@code depth=}/ {@code verify
 * error:}/{@code verify return:} lines on stderr. As in OpenSSL's {@code s_server}, a finding
 * within depth N is accepted (the client is served and {@code -brief} says {@code Verification
 * error: ...}) unless {@code -verify_return_error} is given.
 *
 * <p>Under load or attack it keeps serving: {@code -handshake_timeout} (default 10 s) drops a
 * connection whose handshake is not done in time (one that sends nothing, or stops half way),
 * {@code -idle_timeout} (default 300 s) one that moves no byte for that long; a failed {@code
 * accept()} ("Too many open files" and the like) is logged once per burst and retried with an
 * {@link AcceptBackoff}. Each failed connection is one line on stderr naming the peer and the
 * reason; the server never exits because of one client.
 *
 * <p>Sessions as OpenSSL's {@code s_server} keeps them: a cache (off with {@code -no_cache}) and
 * tickets (off with {@code -no_ticket}; {@code -num_tickets N} TLS 1.3 tickets, 2 by default); a
 * resumed connection's summary says {@code Reused session-id}.
 *
 * <p>Exit status, after {@code -naccept N} connections: 0 if every one ended cleanly, else 1. A
 * port in use or a bad flag: 1 (2 for usage errors) with one line on stderr.
 */
@Command(
        name = "s_server",
        sortOptions = false,
        separator = " ",
        description =
                "TLS server with OpenSSL's s_server flags: -www status page, or the client's data to stdout and stdin to the client.")
final class ServerCommand implements Callable<Integer>, StackTraceFlag {

    /**
     * How long a server that closed first waits for the client's close_notify before hanging up.
     */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** The longest request head -www reads before answering anyway. */
    private static final int MAX_REQUEST = 16 * 1024;

    private final Terminal terminal;

    @Mixin private TlsOptions tls = new TlsOptions();

    @Mixin private VerifyOptions trust = new VerifyOptions();

    @Option(
            names = "-accept",
            paramLabel = "[host:]port",
            description =
                    "Where to listen (default ${DEFAULT-VALUE}: every address); port 0 picks a free one.")
    private String accept = "4433";

    @Option(names = "-www", description = "Answer an HTTP GET with a status page, then close.")
    private boolean www;

    @Option(names = "-naccept", paramLabel = "N", description = "Exit after N connections.")
    private int naccept = -1;

    @Option(
            names = "-verify",
            paramLabel = "DEPTH",
            description =
                    "Ask for a client certificate (verified if sent); a finding deeper than DEPTH in its chain fails the handshake.")
    private Integer verify;

    @Option(
            names = "-Verify",
            paramLabel = "DEPTH",
            description = "Require a client certificate, as -verify.")
    private Integer requireVerify;

    @Mixin private PeerVerifyFlags peerVerify = new PeerVerifyFlags();

    @Option(
            names = "-servername",
            paramLabel = "NAME",
            description =
                    "With -cert2/-key2: a client naming NAME (SNI) gets the second certificate; another name gets a warning unrecognized_name (TLS 1.2).")
    private String serverName;

    @Option(
            names = "-cert2",
            paramLabel = "FILE",
            description = "The certificate chain (PEM) for clients naming -servername.")
    private Path cert2;

    @Option(
            names = "-key2",
            paramLabel = "FILE",
            description = "The private key for -cert2 (default: the -cert2 file).")
    private Path key2;

    @Option(
            names = "-servername_fatal",
            description =
                    "A client naming another name than -servername gets a fatal unrecognized_name.")
    private boolean serverNameFatal;

    @Option(
            names = "-status_file",
            paramLabel = "FILE",
            description = "A DER OCSP response to staple for clients that ask (status_request).")
    private Path statusFile;

    @Option(
            names = "-no_ticket",
            description =
                    "No session tickets (SSL_OP_NO_TICKET): TLS 1.2 resumes by session id, TLS 1.3 by stateful tickets.")
    private boolean noTicket;

    @Option(
            names = "-num_tickets",
            paramLabel = "N",
            description = "TLS 1.3 tickets to send after a full handshake (default 2).")
    private Integer numTickets;

    @Option(
            names = "-no_cache",
            description = "No session cache (SSL_SESS_CACHE_OFF): TLS 1.2 sessions get no id.")
    private boolean noCache;

    @Option(
            names = "-handshake_timeout",
            paramLabel = "SECONDS",
            defaultValue = Timeouts.DEFAULT_HANDSHAKE,
            converter = Timeouts.SecondsConverter.class,
            description =
                    "Drop a connection whose handshake is not done after SECONDS (default ${DEFAULT-VALUE}; 0: never).")
    private Duration handshakeTimeout;

    @Option(
            names = "-idle_timeout",
            paramLabel = "SECONDS",
            defaultValue = Timeouts.DEFAULT_IDLE,
            converter = Timeouts.SecondsConverter.class,
            description =
                    "Drop an open connection after SECONDS without a byte sent or received (default ${DEFAULT-VALUE}; 0: never).")
    private Duration idleTimeout;

    private int failures;

    /** {@code -keymatexport}, or null. */
    private KeyMaterialExport keyMaterial;

    ServerCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public boolean stackTraces() {
        return tls.stackTraces;
    }

    @Override
    public Integer call() throws IOException {
        if (naccept == 0 || naccept < -1) {
            throw new CliException("-naccept must be at least 1: " + naccept);
        }
        keyMaterial = tls.keyMaterialExport();
        if (!tls.quiet && !tls.brief) {
            // what OpenSSL's s_server says as it reads these flags
            if (verify != null) {
                terminal.err().println("verify depth is " + verify);
            }
            if (requireVerify != null) {
                terminal.err()
                        .println(
                                "verify depth is " + requireVerify + ", must return a certificate");
            }
        }
        // bind first: a port in use is the one error line, not preceded by the certificate note
        AcceptBio acceptor = listen();
        Timeouts timeouts = new Timeouts(handshakeTimeout, idleTimeout);
        try (ServerLoop loop = new ServerLoop(this::ended, timeouts, this::log)) {
            SslContext ctx = context();
            terminal.out().println("ACCEPT " + address(acceptor.channel().getLocalAddress()));
            if (!www) {
                loop.relayStdin(terminal.in());
            }
            if (tls.nbio) {
                loop.listen(acceptor, naccept, socket -> session(ctx, socket));
                loop.run();
            } else {
                serveBlocking(ctx, acceptor, loop, timeouts);
            }
        } finally {
            acceptor.closeAll();
            tls.closeKeyLog();
        }
        return failures == 0 ? 0 : Main.FAILURE;
    }

    private void serveBlocking(
            SslContext ctx, AcceptBio acceptor, ServerLoop loop, Timeouts timeouts) {
        AcceptBackoff backoff = new AcceptBackoff();
        for (int n = 0; naccept < 0 || n < naccept; n++) {
            SocketBio socket = acceptor.accept();
            if (socket == null) {
                // out of descriptors or another accept error: log the first of a burst, wait, go on
                Duration delay = backoff.failed();
                if (backoff.burstStarted()) {
                    log(AcceptBackoff.startLine(ServerLoop.why(acceptor.lastError())));
                }
                pause(delay);
                n--;
                continue;
            }
            int failed = backoff.succeeded();
            if (failed > 0) {
                log(AcceptBackoff.endLine(failed));
            }
            Session s = session(ctx, socket);
            s.limitBlocking(timeouts);
            if (s.step() == Session.Status.WAITING) {
                // a relay, non-blocking since its handshake: the loop watches it and stdin
                loop.add(s);
                loop.run();
            } else {
                s.release();
                ended(s);
            }
        }
    }

    /** A line of the server's own (not about one connection) on stderr. */
    private void log(String line) {
        terminal.err().println("tlsbio s_server: " + line);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", e);
        }
    }

    private SslContext context() {
        SslContext.Builder b =
                tls.contextBuilder(new PasswordSource(System::getenv, terminal.in()));
        trust.apply(b, false);
        if (tls.cert == null) {
            TestCredential c = TestPki.create().server(KeyType.ECDSA);
            b.certificate(c.chain(), c.privateKey());
            terminal.err()
                    .println(
                            "s_server: no -cert given: using a throwaway ECDSA certificate for "
                                    + "CN=localhost from an in-memory test CA (clients cannot verify it)");
        }
        Integer depth = requireVerify != null ? requireVerify : verify;
        if (requireVerify != null) {
            b.verify(VerifyMode.FAIL_IF_NO_PEER_CERT);
        } else if (verify != null) {
            b.verify(VerifyMode.PEER);
        }
        b.verifyCallback(peerVerify.printer(terminal.err(), depth, tls.brief));
        if (statusFile != null) {
            FlagFiles.readable("-status_file", statusFile);
            FlagFiles.load("-status_file", statusFile, () -> b.ocspResponse(readAll(statusFile)));
        }
        secondContext(b);
        if (tls.alpn != null) {
            // s_server's ALPN is its select callback: it prints the client's list and its choice
            b.alpnSelectCallback(
                    new AlpnSelectPrinter(
                            tls.alpnProtocols(), tls.quiet || tls.brief ? null : terminal.out()));
        }
        // as OpenSSL's s_server, only the first context logs keys (-servername's second one does
        // not)
        tls.keyLog(b);
        sessions(b);
        return b.build();
    }

    /**
     * s_server's {@code -servername}/{@code -cert2}/{@code -key2}: a second context and its
     * servername callback (s_server.c's ssl_servername_cb), which prints the name and moves a
     * client naming {@code -servername} to the second context.
     */
    private void secondContext(SslContext.Builder b) {
        if (cert2 == null && key2 == null && serverName == null) {
            return;
        }
        if (cert2 == null || serverName == null) {
            throw new CliException("-servername and -cert2 (with -key2) go together");
        }
        PrintStream out = terminal.out();
        out.println("Setting secondary ctx parameters");
        SslContext second =
                tls.contextBuilder(
                                new PasswordSource(System::getenv, terminal.in()),
                                cert2,
                                key2,
                                null)
                        .build();
        b.serverNameCallback(
                ssl -> {
                    String name = ssl.serverName();
                    if (name == null) {
                        return ServerNameCallback.Result.OK;
                    }
                    out.println("Hostname in TLS extension: \"" + name + "\"");
                    if (!name.equalsIgnoreCase(serverName)) {
                        return serverNameFatal
                                ? ServerNameCallback.Result.ALERT_FATAL
                                : ServerNameCallback.Result.ALERT_WARNING;
                    }
                    out.println("Switching server context.");
                    ssl.setSslContext(second);
                    return ServerNameCallback.Result.OK;
                });
    }

    /** {@code -no_ticket}, {@code -num_tickets}, {@code -no_cache}. */
    private void sessions(SslContext.Builder b) {
        if (noTicket) {
            b.tickets(false);
        }
        if (numTickets != null) {
            if (numTickets < 0) {
                throw new CliException("-num_tickets: negative number: " + numTickets);
            }
            b.numTickets(numTickets);
        }
        if (noCache) {
            b.sessionCacheMode(io.tlsbio.ssl.SessionCacheMode.OFF);
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private AcceptBio listen() throws IOException {
        AcceptBio acceptor;
        try {
            acceptor = AcceptBio.create(accept);
        } catch (IllegalArgumentException e) {
            throw new CliException("-accept: " + e.getMessage(), e);
        }
        if (acceptor.doAccept() != 1) {
            BioError e = acceptor.lastError();
            acceptor.close();
            throw new CliException(
                    "cannot listen on " + accept + ": " + describe(e),
                    e == null ? null : e.cause());
        }
        acceptor.setNonBlocking(tls.nbio);
        acceptor.setNonBlockingChildren(tls.nbio);
        return acceptor;
    }

    private Session session(SslContext ctx, SocketBio socket) {
        Ssl ssl = ctx.newSsl();
        // -www: the page and our close_notify leave in one write (Cork)
        Bio bio =
                www
                        ? Cork.over(tls.chain(socket, terminal.out()))
                        : tls.chain(socket, terminal.out());
        ssl.setBio(bio, bio);
        ssl.setAcceptState();
        StatePrinter state = tls.callbacks(ssl, terminal.out(), terminal.err());
        String peer;
        try {
            peer = address(socket.channel().getRemoteAddress());
        } catch (IOException e) {
            peer = "unknown peer";
        }
        return new Session(
                ssl, bio, socket, peer, new ServerApp(), state, !www && !tls.nbio, CLOSE_WAIT);
    }

    /**
     * Reports how a session ended: OpenSSL's {@code CONNECTION CLOSED}, or the failure on stderr.
     */
    private void ended(Session s) {
        if (s.failure() != null) {
            failures++;
            terminal.err().println("tlsbio s_server: " + s.peer() + ": " + s.failure());
            if (tls.stackTraces && s.failureCause() != null) {
                s.failureCause().printStackTrace(terminal.err());
            }
        } else if (!tls.quiet && !tls.brief) {
            terminal.out().println("CONNECTION CLOSED");
        }
    }

    /** What a connection does once open: the -www page, or the relay to stdout. */
    private final class ServerApp implements Session.Application {
        private final ByteArrayOutputStream request = new ByteArrayOutputStream();
        private boolean answered;

        @Override
        public void opened(Session s) {
            Ssl ssl = s.ssl();
            if (tls.brief) {
                Summary.brief(terminal.err(), ssl);
            } else if (!tls.quiet) {
                Summary.server(terminal.out(), ssl, s.peer(), keyMaterial);
            }
        }

        @Override
        public void received(Session s, byte[] b, int off, int len) {
            if (!www) {
                PrintStream out = terminal.out();
                out.write(b, off, len);
                out.flush();
                return;
            }
            if (answered) {
                return;
            }
            request.write(b, off, len);
            String head = request.toString(StandardCharsets.ISO_8859_1);
            // the whole request head (HTTP/1.0 ends it with an empty line), or as much as we take
            if (head.contains("\r\n\r\n")
                    || head.contains("\n\n")
                    || request.size() >= MAX_REQUEST) {
                answered = true;
                String answer =
                        head.startsWith("GET ")
                                ? Summary.wwwPage(s.ssl())
                                : "HTTP/1.0 400 Bad Request\r\nContent-type: text/plain\r\n\r\ntlsbio s_server -www answers GET only\r\n";
                s.send(answer.getBytes(StandardCharsets.ISO_8859_1));
                s.close();
            }
        }

        @Override
        public void peerClosed(Session s) {
            if (!www && !tls.quiet && !tls.brief) {
                terminal.out().println("DONE");
            }
        }
    }

    private static String describe(BioError e) {
        if (e == null) {
            return "unknown error";
        }
        return e.cause() != null ? CliException.why(e.cause()) : e.message();
    }

    /** {@code 127.0.0.1:4433}, {@code [::]:4433}: as OpenSSL prints its ACCEPT line. */
    static String address(SocketAddress a) {
        if (!(a instanceof InetSocketAddress i) || i.getAddress() == null) {
            return String.valueOf(a);
        }
        String host = i.getAddress().getHostAddress();
        if (i.getAddress() instanceof Inet6Address) {
            host = "[" + (i.getAddress().isAnyLocalAddress() ? "::" : host) + "]";
        }
        return host + ":" + i.getPort();
    }
}
