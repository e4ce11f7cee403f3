package io.tlsbio.ssl.tests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.pair.BioPair;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.CertCallback;
import io.tlsbio.ssl.ClientCertCallback;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslMessage;
import io.tlsbio.ssl.SslMode;
import io.tlsbio.ssl.SslShutdown;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays each scenario of {@code src/test/c/ssl_oracle.c} twice: against the real libssl (the
 * oracle, run now by {@link LibSslOracle}) and against tlsbio (the same steps, written out again
 * below in Java, over the same kinds of BIO and with the same certificates), and compares the two
 * traces line by line.
 *
 * <p>The tlsbio trace is printed in the oracle's line format (see the C file's header comment).
 * Only comparable lines are compared, on both sides: call results, the state facts ({@code
 * SSL_get_shutdown}, {@code SSL_want}, {@code SSL_pending}, ...), the receiver's checks, the alerts
 * sent and received, and the bytes and records on the wire. The oracle's {@code error queue} lines
 * (OpenSSL's thread-global queue, which tlsbio does not have) and comments are left out.
 *
 * <p>tlsbio's deliberate differences from OpenSSL (README, "Semantics vs OpenSSL") are applied to
 * the oracle's lines as explicit substitutions ({@link #expected}); everything else must match.
 * There are two: (a) a failed {@code Ssl} replays its failure; (b) one reason per failure where
 * OpenSSL queues libcrypto's error before its own. The wire lines (bytes moved, record types and
 * lengths) match libssl's exactly for TLS 1.2 and 1.3, so they are compared unchanged.
 */
class OracleTraceTest {

    @TempDir static Path dir;

    private static PemFiles server;
    private static TestCredential serverCredential;
    private static Path ca;

    @BeforeAll
    static void certificates() {
        TestPki pki = TestPki.create();
        serverCredential = pki.server(KeyType.ECDSA);
        server = serverCredential.writePem(dir, "server");
        ca = pki.ca().writePem(dir, "ca").certificateChain();
    }

    // ------------------------------------------------------------------ the test

    /** The scenarios of ssl_oracle.c that tlsbio plays, each with a line the oracle must print. */
    private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    private record Scenario(Consumer<Play> play, List<String> keyLines) {}

