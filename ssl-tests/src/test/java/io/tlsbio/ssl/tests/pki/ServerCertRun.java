package io.tlsbio.ssl.tests.pki;

import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server-certificate direction of one case: one {@code openssl s_server -naccept 3 -msg}
 * presents the case's chain, and three clients connect in turn: tlsbio, {@code openssl s_client
 * -verify_return_error} with the same settings, the JDK. s_server's {@code -msg} trace of each
 * connection shows the alert that client sent; after the third connection s_server exits, which
 * flushes all of its output.
 */
final class ServerCertRun {

    /**
     * s_client sent its Finished: the server's certificate was accepted (s_client prints the cipher
     * either way).
     */
    private static final Pattern CLIENT_FINISHED =
            Pattern.compile("(?m)^>>> [^,\\n]*, Handshake \\[length [0-9a-f]+\\], Finished");

    private static final Pattern VERIFY_RETURN = Pattern.compile("Verify return code: (\\d+)");

    private ServerCertRun() {}

    /**
     * @param tlsbioClient makes the tlsbio client context; if that throws, a bare TCP connection
     *     takes tlsbio's turn so that s_server's connections stay in order
     */
    static Handshakes run(PkiCase c, CaseFiles files, Supplier<SslContext> tlsbioClient) {
        List<String> serverArgs = new ArrayList<>(files.presentArgs());
        // s_server only presents; its own security level must not refuse the weak cases'
        // certificates
        serverArgs.addAll(
                List.of(
                        "-naccept",
                        "3",
                        "-msg",
                        "-cipher",
                        "DEFAULT:@SECLEVEL=0",
                        "-no-CAfile",
                        "-no-CApath",
                        "-no-CAstore"));
        try (OpenSslProcess srv =
                OpenSslProcess.startServer(files.dir(), serverArgs.toArray(String[]::new))) {
            PeerOutcome tlsbio = tlsbio(tlsbioClient, srv.port());
            PeerOutcome sClient = sClient(c, files, srv.port());
            PeerOutcome jdk = JdkPeer.connect(c, srv.port());
            if (srv.exitsWithin(OpenSslProcess.TIMEOUT)) {
                srv.awaitExit(OpenSslProcess.TIMEOUT);
            }
            List<String> conns = MsgTrace.connections(srv.stdout());
            return new Handshakes(
                    tlsbio,
                    alertIn(conns, 0),
                    sClient,
                    alertIn(conns, 1),
                    c.untrusted().isEmpty(),
                    jdk,
                    alertIn(conns, 2));
        }
    }

    private static PeerOutcome tlsbio(Supplier<SslContext> ctx, int port) {
        SslContext built;
        try {
            built = ctx.get();
        } catch (RuntimeException e) {
            try (Socket placeholder = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new PeerOutcome(false, -1, null, "context not built: " + e);
            } catch (IOException io) {
                throw new UncheckedIOException("cannot connect to s_server on port " + port, io);
            }
        }
        return guarded(() -> TlsbioPeer.connect(built, port));
    }

    /**
     * A peer that throws is recorded as a rejecting one, so the other peers of the case still run.
     */
    static PeerOutcome guarded(Supplier<PeerOutcome> peer) {
        try {
            return peer.get();
        } catch (RuntimeException e) {
            return new PeerOutcome(false, -1, null, "threw " + e);
        }
    }

    private static String alertIn(List<String> connections, int i) {
        return i < connections.size()
                ? MsgTrace.firstAlert(connections.get(i), MsgTrace.Way.RECEIVED)
                : null;
    }

    /**
     * {@code s_client} with the case's verification settings; {@code -verify_return_error} unless
     * the case's callback lets everything go (s_client's callback then does too). Stdin at EOF:
     * after a good handshake it sends close_notify and ends.
     */
    private static PeerOutcome sClient(PkiCase c, CaseFiles files, int port) {
        List<String> args =
                new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port, "-msg"));
        if (!c.acceptAll()) {
            args.add("-verify_return_error");
        }
        args.addAll(files.sslVerifyArgs(c));
        OpenSslProcess.Result r = OpenSslProcess.run(files.dir(), args);
        boolean accepted = CLIENT_FINISHED.matcher(r.stdout()).find();
        Matcher v = VERIFY_RETURN.matcher(r.stdout());
        int code = v.find() ? Integer.parseInt(v.group(1)) : -1;
        return new PeerOutcome(
                accepted,
                code,
                MsgTrace.firstAlert(r.stdout(), MsgTrace.Way.SENT),
                accepted ? "" : firstErrorLine(r.stderr()));
    }

    /**
     * The first line of openssl's error queue print ("...:certificate verify failed:..."), or "".
     */
    static String firstErrorLine(String stderr) {
        for (String line : stderr.split("\n")) {
            if (line.contains(":error:")) {
                return line.strip();
            }
        }
        return "";
    }
}
