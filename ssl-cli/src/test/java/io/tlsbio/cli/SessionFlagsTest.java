package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.PemFiles;
import io.tlsbio.ssl.TlsVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The session flags against the real openssl: {@code tlsbio s_client -reconnect} reuses sessions
 * exactly as {@code openssl s_client -reconnect} does against the same server; {@code -sess_out}
 * writes what {@code openssl sess_id} reads back into the very block tlsbio printed, and {@code
 * -sess_in} resumes with it; {@code openssl s_client -sess_in} resumes with {@code tlsbio s_server}
 * (tickets, {@code -no_ticket}), which says {@code Reused session-id}; {@code -num_tickets} sets
 * how many TLS 1.3 tickets go out.
 */
class SessionFlagsTest extends OpenSslPemsTest {

    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");
    private static final String GET = "GET / HTTP/1.0\r\n\r\n";
    private static final String TICKET_READ = "SSL_connect:SSLv3/TLS read server session ticket";

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void reconnectReusesSessionsAsOpensslSClientDoes(TlsVersion v) throws Exception {
        String openssl =
                reconnectAgainstOpensslServer(v, List.of(ChildProcess.OPENSSL, "s_client"));
        String tlsbio = reconnectAgainstOpensslServer(v, null);
        int[] theirs = {
            count(openssl, "^Reused, " + v.openSslName() + ", "),
            count(openssl, "^New, " + v.openSslName() + ", ")
        };
        int[] ours = {
            count(tlsbio, "^Reused, " + v.openSslName() + ", "),
            count(tlsbio, "^New, " + v.openSslName() + ", ")
        };
        assertThat(ours)
                .as(
                        "tlsbio's Reused/New lines, as openssl's\n--- openssl:\n%s\n--- tlsbio:\n%s",
                        openssl, tlsbio)
                .containsExactly(theirs);
        // five reconnects and the page: TLS 1.2 resumes each time; TLS 1.3 never (no ticket read
        // yet)
        assertThat(ours)
                .containsExactly(v == TlsVersion.TLS1_2 ? new int[] {6, 1} : new int[] {0, 7});
        assertThat(count(tlsbio, "^drop connection and then reconnect$")).isEqualTo(5);
    }

