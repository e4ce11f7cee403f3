package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.BioWait;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslSession;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Session resumption against the real openssl 3.0, both ways and for both versions: a tlsbio client
 * resumes with {@code openssl s_server} (tickets, and with {@code -no_ticket} by session id or
 * OpenSSL's stateful TLS 1.3 tickets), and {@code openssl s_client -sess_in} resumes with a tlsbio
 * server, each side's own report agreeing ({@code sessionReused()}, s_client's {@code Reused,},
 * s_server's {@code Reused session-id}). Session files move both ways between {@code s_client
 * -sess_out} and {@link SslSession}, and {@code openssl sess_id} reads ours. {@code s_client
 * -reconnect} against a tlsbio server reuses the session as it does against s_server: five times in
 * TLS 1.2, never in TLS 1.3 (it reconnects before any ticket arrived).
 */
class OpenSslSessionTest extends AgainstOpenSsl {

    /**
     * What {@code s_client -state} prints on stderr (unbuffered, unlike its stdout) when it reads a
     * NewSessionTicket: it writes its {@code -sess_out} file before it reads further, so the file
     * is complete once s_client has exited.
     */
    private static final String TICKET_PROCESSED =
            "SSL_connect:SSLv3/TLS read server session ticket";

    // ------------------------------------------------------------------ tlsbio client, openssl
    // server

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void tlsbioClientResumesWithOpensslServer(TlsVersion v) {
        SslSession session = resumeWithOpensslServer(v);
        assertThat(session.hasTicket()).as("s_server issues tickets by default").isTrue();
        assertThat(session.ticketLifetimeHint()).isEqualTo(7200);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void tlsbioClientResumesWithOpensslServerWithoutTickets(TlsVersion v) {
        SslSession session = resumeWithOpensslServer(v, "-no_ticket");
        if (v == TlsVersion.TLS1_2) {
            assertThat(session.hasTicket()).isFalse();
            assertThat(session.id()).hasSize(32);
        } else {
            // OpenSSL's stateful TLS 1.3 ticket: a session id of its cache
            assertThat(session.ticket()).hasSize(32);
        }
    }

    /**
     * s_server -naccept 2: a full handshake, then one offering its session; returns that session.
     */
    private SslSession resumeWithOpensslServer(TlsVersion v, String... serverFlags) {
        return resumedWithOpensslServer(v, (srv, c) -> close(c), true, serverFlags);
    }

    /**
     * s_server -naccept 2 (with -msg): a full handshake, then one offering its session, which must
     * resume (both sides say so); {@code then} runs on that connection and ends it, {@code clean}
     * when s_server must then exit 0 without an error.
     *
     * @return the session offered
     */
    private SslSession resumedWithOpensslServer(
            TlsVersion v,
            BiConsumer<OpenSslProcess, SocketSsl> then,
            boolean clean,
            String... serverFlags) {
        return resumedWithOpensslServer(Interop.client(v), v, then, clean, serverFlags);
    }

    private SslSession resumedWithOpensslServer(
            SslContext ctx,
            TlsVersion v,
            BiConsumer<OpenSslProcess, SocketSsl> then,
            boolean clean,
            String... serverFlags) {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        String[] args =
                concat(
                        new String[] {
                            "-cert",
                            server.certificateChain().toString(),
                            "-key",
                            server.privateKey().toString(),
                            "-naccept",
                            "2",
                            "-msg",
                            Interop.flag(v)
                        },
                        serverFlags);
        try (OpenSslProcess srv = OpenSslProcess.startServer(dir, args)) {
            SslSession session;
            try (SocketSsl c =
                    SocketSsl.connect(ctx, srv.port(), Mode.NON_BLOCKING).peer(srv::output)) {
                c.handshake();
                assertThat(c.ssl.sessionReused()).isFalse();
                awaitResumable(c);
                session = c.ssl.session();
                srv.awaitStdout("Secure Renegotiation", OpenSslProcess.TIMEOUT);
                close(c);
            }
            int from = srv.stdoutLength();
            try (SocketSsl c =
                    SocketSsl.connect(ctx, srv.port(), Mode.NON_BLOCKING).peer(srv::output)) {
                c.ssl.setSession(session);
                c.handshake();
                assertThat(c.ssl.sessionReused()).as("tlsbio resumed\n%s", srv.output()).isTrue();
                assertThat(c.ssl.cipher()).isEqualTo(session.cipher());
                String out = srv.awaitStdout("Secure Renegotiation", from, OpenSslProcess.TIMEOUT);
                assertThat(out.substring(from)).as("s_server's view").contains("Reused session-id");
                then.accept(srv, c);
            }
            int exit = srv.awaitExit(OpenSslProcess.TIMEOUT);
            if (clean) {
                assertThat(exit).as(srv.output()).isZero();
                assertThat(srv.output()).doesNotContain(":error:");
            }
            return session;
        }
    }

    /**
     * Both handshakes begin with a HelloRetryRequest (our key share is for X25519, s_server takes
     * only P-384): the resumption PSK is right only if our transcript replaced the first
     * ClientHello by its message_hash (RFC 8446 4.4.1), as OpenSSL's does.
     */
    @org.junit.jupiter.api.Test
    void tlsbioClientResumesWithOpensslServerAfterAHelloRetryRequest() {
        SslContext ctx =
                SslContext.builder()
                        .versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3)
                        .trust(java.util.List.of(Interop.pki().ca().certificate()))
                        .hostName(io.tlsbio.harness.TestPki.HOST)
                        .groups("X25519:P-384")
                        .build();
        SslSession session =
                resumedWithOpensslServer(
                        ctx,
                        TlsVersion.TLS1_3,
                        (srv, c) -> {
                            // -msg's dump of a ServerHello with the HRR random
                            assertThat(srv.output())
                                    .as("a HelloRetryRequest was sent")
                                    .contains("03 03 cf 21 ad 74 e5 9a 61 11 be 1d");
                            close(c);
                        },
                        true,
                        "-groups",
                        "P-384");
        assertThat(session.hasTicket()).isTrue();
    }

