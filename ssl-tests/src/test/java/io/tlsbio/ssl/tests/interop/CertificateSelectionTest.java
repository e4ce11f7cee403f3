package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.CertCallback;
import io.tlsbio.ssl.ClientCertCallback;
import io.tlsbio.ssl.ServerNameCallback;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The certificate callbacks against real OpenSSL peers, each next to what OpenSSL's own server or
 * client does in the same place:
 *
 * <ul>
 *   <li>a tlsbio server whose servername callback moves a client naming {@code localhost} to an RSA
 *       context (its default is ECDSA) and answers other names with a warning or a fatal
 *       unrecognized_name — what {@code openssl s_server -servername localhost -cert2 -key2
 *       [-servername_fatal]} does; {@code openssl s_client -tlsextdebug -msg} shows the same
 *       acknowledgement, certificate and alerts from both servers;
 *   <li>a tlsbio server whose cert callback is not ready twice ({@code WANT_X509_LOOKUP}) serving
 *       {@code openssl s_client};
 *   <li>a tlsbio client whose client-cert callback is not ready once, authenticating to {@code
 *       openssl s_server -Verify 1 -verify_return_error}.
 * </ul>
 */
class CertificateSelectionTest {

    @TempDir static Path dir;

    private static PemFiles ec;
    private static PemFiles rsa;
    private static Path ca;