    /**
     * s_client -reconnect (openssl's when {@code opensslClient} is given, else tlsbio's) to
     * s_server -www.
     */
    private static String reconnectAgainstOpensslServer(TlsVersion v, List<String> opensslClient)
            throws Exception {
        PemFiles cert = pems.ecdsa();
        try (ChildProcess server =
                ChildProcess.openssl(
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-naccept",
                        "6",
                        "-www",
                        OpenSslInteropTest.flag(v),
                        "-cert",
                        cert.certificateChain().toString(),
                        "-key",
                        cert.privateKey().toString())) {
            String port = server.awaitOut(ACCEPT, InProcess.LIMIT);
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "-connect",
                                    "127.0.0.1:" + port,
                                    "-CAfile",
                                    pems.ca().toString(),
                                    "-servername",
                                    "localhost",
                                    "-reconnect",
                                    "-ign_eof",
                                    OpenSslInteropTest.flag(v)));
            String out;
            if (opensslClient != null) {
                List<String> cmd = new ArrayList<>(opensslClient);
                cmd.addAll(args);
                try (ChildProcess c = ChildProcess.start(cmd)) {
                    c.stdin(GET);
                    assertThat(c.exitCode(InProcess.LIMIT)).as(c.err.toString()).isZero();
                    out = c.out.toString();
                }
            } else {
                args.add(0, "s_client");
                InProcess.Result r = InProcess.run(GET, args.toArray(String[]::new));
                assertThat(r.code()).as(r.err()).isZero();
                out = r.out();
            }
            assertThat(server.exitCode(InProcess.LIMIT)).as(server.err.toString()).isZero();
            return out;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsVersion.class)
    void sessOutWritesWhatOpensslReadsAndSessInResumes(TlsVersion v) throws Exception {
        PemFiles cert = pems.rsa();
        Path file = dir.resolve("tlsbio-" + v + ".pem");
        try (ChildProcess server =
                ChildProcess.openssl(
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-naccept",
                        "2",
                        "-www",
                        OpenSslInteropTest.flag(v),
                        "-cert",
                        cert.certificateChain().toString(),
                        "-key",
                        cert.privateKey().toString())) {
            String port = server.awaitOut(ACCEPT, InProcess.LIMIT);
            InProcess.Result first =
                    InProcess.run(GET, client(port, v, "-sess_out", file.toString()));
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out()).contains("New, " + v.openSslName() + ", ");
            if (v == TlsVersion.TLS1_3) {
                assertThat(count(first.out(), "^Post-Handshake New Session Ticket arrived:$"))
                        .isEqualTo(2);
            }
            // the file holds the last session printed; openssl prints it the same way
            assertThat(sessIdText(file)).isEqualTo(lastSessionBlock(first.out()));

            InProcess.Result second =
                    InProcess.run(GET, client(port, v, "-sess_in", file.toString()));
            assertThat(second.code()).as(second.err()).isZero();
            assertThat(second.out())
                    .contains("Reused, " + v.openSslName() + ", ")
                    .as("openssl's -www page")
                    .contains("---\nReused, " + v.openSslName());
            assertThat(server.exitCode(InProcess.LIMIT)).as(server.err.toString()).isZero();
        }
    }

    static Stream<Arguments> serverCases() {
        List<Arguments> out = new ArrayList<>();
        for (TlsVersion v : TlsVersion.values()) {
            out.add(Arguments.of(v, List.of()));
            out.add(Arguments.of(v, List.of("-no_ticket")));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serverCases")
    void opensslSClientResumesWithTlsbioServer(TlsVersion v, List<String> serverFlags)
            throws Exception {
        Path file = dir.resolve("openssl-" + v + serverFlags.size() + ".pem");
        List<String> extra =
                new ArrayList<>(List.of("-www", "-naccept", "2", OpenSslInteropTest.flag(v)));
        extra.addAll(serverFlags);
        try (InProcess server = tlsbioServer(extra)) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            try {
                String first = opensslClient(port, v, "-sess_out", file.toString());
                assertThat(first).contains("New, " + v.openSslName());
                String text = sessIdText(file);
                assertThat(text).contains("Protocol  : " + v.openSslName());
                boolean ticket = v == TlsVersion.TLS1_3 || serverFlags.isEmpty();
                assertThat(text.contains("TLS session ticket:")).as(text).isEqualTo(ticket);
                String second = opensslClient(port, v, "-sess_in", file.toString());
                assertThat(second).contains("Reused, " + v.openSslName());
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }
            InProcess.Result s = server.result(InProcess.LIMIT);
            assertThat(s.code()).as(s.err()).isZero();
            assertThat(count(s.out(), "^Reused session-id$")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "-num_tickets {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 3})
    void numTicketsIsHowManyTls13TicketsGoOut(int n) throws Exception {
        try (InProcess server =
                tlsbioServer(
                        List.of(
                                "-www",
                                "-naccept",
                                "1",
                                "-tls1_3",
                                "-num_tickets",
                                Integer.toString(n)))) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            try (ChildProcess c =
                    ChildProcess.openssl(
                            "s_client",
                            "-connect",
                            "127.0.0.1:" + port,
                            "-CAfile",
                            pems.ca().toString(),
                            "-servername",
                            "localhost",
                            "-state",
                            "-ign_eof",
                            "-tls1_3")) {
                c.stdin(GET);
                assertThat(c.exitCode(InProcess.LIMIT)).as(c.err.toString()).isZero();
                assertThat(count(c.err.toString(), "^" + Pattern.quote(TICKET_READ) + "$"))
                        .isEqualTo(n);
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }
            assertThat(server.result(InProcess.LIMIT).code()).isZero();
        }
    }

    @org.junit.jupiter.api.Test
    void sessInThatIsNoSessionIsAOneLineError() throws Exception {
        Path bad = dir.resolve("not-a-session.pem");
        Files.writeString(
                bad,
                "-----BEGIN SSL SESSION PARAMETERS-----\nAAAA\n-----END SSL SESSION PARAMETERS-----\n");
        InProcess.Result r =
                InProcess.run(
                        "", "s_client", "-connect", "127.0.0.1:1", "-sess_in", bad.toString());
        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("-sess_in", bad.toString());
    }

    // ------------------------------------------------------------------ helpers

    private static String[] client(String port, TlsVersion v, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + port,
                                "-CAfile",
                                pems.ca().toString(),
                                "-servername",
                                "localhost",
                                OpenSslInteropTest.flag(v)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static InProcess tlsbioServer(List<String> extra) {
        PemFiles cert = pems.ecdsa();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "s_server",
                                "-accept",
                                "127.0.0.1:0",
                                "-cert",
                                cert.certificateChain().toString(),
                                "-key",
                                cert.privateKey().toString()));
        args.addAll(extra);
        return InProcess.start("", args.toArray(String[]::new));
    }

    /**
     * openssl s_client to a tlsbio -www server, with {@code -ign_eof} so that it reads until the
     * server closes (at the end of its stdin it would close before the tickets and the page came);
     * returns its stdout once it has exited.
     */
    private static String opensslClient(String port, TlsVersion v, String... more)
            throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                ChildProcess.OPENSSL,
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + port,
                                "-CAfile",
                                pems.ca().toString(),
                                "-servername",
                                "localhost",
                                "-ign_eof",
                                OpenSslInteropTest.flag(v)));
        args.addAll(List.of(more));
        try (ChildProcess c = ChildProcess.start(args)) {
            c.stdin(GET);
            assertThat(c.exitCode(InProcess.LIMIT)).as(c.err.toString()).isZero();
            return c.out.toString();
        }
    }

    /** {@code openssl sess_id -noout -text}. */
    private static String sessIdText(Path file) throws Exception {
        try (ChildProcess p =
                ChildProcess.openssl("sess_id", "-in", file.toString(), "-noout", "-text")) {
            assertThat(p.exitCode(InProcess.LIMIT)).as(p.err.toString()).isZero();
            return p.out.toString();
        }
    }

    /**
     * The last {@code SSL-Session:} block s_client printed before the server's -www page (which has
     * one of its own), up to its Verify/EMS/Max Early Data lines.
     */
    private static String lastSessionBlock(String out) {
        int page = out.indexOf("HTTP/1.0 200 ok");
        int at = out.lastIndexOf("SSL-Session:\n", page < 0 ? out.length() : page);
        assertThat(at).as("an SSL-Session block in\n%s", out).isNotNegative();
        Matcher m = Pattern.compile("SSL-Session:\n(?:    .*\n|\n)*").matcher(out);
        assertThat(m.find(at)).isTrue();
        return m.group();
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
