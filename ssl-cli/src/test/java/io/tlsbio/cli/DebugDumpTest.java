package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.ssl.TlsVersion;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code -debug} as OpenSSL's: every socket read and write as {@code bio_dump_callback} prints it,
 * checked against the real openssl run with {@code -debug} on the other end. One parser reads both
 * dumps, so openssl's own output pins the format; the bytes we dump as written are the bytes
 * openssl dumps as read and the other way round, and they parse as whole TLS records.
 */
class DebugDumpTest extends OpenSslPemsTest {

    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT 127\\.0\\.0\\.1:(\\d+)$");
    private static final String GET = "GET / HTTP/1.0\r\n\r\n";

    /** bio_dump_callback's line: "read from %p [%p] (%zu bytes => %zu (0x%zX))" or "... => %d)". */
    private static final Pattern HEADER =
            Pattern.compile(
                    "^(read from|write to) 0x[0-9a-f]+ \\[0x[0-9a-f]+\\] \\((\\d+) bytes => (-?\\d+)(?: \\(0x([0-9A-F]+)\\))?\\)$");

    /** BIO_dump's line: offset, 16 hex columns (a '-' after the eighth), two spaces, the ASCII. */
    private static final Pattern DUMP =
            Pattern.compile("^([0-9a-f]{4,}) - ((?:[0-9a-f]{2}[ -]| {3}){16})  (.*)$");

