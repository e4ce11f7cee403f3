package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code s_server} under attack keeps serving: a client that sends nothing and one that stops half
 * way through the handshake are dropped after {@code -handshake_timeout}, an open connection that
 * goes quiet after {@code -idle_timeout}, each with one stderr line naming the peer and the reason;
 * the next client is served. And a server at its descriptor limit (a child JVM under {@code ulimit
 * -n}) logs the failed accept once, keeps its sessions, and serves again once descriptors are free.
 * Blocking and {@code -nbio}; every wait bounded, none by sleeping.
 */
class ServerUnderAttackTest {

    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");
    private static final String GET = "GET / HTTP/1.0\r\n\r\n";
    private static final Duration LIMIT = InProcess.LIMIT;

    @TempDir static Path dir;
    static TestPems pems;

    @BeforeAll
    static void setUp() {
        pems = TestPems.write(dir);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"blocking", "nbio"})
    void silentAndStalledHandshakesAreDroppedAndTheNextClientIsServed(String mode)
            throws Exception {
        List<String> args =
                serverArgs(pems.ecdsa(), "-www", "-naccept", "3", "-handshake_timeout", "1");
        args.addAll(OpenSslInteropTest.modeFlags(mode));
        try (InProcess server = InProcess.start("", args.toArray(String[]::new))) {
            String port = server.out.awaitLine(ACCEPT, LIMIT);
            InProcess.Result client;
            try {
                // 1: connects and sends nothing
                try (Socket silent = connect(port)) {
                    server.err.awaitLine(
                            line(silent, "handshake timed out after 1 s: the peer sent nothing"),
                            LIMIT);
                    assertThat(readToEnd(silent)).as("the server closed the connection").isZero();
                }
                // 2: sends a real ClientHello, reads the server's flight, then stops
                try (Socket stalled = connect(port)) {
                    OutputStream out = stalled.getOutputStream();
                    out.write(clientHello());
                    out.flush();
                    server.err.awaitLine(
                            line(
                                    stalled,
                                    "handshake timed out after 1 s: stalled at 'SSLv3/TLS write finished' after \\d+ bytes from the peer"),
                            LIMIT);
                    assertThat(readToEnd(stalled))
                            .as("the server's flight, then end of stream")
                            .isPositive();
                }
                // 3: an ordinary client is served
                client =
                        InProcess.run(
                                GET,
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + port,
                                "-CAfile",
                                pems.ca().toString(),
                                "-servername",
                                "localhost",
                                "-verify_return_error");
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }
            assertThat(client.code()).as(client.err()).isZero();
            assertThat(client.out()).contains("HTTP/1.0 200 ok");

            InProcess.Result s = server.result(LIMIT);
            assertThat(s.code()).as("two connections failed").isEqualTo(Main.FAILURE);
            assertThat(s.errLines())
                    .as(s.err())
                    .hasSize(2)
                    .allMatch(l -> l.startsWith("tlsbio s_server: 127.0.0.1:"));
            assertThat(s.err()).doesNotContain("\tat ", "Exception");
            assertThat(s.out()).contains("CONNECTION CLOSED");
        }
    }

    static Stream<Arguments> idleModes() {
        return Stream.of(
                Arguments.of("blocking", true),
                Arguments.of("blocking", false),
                Arguments.of("nbio", true),
                Arguments.of("nbio", false));
    }

    @ParameterizedTest(name = "{0} www={1}")
    @MethodSource("idleModes")
    void anOpenConnectionThatGoesQuietIsDroppedAfterTheIdleTimeout(String mode, boolean www)
            throws Exception {
        List<String> args = serverArgs(pems.rsa(), "-naccept", "1", "-idle_timeout", "1");
        if (www) {
            args.add("-www");
        }
        args.addAll(OpenSslInteropTest.modeFlags(mode));
        try (InProcess server = InProcess.start("", args.toArray(String[]::new))) {
            String port = server.out.awaitLine(ACCEPT, LIMIT);
            PipedOutputStream stdin = new PipedOutputStream();
            try (InProcess client =
                    InProcess.start(
                            new PipedInputStream(stdin),
                            "s_client",
                            "-connect",
                            "127.0.0.1:" + port,
                            "-CAfile",
                            pems.ca().toString(),
                            "-servername",
                            "localhost",
                            "-verify_return_error")) {
                // the handshake is done, then the client says nothing (its stdin stays open)
                client.out.awaitLine(Pattern.compile("^Verify return code: 0 \\(ok\\)$"), LIMIT);
                InProcess.Result s = server.result(LIMIT);
                assertThat(s.code()).isEqualTo(Main.FAILURE);
                assertThat(s.errLines())
                        .as(s.err())
                        .singleElement()
                        .asString()
                        .matches(
                                "tlsbio s_server: 127\\.0\\.0\\.1:\\d+: idle timeout: nothing sent or received for 1 s");
                // the client sees the connection end
                assertThat(client.result(LIMIT).code()).isEqualTo(Main.FAILURE);
            } finally {
                stdin.close();
                OpenSslInteropTest.unblock(server, port);
            }
        }
    }

    @Test
    void zeroTurnsTheTimeoutsOffAndBadValuesAreUsageErrors() throws Exception {
        InProcess.Result help = InProcess.run("", "s_server", "-help");
        assertThat(help.out())
                .contains("-handshake_timeout", "-idle_timeout", "default 10", "default 300");

        InProcess.Result bad = InProcess.run("", "s_server", "-handshake_timeout", "-1");
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        assertThat(bad.errLines())
                .singleElement()
                .asString()
                .startsWith("tlsbio s_server: Invalid value for option '-handshake_timeout'")
                .contains("out of range");
        InProcess.Result notANumber = InProcess.run("", "s_server", "-idle_timeout", "soon");
        assertThat(notANumber.code()).isEqualTo(Main.USAGE);

        Timeouts.SecondsConverter c = new Timeouts.SecondsConverter();
        assertThat(c.convert("0")).isNull();
        assertThat(c.convert("1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.convert("0.25")).isEqualTo(Duration.ofMillis(250));
        assertThat(Timeouts.seconds(Duration.ofMillis(250))).isEqualTo("0.25 s");
        assertThat(Timeouts.seconds(Duration.ofSeconds(300))).isEqualTo("300 s");
    }

    @Test
    void acceptBackoffDoublesToOneSecondAndLogsOncePerBurst() {
        AcceptBackoff b = new AcceptBackoff();
        List<Long> waits = new ArrayList<>();
        List<Boolean> logged = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            waits.add(b.failed().toMillis());
            logged.add(b.burstStarted());
        }
        assertThat(waits).containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1000L, 1000L);
        assertThat(logged)
                .containsExactly(true, false, false, false, false, false, false, false, false);
        assertThat(b.succeeded()).isEqualTo(9);
        assertThat(b.succeeded()).isZero();
        assertThat(b.failed()).isEqualTo(Duration.ofMillis(10));
        assertThat(b.burstStarted()).isTrue();
        assertThat(AcceptBackoff.startLine("Too many open files"))
                .isEqualTo(
                        "accept failed: Too many open files (still serving; retrying after 10 ms, backing off to 1 s)");
        assertThat(AcceptBackoff.endLine(1)).isEqualTo("accepting again after 1 failed accept");
    }

    /**
     * The server in a JVM of its own under {@code ulimit -n 64}, its classes in jars as {@code java
     * -jar tlsbio.jar} has them (a class directory would need a descriptor per class loaded).
     * Connections are opened until accept() fails; the server logs it once, keeps running, and once
     * they are closed serves a new client.
     */
    @Test
    void aServerAtItsDescriptorLimitKeepsServingOnceDescriptorsAreFree() throws Exception {
        PemFiles cert = pems.ecdsa();
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "bash",
                                "-c",
                                "ulimit -n 64 && exec \"$0\" \"$@\"",
                                ProcessHandle.current().info().command().orElse("java"),
                                "-cp",
                                jarredClassPath(),
                                Main.class.getName(),
                                "s_server",
                                "-accept",
                                "127.0.0.1:0",
                                "-nbio",
                                "-www",
                                "-handshake_timeout",
                                "120",
                                "-cert",
                                cert.certificateChain().toString(),
                                "-key",
                                cert.privateKey().toString()));
        List<Socket> held = new ArrayList<>();
        try (ChildProcess server = ChildProcess.start(cmd)) {
            server.stdin("");
            String port = server.awaitOut(ACCEPT, LIMIT);
            assertThat(servedPage(port)).as("served before the flood").isTrue();

            // the kernel completes every connection into the listen backlog; the server runs out
            // of descriptors accepting them (64, minus the JVM's own jars, pipes and selector)
            for (int i = 0; i < 100; i++) {
                held.add(connect(port));
            }
            server.err.awaitLine(
                    Pattern.compile(
                            "^tlsbio s_server: accept failed: Too many open files \\(still serving"),
                    LIMIT);
            assertThat(server.isAlive()).as(server.err.toString()).isTrue();

            for (Socket s : held) {
                s.close();
            }
            held.clear();
            // the closed connections end (one line each), descriptors come back, the listener is
            // tried again within a second: a new client is served
            assertThat(servedPage(port))
                    .as("served after the flood; stderr:\n" + server.err)
                    .isTrue();
            // every burst has ended: the new client's connection was the last in the backlog
            String err =
                    server.err.awaitText(
                            t ->
                                    count(t, ": accepting again after ") > 0
                                            && count(t, ": accepting again after ")
                                                    == count(t, ": accept failed: "),
                            "each burst ended",
                            LIMIT);
            assertThat(server.isAlive()).isTrue();
            // once per burst: each "accept failed" is followed by its "accepting again" before the
            // next (closing the held connections may well start a second, short burst)
            List<String> bursts =
                    err.lines()
                            .filter(
                                    l ->
                                            l.contains(": accept failed: ")
                                                    || l.contains(": accepting again "))
                            .map(l -> l.contains("accept failed") ? "failed" : "again")
                            .toList();
            assertThat(bursts).as(err).isNotEmpty();
            for (int i = 0; i < bursts.size(); i++) {
                assertThat(bursts.get(i))
                        .as("line %d of %s", i, bursts)
                        .isEqualTo(i % 2 == 0 ? "failed" : "again");
            }
            assertThat(bursts.size() % 2).as("the last burst ended").isZero();
            assertThat(err).doesNotContain("\tat ", "Exception", "NoClassDefFoundError");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> serverArgs(PemFiles cert, String... extra) {
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
        args.addAll(List.of(extra));
        return args;
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    private static Socket connect(String port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port));
        s.setSoTimeout((int) LIMIT.toMillis());
        return s;
    }

    /**
     * The server's line about the connection from {@code client}: peer address, then {@code reason}
     * (a regex).
     */
    private static Pattern line(Socket client, String reason) {
        return Pattern.compile(
                "^tlsbio s_server: 127\\.0\\.0\\.1:" + client.getLocalPort() + ": " + reason + "$");
    }

    /** Reads until the server closes (bounded by the socket's timeout); returns the bytes read. */
    private static int readToEnd(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] b = new byte[4096];
        int total = 0;
        try {
            for (int n; (n = in.read(b)) >= 0; ) {
                total += n;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close within " + LIMIT, e);
        } catch (IOException reset) {
            // closed with unread data: a reset is an end too
        }
        return total;
    }

    /** A TLS ClientHello, as tlsbio's client sends it first: made over memory BIOs, sent raw. */
    private static byte[] clientHello() {
        MemBio in = MemBio.create();
        MemBio out = MemBio.create();
        try (Ssl ssl = SslContext.builder().build().newSsl()) {
            ssl.setBio(in, out);
            ssl.setConnectState();
            assertThat(ssl.doHandshake()).isEqualTo(-1);
            ByteArrayOutputStream hello = new ByteArrayOutputStream();
            byte[] b = new byte[4096];
            for (int n; (n = out.read(b, 0, b.length)) > 0; ) {
                hello.write(b, 0, n);
            }
            assertThat(hello.size()).isGreaterThan(5);
            return hello.toByteArray();
        }
    }

    /** Whether a {@code tlsbio s_client} gets the -www page from the port. */
    private static boolean servedPage(String port) throws Exception {
        InProcess.Result c =
                InProcess.run(
                        GET,
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + port,
                        "-CAfile",
                        pems.ca().toString(),
                        "-servername",
                        "localhost",
                        "-verify_return_error");
        return c.code() == 0 && c.out().contains("HTTP/1.0 200 ok");
    }

    /**
     * This test's class path with every class directory packed into a jar of its own (in the temp
     * dir), so the child JVM loads classes through descriptors it opened at start.
     */
    private static String jarredClassPath() throws IOException {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String entry :
                System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.isDirectory(p)) {
                out.add(entry);
                continue;
            }
            Path jar = dir.resolve("classes-" + (i++) + ".jar");
            try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> files = Files.walk(p)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    j.putNextEntry(new JarEntry(p.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, j);
                    j.closeEntry();
                }
            }
            out.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }
}
