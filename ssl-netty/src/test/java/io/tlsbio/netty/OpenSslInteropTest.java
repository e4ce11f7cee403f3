package io.tlsbio.netty;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.netty.example.WwwServer;
import io.tlsbio.ssl.TlsVersion;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tlsbio in Netty against the real {@code openssl} 3.0 over 127.0.0.1: the example {@link
 * WwwServer} (TlsbioHandler + HttpServerCodec) answering {@code openssl s_client}, and a Netty
 * client with a TlsbioHandler fetching {@code openssl s_server -www}'s page. TLS 1.2 and 1.3, RSA
 * and ECDSA; both ends check the other's certificate, and close_notify ends each session.
 */
class OpenSslInteropTest {

    private static final Pattern CLIENT_CIPHER =
            Pattern.compile("New, (TLSv1\\.[23]), Cipher is (\\S+)\\r?\\n");

    @TempDir Path dir;

    @BeforeAll
    static void opensslIsInstalled() {
        OpenSslProcess.requireOpenssl();
    }

    private static String flag(TlsVersion v) {
        return v == TlsVersion.TLS1_2 ? "-tls1_2" : "-tls1_3";
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tlsbio.harness.InteropMatrix#versionsAndKeys")
    void opensslClientGetsThePageFromTheNettyServer(TlsVersion v, KeyType type) throws Exception {
        Path ca = Contexts.PKI.ca().writePem(dir, "ca").certificateChain();
        try (WwwServer server =
                        WwwServer.start(
                                Contexts.server(v, type, null).build(),
                                new InetSocketAddress("127.0.0.1", 0),
                                2);
                OpenSslProcess client =
                        OpenSslProcess.start(
                                dir,
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + server.port(),
                                "-CAfile",
                                ca.toString(),
                                "-verify_return_error",
                                "-verify_hostname",
                                "localhost",
                                flag(v),
                                "-ign_eof")) {
            client.send("GET / HTTP/1.0\r\n\r\n");
            assertThat(client.awaitExit(OpenSslProcess.TIMEOUT))
                    .as("s_client exit code\n%s", client.output())
                    .isZero();
            String out = client.stdout();
            Matcher m = CLIENT_CIPHER.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            assertThat(m.group(1)).isEqualTo(v.openSslName());
            String cipher = m.group(2);
            assertThat(cipher)
                    .startsWith(
                            v == TlsVersion.TLS1_3
                                    ? "TLS_"
                                    : type == KeyType.RSA ? "ECDHE-RSA-" : "ECDHE-ECDSA-");
            assertThat(out).contains("Verify return code: 0 (ok)", "HTTP/1.0 200 ok");
            String page = out.substring(out.indexOf("HTTP/1.0 200 ok"));
            assertThat(page)
                    .contains(
                            "Content-type: text/html",
                            "New, " + v.openSslName() + ", Cipher is " + cipher,
                            "    Cipher    : " + cipher,
                            "no client certificate available",
                            "</pre></BODY></HTML>");
            assertThat(out)
                    .as("s_client read our close_notify (SSL_ERROR_ZERO_RETURN)")
                    .contains("closed");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tlsbio.harness.InteropMatrix#versionsAndKeys")
    void nettyClientGetsThePageFromOpensslServer(TlsVersion v, KeyType type) throws Exception {
        PemFiles pem = Contexts.PKI.server(type).writePem(dir, "server");
        Recorder app = new Recorder();
        TlsbioHandler tls = TlsbioHandler.client(Contexts.client(v, null).build());
        try (OpenSslProcess server =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                pem.certificateChain().toString(),
                                "-key",
                                pem.privateKey().toString(),
                                "-www",
                                "-naccept",
                                "1",
                                flag(v));
                Peers peers = new Peers(1, 1)) {
            Channel ch = peers.connect(server.port(), tls, app);
            assertThat(tls.handshakeFuture().await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(tls.handshakeFuture().isSuccess())
                    .as("%s", tls.handshakeFuture().cause())
                    .isTrue();
            ch.writeAndFlush(Unpooled.copiedBuffer("GET / HTTP/1.0\r\n\r\n", ISO_8859_1));
            app.awaitText("</BODY></HTML>\r\n\r\n", java.time.Duration.ofSeconds(20));
            // s_server -www waits for the client to end the session: our close_notify, then its own
            tls.setCloseNotifyReadTimeout(java.time.Duration.ofSeconds(10));
            assertThat(ch.close().await(20, TimeUnit.SECONDS)).isTrue();

            String page = new String(app.data(), ISO_8859_1);
            assertThat(page)
                    .startsWith("HTTP/1.0 200 ok\r\n")
                    .contains("New, " + v.openSslName() + ", Cipher is " + tls.ssl().cipher())
                    .contains("</BODY></HTML>");
            assertThat(tls.ssl().version()).isEqualTo(v);
            assertThat(tls.ssl().peerCertificates().get(0))
                    .isEqualTo(Contexts.PKI.server(type).certificate());
            assertThat(tls.sslCloseFuture().isSuccess())
                    .as("s_server's close_notify: %s", tls.sslCloseFuture().cause())
                    .isTrue();
            assertThat(
                            app.awaitEvent(
                                    SslCloseCompletionEvent.SUCCESS,
                                    java.time.Duration.ofSeconds(20)))
                    .as("events %s", app.events)
                    .isTrue();
            assertThat(app.exceptions).isEmpty();
            assertThat(server.awaitExit(OpenSslProcess.TIMEOUT))
                    .as("s_server -naccept 1\n%s", server.output())
                    .isZero();
        }
    }
}
