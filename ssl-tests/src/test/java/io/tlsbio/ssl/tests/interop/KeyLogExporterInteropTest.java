package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.tests.interop.SocketSsl.Mode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One connection, two key logs: what tlsbio's key-log callback gives on one side equals, as a set,
 * what {@code openssl s_server -keylogfile} or {@code s_client -keylogfile} writes on the other;
 * and tlsbio's {@code exportKeyingMaterial} equals the "Keying material" openssl prints for the
 * same connection with {@code -keymatexport EXPERIMENTING -keymatexportlen 20} (no context, as
 * openssl's apps export). Both versions, both roles, RSA and ECDSA servers.
 */
class KeyLogExporterInteropTest extends AgainstOpenSsl {

    private static final String LABEL = "EXPERIMENTING";
    private static final int LENGTH = 20;
    private static final Pattern KEYING_MATERIAL =
            Pattern.compile("Keying material: ([0-9A-F]+)\\r?\\n");

    /** The secret lines of an openssl key-log file (its comment lines left out). */
    private static Set<String> keyLogFile(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> !l.startsWith("#"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertLabels(Set<String> lines, TlsVersion v) {
        Set<String> labels = lines.stream().map(l -> l.split(" ")[0]).collect(Collectors.toSet());
        assertThat(labels)
                .isEqualTo(
                        v == TlsVersion.TLS1_2
                                ? Set.of("CLIENT_RANDOM")
                                : Set.of(
                                        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
                                        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                                        "CLIENT_TRAFFIC_SECRET_0",
                                        "SERVER_TRAFFIC_SECRET_0",
                                        "EXPORTER_SECRET"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tlsbio.harness.InteropMatrix#versionsAndKeys")
    void ourClientLogsAndExportsWhatOpensslServerDoes(TlsVersion v, KeyType type) {
        PemFiles server = Interop.pem(dir, Interop.pki().server(type), "server");
        Path theirs = dir.resolve("server.keys");
        List<String> ours = Collections.synchronizedList(new ArrayList<>());
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .trust(List.of(Interop.pki().ca().certificate()))
                        .hostName(TestPki.HOST)
                        .keyLogCallback((ssl, line) -> ours.add(line))
                        .build();
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                server.certificateChain().toString(),
                                "-key",
                                server.privateKey().toString(),
                                "-naccept",
                                "1",
                                "-keylogfile",
                                theirs.toString(),
                                "-keymatexport",
                                LABEL,
                                "-keymatexportlen",
                                String.valueOf(LENGTH),
                                Interop.flag(v));
                SocketSsl c =
                        SocketSsl.connect(ctx, srv.port(), Mode.NON_BLOCKING).peer(srv::output)) {
            c.handshake();
            // s_server prints the keying material after its handshake, after every key-log line
            String material = srv.awaitMatch(KEYING_MATERIAL, OpenSslProcess.TIMEOUT).group(1);
            assertThat(
                            HexFormat.of()
                                    .withUpperCase()
                                    .formatHex(c.ssl.exportKeyingMaterial(LABEL, null, LENGTH)))
                    .isEqualTo(material);
            assertThat(Set.copyOf(ours))
                    .as(srv.output())
                    .isEqualTo(keyLogFile(theirs))
                    .hasSize(ours.size());
            assertLabels(Set.copyOf(ours), v);
            assertThat(c.shutdown()).isZero();
            assertThat(c.shutdown()).isEqualTo(1);
            c.close();
            assertThat(srv.awaitExit(OpenSslProcess.TIMEOUT)).as(srv.output()).isZero();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.tlsbio.harness.InteropMatrix#versionsAndKeys")
    void ourServerLogsAndExportsWhatOpensslClientDoes(TlsVersion v, KeyType type) {
        Path ca = Interop.caFile(dir);
        Path theirs = dir.resolve("client.keys");
        List<String> ours = Collections.synchronizedList(new ArrayList<>());
        SslContext ctx =
                SslContext.builder()
                        .versions(v, v)
                        .certificate(
                                Interop.pki().server(type).chain(),
                                Interop.pki().server(type).privateKey())
                        .keyLogCallback((ssl, line) -> ours.add(line))
                        .build();
        try (AcceptBio acceptor = SocketSsl.listen();
                OpenSslProcess cli =
                        Interop.verifyingClient(
                                dir,
                                acceptor.localPort(),
                                ca,
                                "-keylogfile",
                                theirs.toString(),
                                "-keymatexport",
                                LABEL,
                                "-keymatexportlen",
                                String.valueOf(LENGTH),
                                Interop.flag(v));
                SocketSsl s =
                        SocketSsl.server(
                                        ctx,
                                        SocketSsl.accept(acceptor, cli::output),
                                        Mode.NON_BLOCKING)
                                .peer(cli::output)) {
            s.handshake();
            String material = cli.awaitMatch(KEYING_MATERIAL, OpenSslProcess.TIMEOUT).group(1);
            assertThat(
                            HexFormat.of()
                                    .withUpperCase()
                                    .formatHex(s.ssl.exportKeyingMaterial(LABEL, null, LENGTH)))
                    .isEqualTo(material);
            assertThat(Set.copyOf(ours))
                    .as(cli.output())
                    .isEqualTo(keyLogFile(theirs))
                    .hasSize(ours.size());
            assertLabels(Set.copyOf(ours), v);
            assertThat(s.shutdown()).isZero();
            assertThat(s.shutdown()).isEqualTo(1);
            s.close();
            assertThat(cli.awaitExit(OpenSslProcess.TIMEOUT)).as(cli.output()).isZero();
        }
    }

    @org.junit.jupiter.api.Test
    void afterAHelloRetryRequestFromOpensslServer() {
        PemFiles server = Interop.pem(dir, Interop.pki().server(KeyType.ECDSA), "server");
        Path theirs = dir.resolve("hrr.keys");
        List<String> ours = Collections.synchronizedList(new ArrayList<>());
        // our key share is for x25519; s_server takes only P-384 and asks again
        SslContext ctx =
                SslContext.builder()
                        .versions(TlsVersion.TLS1_3, TlsVersion.TLS1_3)
                        .trust(List.of(Interop.pki().ca().certificate()))
                        .hostName(TestPki.HOST)
                        .groups("X25519:P-384")
                        .keyLogCallback((ssl, line) -> ours.add(line))
                        .build();
        try (OpenSslProcess srv =
                        OpenSslProcess.startServer(
                                dir,
                                "-cert",
                                server.certificateChain().toString(),
                                "-key",
                                server.privateKey().toString(),
                                "-naccept",
                                "1",
                                "-groups",
                                "P-384",
                                "-keylogfile",
                                theirs.toString(),
                                "-keymatexport",
                                LABEL,
                                "-keymatexportlen",
                                String.valueOf(LENGTH),
                                "-tls1_3");
                SocketSsl c =
                        SocketSsl.connect(ctx, srv.port(), Mode.NON_BLOCKING).peer(srv::output)) {
            c.handshake();
            assertThat(c.ssl.negotiatedGroup()).isEqualTo("secp384r1");
            String material = srv.awaitMatch(KEYING_MATERIAL, OpenSslProcess.TIMEOUT).group(1);
            assertThat(
                            HexFormat.of()
                                    .withUpperCase()
                                    .formatHex(c.ssl.exportKeyingMaterial(LABEL, null, LENGTH)))
                    .isEqualTo(material);
            assertThat(Set.copyOf(ours)).isEqualTo(keyLogFile(theirs)).hasSize(5);
            assertThat(c.shutdown()).isZero();
        }
    }
}
