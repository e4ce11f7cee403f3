package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.AlpnSelectCallback;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server's ALPN choice against the real openssl: a tlsbio server with an {@link
 * AlpnSelectCallback} ({@code SSL_CTX_set_alpn_select_cb}) answering OK, NOACK or ALERT_FATAL to
 * {@code openssl s_client -alpn foo,h2}; and without a callback, a fixed list that shares nothing
 * with the client's, which fails as {@code openssl s_server -alpn} (OpenSSL 3.0's callback answers
 * ALERT_FATAL: the client gets a fatal no_application_protocol), in both roles.
 */
class AlpnSelectCallbackInteropTest extends AgainstOpenSsl {

    /** What s_client said, and how our server's handshake ended. */
    private record Outcome(String clientOutput, int ret, SslError error, SslFailure failure) {}

    private Outcome againstOpensslClient(TlsVersion v, SslContext ctx, String alpn) {
        return againstOpensslClient(v, ctx, alpn, "SSL alert number");
    }

    /** As above; {@code failureMarker} is what s_client prints when the handshake fails. */
    private Outcome againstOpensslClient(
            TlsVersion v, SslContext ctx, String alpn, String failureMarker) {
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
                                TestPki.HOST,
                                "-ign_eof",
                                "-alpn",
                                alpn,
                                Interop.flag(v));
                SocketSsl s =
                        SocketSsl.server(
                                        ctx,
                                        SocketSsl.accept(acceptor, cli::output),
                                        Mode.NON_BLOCKING)
                                .peer(cli::output)) {
            int r = s.tryHandshake();
            SslError e = s.ssl.getError(r);
            String out =
                    r == 1
                            ? cli.awaitOutput("Verify return code", OpenSslProcess.TIMEOUT)
                            : cli.awaitOutput(failureMarker, OpenSslProcess.TIMEOUT);
            if (r == 1) {
                assertThat(s.shutdown()).isZero();
            }
            return new Outcome(out, r, e, s.ssl.lastError());
        }
    }

    private static SslContext.Builder server(TlsVersion v) {
        TestCredential cred = Interop.pki().server(KeyType.ECDSA);
        return SslContext.builder().versions(v, v).certificate(cred.chain(), cred.privateKey());
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void callbackChoosesAmongTheClientsProtocols(TlsVersion v) {
        List<List<String>> seen = Collections.synchronizedList(new ArrayList<>());
        SslContext ctx =
                server(v)
                        .alpn("foo")
                        .alpnSelectCallback(
                                (ssl, offered) -> {
                                    seen.add(offered);
                                    return AlpnSelectCallback.Result.select("h2");
                                })
                        .build();
        Outcome o = againstOpensslClient(v, ctx, "foo,h2");
        assertThat(o.ret()).as(o.clientOutput()).isEqualTo(1);
        // the callback replaces the fixed list, which would have chosen foo
        assertThat(seen).containsExactly(List.of("foo", "h2"));
        assertThat(o.clientOutput()).contains("ALPN protocol: h2");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void noAckGoesOnWithoutAlpn(TlsVersion v) {
        SslContext ctx =
                server(v)
                        .alpnSelectCallback((ssl, offered) -> AlpnSelectCallback.Result.NOACK)
                        .build();
        Outcome o = againstOpensslClient(v, ctx, "foo,h2");
        assertThat(o.ret()).as(o.clientOutput()).isEqualTo(1);
        assertThat(o.clientOutput()).contains("No ALPN negotiated");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void alertFatalFailsWithNoApplicationProtocol(TlsVersion v) {
        SslContext ctx =
                server(v)
                        .alpnSelectCallback((ssl, offered) -> AlpnSelectCallback.Result.ALERT_FATAL)
                        .build();
        Outcome o = againstOpensslClient(v, ctx, "foo,h2");
        assertThat(o.ret()).isEqualTo(-1);
        assertThat(o.error()).isEqualTo(SslError.SSL);
        assertThat(o.failure().reason()).isEqualTo(SslReason.ALERT_SENT);
        assertThat(o.failure().alertName()).isEqualTo("no_application_protocol");
        assertThat(o.clientOutput())
                .contains("alert no application protocol", "SSL alert number 120");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void fixedListWithoutOverlapFailsAsOpensslServer(TlsVersion v) {
        Outcome ours = againstOpensslClient(v, server(v).alpn("h2").build(), "http/1.1,foo");
        PemFiles pem = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        String theirs;
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                pem.certificateChain().toString(),
                                "-key",
                                pem.privateKey().toString(),
                                "-alpn",
                                "h2",
                                Interop.flag(v));
                OpenSslProcess cli =
                        OpenSslProcess.start(
                                dir,
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + srv.port(),
                                "-ign_eof",
                                "-alpn",
                                "http/1.1,foo",
                                Interop.flag(v))) {
            theirs = cli.awaitOutput("SSL alert number", OpenSslProcess.TIMEOUT);
            // its "ALPN protocols advertised" line may sit in its stdio buffer; the error is on
            // stderr
            assertThat(
                            srv.awaitOutput(
                                    "tls_handle_alpn:no application protocol",
                                    OpenSslProcess.TIMEOUT))
                    .isNotEmpty();
        }
        assertThat(theirs).contains("alert no application protocol", "SSL alert number 120");
        assertThat(ours.clientOutput())
                .contains("alert no application protocol", "SSL alert number 120");
        assertThat(ours.failure().alertName()).isEqualTo("no_application_protocol");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aProtocolTheClientDidNotOfferIsSentAndOpensslClientRefusesIt(TlsVersion v) {
        SslContext ctx =
                server(v)
                        .alpnSelectCallback(
                                (ssl, offered) -> AlpnSelectCallback.Result.select("bar"))
                        .build();
        Outcome o = againstOpensslClient(v, ctx, "foo,h2", "tls_parse_stoc_alpn:bad extension");
        assertThat(o.ret()).isEqualTo(-1);
        assertThat(o.failure().reason())
                .as(o.failure().toString())
                .isEqualTo(SslReason.ALERT_RECEIVED);
        // OpenSSL 3.0 answers a protocol it did not offer with decode_error (tls_parse_stoc_alpn)
        assertThat(o.failure().alertName()).isEqualTo("decode_error");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void ourClientGetsNoApplicationProtocolFromOpensslServer(TlsVersion v) {
        PemFiles pem = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .trust(List.of(Interop.pki().ca().certificate()))
                        .hostName(TestPki.HOST)
                        .alpn("http/1.1", "foo")
                        .build();
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                pem.certificateChain().toString(),
                                "-key",
                                pem.privateKey().toString(),
                                "-naccept",
                                "1",
                                "-alpn",
                                "h2",
                                Interop.flag(v));
                SocketSsl c =
                        SocketSsl.connect(ctx, srv.port(), Mode.NON_BLOCKING).peer(srv::output)) {
            int r = c.tryHandshake();
            assertThat(r).isEqualTo(-1);
            assertThat(c.ssl.lastError().reason()).isEqualTo(SslReason.ALERT_RECEIVED);
            assertThat(c.ssl.lastError().alertName()).isEqualTo("no_application_protocol");
        }
    }
}
