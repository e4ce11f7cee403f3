package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad flags, unreadable PEM, a port in use, a refused connection: exactly one line on stderr, a
 * non-zero exit, no stack trace unless {@code -stack_traces}.
 */
class CommandLineErrorsTest {

    @TempDir static Path dir;
    static TestPems pems;

    @BeforeAll
    static void pki() {
        pems = TestPems.write(dir);
    }

    @Test
    void unknownFlagIsAUsageError() throws Exception {
        InProcess.Result r = InProcess.run("", "s_client", "-nosuchflag");

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.errLines())
                .containsExactly(
                        "tlsbio s_client: Unknown option: '-nosuchflag' (see 'tlsbio s_client -help')");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badFlagValueIsAUsageError() throws Exception {
        InProcess.Result r = InProcess.run("", "s_server", "-naccept", "many");

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.errLines())
                .singleElement()
                .asString()
                .startsWith("tlsbio s_server: Invalid value for option '-naccept'");
    }

    @Test
    void missingSubcommandIsAUsageError() throws Exception {
        InProcess.Result r = InProcess.run("");

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.errLines())
                .containsExactly(
                        "tlsbio: missing subcommand: demo, s_server, s_client, ciphers, verify or version (see 'tlsbio -help')");
    }

    @Test
    void helpListsOpenSslFlags() throws Exception {
        InProcess.Result r = InProcess.run("", "s_server", "-help");

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "-accept",
                        "-www",
                        "-naccept",
                        "-Verify",
                        "-CAfile",
                        "-cert",
                        "-key",
                        "-nbio",
                        "-bio",
                        "-state",
                        "-msg",
                        "-tls1_3",
                        "-ciphersuites",
                        "-groups",
                        "-alpn");
    }

    @Test
    void missingCertificateFileIsOneLine() throws Exception {
        Path missing = dir.resolve("missing.pem");
        InProcess.Result r =
                InProcess.run(
                        "", "s_server", "-accept", "127.0.0.1:0", "-cert", missing.toString());

        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.errLines())
                .containsExactly("tlsbio s_server: -cert " + missing + ": no such file");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unparsablePemIsOneLine() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "this is not PEM\n");
        InProcess.Result r =
                InProcess.run(
                        "",
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-cert",
                        garbage.toString(),
                        "-key",
                        pems.ecdsa().privateKey().toString());

        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.errLines())
                .singleElement()
                .asString()
                .startsWith("tlsbio s_server: -cert/-key: ")
                .contains("garbage.pem", "no CERTIFICATE found");
    }

    @Test
    void keyWithoutItsCertificateFileFailsOnTheKey() throws Exception {
        // a certificate file as -key: no private key in it
        InProcess.Result r =
                InProcess.run(
                        "",
                        "s_client",
                        "-cert",
                        pems.ca().toString(),
                        "-key",
                        pems.ca().toString());

        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.errLines()).singleElement().asString().contains("no PRIVATE KEY found");
    }

    @Test
    void missingCaFileIsOneLine() throws Exception {
        Path missing = dir.resolve("no-ca.pem");
        InProcess.Result r = InProcess.run("", "s_client", "-CAfile", missing.toString());

        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.errLines())
                .containsExactly("tlsbio s_client: -CAfile " + missing + ": no such file");
    }

    @Test
    void unknownCipherIsOneLine() throws Exception {
        InProcess.Result r = InProcess.run("", "s_client", "-cipher", "RC4-MD5");

        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.errLines())
                .singleElement()
                .asString()
                .isEqualTo("tlsbio s_client: -cipher: no cipher match: 'RC4-MD5'");
    }

    @Test
    void portInUseIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String accept = "127.0.0.1:" + taken.getLocalPort();
            InProcess.Result r =
                    InProcess.run(
                            "",
                            "s_server",
                            "-accept",
                            accept,
                            "-naccept",
                            "1",
                            "-cert",
                            pems.ecdsa().certificateChain().toString(),
                            "-key",
                            pems.ecdsa().privateKey().toString());

            assertThat(r.code()).isEqualTo(Main.FAILURE);
            assertThat(r.errLines())
                    .containsExactly(
                            "tlsbio s_server: cannot listen on "
                                    + accept
                                    + ": Address already in use");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void refusedConnectionIsOneLine() throws Exception {
        int port = freePort();
        InProcess.Result r = InProcess.run("", "s_client", "-connect", "127.0.0.1:" + port);

        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.errLines())
                .containsExactly(
                        "tlsbio s_client: connect to 127.0.0.1:"
                                + port
                                + " failed (1 address tried): Connection refused");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void stackTracesAddsTheStackTrace() throws Exception {
        InProcess.Result r =
                InProcess.run(
                        "", "s_client", "-stack_traces", "-connect", "127.0.0.1:" + freePort());

        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.errLines()[0]).startsWith("tlsbio s_client: connect to 127.0.0.1:");
        assertThat(r.err())
                .contains("CliException", "\tat io.tlsbio.cli.ClientCommand", "Connection refused");
    }

    @Test
    void aRealProcessPrintsOneLineAndExitsOne() throws Exception {
        try (ChildProcess p =
                ChildProcess.tlsbio("s_client", "-connect", "127.0.0.1:" + freePort())) {
            p.stdin("");
            int code = p.exitCode(InProcess.LIMIT);

            assertThat(code).as(p.err.toString()).isEqualTo(Main.FAILURE);
            assertThat(p.err.toString().split("\\R"))
                    .singleElement()
                    .asString()
                    .startsWith("tlsbio s_client: connect to 127.0.0.1:")
                    .endsWith("Connection refused");
            assertThat(p.out.toString()).isEmpty();
        }
    }

    /** A port nobody listens on: bound to pick it, then closed. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