    /** KeyUpdate both ways on a resumed TLS 1.3 connection, with s_server's own tickets in play. */
    @org.junit.jupiter.api.Test
    void tls13KeyUpdatesAfterAResumption() {
        resumedWithOpensslServer(
                TlsVersion.TLS1_3,
                (srv, c) -> {
                    srv.send("K\n");
                    srv.awaitStdout(
                            ">>> TLS 1.3, Handshake [length 0005], KeyUpdate",
                            OpenSslProcess.TIMEOUT);
                    String toClient = Interop.payload(2, 20);
                    srv.send(toClient);
                    assertThat(
                                    new String(
                                            c.readFully(toClient.length()),
                                            StandardCharsets.ISO_8859_1))
                            .isEqualTo(toClient);
                    String toServer = Interop.payload(1, 20);
                    c.write(toServer.getBytes(StandardCharsets.ISO_8859_1));
                    srv.awaitStdout(toServer, OpenSslProcess.TIMEOUT);
                    assertThat(c.ssl.keyUpdate(true)).isEqualTo(1);
                    String toServer2 = Interop.payload(3, 20);
                    c.write(toServer2.getBytes(StandardCharsets.ISO_8859_1));
                    srv.awaitStdout(toServer2, OpenSslProcess.TIMEOUT);
                    String toClient2 = Interop.payload(4, 20);
                    srv.send(toClient2);
                    assertThat(
                                    new String(
                                            c.readFully(toClient2.length()),
                                            StandardCharsets.ISO_8859_1))
                            .isEqualTo(toClient2);
                    srv.awaitStdout(
                            "<<< TLS 1.3, Handshake [length 0005], KeyUpdate",
                            OpenSslProcess.TIMEOUT);
                    close(c);
                },
                true);
    }

