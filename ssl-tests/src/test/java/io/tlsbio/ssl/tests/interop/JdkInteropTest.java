package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tlsbio against the JDK's own TLS stack ({@link SSLSocket} / {@link SSLServerSocket}, SunJSSE),
 * both directions, TLS 1.2 and 1.3, RSA and ECDSA, our side blocking and non-blocking. The JDK
 * client does endpoint identification ("HTTPS") for "localhost"; both sides verify against the test
 * CA. Data both ways, then a clean close: towards the JDK server we initiate the two-step
 * SSL_shutdown; the JDK client initiates with {@code close()} and we answer.
 */
class JdkInteropTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final int SO_TIMEOUT_MS = (int) SocketSsl.OP_TIMEOUT.toMillis();

    /** What the JDK side saw. */
    record JdkSide(
            String protocol,
            String cipherSuite,
            byte[] received,
            Certificate[] peerCertificates,
            int endRead) {}

    static SSLContext jdkContext(TestCredential own) throws GeneralSecurityException {
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(own.toKeyStore(PASSWORD), PASSWORD);
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(Interop.pki().trustStore());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("io.tlsbio.ssl.tests.interop.SocketSsl#versionsKeysAndModes")
    void tlsbioClientToJdkServer(TlsVersion v, KeyType type, Mode mode) throws Exception {
        byte[] toServer = Interop.payload(1, 96).getBytes(StandardCharsets.ISO_8859_1);
        byte[] toClient = Interop.payload(2, 96).getBytes(StandardCharsets.ISO_8859_1);
        SSLContext jdk = jdkContext(Interop.pki().server(type));
        try (SSLServerSocket listener =
                (SSLServerSocket)
                        jdk.getServerSocketFactory()
                                .createServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            listener.setEnabledProtocols(new String[] {v.openSslName()});
            listener.setSoTimeout(SO_TIMEOUT_MS);
            try (JdkPeer peer =
                            JdkPeer.start(
                                    "jdk-server",
                                    () -> {
                                        try (SSLSocket s = (SSLSocket) listener.accept()) {
                                            s.setSoTimeout(SO_TIMEOUT_MS);
                                            s.startHandshake();
                                            SSLSession session = s.getSession();
                                            byte[] got =
                                                    s.getInputStream().readNBytes(toServer.length);
                                            OutputStream out = s.getOutputStream();
                                            out.write(toClient);
                                            out.flush();
                                            // our close_notify ends the JDK's input; close() then
                                            // sends the JDK's close_notify
                                            int end = s.getInputStream().read();
                                            return new JdkSide(
                                                    session.getProtocol(),
                                                    session.getCipherSuite(),
                                                    got,
                                                    null,
                                                    end);
                                        }
                                    },
                                    listener);
                    SocketSsl c =
                            SocketSsl.connect(Interop.client(v), listener.getLocalPort(), mode)) {
                c.handshake();
                c.write(toServer);
                assertThat(c.readFully(toClient.length)).isEqualTo(toClient);
                assertThat(c.shutdown()).as("first SSL_shutdown").isZero();
                int second = c.shutdown();
                assertThat(second)
                        .as("second SSL_shutdown: %s %s", c.ssl.getError(second), c.ssl.lastError())
                        .isEqualTo(1);
                JdkSide jdkSide = peer.result();
                assertThat(jdkSide.received()).isEqualTo(toServer);
                assertThat(jdkSide.endRead()).as("JDK read after our close_notify").isEqualTo(-1);
                assertThat(jdkSide.protocol()).isEqualTo(v.openSslName());
                assertThat(c.ssl.version()).isEqualTo(v);
                assertThat(c.ssl.cipher())
                        .startsWith(Interop.cipherPrefix(v, type))
                        .isEqualTo(openSslName(jdkSide.cipherSuite()));
                assertThat(c.ssl.peerCertificates())
                        .first()
                        .isEqualTo(Interop.pki().server(type).certificate());
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("io.tlsbio.ssl.tests.interop.SocketSsl#versionsKeysAndModes")
    void jdkClientToTlsbioServer(TlsVersion v, KeyType type, Mode mode) throws Exception {
        byte[] toServer = Interop.payload(1, 96).getBytes(StandardCharsets.ISO_8859_1);
        byte[] toClient = Interop.payload(2, 96).getBytes(StandardCharsets.ISO_8859_1);
        SSLContext jdk = jdkContext(Interop.pki().client(type));
        try (AcceptBio acceptor = SocketSsl.listen()) {
            int port = acceptor.localPort();
            Socket raw = new Socket();
            try (JdkPeer peer =
                            JdkPeer.start(
                                    "jdk-client",
                                    () -> {
                                        raw.connect(
                                                new InetSocketAddress("127.0.0.1", port),
                                                SO_TIMEOUT_MS);
                                        try (SSLSocket s =
                                                (SSLSocket)
                                                        jdk.getSocketFactory()
                                                                .createSocket(
                                                                        raw,
                                                                        TestPki.HOST,
                                                                        port,
                                                                        true)) {
                                            SSLParameters p = s.getSSLParameters();
                                            p.setEndpointIdentificationAlgorithm("HTTPS");
                                            p.setProtocols(new String[] {v.openSslName()});
                                            s.setSSLParameters(p);
                                            s.setSoTimeout(SO_TIMEOUT_MS);
                                            s.startHandshake();
                                            SSLSession session = s.getSession();
                                            OutputStream out = s.getOutputStream();
                                            out.write(toServer);
                                            out.flush();
                                            InputStream in = s.getInputStream();
                                            byte[] got = in.readNBytes(toClient.length);
                                            return new JdkSide(
                                                    session.getProtocol(),
                                                    session.getCipherSuite(),
                                                    got,
                                                    session.getPeerCertificates(),
                                                    0);
                                            // close() sends the JDK's close_notify
                                        }
                                    },
                                    raw);
                    SocketSsl s =
                            SocketSsl.server(
                                    Interop.server(v, Interop.pki().server(type)),
                                    SocketSsl.accept(acceptor),
                                    mode)) {
                s.handshake();
                assertThat(s.readFully(toServer.length)).isEqualTo(toServer);
                s.write(toClient);
                SocketSsl.Result end = s.readEnd();
                assertThat(end.ret())
                        .as("read after the JDK's close(): %s", s.ssl.lastError())
                        .isZero();
                assertThat(end.error()).isEqualTo(SslError.ZERO_RETURN);
                assertThat(s.shutdown())
                        .as("SSL_shutdown after the peer's close_notify")
                        .isEqualTo(1);
                JdkSide jdkSide = peer.result();
                assertThat(jdkSide.received()).isEqualTo(toClient);
                assertThat(jdkSide.protocol()).isEqualTo(v.openSslName());
                assertThat(jdkSide.peerCertificates()[0])
                        .as("the JDK verified our chain for localhost")
                        .isEqualTo(Interop.pki().server(type).certificate());
                assertThat(s.ssl.version()).isEqualTo(v);
                assertThat(s.ssl.cipher())
                        .startsWith(Interop.cipherPrefix(v, type))
                        .isEqualTo(openSslName(jdkSide.cipherSuite()));
            }
        }
    }

    /**
     * OpenSSL's name of a JSSE (IANA) suite name: TLS 1.3 names are the same; TLS 1.2 ECDHE names
     * map as {@code TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384} -> {@code
     * ECDHE-ECDSA-AES256-GCM-SHA384}, {@code ..._CHACHA20_POLY1305_SHA256} -> {@code
     * ...-CHACHA20-POLY1305}, {@code ..._AES_128_CBC_SHA256} -> {@code ...-AES128-SHA256}.
     */
    static String openSslName(String iana) {
        int with = iana.indexOf("_WITH_");
        if (with < 0) {
            return iana;
        }
        String kx = iana.substring("TLS_".length(), with).replace('_', '-');
        String rest = iana.substring(with + "_WITH_".length());
        String bulk;
        if (rest.equals("CHACHA20_POLY1305_SHA256")) {
            bulk = "CHACHA20-POLY1305";
        } else if (rest.matches("AES_(128|256)_GCM_SHA(256|384)")) {
            bulk =
                    "AES"
                            + rest.substring(4, 7)
                            + "-GCM-"
                            + rest.substring(rest.lastIndexOf('_') + 1);
        } else if (rest.matches("AES_(128|256)_CBC_SHA(256|384)?")) {
            bulk = "AES" + rest.substring(4, 7) + "-" + rest.substring(rest.lastIndexOf('_') + 1);
        } else {
            throw new AssertionError("no OpenSSL name known for " + iana);
        }
        return kx + "-" + bulk;
    }

    /**
     * The JDK side of a test on its own thread; joined (bounded) on close, after closing its
     * socket.
     */
    static final class JdkPeer implements AutoCloseable {
        private final FutureTask<JdkSide> task;
        private final Thread thread;
        private final AutoCloseable socket;

        private JdkPeer(String name, Callable<JdkSide> body, AutoCloseable socket) {
            this.task = new FutureTask<>(body);
            this.thread = new Thread(task, name);
            this.socket = socket;
            thread.setDaemon(true);
        }

        static JdkPeer start(String name, Callable<JdkSide> body, AutoCloseable socket) {
            JdkPeer p = new JdkPeer(name, body, socket);
            p.thread.start();
            return p;
        }

        JdkSide result() throws InterruptedException, TimeoutException {
            try {
                return task.get(SocketSsl.OP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError("the JDK side failed: " + e.getCause(), e.getCause());
            }
        }

        @Override
        public void close() throws Exception {
            if (!task.isDone()) {
                // unblocks accept/read on the JDK side
                socket.close();
                task.cancel(true);
            }
            thread.join(5_000);
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not stop");
            }
        }
    }
}
