package io.tlsbio.ssl.tests.pki;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.BioWait;
import io.tlsbio.bio.socket.SocketBio;
import io.tlsbio.ssl.CrlCheck;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslMessage;
import io.tlsbio.ssl.VerifyMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tlsbio side of the matrix, through public API only: a context with a case's verification
 * settings, and one blocking handshake over a real socket as client or server. The alert it sends
 * is taken from its message callback ({@code SSL_set_msg_callback}).
 */
final class TlsbioPeer {

    static final Duration IO_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ALERT = Pattern.compile("^alert \\w+\\(\\d+\\) (\\w+)\\(\\d+\\)$");

    private TlsbioPeer() {}

    /**
     * A builder with the case's trust, untrusted certificates, CRLs, crl check, depth and security
     * level.
     */
    static SslContext.Builder verifier(PkiCase c, CaseFiles files) {
        SslContext.Builder b = SslContext.builder();
        if (c.trustStore() == PkiCase.TrustStore.HASHED_DIRECTORY) {
            b.trustDirectory(files.trust());
        } else {
            b.trust(files.trust());
        }
        if (files.ctxUntrusted() != null) {
            b.untrusted(files.ctxUntrusted());
        }
        if (files.crls() != null) {
            b.crls(files.crls());
        }
        if (c.crlCheck() != CrlCheck.NONE) {
            b.crlCheck(c.crlCheck());
        }
        if (c.verifyDepth() >= 0) {
            b.verifyDepth(c.verifyDepth());
        }
        return b.securityLevel(c.securityLevel());
    }

    /** The client context that checks a server certificate as the case says. */
    static SslContext client(PkiCase c, CaseFiles files) {
        SslContext.Builder b = verifier(c, files).verify(VerifyMode.PEER);
        if (c.host() != null) {
            b.hostName(c.host());
        }
        if (c.acceptAll()) {
            b.verifyCallback((ok, ctx) -> true);
        }
        return b.build();
    }

    /** The server context that requires and checks a client certificate as the case says. */
    static SslContext server(
            PkiCase c, CaseFiles files, List<X509Certificate> chain, PrivateKey key) {
        SslContext.Builder b =
                verifier(c, files).verify(VerifyMode.FAIL_IF_NO_PEER_CERT).certificate(chain, key);
        if (c.acceptAll()) {
            b.verifyCallback((ok, ctx) -> true);
        }
        return b.build();
    }

    /**
     * Connects to 127.0.0.1:{@code port}, runs the handshake, closes (close_notify after a good
     * one).
     */
    static PeerOutcome connect(SslContext ctx, int port) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
        Ssl ssl = ctx.newSsl();
        ssl.setConnectState();
        return handshake(ssl, SocketBio.wrap(ch, true));
    }

    /**
     * Accepts one connection on {@code acceptor} (bounded wait), runs the server handshake, closes.
     */
    static PeerOutcome accept(SslContext ctx, AcceptBio acceptor) {
        long deadline = System.nanoTime() + IO_TIMEOUT.toNanos();
        SocketBio conn;
        while ((conn = acceptor.accept()) == null) {
            long left = deadline - System.nanoTime();
            if (!acceptor.shouldRetry()
                    || left <= 0
                    || BioWait.waitFor(acceptor, Duration.ofNanos(left)) != BioWait.Result.READY) {
                throw new AssertionError(
                        "no connection accepted within "
                                + IO_TIMEOUT
                                + ": "
                                + acceptor.lastError());
            }
        }
        conn.setNonBlocking(false);
        Ssl ssl = ctx.newSsl();
        ssl.setAcceptState();
        return handshake(ssl, conn);
    }

    /** A listening, non-blocking accept BIO on 127.0.0.1 with an ephemeral port. */
    static AcceptBio listen() {
        AcceptBio a = AcceptBio.create("127.0.0.1:0");
        a.setNonBlocking(true);
        if (a.doAccept() != 1) {
            a.close();
            throw new AssertionError("cannot listen on 127.0.0.1:0: " + a.lastError());
        }
        return a;
    }

    private static PeerOutcome handshake(Ssl ssl, SocketBio bio) {
        List<String> alerts = new ArrayList<>();
        try {
            bio.setNonBlocking(false);
            bio.setReadTimeout(IO_TIMEOUT);
            ssl.setBio(bio, bio);
            ssl.setMessageCallback((s, m) -> alertName(m, alerts));
            int r = ssl.doHandshake();
            boolean accepted = r == 1;
            if (accepted) {
                ssl.shutdown();
            }
            String detail = accepted ? "" : String.valueOf(ssl.lastError());
            return new PeerOutcome(
                    accepted,
                    ssl.verifyResult().code(),
                    alerts.isEmpty() ? null : alerts.get(0),
                    detail);
        } finally {
            ssl.free();
            bio.close();
        }
    }

    private static void alertName(SslMessage m, List<String> out) {
        if (m.write() && m.contentType() == 21) {
            Matcher am = ALERT.matcher(m.description());
            out.add(am.matches() ? am.group(1) : m.description());
        }
    }
}