    /**
     * Renegotiation stays refused on a resumed TLS 1.2 connection: s_server's {@code r} sends a
     * HelloRequest, we answer no_renegotiation, which OpenSSL 3.0 takes as fatal (as without
     * resumption, InteropFailureTest).
     */
    @org.junit.jupiter.api.Test
    void tls12RenegotiationIsStillRefusedAfterAResumption() {
        resumedWithOpensslServer(
                TlsVersion.TLS1_2,
                (srv, c) -> {
                    java.util.List<io.tlsbio.ssl.SslMessage> messages =
                            new java.util.concurrent.CopyOnWriteArrayList<>();
                    c.ssl.setMessageCallback((ssl, m) -> messages.add(m));
                    srv.send("r\n");
                    srv.awaitStdout(
                            ">>> TLS 1.2, Handshake [length 0004], HelloRequest",
                            OpenSslProcess.TIMEOUT);
                    SocketSsl.Result r = c.readEnd();
                    assertThat(r.ret()).isZero();
                    assertThat(r.error()).isEqualTo(SslError.SSL);
                    assertThat(c.ssl.lastError().alertName()).isEqualTo("handshake_failure");
                    assertThat(messages)
                            .extracting(io.tlsbio.ssl.SslMessage::toString)
                            .contains(">>> alert warning(1) no_renegotiation(100) [length 2]");
                    srv.awaitStderr("no renegotiation", OpenSslProcess.TIMEOUT);
                },
                false);
    }

    // ------------------------------------------------------------------ openssl client, tlsbio
    // server

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void opensslClientResumesWithTlsbioServer(TlsVersion v) {
        SslContext ctx = Interop.server(v, Interop.pki().server(KeyType.RSA));
        Path sess = dir.resolve("sess.pem");
        try (AcceptBio acceptor = SocketSsl.listen()) {
            String first = opensslClient(acceptor, ctx, v, false, "-sess_out", sess.toString());
            assertThat(first).contains("New, " + v.openSslName());
            String second = opensslClient(acceptor, ctx, v, true, "-sess_in", sess.toString());
            assertThat(second).contains("Reused, " + v.openSslName());
        }
        assertThat(ctx.sessionHits()).isEqualTo(1);
    }