    @BeforeAll
    static void files() {
        OpenSslProcess.requireOpenssl();
        ec = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "ec");
        rsa = Interop.pem(dir, Interop.pki().server(KeyType.RSA), "rsa");
        ca = Interop.caFile(dir);
    }

    /** What s_client saw of one connection. */
    private record Seen(
            boolean acknowledged,
            String publicKey,
            List<String> alerts,
            boolean verified,
            String output) {}

    /**
     * s_client's view of a handshake with the server that {@code serve} runs (tlsbio or openssl).
     */
    private static Seen sClient(TlsVersion v, String serverName, int port) {
        try (OpenSslProcess cli =
                OpenSslProcess.start(
                        dir,
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + port,
                        "-CAfile",
                        ca.toString(),
                        "-servername",
                        serverName,
                        "-tlsextdebug",
                        "-msg",
                        Interop.flag(v))) {
            String out = cli.awaitOutput("Verify return code", OpenSslProcess.TIMEOUT);
            return seen(out);
        }
    }

    private static Seen seen(String out) {
        List<String> alerts = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.contains("<<<") && line.contains("Alert")) {
                alerts.add(line.strip());
            }
        }
        String key =
                out.contains("Server public key is 2048 bit")
                        ? "RSA"
                        : out.contains("Server public key is 256 bit") ? "EC" : "?";
        return new Seen(
                out.contains("TLS server extension \"server name\" (id=0), len=0"),
                key,
                alerts,
                out.contains("Verify return code: 0 (ok)"),
                out);
    }

    /**
     * The tlsbio server of these tests: ECDSA by default, RSA for "localhost", as s_server
     * -servername -cert2.
     */
    private static SslContext tlsbioServer(TlsVersion v, boolean fatal) {
        SslContext second = Interop.server(v, Interop.pki().server(KeyType.RSA));
        return SslContext.builder()
                .versions(v, v)
                .certificate(
                        Interop.pki().server(KeyType.ECDSA).chain(),
                        Interop.pki().server(KeyType.ECDSA).privateKey())
                .serverNameCallback(
                        ssl -> {
                            String name = ssl.serverName();
                            if (name == null) {
                                return ServerNameCallback.Result.NOACK;
                            }
                            if (!name.equalsIgnoreCase(TestPki.HOST)) {
                                return fatal
                                        ? ServerNameCallback.Result.ALERT_FATAL
                                        : ServerNameCallback.Result.ALERT_WARNING;
                            }
                            ssl.setSslContext(second);
                            return ServerNameCallback.Result.OK;
                        })
                .build();
    }

    private static Seen againstTlsbio(
            TlsVersion v, String name, boolean fatal, Function<Ssl, Object> after) {
        try (AcceptBio acceptor = SocketSsl.listen()) {
            List<Seen> seen = new ArrayList<>();
            Thread client =
                    new Thread(() -> seen.add(sClient(v, name, acceptor.localPort())), "s_client");
            client.start();
            try (SocketSsl s =
                    SocketSsl.server(
                            tlsbioServer(v, fatal),
                            SocketSsl.accept(acceptor),
                            Mode.NON_BLOCKING)) {
                s.tryHandshake();
                after.apply(s.ssl);
            } finally {
                joinBounded(client);
            }
            assertThat(seen).hasSize(1);
            return seen.get(0);
        }
    }

    private static Seen againstOpenssl(TlsVersion v, String name, boolean fatal) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-cert",
                                ec.certificateChain().toString(),
                                "-key",
                                ec.privateKey().toString(),
                                "-servername",
                                TestPki.HOST,
                                "-cert2",
                                rsa.certificateChain().toString(),
                                "-key2",
                                rsa.privateKey().toString()));
        if (fatal) {
            args.add("-servername_fatal");
        }
        try (OpenSslProcess server = OpenSslProcess.startServer(dir, args.toArray(String[]::new))) {
            return sClient(v, name, server.port());
        }
    }

    private static void joinBounded(Thread t) {
        try {
            t.join(OpenSslProcess.TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(t.isAlive()).as("s_client thread ended").isFalse();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void serverNameCallbackSwitchesContextAsOpensslServer(TlsVersion v) {
        List<String> names = new ArrayList<>();
        Seen ours = againstTlsbio(v, TestPki.HOST, false, ssl -> names.add(ssl.serverName()));
        Seen theirs = againstOpenssl(v, TestPki.HOST, false);
        assertThat(names).containsExactly(TestPki.HOST);
        assertThat(ours.publicKey())
                .as(ours.output())
                .isEqualTo("RSA")
                .isEqualTo(theirs.publicKey());
        assertThat(ours.acknowledged())
                .as("server_name acknowledged\n%s", ours.output())
                .isTrue()
                .isEqualTo(theirs.acknowledged());
        assertThat(ours.verified()).isTrue();
        assertThat(ours.alerts()).isEqualTo(theirs.alerts()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void unknownNameWarnsInTls12AsOpensslServer(TlsVersion v) {
        Seen ours = againstTlsbio(v, "other.example", false, ssl -> null);
        Seen theirs = againstOpenssl(v, "other.example", false);
        assertThat(ours.publicKey())
                .as(ours.output())
                .isEqualTo("EC")
                .isEqualTo(theirs.publicKey());
        assertThat(ours.acknowledged()).isFalse().isEqualTo(theirs.acknowledged());
        assertThat(ours.alerts())
                .as(
                        "alerts s_client read\n%s\n--- openssl server:\n%s",
                        ours.output(), theirs.output())
                .isEqualTo(theirs.alerts());
        if (v == TlsVersion.TLS1_2) {
            assertThat(ours.alerts())
                    .singleElement()
                    .asString()
                    .contains("warning unrecognized_name");
        } else {
            assertThat(ours.alerts()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void fatalAnswerFailsAsOpensslServer(TlsVersion v) {
        Seen ours = againstTlsbio(v, "other.example", true, ssl -> null);
        Seen theirs = againstOpenssl(v, "other.example", true);
        assertThat(ours.alerts())
                .as("%s\n--- openssl server:\n%s", ours.output(), theirs.output())
                .isEqualTo(theirs.alerts())
                .singleElement()
                .asString()
                .contains("fatal unrecognized_name");
        assertThat(ours.output()).contains("no peer certificate available");
        assertThat(theirs.output()).contains("no peer certificate available");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void certCallbackNotReadyServesOpensslClient(TlsVersion v) {
        TestCredential cred = Interop.pki().server(KeyType.RSA);
        AtomicInteger calls = new AtomicInteger();
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .certCallback(
                                ssl -> {
                                    if (calls.incrementAndGet() <= 2) {
                                        return CertCallback.Result.RETRY;
                                    }
                                    ssl.useCertificate(cred.chain(), cred.privateKey());
                                    return CertCallback.Result.OK;
                                })
                        .build();
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
                                TestPki.HOST,
                                "-verify_return_error",
                                Interop.flag(v));
                SocketSsl s =
                        SocketSsl.server(
                                        ctx,
                                        SocketSsl.accept(acceptor, cli::output),
                                        Mode.NON_BLOCKING)
                                .peer(cli::output)) {
            s.handshake();
            assertThat(s.handshakeCalls).contains("-1/WANT_X509_LOOKUP").endsWith("1/NONE");
            assertThat(s.handshakeCalls.stream().filter("-1/WANT_X509_LOOKUP"::equals)).hasSize(2);
            assertThat(calls).hasValue(3);
            assertThat(cli.awaitOutput("Verify return code: 0 (ok)", OpenSslProcess.TIMEOUT))
                    .contains("Server public key is 2048 bit");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void clientCertCallbackNotReadyAuthenticatesToOpensslServer(TlsVersion v) {
        TestCredential client = Interop.pki().client(KeyType.ECDSA);
        AtomicInteger calls = new AtomicInteger();
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .trust(List.of(Interop.pki().ca().certificate()))
                        .hostName(TestPki.HOST)
                        .clientCertCallback(
                                ssl ->
                                        calls.incrementAndGet() <= 1
                                                ? ClientCertCallback.Answer.retry()
                                                : ClientCertCallback.Answer.certificate(
                                                        client.chain(), client.privateKey()))
                        .build();
        try (OpenSslProcess server =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                ec.certificateChain().toString(),
                                "-key",
                                ec.privateKey().toString(),
                                "-CAfile",
                                ca.toString(),
                                "-Verify",
                                "1",
                                "-verify_return_error");
                SocketSsl c =
                        SocketSsl.connect(ctx, server.port(), Mode.NON_BLOCKING)
                                .peer(server::output)) {
            c.handshake();
            assertThat(c.handshakeCalls).containsOnlyOnce("-1/WANT_X509_LOOKUP").endsWith("1/NONE");
            assertThat(calls).hasValue(2);
            c.write("hello\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            server.awaitStdout("hello\n", OpenSslProcess.TIMEOUT);
            // stderr is read by its own thread: wait for the verify callback's line, not just
            // stdout
            assertThat(server.awaitStderr("depth=0 CN = client", OpenSslProcess.TIMEOUT))
                    .doesNotContain("verify error");
        }
    }
}
