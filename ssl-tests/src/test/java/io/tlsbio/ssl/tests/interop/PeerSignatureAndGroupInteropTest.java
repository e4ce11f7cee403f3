package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.TmpKey;
import io.tlsbio.ssl.VerifyMode;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code SSL_get_negotiated_group}, {@code SSL_get_peer_tmp_key} and the peer-signature calls
 * against what the real openssl reports: {@code openssl s_client} prints "Peer signing digest",
 * "Peer signature type" and "Server Temp Key" for a server, {@code openssl s_server} the first two
 * for a client that signed. Each case sets up the same peer for a tlsbio connection and an openssl
 * one and compares tlsbio's answers with openssl's lines.
 */
class PeerSignatureAndGroupInteropTest extends AgainstOpenSsl {

    private static final Pattern DIGEST = Pattern.compile("Peer signing digest: (\\S+)\\r?\\n");
    private static final Pattern TYPE = Pattern.compile("Peer signature type: (\\S+)\\r?\\n");
    private static final Pattern TEMP_KEY = Pattern.compile("Server Temp Key: ([^\\r\\n]+)\\r?\\n");

    /**
     * version, server key, -groups, -cipher (or "-"), the group tlsbio must report (or "-" for
     * none).
     */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (TlsVersion v : TlsVersion.values()) {
            // a TLS 1.2 client must list the curve of the server's ECDSA key (P-256) too (RFC 8422)
            String p256 = v == TlsVersion.TLS1_2 ? ":P-256" : "";
            for (KeyType k : KeyType.values()) {
                String also = k == KeyType.ECDSA ? p256 : "";
                out.add(Arguments.of(v, k, "X25519" + also, "-", "x25519"));
                out.add(Arguments.of(v, k, "P-256", "-", "secp256r1"));
                out.add(Arguments.of(v, k, "P-384" + also, "-", "secp384r1"));
            }
            out.add(Arguments.of(v, KeyType.ECDSA, "X448" + p256, "-", "x448"));
            out.add(Arguments.of(v, KeyType.RSA, "P-521", "-", "secp521r1"));
        }
        out.add(Arguments.of(TlsVersion.TLS1_3, KeyType.RSA, "ffdhe2048", "-", "ffdhe2048"));
        out.add(
                Arguments.of(
                        TlsVersion.TLS1_2,
                        KeyType.RSA,
                        "X25519:ffdhe2048",
                        "DHE-RSA-AES128-GCM-SHA256",
                        "-"));
        return out.stream();
    }

    /** ssl_print_tmp_key's text for a key (apps/lib/s_cb.c), EC curves under OpenSSL's names. */
    private static String openSslText(TmpKey k) {
        return switch (k.type()) {
            case X25519 -> "X25519, " + k.bits() + " bits";
            case X448 -> "X448, " + k.bits() + " bits";
            case DH -> "DH, " + k.bits() + " bits";
            case EC ->
                    "ECDH, "
                            + ("secp256r1".equals(k.group()) ? "prime256v1" : k.group())
                            + ", "
                            + k.bits()
                            + " bits";
        };
    }

    private static String find(Pattern p, String out) {
        Matcher m = p.matcher(out);
        return m.find() ? m.group(1) : null;
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("cases")
    void ourClientSeesTheServerAsOpensslClientDoes(
            TlsVersion v, KeyType type, String groups, String cipher, String group) {
        PemFiles server = Interop.pem(dir, Interop.pki().server(type), "server");
        SslContext.Builder b =
                SslContext.builder()
                        .versions(v, v)
                        .trust(List.of(Interop.pki().ca().certificate()))
                        .hostName(TestPki.HOST)
                        .groups(groups);
        List<String> common = new ArrayList<>(List.of("-groups", groups, Interop.flag(v)));
        if (!cipher.equals("-")) {
            b.cipherList(cipher);
            common.addAll(List.of("-cipher", cipher));
        }
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-cert",
                                server.certificateChain().toString(),
                                "-key",
                                server.privateKey().toString(),
                                "-naccept",
                                "2"));
        args.addAll(common);
        try (OpenSslProcess srv = OpenSslProcess.startServer(dir, args.toArray(String[]::new))) {
            Ssl ours;
            try (SocketSsl c =
                    SocketSsl.connect(b.build(), srv.port(), Mode.NON_BLOCKING).peer(srv::output)) {
                c.handshake();
                ours = c.ssl;
                assertThat(ours.negotiatedGroup()).isEqualTo(group.equals("-") ? null : group);
                String digest = ours.peerSignatureDigest();
                String sigType = ours.peerSignatureType();
                TmpKey key = ours.peerTmpKey();
                assertThat(c.shutdown()).isZero();
                List<String> cli =
                        new ArrayList<>(
                                List.of(
                                        "s_client",
                                        "-connect",
                                        "127.0.0.1:" + srv.port(),
                                        "-servername",
                                        TestPki.HOST));
                cli.addAll(common);
                try (OpenSslProcess theirs =
                        OpenSslProcess.start(dir, cli.toArray(String[]::new))) {
                    String out = theirs.awaitOutput("Verify return code", OpenSslProcess.TIMEOUT);
                    assertThat(digest).as(out).isEqualTo(find(DIGEST, out)).isNotNull();
                    assertThat(sigType).as(out).isEqualTo(find(TYPE, out)).isNotNull();
                    assertThat(openSslText(key)).as(out).isEqualTo(find(TEMP_KEY, out));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("cases")
    void ourServerNegotiatesTheGroupOpensslClientReports(
            TlsVersion v, KeyType type, String groups, String cipher, String group) {
        Path ca = Interop.caFile(dir);
        TestCredential cred = Interop.pki().server(type);
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .certificate(cred.chain(), cred.privateKey())
                        .build();
        List<String> cli =
                new ArrayList<>(
                        List.of(
                                "s_client",
                                "-CAfile",
                                ca.toString(),
                                "-servername",
                                TestPki.HOST,
                                "-groups",
                                groups,
                                "-ign_eof",
                                Interop.flag(v)));
        if (!cipher.equals("-")) {
            cli.addAll(List.of("-cipher", cipher));
        }
        try (AcceptBio acceptor = SocketSsl.listen()) {
            cli.addAll(List.of("-connect", "127.0.0.1:" + acceptor.localPort()));
            try (OpenSslProcess theirs = OpenSslProcess.start(dir, cli.toArray(String[]::new));
                    SocketSsl s =
                            SocketSsl.server(
                                            ctx,
                                            SocketSsl.accept(acceptor, theirs::output),
                                            Mode.NON_BLOCKING)
                                    .peer(theirs::output)) {
                s.handshake();
                String out =
                        theirs.awaitOutput("Verify return code: 0 (ok)", OpenSslProcess.TIMEOUT);
                assertThat(s.ssl.negotiatedGroup()).isEqualTo(group.equals("-") ? null : group);
                String tempKey = find(TEMP_KEY, out);
                if (v == TlsVersion.TLS1_3) {
                    // our server's view of the client's share is the key s_client generated
                    assertThat(openSslText(s.ssl.peerTmpKey())).as(out).isEqualTo(tempKey);
                } else {
                    assertThat(s.ssl.peerTmpKey()).isNull();
                    assertThat(tempKey).as(out).isNotNull();
                }
                // s_client signed nothing
                assertThat(s.ssl.peerSignatureType()).isNull();
                assertThat(s.shutdown()).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tlsbio.harness.InteropMatrix#versionsAndKeys")
    void ourServerSeesTheClientSignatureAsOpensslServerDoes(TlsVersion v, KeyType type) {
        Path ca = Interop.caFile(dir);
        PemFiles client = Interop.pem(dir, Interop.pki().client(type), "client");
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        List<String> clientArgs =
                List.of(
                        "-CAfile",
                        ca.toString(),
                        "-servername",
                        TestPki.HOST,
                        "-ign_eof",
                        "-cert",
                        client.certificateChain().toString(),
                        "-key",
                        client.privateKey().toString(),
                        Interop.flag(v));
        String theirDigest;
        String theirType;
        try (OpenSslProcess srv =
                OpenSslProcess.startServer(
                        dir,
                        "-cert",
                        server.certificateChain().toString(),
                        "-key",
                        server.privateKey().toString(),
                        "-naccept",
                        "1",
                        "-Verify",
                        "1",
                        "-CAfile",
                        ca.toString(),
                        Interop.flag(v))) {
            List<String> cli =
                    new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + srv.port()));
            cli.addAll(clientArgs);
            try (OpenSslProcess c = OpenSslProcess.start(dir, cli.toArray(String[]::new))) {
                String out =
                        srv.awaitMatch(
                                        Pattern.compile("CIPHER is \\S+\\r?\\n"),
                                        OpenSslProcess.TIMEOUT)
                                .group();
                String all = srv.stdout();
                theirDigest = find(DIGEST, all);
                theirType = find(TYPE, all);
                assertThat(theirType).as(all + out).isNotNull();
            }
        }
        TestCredential cred = Interop.pki().server(KeyType.ECDSA);
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .certificate(cred.chain(), cred.privateKey())
                        .verify(VerifyMode.FAIL_IF_NO_PEER_CERT)
                        .trust(List.of(Interop.pki().ca().certificate()))
                        .build();
        try (AcceptBio acceptor = SocketSsl.listen()) {
            List<String> cli =
                    new ArrayList<>(
                            List.of("s_client", "-connect", "127.0.0.1:" + acceptor.localPort()));
            cli.addAll(clientArgs);
            try (OpenSslProcess c = OpenSslProcess.start(dir, cli.toArray(String[]::new));
                    SocketSsl s =
                            SocketSsl.server(
                                            ctx,
                                            SocketSsl.accept(acceptor, c::output),
                                            Mode.NON_BLOCKING)
                                    .peer(c::output)) {
                s.handshake();
                assertThat(s.ssl.peerSignatureType()).isEqualTo(theirType);
                assertThat(s.ssl.peerSignatureDigest()).isEqualTo(theirDigest);
                assertThat(s.shutdown()).isZero();
            }
        }
    }
}