    /**
     * Both handshakes begin with a HelloRetryRequest (s_client's key share is for X25519, the
     * tlsbio server takes only P-384): s_client resumes only if the server's transcript replaced
     * the first ClientHello by its message_hash (RFC 8446 4.4.1) when deriving the ticket's PSK.
     */
    @org.junit.jupiter.api.Test
    void opensslClientResumesWithTlsbioServerAfterAHelloRetryRequest() {
        io.tlsbio.harness.TestCredential cred = Interop.pki().server(KeyType.ECDSA);
        SslContext ctx =
                SslContext.builder()
                        .versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3)
                        .certificate(cred.chain(), cred.privateKey())
                        .groups("P-384")
                        .build();
        Path sess = dir.resolve("sess.pem");
        try (AcceptBio acceptor = SocketSsl.listen()) {
            String[] flags = {"-groups", "X25519:P-384", "-msg"};
            String first =
                    opensslClient(
                            acceptor,
                            ctx,
                            TlsVersion.TLS1_3,
                            false,
                            concat(flags, new String[] {"-sess_out", sess.toString()}));
            assertThat(first).contains("New, TLSv1.3");
            String second =
                    opensslClient(
                            acceptor,
                            ctx,
                            TlsVersion.TLS1_3,
                            true,
                            concat(flags, new String[] {"-sess_in", sess.toString()}));
            assertThat(second).contains("Reused, TLSv1.3");
            for (String out : new String[] {first, second}) {
                // -msg's dump of a ServerHello with the HRR random
                assertThat(out)
                        .as("a HelloRetryRequest was sent")
                        .contains("03 03 cf 21 ad 74 e5 9a 61 11 be 1d");
            }
        }
        assertThat(ctx.sessionHits()).isEqualTo(1);
    }

    /**
     * One s_client connection to a tlsbio server; with TLS 1.3 it waits until s_client has
     * processed a ticket, then closes.
     *
     * @return s_client's output
     */
    private String opensslClient(
            AcceptBio acceptor, SslContext ctx, TlsVersion v, boolean resumed, String... flags) {
        Path ca = Interop.caFile(dir);
        String[] args =
                concat(
                        new String[] {
                            "s_client",
                            "-connect",
                            "127.0.0.1:" + acceptor.localPort(),
                            "-CAfile",
                            ca.toString(),
                            "-servername",
                            "localhost",
                            "-verify_return_error",
                            "-ign_eof",
                            "-state",
                            Interop.flag(v)
                        },
                        flags);
        try (OpenSslProcess cli = OpenSslProcess.start(dir, args);
                SocketSsl s =
                        SocketSsl.server(
                                        ctx,
                                        SocketSsl.accept(acceptor, cli::output),
                                        Mode.NON_BLOCKING)
                                .peer(cli::output)) {
            s.handshake();
            assertThat(s.ssl.sessionReused()).as("tlsbio server's view").isEqualTo(resumed);
            cli.awaitOutput("Verify return code", OpenSslProcess.TIMEOUT);
            if (v == TlsVersion.TLS1_3) {
                cli.awaitStderr(TICKET_PROCESSED, OpenSslProcess.TIMEOUT);
            }
            assertThat(s.shutdown()).isZero();
            assertThat(s.shutdown()).as("%s", s.ssl.lastError()).isEqualTo(1);
            s.close();
            assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(cli.output()).isZero();
            assertThat(cli.output()).doesNotContain(":error:");
            return cli.stdout();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void opensslClientReconnectsToATlsbioServerAsToAnOpensslServer(TlsVersion v) {
        SslContext ctx = Interop.server(v, Interop.pki().server(KeyType.ECDSA));
        Path ca = Interop.caFile(dir);
        try (AcceptBio acceptor = SocketSsl.listen();
                OpenSslProcess cli =
                        OpenSslProcess.start(
                                dir,
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + acceptor.localPort(),
                                "-CAfile",
                                ca.toString(),
                                "-servername",
                                "localhost",
                                "-reconnect",
                                Interop.flag(v))) {
            for (int i = 0; i < 6; i++) {
                try (SocketSsl s =
                        SocketSsl.server(
                                        ctx,
                                        SocketSsl.accept(acceptor, cli::output),
                                        Mode.NON_BLOCKING)
                                .peer(cli::output)) {
                    s.handshake();
                    assertThat(s.ssl.sessionReused())
                            .as("connection %d", i)
                            .isEqualTo(v == TlsVersion.TLS1_2 && i > 0);
                    if (i == 5) {
                        cli.closeStdin();
                    }
                    SocketSsl.Result end = s.readEnd();
                    assertThat(end.error())
                            .as("connection %d: s_client's close_notify", i)
                            .isEqualTo(SslError.ZERO_RETURN);
                    // s_client closes its socket right after its close_notify: ours may find it
                    // gone
                    s.ssl.shutdown();
                }
            }
            assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(cli.output()).isZero();
            String out = cli.stdout();
            String name = v.openSslName();
            int reused = count(out, "Reused, " + name);
            int fresh = count(out, "New, " + name);
            // what s_client prints against s_server too (docs/sessions.md)
            assertThat(fresh).as(out).isEqualTo(v == TlsVersion.TLS1_2 ? 1 : 6);
            assertThat(reused).as(out).isEqualTo(v == TlsVersion.TLS1_2 ? 5 : 0);
            assertThat(count(out, "drop connection and then reconnect")).isEqualTo(5);
        }
    }

    // ------------------------------------------------------------------ session files, both ways

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void opensslResumesATlsbioSessionFile(TlsVersion v) throws IOException {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        Path ca = Interop.caFile(dir);
        Path file = dir.resolve("tlsbio-session.pem");
        try (OpenSslProcess srv =
                OpenSslProcess.startServer(
                        dir,
                        "-cert",
                        server.certificateChain().toString(),
                        "-key",
                        server.privateKey().toString(),
                        "-naccept",
                        "2",
                        Interop.flag(v))) {
            SslSession session;
            try (SocketSsl c =
                    SocketSsl.connect(Interop.client(v), srv.port(), Mode.NON_BLOCKING)
                            .peer(srv::output)) {
                c.handshake();
                awaitResumable(c);
                session = c.ssl.session();
                close(c);
            }
            Files.writeString(file, session.toPem(), StandardCharsets.US_ASCII);
            String text = sessionText(file);
            assertThat(Interop.group(text, "Protocol\\s*: (\\S+)")).isEqualTo(v.openSslName());
            assertThat(Interop.group(text, "Cipher\\s*: (\\S+)")).isEqualTo(session.cipher());
            assertThat(Interop.group(text, "Session-ID: (\\S+)")).isEqualTo(hex(session.id()));
            String key = v == TlsVersion.TLS1_2 ? "Master-Key" : "Resumption PSK";
            assertThat(Interop.group(text, key + ": (\\S+)")).isEqualTo(hex(session.masterKey()));
            try (OpenSslProcess cli =
                    OpenSslProcess.start(
                            dir,
                            "s_client",
                            "-connect",
                            "127.0.0.1:" + srv.port(),
                            "-CAfile",
                            ca.toString(),
                            "-servername",
                            "localhost",
                            "-sess_in",
                            file.toString(),
                            Interop.flag(v))) {
                cli.awaitStdout("Reused, " + v.openSslName(), OpenSslProcess.TIMEOUT);
                cli.closeStdin();
                assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(cli.output()).isZero();
            }
            assertThat(srv.awaitExit(OpenSslProcess.TIMEOUT)).as(srv.output()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void tlsbioResumesAnOpensslSessionFile(TlsVersion v) throws IOException {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.RSA), "server");
        Path ca = Interop.caFile(dir);
        Path file = dir.resolve("openssl-session.pem");
        try (OpenSslProcess srv =
                OpenSslProcess.startServer(
                        dir,
                        "-cert",
                        server.certificateChain().toString(),
                        "-key",
                        server.privateKey().toString(),
                        "-naccept",
                        "2",
                        Interop.flag(v))) {
            try (OpenSslProcess cli =
                    OpenSslProcess.start(
                            dir,
                            "s_client",
                            "-connect",
                            "127.0.0.1:" + srv.port(),
                            "-CAfile",
                            ca.toString(),
                            "-servername",
                            "localhost",
                            "-sess_out",
                            file.toString(),
                            "-state",
                            Interop.flag(v))) {
                cli.awaitStderr(
                        v == TlsVersion.TLS1_2
                                ? "SSL_connect:SSLv3/TLS read finished"
                                : TICKET_PROCESSED,
                        OpenSslProcess.TIMEOUT);
                cli.closeStdin();
                assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(cli.output()).isZero();
            }
            SslSession session =
                    SslSession.fromPem(Files.readString(file, StandardCharsets.US_ASCII));
            assertThat(session.version()).isEqualTo(v);
            assertThat(session.isResumable()).isTrue();
            assertThat(session.peerCertificates())
                    .containsExactly(Interop.pki().server(KeyType.RSA).certificate());
            try (SocketSsl c =
                    SocketSsl.connect(Interop.client(v), srv.port(), Mode.NON_BLOCKING)
                            .peer(srv::output)) {
                c.ssl.setSession(session);
                c.handshake();
                assertThat(c.ssl.sessionReused()).as(srv.output()).isTrue();
                assertThat(c.ssl.peerCertificates())
                        .containsExactly(Interop.pki().server(KeyType.RSA).certificate());
                close(c);
            }
            assertThat(srv.awaitExit(OpenSslProcess.TIMEOUT)).as(srv.output()).isZero();
            assertThat(srv.output()).contains("Reused session-id");
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Reads until the client holds a resumable session: at once in TLS 1.2, after a
     * NewSessionTicket in TLS 1.3. A read that processed only tickets is -1/WANT_READ, never data.
     */
    static void awaitResumable(SocketSsl c) {
        long deadline = System.nanoTime() + SocketSsl.OP_TIMEOUT.toNanos();
        while (!c.ssl.session().isResumable()) {
            SocketSsl.Result r = c.readOnce();
            assertThat(r.ret())
                    .as("a read with only tickets to process: %s", c.ssl.lastError())
                    .isEqualTo(-1);
            assertThat(r.error()).isEqualTo(SslError.WANT_READ);
            long left = deadline - System.nanoTime();
            if (!c.ssl.session().isResumable()) {
                assertThat(left).as("no ticket within %s", SocketSsl.OP_TIMEOUT).isPositive();
                BioWait.waitFor(c.bio, Duration.ofNanos(left));
            }
        }
    }

    /** Our close_notify, then the peer's. */
    private static void close(SocketSsl c) {
        assertThat(c.shutdown()).isZero();
        assertThat(c.shutdown()).as("%s", c.ssl.lastError()).isEqualTo(1);
    }

    /** {@code openssl sess_id -noout -text}. */
    private String sessionText(Path pem) {
        try (OpenSslProcess p =
                OpenSslProcess.start(dir, "sess_id", "-in", pem.toString(), "-noout", "-text")) {
            assertThat(p.awaitExit(OpenSslProcess.TIMEOUT)).as(p.output()).isZero();
            return p.stdout();
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