    static {
        SCENARIOS.put(
                "write_retry_longer",
                new Scenario(
                        p -> p.writeRetry(1500, false, false),
                        List.of(
                                "client SSL_write 1000 -> -1 SSL_ERROR_WANT_WRITE",
                                        "client SSL_write 1500 -> 1500 SSL_ERROR_NONE",
                                "server received 1500 bytes", "server data intact")));
        SCENARIOS.put(
                "write_retry_shorter",
                new Scenario(
                        p -> p.writeRetry(500, false, false),
                        List.of("client SSL_write 500 -> -1 SSL_ERROR_SSL bad length")));
        SCENARIOS.put(
                "write_retry_moved",
                new Scenario(
                        p -> p.writeRetry(1000, true, false),
                        List.of("client SSL_write 1000 -> -1 SSL_ERROR_SSL bad write retry")));
        SCENARIOS.put(
                "write_retry_moved_accept",
                new Scenario(
                        p -> p.writeRetry(1000, true, true),
                        List.of(
                                "client SSL_write 1000 -> 1000 SSL_ERROR_NONE",
                                "server received 1000 bytes")));
        SCENARIOS.put(
                "partial_write",
                new Scenario(
                        p -> p.partialWrite(0),
                        List.of(
                                "client SSL_write 40000 -> 16384 SSL_ERROR_NONE",
                                        "client SSL_write 23616 -> 16384 SSL_ERROR_NONE",
                                "client SSL_write 7232 -> 7232 SSL_ERROR_NONE",
                                        "server received 40000 bytes")));
        SCENARIOS.put(
                "partial_write_pair",
                new Scenario(
                        p -> p.partialWrite(4096),
                        List.of(
                                "client SSL_write 40000 -> -1 SSL_ERROR_WANT_WRITE",
                                "client SSL_write 40000 -> 40000 SSL_ERROR_NONE")));
        SCENARIOS.put(
                "read_zero_len",
                new Scenario(
                        Play::readZeroLen,
                        List.of(
                                "client SSL_read 0 -> -1 SSL_ERROR_WANT_READ",
                                "client SSL_pending 100")));
        SCENARIOS.put(
                "ignore_eof",
                new Scenario(
                        Play::ignoreEof,
                        List.of(
                                "client SSL_read 1000 -> 0 SSL_ERROR_ZERO_RETURN",
                                "client SSL_write 10 -> 10 SSL_ERROR_NONE",
                                "client SSL_shutdown -> 1 SSL_ERROR_NONE")));
        SCENARIOS.put(
                "fatal_alert_after_handshake",
                new Scenario(
                        Play::fatalAlertAfterHandshake,
                        List.of(
                                "server alert sent 2 20",
                                "client SSL_read 1000 -> 0 SSL_ERROR_SSL sslv3 alert bad record mac")));
        SCENARIOS.put(
                "shutdown_then_fatal_alert",
                new Scenario(
                        Play::shutdownThenFatalAlert,
                        List.of(
                                "client alert received 2 20",
                                "client SSL_shutdown -> 1 SSL_ERROR_NONE",
                                "client SSL_get_shutdown 3")));
        SCENARIOS.put(
                "app_data_during_shutdown",
                new Scenario(
                        Play::appDataDuringShutdown,
                        List.of(
                                "client SSL_shutdown -> -1 SSL_ERROR_SSL application data after close notify")));
        SCENARIOS.put(
                "app_data_during_shutdown_read",
                new Scenario(
                        Play::appDataDuringShutdownRead,
                        List.of(
                                "client SSL_read 1000 -> 100 SSL_ERROR_NONE",
                                "server SSL_shutdown -> 1 SSL_ERROR_NONE")));
        SCENARIOS.put(
                "bio_error_rdonly_wbio",
                new Scenario(
                        Play::bioErrorRdonlyWbio,
                        List.of(
                                "client SSL_connect -> -1 SSL_ERROR_SSL write to read only BIO",
                                "client SSL_want 2")));
        SCENARIOS.put(
                "bio_error_pair_closed",
                new Scenario(
                        Play::bioErrorPairClosed,
                        List.of("client SSL_connect -> -1 SSL_ERROR_SSL uninitialized")));
        SCENARIOS.put(
                "bio_error_pair_shutdown_wr",
                new Scenario(
                        Play::bioErrorPairShutdownWr,
                        List.of("client SSL_connect -> -1 SSL_ERROR_SSL broken pipe")));
        SCENARIOS.put(
                "shutdown_flags",
                new Scenario(
                        Play::shutdownFlags,
                        List.of(
                                "client SSL_do_handshake -> 1 SSL_ERROR_NONE",
                                        "client SSL_shutdown -> 0 SSL_ERROR_SYSCALL",
                                "server SSL_shutdown -> 1 SSL_ERROR_NONE",
                                        "client SSL_get_shutdown 3")));
        SCENARIOS.put(
                "quiet_shutdown",
                new Scenario(
                        Play::quietShutdown,
                        List.of(
                                "client SSL_shutdown -> 1 SSL_ERROR_NONE",
                                "wire client->server 0 bytes",
                                "client SSL_write 10 -> -1 SSL_ERROR_SSL protocol is shutdown")));
        SCENARIOS.put(
                "cert_cb_retry",
                new Scenario(
                        Play::certCbRetry,
                        List.of(
                                "server cert_cb 1",
                                "server SSL_do_handshake -> -1 SSL_ERROR_WANT_X509_LOOKUP",
                                "server SSL_want 4",
                                "server cert_cb 3",
                                "server SSL_do_handshake -> 1 SSL_ERROR_NONE")));
        SCENARIOS.put(
                "client_cert_cb_retry",
                new Scenario(
                        p -> p.clientCertCb(false),
                        List.of(
                                "client client_cert_cb 1",
                                        "client SSL_do_handshake -> -1 SSL_ERROR_WANT_X509_LOOKUP",
                                "client client_cert_cb 2",
                                        "server SSL_do_handshake -> 1 SSL_ERROR_NONE")));
        SCENARIOS.put(
                "client_cert_cb_none",
                new Scenario(
                        p -> p.clientCertCb(true),
                        List.of(
                                "client SSL_do_handshake -> -1 SSL_ERROR_WANT_X509_LOOKUP",
                                "server SSL_do_handshake -> -1 SSL_ERROR_SSL peer did not return a certificate")));
        SCENARIOS.put(
                "session_tickets",
                new Scenario(
                        Play::sessionTickets,
                        List.of(
                                "client SSL_read 1000 -> -1 SSL_ERROR_WANT_READ",
                                "client SSL_SESSION_is_resumable 1",
                                "client SSL_session_reused 1",
                                "server SSL_session_reused 1",
                                "client SSL_read 1000 -> 100 SSL_ERROR_NONE")));
    }

