package io.tlsbio.ssl.tests.pki;

import io.tlsbio.ssl.CrlCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Oracle (c), recorded beside the others and never asserted: the JDK's own TLS ({@code SSLSocket})
 * with a PKIX trust manager over the case's roots and CRLs, host name checked with endpoint
 * identification "HTTPS". The JDK has no equivalent of {@code -untrusted}, a verify depth or a
 * security level, so those cases show what it does without them.
 */
final class JdkPeer {

    private static final int TIMEOUT_MILLIS = (int) TlsbioPeer.IO_TIMEOUT.toMillis();
    private static final char[] PASSWORD = "matrix".toCharArray();

    private JdkPeer() {}

    /** A JDK client handshake against 127.0.0.1:{@code port}. */
    static PeerOutcome connect(PkiCase c, int port) {
        // connected first: a setup failure still takes the JDK's turn at s_server
        try (Socket raw = new Socket()) {
            raw.connect(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagers(c).getTrustManagers(), null);
            String peerHost = c.host() != null ? c.host() : "127.0.0.1";
            try (SSLSocket s =
                    (SSLSocket) ctx.getSocketFactory().createSocket(raw, peerHost, port, true)) {
                s.setSoTimeout(TIMEOUT_MILLIS);
                if (c.host() != null) {
                    SSLParameters p = s.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    s.setSSLParameters(p);
                }
                return handshake(s);
            }
        } catch (IOException | GeneralSecurityException e) {
            return new PeerOutcome(false, -1, null, "setup failed: " + e);
        }
    }

    /**
     * Starts a JDK server that needs a client certificate; {@link Server#handshake()} accepts one
     * client.
     */
    static Server server(PkiCase c, List<X509Certificate> chain, PrivateKey key) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), trustManagers(c).getTrustManagers(), null);
            SSLServerSocket ss =
                    (SSLServerSocket)
                            ctx.getServerSocketFactory()
                                    .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
            ss.setNeedClientAuth(true);
            ss.setSoTimeout(TIMEOUT_MILLIS);
            return new Server(ss);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot start a JDK server", e);
        }
    }

    /** A listening JDK server socket; close it after use. */
    static final class Server implements AutoCloseable {
        private final SSLServerSocket socket;

        private Server(SSLServerSocket socket) {
            this.socket = socket;
        }

        int port() {
            return socket.getLocalPort();
        }

        /** Accepts one connection (bounded) and runs the handshake. */
        PeerOutcome handshake() {
            try (SSLSocket s = (SSLSocket) socket.accept()) {
                s.setSoTimeout(TIMEOUT_MILLIS);
                return JdkPeer.handshake(s);
            } catch (IOException e) {
                return new PeerOutcome(false, -1, null, "accept failed: " + e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    private static PeerOutcome handshake(SSLSocket s) {
        try {
            s.startHandshake();
            return new PeerOutcome(true, -1, null, "");
        } catch (IOException e) {
            return new PeerOutcome(false, -1, null, rootMessage(e));
        }
    }

    private static TrustManagerFactory trustManagers(PkiCase c)
            throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < c.trust().size(); i++) {
            ks.setCertificateEntry("ca" + i, c.trust().get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        if (c.crlCheck() == CrlCheck.NONE) {
            tmf.init(ks);
            return tmf;
        }
        PKIXBuilderParameters params = new PKIXBuilderParameters(ks, new X509CertSelector());
        params.addCertStore(
                CertStore.getInstance("Collection", new CollectionCertStoreParameters(c.crls())));
        PKIXRevocationChecker rc =
                (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX").getRevocationChecker();
        EnumSet<PKIXRevocationChecker.Option> options =
                EnumSet.of(
                        PKIXRevocationChecker.Option.PREFER_CRLS,
                        PKIXRevocationChecker.Option.NO_FALLBACK);
        if (c.crlCheck() == CrlCheck.LEAF) {
            options.add(PKIXRevocationChecker.Option.ONLY_END_ENTITY);
        }
        rc.setOptions(options);
        params.addCertPathChecker(rc);
        params.setRevocationEnabled(true);
        tmf.init(new CertPathTrustManagerParameters(params));
        return tmf;
    }

    /** The innermost cause's class and message: where the JDK says what it disliked. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