    @Test
    void bioDumpWritesOpenSslsLines() {
        // the expected lines are what OpenSSL 3.0's BIO_dump printed for these bytes
        byte[] b = new byte[40];
        for (int i = 0; i < 30; i++) {
            b[i] = (byte) (i * 7);
        }
        StringBuilder sb = new StringBuilder();
        BioDump.append(sb, b, 0, b.length);
        BioDump.append(
                sb,
                "xhello world         ".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                1,
                20);

        assertThat(sb.toString())
                .isEqualTo(
                        ""
                                + "0000 - 00 07 0e 15 1c 23 2a 31-38 3f 46 4d 54 5b 62 69   .....#*18?FMT[bi\n"
                                + "0010 - 70 77 7e 85 8c 93 9a a1-a8 af b6 bd c4 cb 00 00   pw~.............\n"
                                + "0020 - 00 00 00 00 00 00 00 00-                          ........\n"
                                + "0000 - 68 65 6c 6c 6f 20 77 6f-72 6c 64 20 20 20 20 20   hello world     \n"
                                + "0010 - 20 20 20 20                                           \n");
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void clientDumpsTheBytesOpenSslServerDumps(TlsVersion v) throws Exception {
        PemFiles cert = pems.server(KeyType.ECDSA);
        Traffic theirs;
        InProcess.Result r;
        try (ChildProcess server =
                ChildProcess.openssl(
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-naccept",
                        "1",
                        "-www",
                        "-debug",
                        "-cert",
                        cert.certificateChain().toString(),
                        "-key",
                        cert.privateKey().toString(),
                        OpenSslInteropTest.flag(v))) {
            String port = server.awaitOut(ACCEPT, InProcess.LIMIT);
            r =
                    InProcess.run(
                            GET,
                            "s_client",
                            "-debug",
                            "-connect",
                            "127.0.0.1:" + port,
                            "-CAfile",
                            pems.ca().toString(),
                            "-servername",
                            "localhost");
            assertThat(server.exitCode(InProcess.LIMIT)).as(server.err.toString()).isZero();
            theirs = Traffic.parse(server.out.toString());
        }
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("HTTP/1.0 200 ok");
        Traffic ours = Traffic.parse(r.out());

        // a ClientHello record first: handshake, record version 3.1 (as every client sends it)
        assertThat(Arrays.copyOf(ours.written, 3)).containsExactly(0x16, 0x03, 0x01);
        assertSameBytes(ours.written, theirs.read);
        assertSameBytes(theirs.written, ours.read);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void serverDumpsTheBytesOpenSslClientDumps(TlsVersion v) throws Exception {
        PemFiles cert = pems.server(KeyType.RSA);
        Traffic theirs;
        InProcess.Result r;
        try (InProcess server =
                InProcess.start(
                        "",
                        "s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-naccept",
                        "1",
                        "-www",
                        "-debug",
                        "-cert",
                        cert.certificateChain().toString(),
                        "-key",
                        cert.privateKey().toString(),
                        OpenSslInteropTest.flag(v))) {
            String port = server.out.awaitLine(ACCEPT, InProcess.LIMIT);
            // unbuffered stdio: s_client prints its dump through stdio and the page with write(2),
            // which would otherwise overtake the dump lines still in the stdio buffer
            try (ChildProcess client =
                    ChildProcess.start(
                            List.of(
                                    "stdbuf",
                                    "-o0",
                                    ChildProcess.OPENSSL,
                                    "s_client",
                                    "-connect",
                                    "127.0.0.1:" + port,
                                    "-debug",
                                    "-CAfile",
                                    pems.ca().toString(),
                                    "-servername",
                                    "localhost",
                                    "-ign_eof"))) {
                client.stdin(GET);
                assertThat(client.exitCode(InProcess.LIMIT)).as(client.err.toString()).isZero();
                theirs = Traffic.parse(client.out.toString());
            } finally {
                OpenSslInteropTest.unblock(server, port);
            }
            r = server.result(InProcess.LIMIT);
        }
        assertThat(r.code()).as(r.err()).isZero();
        Traffic ours = Traffic.parse(r.out());

        assertThat(Arrays.copyOf(ours.read, 3)).containsExactly(0x16, 0x03, 0x01);
        assertSameBytes(ours.written, theirs.read);
        assertSameBytes(theirs.written, ours.read);
    }

    /**
     * What one side wrote is what the other read: byte for byte, except that a last record (a
     * close_notify) written after the reader had hung up may be missing; both are whole records.
     */
    private static void assertSameBytes(byte[] written, byte[] read) {
        int lastRecord = lastRecordLength(written);
        lastRecordLength(read);
        assertThat(read.length).as("bytes read").isLessThanOrEqualTo(written.length);
        assertThat(Arrays.copyOf(written, read.length))
                .as("the bytes read are those written")
                .isEqualTo(read);
        assertThat(written.length - read.length)
                .as("bytes written but never read")
                .isLessThanOrEqualTo(lastRecord);
    }

    /**
     * Checks {@code b} is a sequence of whole TLS records (type, version 3.x, length) and returns
     * the length of the last one; fails if the lengths do not add up to {@code b.length}.
     */
    private static int lastRecordLength(byte[] b) {
        int at = 0;
        int last = 0;
        while (at < b.length) {
            assertThat(b.length - at).as("a record header at " + at).isGreaterThanOrEqualTo(5);
            assertThat(b[at] & 0xff).as("content type at " + at).isBetween(20, 23);
            assertThat(b[at + 1]).as("record version at " + at).isEqualTo((byte) 3);
            last = 5 + ((b[at + 3] & 0xff) << 8 | (b[at + 4] & 0xff));
            at += last;
        }
        assertThat(at).as("the record lengths add up to the bytes").isEqualTo(b.length);
        return last;
    }

    /**
     * The bytes a -debug dump says were written and read, each header's dump checked line by line.
     */
    private static final class Traffic {
        final byte[] written;
        final byte[] read;

        private Traffic(byte[] written, byte[] read) {
            this.written = written;
            this.read = read;
        }

        static Traffic parse(String output) {
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            String[] lines = output.split("\n", -1);
            int headers = 0;
            for (int i = 0; i < lines.length; i++) {
                Matcher h = HEADER.matcher(lines[i]);
                if (!h.matches()) {
                    continue;
                }
                headers++;
                int ret = Integer.parseInt(h.group(3));
                if (ret <= 0) {
                    assertThat(h.group(4)).as(lines[i]).isNull();
                    continue;
                }
                assertThat(Integer.parseInt(h.group(4), 16)).as(lines[i]).isEqualTo(ret);
                assertThat(ret).as(lines[i]).isLessThanOrEqualTo(Integer.parseInt(h.group(2)));
                ByteArrayOutputStream to = h.group(1).equals("read from") ? read : written;
                for (int row = 0; row < ret; row += 16) {
                    String line = lines[++i];
                    Matcher d = DUMP.matcher(line);
                    assertThat(d.matches())
                            .as("a dump line after " + lines[i - 1 - row / 16] + ": " + line)
                            .isTrue();
                    assertThat(Integer.parseInt(d.group(1), 16)).as(line).isEqualTo(row);
                    int n = Math.min(16, ret - row);
                    StringBuilder ascii = new StringBuilder();
                    for (int j = 0; j < 16; j++) {
                        String cell = d.group(2).substring(3 * j, 3 * j + 3);
                        if (j >= n) {
                            assertThat(cell).as(line).isEqualTo("   ");
                            continue;
                        }
                        assertThat(cell.charAt(2)).as(line).isEqualTo(j == 7 ? '-' : ' ');
                        int v = Integer.parseInt(cell.substring(0, 2), 16);
                        to.write(v);
                        ascii.append(v >= ' ' && v <= '~' ? (char) v : '.');
                    }
                    assertThat(d.group(3)).as(line).isEqualTo(ascii.toString());
                }
            }
            assertThat(headers).as("read from/write to lines in\n" + output).isPositive();
            return new Traffic(written.toByteArray(), read.toByteArray());
        }
    }
}
