package io.tlsbio.ssl.tests.pki;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client-certificate direction of one case: {@code openssl s_client -cert ... -key ... -msg}
 * presents the case's chain to three servers in turn that require and check it: {@code openssl
 * s_server -Verify 2 -verify_return_error}, a tlsbio server with FAIL_IF_NO_PEER_CERT and a JDK
 * server with needClientAuth. The alert each server sends is read on both sides: from the sender
 * (s_server's {@code -msg}, tlsbio's message callback) and from s_client's {@code -msg}.
 */
final class ClientCertRun {

    /**
     * s_server's verdict on the client's certificate in TLS 1.3: an alert, or its session tickets.
     */
    private static final Pattern SERVER_VERDICT =
            Pattern.compile(
                    "(?m)^>>> [^,\\n]*, (?:Alert \\[length [0-9a-f]+\\], fatal \\w+|Handshake \\[length [0-9a-f]+\\], NewSessionTicket)");

    /** How long s_client gets to end by itself once its server is done. */
    private static final Duration CLIENT_END = Duration.ofSeconds(5);

    private static final Pattern VERIFY_ERROR = Pattern.compile("verify error:num=(\\d+)");

    private ClientCertRun() {}

    /** One server's outcome and the alert s_client saw arrive from it. */
    private record ServerSide(PeerOutcome outcome, String alertSeen) {}

    /**
     * Runs the three servers against s_client; {@code serverCert} is what they present (nobody
     * checks it); a tlsbio context that cannot be built counts as a rejecting server.
     */
    static Handshakes run(
            PkiCase c, CaseFiles files, Supplier<SslContext> tlsbioServer, Issued serverCert) {
        ServerSide openssl = opensslServer(c, files, serverCert);
        ServerSide tlsbio = tlsbioServer(files, tlsbioServer);
        ServerSide jdk = jdkServer(c, files, serverCert);
        return new Handshakes(
                tlsbio.outcome(),
                tlsbio.alertSeen(),
                openssl.outcome(),
                openssl.alertSeen(),
                true,
                jdk.outcome(),
                jdk.alertSeen());
    }

    private static ServerSide opensslServer(PkiCase c, CaseFiles files, Issued serverCert) {
        Path pem =
                PemOut.certificates(
                        files.dir().resolve("tls-server.pem"), List.of(serverCert.certificate()));
        Path key =
                PemOut.privateKey(
                        files.dir().resolve("tls-server-key.pem"), serverCert.keys().getPrivate());
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-cert",
                                pem.toString(),
                                "-key",
                                key.toString(),
                                "-naccept",
                                "1",
                                "-msg",
                                "-Verify",
                                "2",
                                "-verify_return_error"));
        args.addAll(files.sslVerifyArgs(c));
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(files.dir(), args.toArray(String[]::new));
                OpenSslProcess cli = sClient(files, srv.port())) {
            Matcher verdict = srv.awaitMatch(SERVER_VERDICT, 0, OpenSslProcess.TIMEOUT);
            boolean accepted = verdict.group().contains("NewSessionTicket");
            if (accepted) {
                // s_client at EOF sends close_notify and s_server answers with its own, as a tlsbio
                // server's SSL_shutdown sends one (EOF on s_server's stdin would drop the
                // connection silently)
                cli.closeStdin();
            }
            String seen = clientSaw(cli);
            srv.exitsWithin(OpenSslProcess.TIMEOUT);
            Matcher v = VERIFY_ERROR.matcher(srv.stderr());
            int code = v.find() ? Integer.parseInt(v.group(1)) : accepted ? 0 : -1;
            return new ServerSide(
                    new PeerOutcome(
                            accepted,
                            code,
                            MsgTrace.firstAlert(srv.stdout(), MsgTrace.Way.SENT),
                            accepted ? "" : ServerCertRun.firstErrorLine(srv.stderr())),
                    seen);
        }
    }

    private static ServerSide tlsbioServer(CaseFiles files, Supplier<SslContext> ctx) {
        try (AcceptBio acceptor = TlsbioPeer.listen();
                OpenSslProcess cli = sClient(files, acceptor.localPort())) {
            PeerOutcome o = ServerCertRun.guarded(() -> TlsbioPeer.accept(ctx.get(), acceptor));
            return new ServerSide(o, clientSaw(cli));
        }
    }

    private static ServerSide jdkServer(PkiCase c, CaseFiles files, Issued serverCert) {
        try (JdkPeer.Server server =
                        JdkPeer.server(
                                c,
                                List.of(serverCert.certificate()),
                                serverCert.keys().getPrivate());
                OpenSslProcess cli = sClient(files, server.port())) {
            PeerOutcome o = server.handshake();
            return new ServerSide(o, clientSaw(cli));
        }
    }

    /**
     * s_client presenting the case's chain, trusting nothing (it does not fail on the server's
     * certificate).
     */
    private static OpenSslProcess sClient(CaseFiles files, int port) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + port,
                                "-msg",
                                "-cipher",
                                "DEFAULT:@SECLEVEL=0",
                                "-no-CAfile",
                                "-no-CApath",
                                "-no-CAstore"));
        args.addAll(files.presentArgs());
        return OpenSslProcess.start(files.dir(), args.toArray(String[]::new));
    }

    /**
     * Waits for s_client to end by itself (the server closed the connection, with an alert or
     * close_notify); if it does not, ends its input so it closes. Returns the first alert it
     * received.
     */
    private static String clientSaw(OpenSslProcess cli) {
        if (!cli.exitsWithin(CLIENT_END)) {
            cli.closeStdin();
        }
        cli.awaitExit(OpenSslProcess.TIMEOUT);
        return MsgTrace.firstAlert(cli.stdout(), MsgTrace.Way.RECEIVED);
    }
}