    static Stream<Arguments> scenarios() {
        return SCENARIOS.keySet().stream()
                .flatMap(
                        name ->
                                Stream.of(
                                        Arguments.of(name, TlsVersion.TLS1_3),
                                        Arguments.of(name, TlsVersion.TLS1_2)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("scenarios")
    void tlsbioTraceMatchesLibSsl(String name, TlsVersion version) {
        Scenario scenario = SCENARIOS.get(name);
        List<String> oracle =
                LibSslOracle.trace(
                        name + (version == TlsVersion.TLS1_2 ? ":1.2" : ":1.3"),
                        server.certificateChain(),
                        server.privateKey(),
                        ca);
        // the oracle really ran the scenario: it is not compared against an empty or a broken trace
        assertThat(oracle)
                .as("oracle trace of %s %s", name, version)
                .containsAll(scenario.keyLines());

        Play play = new Play(version);
        scenario.play().accept(play);
        List<String> tlsbio = play.lines;

        List<String> expected = expected(oracle);
        assertThat(String.join("\n", comparable(tlsbio)))
                .as(
                        "tlsbio's trace of %s %s (expected: libssl's, with the README's deliberate differences applied)"
                                + "\n--- libssl, unfiltered:\n%s\n--- tlsbio, unfiltered:\n%s",
                        name, version, String.join("\n", oracle), String.join("\n", tlsbio))
                .isEqualTo(String.join("\n", expected));
        // and it is a real trace on our side too
        assertThat(tlsbio)
                .containsAll(
                        scenario.keyLines().stream()
                                .map(l -> expected(List.of(l)).get(0))
                                .toList());
    }

    // ------------------------------------------------------------------ comparison

    private static final Pattern CALL =
            Pattern.compile("^(client|server) (\\S+)( \\d+)? -> (-?\\d+) (SSL_ERROR_\\w+)( .*)?$");
    private static final Pattern FACT =
            Pattern.compile(
                    "^(client|server) (SSL_get_shutdown|SSL_want|SSL_pending|SSL_has_pending|SSL_in_init"
                            + "|SSL_is_init_finished|SSL_get_quiet_shutdown|cert_cb|client_cert_cb"
                            + "|SSL_session_reused|SSL_SESSION_is_resumable) -?\\d+$");
    private static final Pattern DATA =
            Pattern.compile("^(client|server) (received \\d+ bytes|data (intact|corrupt))$");
    private static final Pattern ALERT =
            Pattern.compile("^(client|server) alert (sent|received) \\d+ \\d+$");
    private static final Pattern WIRE =
            Pattern.compile("^wire (client->server|server->client) .*$");

    /**
     * The lines both traces can have: everything but the oracle's error-queue dumps (and comments).
     */
    static List<String> comparable(List<String> lines) {
        return lines.stream()
                .filter(
                        l ->
                                CALL.matcher(l).matches()
                                        || FACT.matcher(l).matches()
                                        || DATA.matcher(l).matches()
                                        || ALERT.matcher(l).matches()
                                        || WIRE.matcher(l).matches())
                .toList();
    }

    /**
     * Reasons after which OpenSSL's connection is dead (it goes back "into init"), as tlsbio's is.
     */
    private static final Set<String> FATAL_REASONS =
            Set.of(
                    "bad length",
                    "bad write retry",
                    "application data after close notify",
                    "sslv3 alert bad record mac",
                    "decryption failed or bad record mac",
                    "write to read only BIO",
                    "uninitialized",
                    "broken pipe");

    private static final Pattern QUEUE =
            Pattern.compile("^(client|server) error queue [1-9]\\d* ([^;]+).*$");

    /**
     * The oracle's comparable lines with tlsbio's deliberate differences applied. Each substitution
     * names its README row; keep them few and visible.
     */
    static List<String> expected(List<String> oracleAll) {
        List<String> out = new ArrayList<>();
        String[] fatal = new String[2]; // client, server: the reason of the side's fatal error
        for (String line : oracleAll) {
            Matcher q = QUEUE.matcher(line);
            if (q.matches()) {
                // only to learn a fatal error that did not show on a call line (a shutdown answered
                // by an alert)
                int side = q.group(1).equals("client") ? 0 : 1;
                if (fatal[side] == null && FATAL_REASONS.contains(q.group(2).strip())) {
                    fatal[side] = q.group(2).strip();
                }
                continue;
            }
            Matcher m = CALL.matcher(line);
            if (m.matches()) {
                int side = m.group(1).equals("client") ? 0 : 1;
                int ret = Integer.parseInt(m.group(4));
                String reason = m.group(6) == null ? null : m.group(6).strip();
                if ("cipher operation failed".equals(reason)) {
                    // SUBSTITUTION (b), README "Semantics vs OpenSSL" row "error queue": for a TLS
                    // 1.2
                    // record that fails to decrypt OpenSSL queues libcrypto's EVP error first and
                    // its
                    // SSL reason second; tlsbio reports the one SSL reason (and the same alert).
                    reason = "decryption failed or bad record mac";
                    line =
                            m.group(1)
                                    + " "
                                    + m.group(2)
                                    + (m.group(3) == null ? "" : m.group(3))
                                    + " -> "
                                    + ret
                                    + " "
                                    + m.group(5)
                                    + " "
                                    + reason;
                }
                if (fatal[side] != null && ret <= 0) {
                    // SUBSTITUTION (a), README "Semantics vs OpenSSL" row "error queue" (per
                    // connection)
                    // and "A failed `Ssl` stays failed": after a fatal error OpenSSL, its queue
                    // cleared,
                    // answers SYSCALL, ZERO_RETURN or "shutdown while in init"; tlsbio replays the
                    // original failure (SSL_ERROR_SSL and its reason) on every later call. Only the
                    // error and reason change: the return value must still match.
                    line =
                            m.group(1)
                                    + " "
                                    + m.group(2)
                                    + (m.group(3) == null ? "" : m.group(3))
                                    + " -> "
                                    + ret
                                    + " SSL_ERROR_SSL "
                                    + fatal[side];
                } else if (fatal[side] == null
                        && "SSL_ERROR_SSL".equals(m.group(5))
                        && reason != null
                        && FATAL_REASONS.contains(reason)) {
                    fatal[side] = reason;
                }
            }
            out.add(line);
        }
        return comparable(out);
    }

    // ------------------------------------------------------------------ tlsbio's side

    /**
     * The message a reason maps to: OpenSSL's ERR_reason_error_string text for the reasons that
     * occur here.
     */
    static String reasonText(Ssl ssl, SslFailure f) {
        return switch (f.reason()) {
            case BAD_LENGTH -> "bad length";
            case BAD_WRITE_RETRY -> "bad write retry";
            case APPLICATION_DATA_AFTER_CLOSE_NOTIFY -> "application data after close notify";
            case ALERT_RECEIVED ->
                    f.alert() == 20
                            ? "sslv3 alert bad record mac"
                            : f.alert() == 40
                                    ? "sslv3 alert handshake failure"
                                    : "alert received " + f.alert();
            case ALERT_SENT ->
                    f.alert() == 20
                            ? "decryption failed or bad record mac"
                            : "alert sent " + f.alert();
            case UNINITIALIZED -> "uninitialized";
            case SHUTDOWN_WHILE_IN_INIT -> "shutdown while in init";
            case PROTOCOL_IS_SHUTDOWN -> "protocol is shutdown";
            case UNEXPECTED_EOF -> "unexpected eof while reading";
            case PEER_DID_NOT_RETURN_A_CERTIFICATE -> "peer did not return a certificate";
            case BIO_ERROR -> bioReasonText(ssl);
            default -> f.reason().name();
        };
    }

    private static String bioReasonText(Ssl ssl) {
        BioError e =
                ssl.wbio() != null && ssl.wbio().lastError() != null
                        ? ssl.wbio().lastError()
                        : ssl.rbio() != null ? ssl.rbio().lastError() : null;
        if (e == null) {
            return "BIO_ERROR without a BioError";
        }
        return switch (e.reason()) {
            case WRITE_TO_READ_ONLY_BIO -> "write to read only BIO";
            case UNINITIALIZED -> "uninitialized";
            case BROKEN_PIPE -> "broken pipe";
            default -> e.reason().name();
        };
    }

    /**
     * One peer: its Ssl, the BIO the harness writes its input into, the BIO its output is read
     * from.
     */
    static final class Peer {
        final String name;
        final Ssl ssl;
        final MemBio in;
        Bio out;
        final ByteArrayOutputStream rec = new ByteArrayOutputStream();

        Peer(String name, Ssl ssl, MemBio in, Bio out) {
            this.name = name;
            this.ssl = ssl;
            this.in = in;
            this.out = out;
        }
    }

    /** The receiver's side of a payload, as the C program's Sink. */
    static final class Sink {
        long received;
        boolean corrupt;
    }

    /** tlsbio playing the C program's scenarios, printing the same lines. */
    static final class Play {
        final TlsVersion version;
        final List<String> lines = new ArrayList<>();

        Play(TlsVersion version) {
            this.version = version;
        }

        // -------------------------------------------------------------- set-up

        SslContext.Builder clientContext() {
            return SslContext.builder().versions(version, version).trust(ca).hostName(TestPki.HOST);
        }

        SslContext serverContext() {
            return SslContext.builder()
                    .versions(version, version)
                    .certificate(server.certificateChain(), server.privateKey())
                    .build();
        }

        /**
         * As new_peer: the rbio an empty memory BIO; the wbio {@code wbio}, read at {@code out}, or
         * a memory BIO.
         */
        Peer newPeer(boolean isServer, SslContext ctx, Bio wbio, Bio out) {
            Ssl ssl = ctx.newSsl();
            MemBio in = MemBio.create();
            if (wbio == null) {
                wbio = MemBio.create();
                out = wbio;
            }
            ssl.setBio(in, wbio);
            Peer p = new Peer(isServer ? "server" : "client", ssl, in, out);
            ssl.setMessageCallback((s, m) -> alert(p, m));
            if (isServer) {
                ssl.setAcceptState();
            } else {
                ssl.setConnectState();
            }
            return p;
        }

        Peer newClient() {
            return newPeer(false, clientContext().build(), null, null);
        }

        Peer newServer() {
            return newPeer(true, serverContext(), null, null);
        }

        /** As new_pair_client: the wbio one end of a BIO pair of {@code size} bytes each way. */
        Peer newPairClient(int size) {
            BioPair pair = BioPair.create(size, size);
            return newPeer(false, clientContext().build(), pair.first(), pair.second());
        }

        private static final Pattern ALERT_TEXT =
                Pattern.compile("^alert \\w+\\((\\d+)\\) \\w+\\((\\d+)\\)$");

        /**
         * The msg_callback's alert lines; bctls names alerts as {@code warning(1) close_notify(0)}.
         */
        private void alert(Peer p, SslMessage m) {
            if (m.contentType() != 21) {
                return;
            }
            Matcher a = ALERT_TEXT.matcher(m.description());
            lines.add(
                    p.name
                            + " alert "
                            + (m.write() ? "sent" : "received")
                            + " "
                            + (a.matches() ? a.group(1) + " " + a.group(2) : m.description()));
        }

        /** A handshaken client (memory BIOs unless given) and server: connected(). */
        Peer[] connected(Peer client) {
            Peer c = client != null ? client : newClient();
            Peer s = newServer();
            handshake(c, s);
            return new Peer[] {c, s};
        }

        void handshake(Peer c, Peer s) {
            boolean[] done = new boolean[2];
            Peer[] p = {c, s};
            for (int round = 0; round < 100 && !(done[0] && done[1]); round++) {
                for (int i = 0; i < 2; i++) {
                    if (!done[i]) {
                        int ret = p[i].ssl.doHandshake();
                        SslError err = p[i].ssl.getError(ret);
                        if (ret == 1) {
                            done[i] = true;
                        } else if (err != SslError.WANT_READ && err != SslError.WANT_WRITE) {
                            throw new AssertionError(
                                    p[i].name
                                            + " handshake failed: "
                                            + ret
                                            + " "
                                            + err
                                            + " "
                                            + p[i].ssl.lastError());
                        }
                    }
                    transfer(p[i], p[1 - i], false);
                }
            }
            if (!(done[0] && done[1])) {
                throw new AssertionError("the handshake did not finish");
            }
        }

        // -------------------------------------------------------------- tracing

        int report(Peer p, String call, String args, int ret) {
            SslError err = p.ssl.getError(ret);
            StringBuilder sb = new StringBuilder().append(p.name).append(' ').append(call);
            if (!args.isEmpty()) {
                sb.append(' ').append(args);
            }
            sb.append(" -> ").append(ret).append(" SSL_ERROR_").append(err.name());
            SslFailure f = p.ssl.lastError();
            if ((err == SslError.SSL || err == SslError.SYSCALL) && f != null) {
                sb.append(' ').append(reasonText(p.ssl, f));
            }
            lines.add(sb.toString());
            return ret;
        }

        int read(Peer p, byte[] b, int len) {
            return report(p, "SSL_read", Integer.toString(len), p.ssl.read(b, 0, len));
        }

        int write(Peer p, byte[] b, int off, int len) {
            return report(p, "SSL_write", Integer.toString(len), p.ssl.write(b, off, len));
        }

        int shutdown(Peer p) {
            return report(p, "SSL_shutdown", "", p.ssl.shutdown());
        }

        int handshakeCall(Peer p, String call) {
            int ret =
                    switch (call) {
                        case "SSL_connect" -> p.ssl.connect();
                        case "SSL_accept" -> p.ssl.accept();
                        default -> p.ssl.doHandshake();
                    };
            return report(p, call, "", ret);
        }

        void fact(Peer p, String what, long value) {
            lines.add(p.name + " " + what + " " + value);
        }

        void fShutdown(Peer p) {
            fact(
                    p,
                    "SSL_get_shutdown",
                    p.ssl.getShutdown().stream().mapToInt(SslShutdown::bit).sum());
        }

        void fWant(Peer p) {
            fact(p, "SSL_want", p.ssl.want().code());
        }

        void fPending(Peer p) {
            fact(p, "SSL_pending", p.ssl.pending());
        }

        void fFlags(Peer p) {
            fShutdown(p);
            fWant(p);
            fact(p, "SSL_in_init", p.ssl.isInInit() ? 1 : 0);
            fact(p, "SSL_is_init_finished", p.ssl.isInitFinished() ? 1 : 0);
        }

        // -------------------------------------------------------------- the wire

        void parseRecords(Peer from, String dir, byte[] b, boolean trace) {
            for (byte x : b) {
                from.rec.write(x);
                byte[] r = from.rec.toByteArray();
                if (r.length >= 5 && r.length == 5 + ((r[3] & 0xff) << 8 | (r[4] & 0xff))) {
                    if (trace) {
                        int len = r.length - 5;
                        if (r[0] == 21 && len == 2) {
                            lines.add("wire " + dir + " alert " + r[5] + " " + r[6]);
                        } else {
                            lines.add("wire " + dir + " record type " + r[0] + " len " + len);
                        }
                    }
                    from.rec.reset();
                }
            }
        }

        long transfer(Peer from, Peer to, boolean trace) {
            byte[] buf = new byte[65536];
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            int n;
            while ((n = from.out.read(buf, 0, buf.length)) > 0) {
                all.write(buf, 0, n);
                if (to.in.write(buf, 0, n) != n) {
                    throw new AssertionError("cannot deliver " + n + " bytes to the " + to.name);
                }
            }
            String dir = from.name + "->" + to.name;
            if (trace) {
                lines.add("wire " + dir + " " + all.size() + " bytes");
            }
            parseRecords(from, dir, all.toByteArray(), trace);
            return all.size();
        }

        void injectGarbage(Peer to) {
            byte[] rec = new byte[5 + 32];
            rec[0] = 23;
            rec[1] = 3;
            rec[2] = 3;
            rec[4] = 32;
            for (int i = 0; i < 32; i++) {
                rec[5 + i] = (byte) (0xA5 ^ i);
            }
            to.in.write(rec, 0, rec.length);
        }

        static byte payload(long i) {
            return (byte) (i * 31 + 7 + (i >> 8));
        }

        static byte[] newPayload(int len) {
            byte[] b = new byte[len];
            for (int i = 0; i < len; i++) {
                b[i] = payload(i);
            }
            return b;
        }

        int readAll(Peer p, Sink sink) {
            byte[] buf = new byte[16384];
            int ret;
            while ((ret = read(p, buf, buf.length)) > 0) {
                for (int i = 0; i < ret; i++) {
                    if (buf[i] != payload(sink.received + i)) {
                        sink.corrupt = true;
                    }
                }
                sink.received += ret;
            }
            return ret;
        }

        void fSink(Peer p, Sink sink) {
            lines.add(p.name + " received " + sink.received + " bytes");
            lines.add(p.name + " data " + (sink.corrupt ? "corrupt" : "intact"));
        }

        // -------------------------------------------------------------- scenarios (as in
        // ssl_oracle.c)

        /** sc_session_tickets: tlsbio's defaults are OpenSSL's (tickets on, two in TLS 1.3). */
        void sessionTickets() {
            SslContext cctx = clientContext().build();
            SslContext sctx = serverContext();
            Peer c = newPeer(false, cctx, null, null);
            Peer s = newPeer(true, sctx, null, null);
            byte[] buf = new byte[1000];
            byte[] data = newPayload(100);
            handshake(c, s);
            fPending(c);
            read(c, buf, buf.length);
            fWant(c);
            fPending(c);
            io.tlsbio.ssl.SslSession sess = c.ssl.session();
            fact(c, "SSL_SESSION_is_resumable", sess.isResumable() ? 1 : 0);
            fact(c, "SSL_session_reused", c.ssl.sessionReused() ? 1 : 0);
            write(s, data, 0, 100);
            transfer(s, c, true);
            read(c, buf, buf.length);
            lines.add(
                    "client data "
                            + (Arrays.equals(buf, 0, 100, data, 0, 100) ? "intact" : "corrupt"));

            Peer c2 = newPeer(false, cctx, null, null);
            Peer s2 = newPeer(true, sctx, null, null);
            c2.ssl.setSession(sess);
            handshake(c2, s2);
            fact(c2, "SSL_session_reused", c2.ssl.sessionReused() ? 1 : 0);
            fact(s2, "SSL_session_reused", s2.ssl.sessionReused() ? 1 : 0);
            write(s2, data, 0, 100);
            transfer(s2, c2, true);
            read(c2, buf, buf.length);
            lines.add(
                    "client data "
                            + (Arrays.equals(buf, 0, 100, data, 0, 100) ? "intact" : "corrupt"));
            read(c2, buf, buf.length);
            fPending(c2);
        }

        void writeRetry(int retryLen, boolean moved, boolean acceptMoving) {
            byte[] data = newPayload(2000);
            byte[] copy = newPayload(2000);
            byte[] retryBuf = moved ? copy : data;
            byte[] buf = new byte[16384];
            Sink sink = new Sink();
            Peer[] cs = connected(newPairClient(512));
            Peer c = cs[0];
            Peer s = cs[1];
            if (acceptMoving) {
                c.ssl.setMode(SslMode.ACCEPT_MOVING_WRITE_BUFFER);
            }
            write(c, data, 0, 1000);
            fWant(c);
            transfer(c, s, true);
            readAll(s, sink);
            int ret;
            while ((ret = write(c, retryBuf, 0, retryLen)) < 0
                    && c.ssl.getError(ret) == SslError.WANT_WRITE) {
                transfer(c, s, true);
                readAll(s, sink);
            }
            fWant(c);
            fShutdown(c);
            transfer(c, s, true);
            readAll(s, sink);
            fSink(s, sink);
            if (ret > 0) {
                return;
            }
            write(c, data, 0, 1000);
            fWant(c);
            read(c, buf, buf.length);
            fShutdown(c);
            transfer(c, s, true);
            readAll(s, sink);
            fSink(s, sink);
            shutdown(c);
            fShutdown(c);
            transfer(c, s, true);
            readAll(s, sink);
            fShutdown(s);
        }

        void partialWrite(int pairSize) {
            int total = 40000;
            byte[] data = newPayload(total);
            Sink sink = new Sink();
            Peer[] cs = connected(pairSize != 0 ? newPairClient(pairSize) : null);
            Peer c = cs[0];
            Peer s = cs[1];
            c.ssl.setMode(SslMode.ENABLE_PARTIAL_WRITE);
            int off = 0;
            int guard = 0;
            while (off < total && guard++ < 1000) {
                int ret = write(c, data, off, total - off);
                if (ret > 0) {
                    off += ret;
                } else if (c.ssl.getError(ret) == SslError.WANT_WRITE) {
                    transfer(c, s, true);
                    readAll(s, sink);
                } else {
                    break;
                }
            }
            transfer(c, s, true);
            readAll(s, sink);
            fSink(s, sink);
        }

        void readZeroLen() {
            byte[] data = newPayload(100);
            byte[] buf = new byte[1000];
            Peer[] cs = connected(null);
            Peer c = cs[0];
            Peer s = cs[1];
            read(c, buf, 0);
            fWant(c);
            fPending(c);
            write(s, data, 0, 100);
            transfer(s, c, true);
            read(c, buf, 0);
            fWant(c);
            fPending(c);
            fact(c, "SSL_has_pending", c.ssl.hasPending() ? 1 : 0);
            read(c, buf, buf.length);
            lines.add(
                    "client data "
                            + (Arrays.equals(buf, 0, 100, data, 0, 100) ? "intact" : "corrupt"));
            fPending(c);
        }

        void ignoreEof() {
            byte[] buf = new byte[1000];
            byte[] data = newPayload(10);
            Peer c = newPeer(false, clientContext().ignoreUnexpectedEof(true).build(), null, null);
            Peer[] cs = connected(c);
            Peer s = cs[1];
            c.in.setMemEofReturn(0);
            read(c, buf, buf.length);
            fShutdown(c);
            read(c, buf, buf.length);
            write(c, data, 0, 10);
            fShutdown(c);
            shutdown(c);
            fShutdown(c);
            transfer(c, s, true);
            read(s, buf, buf.length);
            read(s, buf, buf.length);
            fShutdown(s);
            shutdown(c);
            fShutdown(c);
            transfer(c, s, true);
        }

        void fatalAlertAfterHandshake() {
            byte[] buf = new byte[1000];
            byte[] data = newPayload(10);
            Peer[] cs = connected(null);
            Peer c = cs[0];
            Peer s = cs[1];
            injectGarbage(s);
            read(s, buf, buf.length);
            fShutdown(s);
            transfer(s, c, true);
            read(c, buf, buf.length);
            fShutdown(c);
            read(
                    c,
                    buf,
                    buf.length); // the C program keeps its error queue here; tlsbio has none to
            // keep
            read(c, buf, buf.length);
            write(c, data, 0, 10);
            fShutdown(c);
            shutdown(c);
            fShutdown(c);
            transfer(c, s, true);
        }

        void shutdownThenFatalAlert() {
            byte[] buf = new byte[1000];
            Peer[] cs = connected(null);
            Peer c = cs[0];
            Peer s = cs[1];
            shutdown(c);
            fShutdown(c);
            injectGarbage(s);
            transfer(c, s, true);
            read(s, buf, buf.length);
            transfer(s, c, true);
            shutdown(c);
            fShutdown(c);
            shutdown(c);
            fShutdown(c);
            transfer(c, s, true);
        }

        void appDataDuringShutdown() {
            byte[] buf = new byte[1000];
            byte[] data = newPayload(100);
            Peer[] cs = connected(null);
            Peer c = cs[0];
            Peer s = cs[1];
            shutdown(c);
            fShutdown(c);
            write(s, data, 0, 100);
            transfer(s, c, true);
            shutdown(c);
            fShutdown(c);
            fPending(c);
            read(c, buf, buf.length);
            fShutdown(c);
            shutdown(c);
            transfer(c, s, true);
            read(s, buf, buf.length);
            read(s, buf, buf.length);
            fShutdown(s);
        }

        void appDataDuringShutdownRead() {
            byte[] buf = new byte[1000];
            byte[] data = newPayload(100);
            Peer[] cs = connected(null);
            Peer c = cs[0];
            Peer s = cs[1];
            shutdown(c);
            write(s, data, 0, 100);
            transfer(s, c, true);
            read(c, buf, buf.length);
            fShutdown(c);
            transfer(c, s, true);
            read(s, buf, buf.length);
            fShutdown(s);
            shutdown(s);
            transfer(s, c, true);
            shutdown(c);
            fShutdown(c);
        }

        void bioErrorRdonlyWbio() {
            MemBio rdonly = MemBio.readOnly(new byte[0]);
            Peer c = newPeer(false, clientContext().build(), rdonly, rdonly);
            handshakeCall(c, "SSL_connect");
            fWant(c);
            fShutdown(c);
            handshakeCall(c, "SSL_connect");
        }

        void bioErrorPairClosed() {
            Peer c = newPairClient(4096);
            c.out.close(); // BIO_free of the other end
            handshakeCall(c, "SSL_connect");
            fWant(c);
            handshakeCall(c, "SSL_connect");
        }

        void bioErrorPairShutdownWr() {
            Peer c = newPairClient(4096);
            ((BioPair.End) c.ssl.wbio()).shutdownWrite();
            handshakeCall(c, "SSL_connect");
            fWant(c);
            handshakeCall(c, "SSL_connect");
        }

        void shutdownFlags() {
            Peer c = newClient();
            Peer s = newServer();
            byte[] buf = new byte[1000];
            boolean cdone = false;
            boolean sdone = false;
            fFlags(c);
            fFlags(s);
            for (int round = 0; round < 10 && !(cdone && sdone); round++) {
                if (!cdone) {
                    cdone = handshakeCall(c, "SSL_do_handshake") == 1;
                    fFlags(c);
                    transfer(c, s, false);
                }
                if (!sdone) {
                    sdone = handshakeCall(s, "SSL_do_handshake") == 1;
                    fFlags(s);
                    transfer(s, c, false);
                }
            }
            shutdown(c);
            fFlags(c);
            transfer(c, s, true);
            read(s, buf, buf.length);
            fFlags(s);
            shutdown(s);
            fFlags(s);
            transfer(s, c, true);
            shutdown(c);
            fFlags(c);
            shutdown(c);
            read(c, buf, buf.length);
            shutdown(s);
            read(s, buf, buf.length);
        }

        // ---------------------------------------------- certificate callbacks (WANT_X509_LOOKUP)

        private int cbCalls;

        /** As traced_handshake: alternating traced SSL_do_handshake calls, SSL_want after each. */
        void tracedHandshake(Peer c, Peer s) {
            boolean cdone = false;
            boolean sdone = false;
            for (int round = 0; round < 10 && !(cdone && sdone); round++) {
                if (!cdone) {
                    int ret = handshakeCall(c, "SSL_do_handshake");
                    cdone = ret == 1 || c.ssl.getError(ret) == SslError.SSL;
                    fWant(c);
                    transfer(c, s, false);
                }
                if (!sdone) {
                    int ret = handshakeCall(s, "SSL_do_handshake");
                    sdone = ret == 1 || s.ssl.getError(ret) == SslError.SSL;
                    fWant(s);
                    transfer(s, c, false);
                }
            }
        }

        void certCbRetry() {
            Peer c = newClient();
            Peer[] s = new Peer[1];
            SslContext ctx =
                    SslContext.builder()
                            .versions(version, version)
                            .certificate(server.certificateChain(), server.privateKey())
                            .certCallback(
                                    ssl -> {
                                        cbCalls++;
                                        fact(s[0], "cert_cb", cbCalls);
                                        return cbCalls <= 2
                                                ? CertCallback.Result.RETRY
                                                : CertCallback.Result.OK;
                                    })
                            .build();
            s[0] = newPeer(true, ctx, null, null);
            tracedHandshake(c, s[0]);
        }

        void clientCertCb(boolean none) {
            Peer[] c = new Peer[1];
            SslContext cctx =
                    clientContext()
                            .clientCertCallback(
                                    ssl -> {
                                        cbCalls++;
                                        fact(c[0], "client_cert_cb", cbCalls);
                                        if (cbCalls <= 1) {
                                            return ClientCertCallback.Answer.retry();
                                        }
                                        if (none) {
                                            return ClientCertCallback.Answer.none();
                                        }
                                        return ClientCertCallback.Answer.certificate(
                                                Arrays.asList(serverCredential.chainArray()),
                                                serverCredential.privateKey());
                                    })
                            .build();
            c[0] = newPeer(false, cctx, null, null);
            SslContext sctx =
                    SslContext.builder()
                            .versions(version, version)
                            .certificate(server.certificateChain(), server.privateKey())
                            .verify(VerifyMode.FAIL_IF_NO_PEER_CERT)
                            .verifyCallback((ok, x) -> true)
                            .build();
            Peer s = newPeer(true, sctx, null, null);
            tracedHandshake(c[0], s);
        }

        void quietShutdown() {
            byte[] buf = new byte[1000];
            Peer[] cs = connected(null);
            Peer c = cs[0];
            Peer s = cs[1];
            c.ssl.setQuietShutdown(true);
            fact(c, "SSL_get_quiet_shutdown", c.ssl.quietShutdown() ? 1 : 0);
            shutdown(c);
            fFlags(c);
            transfer(c, s, true);
            read(s, buf, buf.length);
            fShutdown(s);
            read(c, buf, buf.length);
            write(c, buf, 0, 10);
        }
    }
}
