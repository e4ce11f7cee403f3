package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.DeterministicRandom;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsCryptos;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import io.tlsbio.ssl.internal.OwnCredentials;
import io.tlsbio.ssl.tests.probe.ProbeHellos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsServerProtocol;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The seeded mutation test (docs/hostile-input.md): mutated real inputs into tlsbio peers over
 * memory BIOs.
 *
 * <h2>Inputs</h2>
 *
 * A corpus captured once, deterministically (seeded PKI, seeded crypto, fixed clock), from tlsbio
 * handshakes in 8 configurations (TLS 1.2/1.3 x RSA/ECDSA server x with/without client auth), plus
 * the probe suite's {@code ClientHelloBuilder} hellos. Each input index picks a case and mutates
 * its starting bytes with 1-3 of: bit flips, bytes set to 0x00/0xFF/random, truncation, insertion,
 * deletion, chunk copies, splices with another input, length-field edits (record, handshake
 * message, hello fields, extension and inner list lengths) and record edits (duplicate, drop, swap,
 * split, merge, insert, type and version changes). The cases:
 *
 * <ul>
 *   <li>{@code CLIENT_HELLO}: a captured ClientHello record into a server (its own configuration,
 *       or now and then another one).
 *   <li>{@code CLIENT_FLIGHT}: all the client wrote during a handshake (ClientHello, then
 *       Certificate/ClientKeyExchange/CertificateVerify/Finished) into a server whose seeded
 *       randomness reproduces the captured handshake, so unmutated records decrypt.
 *   <li>{@code PROBE_HELLO}: a probe-builder hello into a server.
 *   <li>{@code SERVER_FLIGHT}: all the server wrote (ServerHello ... Finished) into a client that
 *       replays the captured ClientHello.
 *   <li>{@code POST_TO_SERVER} / {@code POST_TO_CLIENT}: a peer completes the captured handshake,
 *       then gets the other side's post-handshake records (application data, KeyUpdate,
 *       close_notify) mutated after encryption.
 *   <li>{@code PLAINTEXT_TO_SERVER}: a raw bctls client ({@link FloodTest.RawClient}) connected to
 *       a tlsbio server encrypts mutated plaintext records: application data, alerts, KeyUpdate,
 *       renegotiation ClientHello, HelloRequest, NewSessionTicket, CCS, unsolicited Certificate.
 *   <li>{@code PLAINTEXT_TO_CLIENT}: the same from a raw bctls server ({@link RawServer}) to a
 *       tlsbio client, with HelloRequests and a stray ServerHello among the records.
 * </ul>
 *
 * <h2>What is asserted, per input</h2>
 *
 * At most {@value #MAX_CALLS} calls (doHandshake until established, then mostly read, some writes);
 * no exception escapes; every call's (ret, getError) is defined (ret &gt; 0 with NONE, or
 * WANT_READ, SSL, SYSCALL, ZERO_RETURN); SSL/SYSCALL come with a reason; after a fatal error every
 * later call (doHandshake, read, write, shutdown) fails with the same error and reason; the peer
 * ends within the bound (failed, closed, or waiting with WANT_READ and then ending on EOF); the
 * reason is never INTERNAL_ERROR and no alert it sends is internal_error (plaintext alert records
 * parsed from its output, encrypted ones from lastError()); no input takes longer than {@link
 * #SLOW_INPUT_MILLIS}.
 *
 * <h2>Running</h2>
 *
 * {@code -Dmutation.seed=N} (default {@value #DEFAULT_SEED}), {@code -Dmutation.count=N} (default
 * {@value #DEFAULT_COUNT}, what CI runs; {@code -Dmutation.count=1000000} for a longer run), {@code
 * -Dmutation.threads=N} (default: the number of processors). A failure prints the seed, the index,
 * the case, the mutations and the first bytes; replay one with {@code mvn -o -q -pl ssl-tests test
 * -Dtest=MutationTest#replay -Dmutation.seed=S -Dmutation.replay=I} (it prints every call), or call
 * {@link #replay(long, int)}.
 */
class MutationTest {

    static final long DEFAULT_SEED = 20260109L;
    static final int DEFAULT_COUNT = 100_000;
    static final int MAX_CALLS = 64;
    static final long SLOW_INPUT_MILLIS = 5_000;

    /** An input still running after this long is reported as a hang (and the run stops). */
    static final long HANG_MILLIS = 60_000;

    private static final int MAX_FAILURES_KEPT = 2_000;

    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final long PKI_SEED = 0x5eedL;
    private static final Set<SslError> DEFINED =
            EnumSet.of(
                    SslError.NONE,
                    SslError.SSL,
                    SslError.SYSCALL,
                    SslError.WANT_READ,
                    SslError.ZERO_RETURN);
    private static final HexFormat HEX = HexFormat.of();

    // ------------------------------------------------------------------ configurations and
    // contexts

    record Config(TlsVersion version, KeyType key, boolean clientAuth) {
        String label() {
            return (version == TlsVersion.TLS1_3 ? "TLS1.3" : "TLS1.2")
                    + "/"
                    + key
                    + (clientAuth ? "/client-auth" : "");
        }

        boolean tls13() {
            return version == TlsVersion.TLS1_3;
        }
    }

    static final List<Config> CONFIGS;

    /** The configurations without client auth (the raw bctls client has no certificate). */
    static final List<Config> PLAIN_CONFIGS;

    static {
        List<Config> all = new ArrayList<>();
        List<Config> plain = new ArrayList<>();
        for (TlsVersion v : TlsVersion.values()) {
            for (KeyType k : new KeyType[] {KeyType.RSA, KeyType.ECDSA}) {
                for (boolean auth : new boolean[] {false, true}) {
                    Config c = new Config(v, k, auth);
                    all.add(c);
                    if (!auth) {
                        plain.add(c);
                    }
                }
            }
        }
        CONFIGS = List.copyOf(all);
        PLAIN_CONFIGS = List.copyOf(plain);
    }

    private static final class Pki {
        static final TestPki INSTANCE = TestPki.create(PKI_SEED);
    }

    static TestPki pki() {
        return Pki.INSTANCE;
    }

    /**
     * A fresh seeded crypto: every connection made from a fresh context draws the same randomness.
     */
    private static DeterministicRandom random(String label) {
        return new DeterministicRandom(PKI_SEED).derive(label);
    }

    static SslContext serverContext(Config c) {
        TestCredential cred = pki().server(c.key());
        SslContext.Builder b =
                SslContext.builder()
                        .versions(c.version(), c.version())
                        .certificate(cred.chain(), cred.privateKey())
                        .crypto(TlsCryptos.deterministic(random("server/" + c.label())))
                        .clock(CLOCK)
                        .strict(true);
        if (c.clientAuth()) {
            b.verify(VerifyMode.FAIL_IF_NO_PEER_CERT).trust(List.of(pki().ca().certificate()));
        }
        return b.build();
    }

    static SslContext clientContext(Config c) {
        SslContext.Builder b =
                SslContext.builder()
                        .versions(c.version(), c.version())
                        .trust(List.of(pki().ca().certificate()))
                        .hostName(TestPki.HOST)
                        .crypto(TlsCryptos.deterministic(random("client/" + c.label())))
                        .clock(CLOCK)
                        .strict(true);
        if (c.clientAuth()) {
            TestCredential cred = pki().client(c.key());
            b.certificate(cred.chain(), cred.privateKey());
        }
        return b.build();
    }

    // ------------------------------------------------------------------ the corpus

    /** What each side wrote in one handshake of {@code config}, and after it. */
    record Capture(
            Config config,
            byte[] clientHello,
            byte[] clientHandshake,
            byte[] serverHandshake,
            byte[] clientPost,
            byte[] serverPost) {}

    static byte[] drain(MemBio bio) {
        byte[] out = new byte[(int) bio.pending()];
        if (out.length > 0) {
            bio.read(out, 0, out.length);
        }
        return out;
    }

    static Capture capture(Config c) {
        Ssl client = clientContext(c).newSsl();
        Ssl server = serverContext(c).newSsl();
        MemBio cIn = MemBio.create();
        MemBio cOut = MemBio.create();
        MemBio sIn = MemBio.create();
        MemBio sOut = MemBio.create();
        client.setBio(cIn, cOut);
        server.setBio(sIn, sOut);
        client.setConnectState();
        server.setAcceptState();
        ByteArrayOutputStream ch = new ByteArrayOutputStream();
        ByteArrayOutputStream sh = new ByteArrayOutputStream();
        byte[] hello = null;
        boolean cDone = false;
        boolean sDone = false;
        for (int round = 0; round < 50 && !(cDone && sDone); round++) {
            if (!cDone) {
                int r = client.doHandshake();
                cDone = r == 1;
                if (!cDone) {
                    Driver.expectRetry(client, r);
                }
            }
            byte[] b = drain(cOut);
            if (hello == null) {
                hello = b;
            }
            ch.writeBytes(b);
            sIn.write(b);
            if (!sDone) {
                int r = server.doHandshake();
                sDone = r == 1;
                if (!sDone) {
                    Driver.expectRetry(server, r);
                }
            }
            b = drain(sOut);
            sh.writeBytes(b);
            cIn.write(b);
        }
        if (!(cDone && sDone)) {
            throw new AssertionError("capture " + c.label() + ": handshake did not finish");
        }
        byte[] data = new byte[100];
        Arrays.fill(data, (byte) 'a');
        byte[] clientPost = postHandshake(client, cOut, data, true);
        byte[] serverPost = postHandshake(server, sOut, data, false);
        return new Capture(c, hello, ch.toByteArray(), sh.toByteArray(), clientPost, serverPost);
    }

    /** Application data (100 bytes, 1 byte), a KeyUpdate in TLS 1.3, more data, close_notify. */
    private static byte[] postHandshake(Ssl ssl, MemBio out, byte[] data, boolean requestUpdate) {
        check(ssl.write(data, 0, 100) == 100, ssl);
        check(ssl.write(data, 0, 1) == 1, ssl);
        if (ssl.version() == TlsVersion.TLS1_3) {
            check(ssl.keyUpdate(requestUpdate) == 1, ssl);
        }
        check(ssl.write(data, 0, 20) == 20, ssl);
        check(ssl.shutdown() == 0, ssl);
        return drain(out);
    }

    private static void check(boolean ok, Ssl ssl) {
        if (!ok) {
            throw new AssertionError("capture: " + ssl + " " + ssl.lastError());
        }
    }

    /** A plaintext record for the raw client to encrypt. */
    record Rec(int type, byte[] body) {
        @Override
        public String toString() {
            return ContentType.getName((short) type) + "(" + body.length + ")";
        }
    }

    static final class Corpus {
        static final Map<Config, Capture> CAPTURES = new LinkedHashMap<>();
        static final List<byte[]> PROBES = new ArrayList<>();
        static final List<String> PROBE_NAMES = new ArrayList<>();
        static final List<byte[]> HELLOS = new ArrayList<>();
        static final long BUILD_MILLIS;

        static {
            long t0 = System.nanoTime();
            for (Config c : CONFIGS) {
                Capture cap = capture(c);
                CAPTURES.put(c, cap);
                HELLOS.add(cap.clientHello());
            }
            ProbeHellos.records()
                    .forEach(
                            (name, bytes) -> {
                                PROBE_NAMES.add(name);
                                PROBES.add(bytes);
                                HELLOS.add(bytes);
                            });
            BUILD_MILLIS = (System.nanoTime() - t0) / 1_000_000;
        }
    }

    /** Post-handshake plaintext record sequences for the raw client, per version. */
    static List<List<Rec>> templates(boolean tls13, boolean toClient) {
        byte[] data =
                "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] warnClose = {1, 0};
        byte[] fatalHf = {2, 40};
        byte[] userCanceled = {1, 90};
        byte[] helloRequest = {0, 0, 0, 0};
        byte[] keyUpdate = {24, 0, 0, 1, 0};
        byte[] keyUpdateRequested = {24, 0, 0, 1, 1};
        byte[] ticket = {4, 0, 0, 13, 0, 0, 0x1c, 0x20, 1, 2, 3, 4, 0, 0, 1, 9, 0, 0};
        byte[] renegotiation = ProbeHellos.tls12Message();
        byte[] certificate = {11, 0, 0, 4, 0, 0, 0, 0};
        List<List<Rec>> t = new ArrayList<>();
        t.add(List.of(new Rec(ContentType.application_data, data)));
        t.add(
                List.of(
                        new Rec(ContentType.application_data, data),
                        new Rec(ContentType.application_data, new byte[] {1}),
                        new Rec(ContentType.alert, warnClose)));
        t.add(List.of(new Rec(ContentType.alert, warnClose)));
        t.add(List.of(new Rec(ContentType.alert, fatalHf)));
        t.add(
                List.of(
                        new Rec(ContentType.alert, userCanceled),
                        new Rec(ContentType.application_data, data)));
        t.add(List.of(new Rec(ContentType.handshake, renegotiation)));
        t.add(
                List.of(
                        new Rec(ContentType.handshake, helloRequest),
                        new Rec(ContentType.application_data, data)));
        t.add(List.of(new Rec(ContentType.handshake, ticket)));
        t.add(List.of(new Rec(ContentType.handshake, certificate)));
        t.add(List.of(new Rec(ContentType.change_cipher_spec, new byte[] {1})));
        t.add(
                List.of(
                        new Rec(ContentType.application_data, new byte[0]),
                        new Rec(ContentType.application_data, data)));
        if (toClient) {
            t.add(List.of(new Rec(ContentType.handshake, helloRequest)));
            t.add(
                    List.of(
                            new Rec(ContentType.handshake, helloRequest),
                            new Rec(ContentType.handshake, helloRequest)));
            byte[] serverHello = {
                2,
                0,
                0,
                38,
                3,
                3,
                1,
                2,
                3,
                4,
                5,
                6,
                7,
                8,
                9,
                10,
                11,
                12,
                13,
                14,
                15,
                16,
                17,
                18,
                19,
                20,
                21,
                22,
                23,
                24,
                25,
                26,
                27,
                28,
                29,
                30,
                31,
                32,
                0,
                (byte) 0xc0,
                0x2f,
                0
            };
            t.add(List.of(new Rec(ContentType.handshake, serverHello)));
        }
        if (tls13) {
            t.add(
                    List.of(
                            new Rec(ContentType.application_data, data),
                            new Rec(ContentType.handshake, keyUpdate)));
            t.add(List.of(new Rec(ContentType.handshake, keyUpdateRequested)));
            t.add(List.of(new Rec(ContentType.handshake, keyUpdate)));
        }
        return t;
    }

    // ------------------------------------------------------------------ cases

    enum Kind {
        CLIENT_HELLO(20),
        CLIENT_FLIGHT(12),
        PROBE_HELLO(10),
        SERVER_FLIGHT(20),
        POST_TO_SERVER(10),
        POST_TO_CLIENT(10),
        PLAINTEXT_TO_SERVER(12),
        PLAINTEXT_TO_CLIENT(8);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        static Kind pick(SplittableRandom r) {
            int total = 0;
            for (Kind k : values()) {
                total += k.weight;
            }
            int x = r.nextInt(total);
            for (Kind k : values()) {
                x -= k.weight;
                if (x < 0) {
                    return k;
                }
            }
            throw new AssertionError();
        }
    }

    /**
     * One input: the victim's role and configuration, bytes fed unmutated first (the rest of a
     * handshake), the mutated bytes (or plaintext records for the raw client), and what was done.
     */
    record Case(
            long seed,
            int index,
            Kind kind,
            Config victim,
            String source,
            byte[] prefix,
            byte[] input,
            List<Rec> plaintext,
            List<String> mutations,
            long driveSeed) {
        boolean serverVictim() {
            return kind != Kind.SERVER_FLIGHT
                    && kind != Kind.POST_TO_CLIENT
                    && kind != Kind.PLAINTEXT_TO_CLIENT;
        }

        String describe() {
            return "seed "
                    + seed
                    + " index "
                    + index
                    + ": "
                    + kind
                    + " into a "
                    + (serverVictim() ? "server" : "client")
                    + " "
                    + victim.label()
                    + ", from "
                    + source
                    + ", mutations "
                    + mutations;
        }

        String firstBytes() {
            if (plaintext != null) {
                StringBuilder sb = new StringBuilder();
                for (Rec rec : plaintext) {
                    sb.append(rec).append(' ').append(hex(rec.body(), 48)).append("; ");
                }
                return sb.toString();
            }
            return hex(input, 96);
        }
    }

    static String hex(byte[] b, int max) {
        String h = HEX.formatHex(b, 0, Math.min(b.length, max));
        return b.length > max ? h + "..(" + b.length + " bytes)" : h + " (" + b.length + " bytes)";
    }

    static long mix(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The input of {@code index} under {@code seed}: the same on every run. */
    static Case makeCase(long seed, int index) {
        SplittableRandom r = new SplittableRandom(mix(seed, index));
        Kind kind = Kind.pick(r);
        List<String> log = new ArrayList<>();
        long driveSeed = r.nextLong();
        // one input in 64 goes in unmutated: the harness's own baseline
        boolean mutate = r.nextInt(64) != 0;
        switch (kind) {
            case CLIENT_HELLO, CLIENT_FLIGHT, SERVER_FLIGHT, POST_TO_SERVER, POST_TO_CLIENT -> {
                Config c = CONFIGS.get(r.nextInt(CONFIGS.size()));
                Capture cap = Corpus.CAPTURES.get(c);
                Config victim = c;
                byte[] prefix = new byte[0];
                byte[] base;
                byte[] partner;
                int focus = 0;
                Capture other = Corpus.CAPTURES.get(CONFIGS.get(r.nextInt(CONFIGS.size())));
                switch (kind) {
                    case CLIENT_HELLO -> {
                        base = cap.clientHello();
                        partner = Corpus.HELLOS.get(r.nextInt(Corpus.HELLOS.size()));
                        if (r.nextInt(4) == 0) {
                            victim = CONFIGS.get(r.nextInt(CONFIGS.size()));
                        }
                    }
                    case CLIENT_FLIGHT -> {
                        base = cap.clientHandshake();
                        partner = other.clientHandshake();
                        focus = cap.clientHello().length;
                    }
                    case SERVER_FLIGHT -> {
                        base = cap.serverHandshake();
                        partner = other.serverHandshake();
                        focus = firstRecordsLength(base, 1);
                    }
                    case POST_TO_SERVER -> {
                        prefix = cap.clientHandshake();
                        base = cap.clientPost();
                        partner = other.clientPost();
                    }
                    default -> {
                        prefix = cap.serverHandshake();
                        base = cap.serverPost();
                        partner = other.serverPost();
                    }
                }
                byte[] input = mutate ? new WireMutator(r, log).mutate(base, partner, focus) : base;
                if (!mutate) {
                    log.add("none");
                }
                return new Case(
                        seed,
                        index,
                        kind,
                        victim,
                        "captured " + c.label(),
                        prefix,
                        input,
                        null,
                        log,
                        driveSeed);
            }
            case PROBE_HELLO -> {
                int p = r.nextInt(Corpus.PROBES.size());
                byte[] base = Corpus.PROBES.get(p);
                byte[] partner = Corpus.HELLOS.get(r.nextInt(Corpus.HELLOS.size()));
                Config victim = CONFIGS.get(r.nextInt(CONFIGS.size()));
                byte[] input = mutate ? new WireMutator(r, log).mutate(base, partner, 0) : base;
                if (!mutate) {
                    log.add("none");
                }
                return new Case(
                        seed,
                        index,
                        kind,
                        victim,
                        Corpus.PROBE_NAMES.get(p),
                        new byte[0],
                        input,
                        null,
                        log,
                        driveSeed);
            }
            default -> {
                Config victim = PLAIN_CONFIGS.get(r.nextInt(PLAIN_CONFIGS.size()));
                List<List<Rec>> ts = templates(victim.tls13(), kind == Kind.PLAINTEXT_TO_CLIENT);
                int t = r.nextInt(ts.size());
                List<Rec> base = ts.get(t);
                List<Rec> partner = ts.get(r.nextInt(ts.size()));
                List<Rec> recs = mutate ? new PlainMutator(r, log).mutate(base, partner) : base;
                if (!mutate) {
                    log.add("none");
                }
                return new Case(
                        seed,
                        index,
                        kind,
                        victim,
                        "template " + t + " " + base,
                        new byte[0],
                        null,
                        recs,
                        log,
                        driveSeed);
            }
        }
    }

    /** The length of the first {@code n} complete records of {@code b}. */
    static int firstRecordsLength(byte[] b, int n) {
        int off = 0;
        for (int i = 0; i < n && off + 5 <= b.length; i++) {
            off += 5 + u16(b, off + 3);
        }
        return Math.min(off, b.length);
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    // ------------------------------------------------------------------ mutations

    /** A length field: where (positions in the buffer, big-endian) and what it is. */
    record Field(int[] at, String label) {
        long value(byte[] b) {
            long v = 0;
            for (int p : at) {
                v = (v << 8) | (b[p] & 0xff);
            }
            return v;
        }

        void set(byte[] b, long v) {
            for (int i = at.length - 1; i >= 0; i--) {
                b[at[i]] = (byte) v;
                v >>>= 8;
            }
        }
    }

    /** Byte-level mutations shared by wire bytes and plaintext bodies. */
    abstract static class Mutator {
        final SplittableRandom r;
        final List<String> log;

        Mutator(SplittableRandom r, List<String> log) {
            this.r = r;
            this.log = log;
        }

        int ops() {
            int x = r.nextInt(100);
            return x < 60 ? 1 : x < 85 ? 2 : 3;
        }

        int pos(byte[] b, int focus) {
            if (focus > 0 && r.nextBoolean()) {
                return r.nextInt(Math.min(focus, b.length));
            }
            return r.nextInt(b.length);
        }

        /** One byte-level mutation (no structure); {@code b} non-empty. */
        byte[] byteOp(byte[] b, byte[] partner, int focus) {
            if (b.length == 0) {
                return insert(b, 0);
            }
            int op = r.nextInt(100);
            if (op < 25) {
                b = b.clone();
                int n = 1 + r.nextInt(4);
                StringBuilder sb = new StringBuilder("flip");
                for (int i = 0; i < n; i++) {
                    int p = pos(b, focus);
                    int bit = r.nextInt(8);
                    b[p] ^= (byte) (1 << bit);
                    sb.append(' ').append(p).append('.').append(bit);
                }
                log.add(sb.toString());
                return b;
            } else if (op < 45) {
                b = b.clone();
                int n = 1 + r.nextInt(4);
                StringBuilder sb = new StringBuilder("set");
                for (int i = 0; i < n; i++) {
                    int p = pos(b, focus);
                    int kind = r.nextInt(3);
                    int v = kind == 0 ? 0 : kind == 1 ? 0xff : r.nextInt(256);
                    b[p] = (byte) v;
                    sb.append(' ').append(p).append('=').append(String.format("%02x", v));
                }
                log.add(sb.toString());
                return b;
            } else if (op < 58) {
                int len = pos(b, focus);
                log.add("truncate " + len);
                return Arrays.copyOf(b, len);
            } else if (op < 70) {
                return insert(b, r.nextInt(b.length + 1));
            } else if (op < 80) {
                int p = pos(b, focus);
                int n = 1 + r.nextInt(Math.min(64, b.length - p));
                log.add("delete " + p + "+" + n);
                byte[] out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, p);
                System.arraycopy(b, p + n, out, p, b.length - p - n);
                return out;
            } else if (op < 90 && partner != null && partner.length > 0) {
                int cut = r.nextInt(b.length + 1);
                int from = r.nextInt(partner.length);
                log.add("splice " + cut + "<-" + from);
                byte[] out = Arrays.copyOf(b, cut + partner.length - from);
                System.arraycopy(partner, from, out, cut, partner.length - from);
                return out;
            } else {
                b = b.clone();
                int src = r.nextInt(b.length);
                int dst = r.nextInt(b.length);
                int n = 1 + r.nextInt(Math.min(32, Math.min(b.length - src, b.length - dst)));
                System.arraycopy(b, src, b, dst, n);
                log.add("copy " + src + "->" + dst + "+" + n);
                return b;
            }
        }

        byte[] insert(byte[] b, int p) {
            int n = 1 + r.nextInt(r.nextBoolean() ? 4 : 32);
            byte[] ins = new byte[n];
            int kind = r.nextInt(3);
            if (kind == 0) {
                r.nextBytes(ins);
            } else {
                Arrays.fill(ins, (byte) (kind == 1 ? 0 : r.nextInt(256)));
            }
            log.add("insert " + p + "+" + n);
            byte[] out = new byte[b.length + n];
            System.arraycopy(b, 0, out, 0, p);
            System.arraycopy(ins, 0, out, p, n);
            System.arraycopy(b, p, out, p + n, b.length - p);
            return out;
        }

        /**
         * A new value for a length field: off by one, small deltas, 0, all ones, boundaries,
         * random.
         */
        long newValue(Field f, long v) {
            int size = f.at().length;
            long max = (1L << (8 * size)) - 1;
            long[] special =
                    size == 2
                            ? new long[] {16384, 16385, 16704, 16705, 18432, 18433, 255, 256}
                            : size == 3
                                    ? new long[] {131396, 131397, 16384, 65535, 65536, 102401}
                                    : new long[] {1, 2, 32, 33};
            long n =
                    switch (r.nextInt(9)) {
                        case 0 -> v + 1;
                        case 1 -> v - 1;
                        case 2 -> v + r.nextInt(-16, 17);
                        case 3 -> 0;
                        case 4 -> max;
                        case 5 -> special[r.nextInt(special.length)];
                        case 6 -> v * 2;
                        case 7 -> v / 2;
                        default -> r.nextLong(max + 1);
                    };
            return Math.max(0, Math.min(max, n));
        }

        boolean editField(byte[] b, List<Field> fields) {
            if (fields.isEmpty()) {
                return false;
            }
            Field f = fields.get(r.nextInt(fields.size()));
            long v = f.value(b);
            long n = newValue(f, v);
            f.set(b, n);
            log.add(f.label() + " " + v + "->" + n);
            return true;
        }
    }

    /** Mutations of wire bytes: a sequence of records. */
    static final class WireMutator extends Mutator {
        WireMutator(SplittableRandom r, List<String> log) {
            super(r, log);
        }

        byte[] mutate(byte[] base, byte[] partner, int focus) {
            byte[] b = base;
            for (int i = 0, n = ops(); i < n; i++) {
                int op = r.nextInt(100);
                if (op < 30) {
                    byte[] c = b.clone();
                    if (editField(c, lengthFields(c))) {
                        b = c;
                        continue;
                    }
                } else if (op < 50) {
                    byte[] c = recordOp(b);
                    if (c != null) {
                        b = c;
                        continue;
                    }
                }
                b = byteOp(b, partner, focus);
            }
            return b;
        }

        /** [offset, fragment length actually present] of each record whose header is complete. */
        static List<int[]> records(byte[] b) {
            List<int[]> recs = new ArrayList<>();
            int off = 0;
            while (off + 5 <= b.length) {
                int len = Math.min(u16(b, off + 3), b.length - off - 5);
                recs.add(new int[] {off, len});
                off += 5 + len;
            }
            return recs;
        }

        static List<Field> lengthFields(byte[] b) {
            List<Field> fields = new ArrayList<>();
            List<int[]> recs = records(b);
            // the plaintext handshake stream: handshake records before any change_cipher_spec
            int[] map = new int[b.length];
            int streamLen = 0;
            boolean encrypted = false;
            for (int i = 0; i < recs.size(); i++) {
                int off = recs.get(i)[0];
                fields.add(new Field(new int[] {off + 3, off + 4}, "record[" + i + "].length"));
                int type = b[off] & 0xff;
                if (type == ContentType.change_cipher_spec
                        || type == ContentType.application_data) {
                    encrypted = true;
                }
                if (type == ContentType.handshake && !encrypted) {
                    for (int k = 0; k < recs.get(i)[1]; k++) {
                        map[streamLen++] = off + 5 + k;
                    }
                }
            }
            handshakeFields(b, map, streamLen, fields);
            return fields;
        }

        /** Records: duplicate, drop, swap, split, merge, insert, change type or version. */
        byte[] recordOp(byte[] b) {
            List<int[]> recs = records(b);
            if (recs.isEmpty()) {
                return null;
            }
            List<byte[]> parts = new ArrayList<>();
            for (int[] rec : recs) {
                parts.add(Arrays.copyOfRange(b, rec[0], rec[0] + 5 + rec[1]));
            }
            int end = recs.get(recs.size() - 1)[0] + 5 + recs.get(recs.size() - 1)[1];
            byte[] tail = Arrays.copyOfRange(b, end, b.length);
            int i = r.nextInt(parts.size());
            byte[] rec = parts.get(i);
            switch (r.nextInt(8)) {
                case 0 -> {
                    parts.add(i, rec.clone());
                    log.add("duplicate record " + i);
                }
                case 1 -> {
                    parts.remove(i);
                    log.add("drop record " + i);
                }
                case 2 -> {
                    int j = r.nextInt(parts.size());
                    parts.set(i, parts.get(j));
                    parts.set(j, rec);
                    log.add("swap records " + i + "," + j);
                }
                case 3 -> {
                    int[] types = {20, 21, 22, 23, 24, 0, 255, r.nextInt(256)};
                    rec = rec.clone();
                    rec[0] = (byte) types[r.nextInt(types.length)];
                    parts.set(i, rec);
                    log.add("record " + i + " type " + (rec[0] & 0xff));
                }
                case 4 -> {
                    int[] versions = {
                        0x0300,
                        0x0301,
                        0x0302,
                        0x0303,
                        0x0304,
                        0x0000,
                        0xffff,
                        0x0203,
                        0x7f1c,
                        r.nextInt(0x10000)
                    };
                    int v = versions[r.nextInt(versions.length)];
                    rec = rec.clone();
                    rec[1] = (byte) (v >> 8);
                    rec[2] = (byte) v;
                    parts.set(i, rec);
                    log.add(String.format("record %d version %04x", i, v));
                }
                case 5 -> {
                    int len = rec.length - 5;
                    int k = r.nextInt(len + 1);
                    parts.set(i, frame(rec[0], rec[1], rec[2], Arrays.copyOfRange(rec, 5, 5 + k)));
                    parts.add(
                            i + 1,
                            frame(
                                    rec[0],
                                    rec[1],
                                    rec[2],
                                    Arrays.copyOfRange(rec, 5 + k, rec.length)));
                    log.add("split record " + i + " at " + k);
                }
                case 6 -> {
                    if (i + 1 >= parts.size()) {
                        return null;
                    }
                    byte[] next = parts.remove(i + 1);
                    byte[] body = new byte[rec.length - 5 + next.length - 5];
                    System.arraycopy(rec, 5, body, 0, rec.length - 5);
                    System.arraycopy(next, 5, body, rec.length - 5, next.length - 5);
                    parts.set(i, frame(rec[0], rec[1], rec[2], body));
                    log.add("merge records " + i + "," + (i + 1));
                }
                default -> {
                    byte[] extra = extraRecord(r, rec[1], rec[2]);
                    parts.add(i, extra);
                    log.add("insert record " + i + " " + hex(extra, 16));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(out::writeBytes);
            out.writeBytes(tail);
            return out.toByteArray();
        }

        static byte[] frame(byte type, byte v1, byte v2, byte[] body) {
            byte[] out = new byte[5 + body.length];
            out[0] = type;
            out[1] = v1;
            out[2] = v2;
            out[3] = (byte) (body.length >> 8);
            out[4] = (byte) body.length;
            System.arraycopy(body, 0, out, 5, body.length);
            return out;
        }

        static byte[] extraRecord(SplittableRandom r, byte v1, byte v2) {
            return switch (r.nextInt(6)) {
                case 0 -> frame((byte) (20 + r.nextInt(5)), v1, v2, new byte[0]);
                case 1 ->
                        frame(
                                (byte) ContentType.alert,
                                v1,
                                v2,
                                new byte[] {
                                    (byte) (1 + r.nextInt(2)),
                                    (byte) ALERTS[r.nextInt(ALERTS.length)]
                                });
                case 2 -> frame((byte) ContentType.change_cipher_spec, v1, v2, new byte[] {1});
                case 3 -> {
                    byte[] body = new byte[1 + r.nextInt(32)];
                    r.nextBytes(body);
                    yield frame((byte) ContentType.application_data, v1, v2, body);
                }
                case 4 -> frame((byte) ContentType.handshake, v1, v2, new byte[] {0, 0, 0, 0});
                default -> {
                    byte[] body = new byte[1 + r.nextInt(16)];
                    r.nextBytes(body);
                    yield frame((byte) ContentType.handshake, v1, v2, body);
                }
            };
        }
    }

    private static final int[] ALERTS = {
        0, 10, 20, 21, 22, 40, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 70, 71, 80, 86, 90, 100, 109,
        110, 112, 116, 120, 255
    };

    /**
     * The length fields of the handshake messages in {@code stream} (positions mapped to the buffer
     * by {@code map}): message lengths, and inside hellos the session id, suites, compression,
     * extensions block, each extension, and inner list lengths.
     */
    static void handshakeFields(byte[] b, int[] map, int len, List<Field> fields) {
        int p = 0;
        while (p + 4 <= len) {
            int type = b[map[p]] & 0xff;
            int mlen =
                    ((b[map[p + 1]] & 0xff) << 16)
                            | ((b[map[p + 2]] & 0xff) << 8)
                            | (b[map[p + 3]] & 0xff);
            String name = "hs[" + type + "]";
            fields.add(new Field(new int[] {map[p + 1], map[p + 2], map[p + 3]}, name + ".length"));
            int body = p + 4;
            int end = (int) Math.min((long) body + mlen, len);
            if (type == 1 || type == 2) {
                helloFields(b, map, body, end, type == 1, name, fields);
            } else {
                for (int size = 1; size <= 3; size++) {
                    if (body + size <= end) {
                        fields.add(
                                new Field(
                                        Arrays.copyOfRange(map, body, body + size),
                                        name + ".u" + (8 * size)));
                    }
                }
                if (type == 11 && body + 6 <= end) {
                    fields.add(
                            new Field(
                                    Arrays.copyOfRange(map, body + 3, body + 6),
                                    name + ".cert[0].length"));
                }
                if (type == 12 && body + 4 <= end) {
                    fields.add(new Field(new int[] {map[body + 3]}, name + ".point.length"));
                }
            }
            p = body + mlen;
        }
    }

    static void helloFields(
            byte[] b, int[] map, int body, int end, boolean client, String name, List<Field> f) {
        int p = body + 34;
        if (p + 1 > end) {
            return;
        }
        f.add(new Field(new int[] {map[p]}, name + ".session_id.length"));
        p += 1 + (b[map[p]] & 0xff);
        if (client) {
            if (p + 2 > end) {
                return;
            }
            f.add(new Field(new int[] {map[p], map[p + 1]}, name + ".cipher_suites.length"));
            p += 2 + mu16(b, map, p);
            if (p + 1 > end) {
                return;
            }
            f.add(new Field(new int[] {map[p]}, name + ".compression.length"));
            p += 1 + (b[map[p]] & 0xff);
        } else {
            p += 3;
        }
        if (p + 2 > end) {
            return;
        }
        f.add(new Field(new int[] {map[p], map[p + 1]}, name + ".extensions.length"));
        p += 2;
        while (p + 4 <= end) {
            int type = mu16(b, map, p);
            int len = mu16(b, map, p + 2);
            String ext = name + ".ext[" + type + "]";
            f.add(new Field(new int[] {map[p + 2], map[p + 3]}, ext + ".length"));
            int d = p + 4;
            if (len >= 1 && d + 1 <= end) {
                f.add(new Field(new int[] {map[d]}, ext + ".u8"));
            }
            if (len >= 2 && d + 2 <= end) {
                f.add(new Field(new int[] {map[d], map[d + 1]}, ext + ".u16"));
            }
            if (type == 51) {
                if (client) {
                    int q = d + 2;
                    int qend = Math.min(d + len, end);
                    while (q + 4 <= qend) {
                        f.add(new Field(new int[] {map[q + 2], map[q + 3]}, ext + ".share.length"));
                        q += 4 + mu16(b, map, q + 2);
                    }
                } else if (d + 4 <= end) {
                    f.add(new Field(new int[] {map[d + 2], map[d + 3]}, ext + ".share.length"));
                }
            }
            if (type == 0 && d + 5 <= end) {
                f.add(new Field(new int[] {map[d + 3], map[d + 4]}, ext + ".name.length"));
            }
            p = d + len;
        }
    }

    private static int mu16(byte[] b, int[] map, int p) {
        return ((b[map[p]] & 0xff) << 8) | (b[map[p + 1]] & 0xff);
    }

    /** Mutations of plaintext records before the raw client encrypts them. */
    static final class PlainMutator extends Mutator {
        PlainMutator(SplittableRandom r, List<String> log) {
            super(r, log);
        }

        List<Rec> mutate(List<Rec> base, List<Rec> partner) {
            List<Rec> recs = new ArrayList<>(base);
            for (int i = 0, n = ops(); i < n; i++) {
                if (recs.isEmpty()) {
                    recs.add(new Rec(ContentType.application_data, new byte[] {1}));
                    log.add("add data record");
                    continue;
                }
                int k = r.nextInt(recs.size());
                Rec rec = recs.get(k);
                int op = r.nextInt(100);
                if (op < 55) {
                    byte[] body = rec.body();
                    if (op < 25 && rec.type() == ContentType.handshake) {
                        byte[] c = body.clone();
                        List<Field> fields = new ArrayList<>();
                        int[] map = new int[c.length];
                        Arrays.setAll(map, x -> x);
                        handshakeFields(c, map, c.length, fields);
                        if (editField(c, fields)) {
                            recs.set(k, new Rec(rec.type(), c));
                            continue;
                        }
                    }
                    byte[] other = partner.get(r.nextInt(partner.size())).body();
                    log.add("record " + k + ":");
                    recs.set(k, new Rec(rec.type(), byteOp(body, other, 0)));
                } else {
                    switch (r.nextInt(7)) {
                        case 0 -> {
                            recs.add(k, rec);
                            log.add("duplicate record " + k);
                        }
                        case 1 -> {
                            recs.remove(k);
                            log.add("drop record " + k);
                        }
                        case 2 -> {
                            int j = r.nextInt(recs.size());
                            recs.set(k, recs.get(j));
                            recs.set(j, rec);
                            log.add("swap records " + k + "," + j);
                        }
                        case 3 -> {
                            int[] types = {20, 21, 22, 23, 24, r.nextInt(256)};
                            int t = types[r.nextInt(types.length)];
                            recs.set(k, new Rec(t, rec.body()));
                            log.add("record " + k + " type " + t);
                        }
                        case 4 -> {
                            int at = r.nextInt(rec.body().length + 1);
                            recs.set(k, new Rec(rec.type(), Arrays.copyOf(rec.body(), at)));
                            recs.add(
                                    k + 1,
                                    new Rec(
                                            rec.type(),
                                            Arrays.copyOfRange(rec.body(), at, rec.body().length)));
                            log.add("split record " + k + " at " + at);
                        }
                        case 5 -> {
                            byte[] extra = WireMutator.extraRecord(r, (byte) 3, (byte) 3);
                            recs.add(
                                    k,
                                    new Rec(
                                            extra[0] & 0xff,
                                            Arrays.copyOfRange(extra, 5, extra.length)));
                            log.add("insert record " + k + " " + hex(extra, 16));
                        }
                        default -> {
                            Rec p = partner.get(r.nextInt(partner.size()));
                            recs.add(k, p);
                            log.add("insert partner record " + k + " " + p);
                        }
                    }
                }
            }
            // the raw client cannot encrypt more than a record's worth
            recs.replaceAll(
                    x ->
                            x.body().length > 16384
                                    ? new Rec(x.type(), Arrays.copyOf(x.body(), 16384))
                                    : x);
            return recs;
        }
    }

    // ------------------------------------------------------------------ the raw bctls client

    private static DefaultTlsClient rawClient(Config c) {
        return new DefaultTlsClient(TlsCryptos.deterministic(random("raw-client/" + c.label()))) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return c.tls13() ? ProtocolVersion.TLSv13.only() : ProtocolVersion.TLSv12.only();
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return new ServerOnlyTlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                        // the test's own server
                    }
                };
            }
        };
    }

    /**
     * A bctls server that can put any bytes into an encrypted record (FloodTest.RawClient's twin).
     */
    static final class RawServer extends TlsServerProtocol {
        void sendRaw(short type, byte[] body) throws IOException {
            safeWriteRecord(type, body, 0, body.length);
        }
    }

    private static DefaultTlsServer rawServer(Config c) {
        TestCredential cred = pki().server(c.key());
        OwnCredentials own = new OwnCredentials(cred.chain(), cred.privateKey());
        int suite12 =
                c.key() == KeyType.RSA
                        ? CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                        : CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        return new DefaultTlsServer(TlsCryptos.deterministic(random("raw-server/" + c.label()))) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return c.tls13() ? ProtocolVersion.TLSv13.only() : ProtocolVersion.TLSv12.only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return new int[] {CipherSuite.TLS_AES_128_GCM_SHA256, suite12};
            }

            @Override
            public TlsCredentials getCredentials() throws IOException {
                return own.signer(
                        context,
                        getCrypto(),
                        context.getSecurityParametersHandshake().getClientSigAlgs());
            }
        };
    }

    private static byte[] drain(TlsProtocol c) {
        byte[] out = new byte[c.getAvailableOutputBytes()];
        c.readOutput(out, 0, out.length);
        return out;
    }

    // ------------------------------------------------------------------ running one input

    /** A property of the contract that an input broke. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What happened to one input. */
    record Result(String outcome, int calls, long nanos, long setupNanos) {}

    /** Prints every call when replaying. */
    interface Trace {
        void call(String op, int ret, SslError e, SslFailure f, int in, int out);

        Trace NONE = (op, ret, e, f, in, out) -> {};

        /** What the peer wrote, at the end (or when a problem was found). */
        default void written(byte[] written) {}
    }

    static Result run(Case c, Trace trace) {
        long t0 = System.nanoTime();
        Ssl ssl =
                (c.serverVictim() ? serverContext(c.victim()) : clientContext(c.victim())).newSsl();
        long setup = System.nanoTime() - t0;
        MemBio in = MemBio.create();
        MemBio out = MemBio.create();
        ssl.setBio(in, out);
        if (c.serverVictim()) {
            ssl.setAcceptState();
        } else {
            ssl.setConnectState();
        }
        Victim v = new Victim(c, ssl, in, out, trace);
        byte[] input = c.input();
        if (c.plaintext() != null) {
            input =
                    c.serverVictim()
                            ? v.connectRawClient(c.plaintext())
                            : v.connectRawServer(c.plaintext());
        } else if (c.prefix().length > 0) {
            in.write(c.prefix());
            v.establish();
        }
        in.write(input);
        try {
            String outcome = v.drive(new SplittableRandom(c.driveSeed()));
            v.checkWrittenAlerts();
            return new Result(outcome, v.calls, System.nanoTime() - t0, setup);
        } finally {
            trace.written(v.written.toByteArray());
        }
    }

    /** One tlsbio peer under test and the checks made after each of its calls. */
    static final class Victim {
        final Case c;
        final Ssl ssl;
        final MemBio in;
        final MemBio out;
        final Trace trace;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        int calls;
        SslError fatal;
        SslFailure fatalFailure;

        Victim(Case c, Ssl ssl, MemBio in, MemBio out, Trace trace) {
            this.c = c;
            this.ssl = ssl;
            this.in = in;
            this.out = out;
            this.trace = trace;
        }

        /** Runs the unmutated rest of the handshake; it must complete (the harness's own check). */
        void establish() {
            for (int i = 0; i < 16; i++) {
                int r = call("doHandshake", ssl::doHandshake);
                if (r == 1) {
                    return;
                }
                if (ssl.getError(r) != SslError.WANT_READ) {
                    break;
                }
            }
            throw new Problem(
                    "harness: the unmutated handshake did not complete: " + ssl.lastError(), null);
        }

        /** Connects a raw bctls client; returns its encryption of {@code recs}. */
        byte[] connectRawClient(List<Rec> recs) {
            FloodTest.RawClient raw = new FloodTest.RawClient();
            try {
                raw.connect(rawClient(c.victim()));
                for (int i = 0; i < 20 && (raw.isHandshaking() || ssl.isInInit()); i++) {
                    in.write(drain(raw));
                    int before = written.size();
                    call("doHandshake", ssl::doHandshake);
                    byte[] all = written.toByteArray();
                    byte[] reply = Arrays.copyOfRange(all, before, all.length);
                    if (reply.length > 0) {
                        raw.offerInput(reply);
                    }
                }
            } catch (IOException e) {
                throw new Problem("harness: raw client handshake failed", e);
            }
            if (!ssl.isInitFinished() || raw.isHandshaking()) {
                throw new Problem(
                        "harness: raw client handshake did not complete: " + ssl.lastError(), null);
            }
            drain(raw);
            for (Rec rec : recs) {
                try {
                    raw.sendRaw((short) rec.type(), rec.body());
                } catch (IOException | RuntimeException e) {
                    // bctls refused to frame it (e.g. an empty handshake record): that record is
                    // not sent
                }
            }
            return drain(raw);
        }

        /** Connects a raw bctls server to this client; returns its encryption of {@code recs}. */
        byte[] connectRawServer(List<Rec> recs) {
            RawServer raw = new RawServer();
            try {
                raw.accept(rawServer(c.victim()));
                for (int i = 0; i < 20 && (raw.isHandshaking() || ssl.isInInit()); i++) {
                    int before = written.size();
                    call("doHandshake", ssl::doHandshake);
                    byte[] all = written.toByteArray();
                    byte[] hello = Arrays.copyOfRange(all, before, all.length);
                    if (hello.length > 0) {
                        raw.offerInput(hello);
                    }
                    in.write(drain(raw));
                }
            } catch (IOException e) {
                throw new Problem("harness: raw server handshake failed", e);
            }
            if (!ssl.isInitFinished() || raw.isHandshaking()) {
                throw new Problem(
                        "harness: raw server handshake did not complete: " + ssl.lastError(), null);
            }
            for (Rec rec : recs) {
                try {
                    raw.sendRaw((short) rec.type(), rec.body());
                } catch (IOException | RuntimeException e) {
                    // bctls refused to frame it: that record is not sent
                }
            }
            return drain(raw);
        }

        int call(String op, IntSupplier f) {
            long inBefore = in.pending();
            int ret;
            try {
                ret = f.getAsInt();
            } catch (Throwable t) {
                throw new Problem("exception escaped " + op + "()", t);
            }
            calls++;
            SslError e;
            SslFailure fail;
            try {
                e = ssl.getError(ret);
                fail = ssl.lastError();
            } catch (Throwable t) {
                throw new Problem("exception escaped getError/lastError after " + op + "()", t);
            }
            written.writeBytes(drain(out));
            trace.call(op, ret, e, fail, (int) (inBefore - in.pending()), written.size());
            String what = op + "() = " + ret + "/" + e + " " + fail;
            if (!DEFINED.contains(e)) {
                throw new Problem("undefined result: " + what, null);
            }
            if (ret > 0 != (e == SslError.NONE)) {
                throw new Problem("return value and getError disagree: " + what, null);
            }
            if (ret < -1 || (op.equals("doHandshake") || op.equals("shutdown")) && ret > 1) {
                throw new Problem("return value out of range: " + what, null);
            }
            if ((e == SslError.SSL || e == SslError.SYSCALL) && fail == null) {
                throw new Problem("fatal error without a reason: " + what, null);
            }
            if (fail != null && fail.reason() == SslReason.INTERNAL_ERROR) {
                throw new Problem("INTERNAL_ERROR from the peer's bytes: " + what, fail.cause());
            }
            if (fail != null
                    && fail.reason() == SslReason.ALERT_SENT
                    && fail.alert() == AlertDescription.internal_error) {
                throw new Problem("internal_error alert sent: " + what, fail.cause());
            }
            if (fatal != null) {
                if (ret > 0
                        || e != fatal
                        || fail == null
                        || fail.reason() != fatalFailure.reason()
                        || fail.alert() != fatalFailure.alert()) {
                    throw new Problem(
                            "after fatal " + fatal + " " + fatalFailure + ", " + what, null);
                }
            } else if (e == SslError.SSL || e == SslError.SYSCALL) {
                fatal = e;
                fatalFailure = fail;
            }
            if (written.size() > 1 << 20) {
                throw new Problem("more than 1 MiB written", null);
            }
            return ret;
        }

        String drive(SplittableRandom r) {
            boolean eof = false;
            byte[] buf = new byte[4096];
            byte[] data = new byte[37];
            while (calls < MAX_CALLS) {
                long inBefore = in.pending();
                int wBefore = written.size();
                int ret;
                SslError e;
                if (!ssl.isInitFinished()) {
                    ret = call("doHandshake", ssl::doHandshake);
                } else if (r.nextInt(8) == 0) {
                    ret = call("write", () -> ssl.write(data, 0, data.length));
                } else {
                    ret = call("read", () -> ssl.read(buf, 0, buf.length));
                }
                e = ssl.getError(ret);
                if (fatal != null) {
                    afterFatal();
                    return fatal + " " + fatalFailure.reason() + alertOf(fatalFailure);
                }
                if (e == SslError.ZERO_RETURN) {
                    if (ssl.isInitFinished()) {
                        int again = call("read", () -> ssl.read(buf, 0, buf.length));
                        if (again != 0 || ssl.getError(again) != SslError.ZERO_RETURN) {
                            throw new Problem(
                                    "read after close_notify: " + again + "/" + ssl.getError(again),
                                    null);
                        }
                        call("shutdown", ssl::shutdown);
                    }
                    return "ZERO_RETURN" + (ssl.isInitFinished() ? "" : " in init");
                }
                if (e == SslError.WANT_READ
                        && in.pending() == inBefore
                        && written.size() == wBefore) {
                    if (eof) {
                        throw new Problem("WANT_READ with the read BIO at EOF", null);
                    }
                    // waiting for more input: that is an end; then the transport ends
                    in.setMemEofReturn(0);
                    eof = true;
                }
            }
            throw new Problem("no end within " + MAX_CALLS + " calls", null);
        }

        /** Every later call fails the same way. */
        void afterFatal() {
            byte[] buf = new byte[64];
            call("doHandshake", ssl::doHandshake);
            call("read", () -> ssl.read(buf, 0, buf.length));
            call("write", () -> ssl.write(buf, 0, buf.length));
            call("shutdown", ssl::shutdown);
        }

        /** No plaintext alert it wrote is internal_error. */
        void checkWrittenAlerts() {
            byte[] w = written.toByteArray();
            for (int[] rec : WireMutator.records(w)) {
                if (w[rec[0]] == ContentType.alert
                        && rec[1] == 2
                        && w[rec[0] + 6] == (byte) AlertDescription.internal_error) {
                    throw new Problem(
                            "internal_error alert written: "
                                    + hex(Arrays.copyOfRange(w, rec[0], rec[0] + 7), 7)
                                    + "; lastError "
                                    + ssl.lastError(),
                            null);
                }
            }
        }
    }

    static String alertOf(SslFailure f) {
        return f.alert() >= 0 ? " " + f.alertName() : "";
    }

    // ------------------------------------------------------------------ running many

    record Failure(Case c, String problem, Throwable cause) {
        String signature() {
            String p = problem.replaceAll("\\d+", "#");
            Throwable root = cause;
            while (root != null && root.getCause() != null) {
                root = root.getCause();
            }
            if (root != null) {
                StackTraceElement[] st = root.getStackTrace();
                p +=
                        " | "
                                + root.getClass().getSimpleName()
                                + (st.length > 0 ? " at " + st[0] : "");
            }
            return c.kind() + " | " + p;
        }

        String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(c.describe())
                    .append('\n')
                    .append("  problem: ")
                    .append(problem)
                    .append('\n')
                    .append("  first bytes: ")
                    .append(c.firstBytes())
                    .append('\n');
            if (cause != null) {
                StringWriter sw = new StringWriter();
                cause.printStackTrace(new PrintWriter(sw));
                String[] lines = sw.toString().split("\n");
                for (int i = 0; i < Math.min(lines.length, 25); i++) {
                    sb.append("  ").append(lines[i]).append('\n');
                }
            }
            sb.append("  replay: -Dtest=MutationTest#replay -Dmutation.seed=")
                    .append(c.seed())
                    .append(" -Dmutation.replay=")
                    .append(c.index())
                    .append('\n');
            return sb.toString();
        }
    }

    /** The outcome of a run: failures, and counts per case and per final state. */
    static final class Run {
        final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger failureCount = new AtomicInteger();
        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        final Map<Kind, LongAdder> kinds = new ConcurrentHashMap<>();
        final LongAdder calls = new LongAdder();
        final Map<Kind, LongAdder> cpuNanos = new ConcurrentHashMap<>();
        final LongAdder setupNanos = new LongAdder();
        volatile String hang;
        long maxNanos;
        int done;
        long wallNanos;

        void fail(Case c, String problem, Throwable cause) {
            if (failureCount.incrementAndGet() <= MAX_FAILURES_KEPT) {
                failures.add(new Failure(c, problem, cause));
            }
        }
    }

    static Run runMany(long seed, int count, int threads) {
        Run run = new Run();
        AtomicInteger next = new AtomicInteger();
        AtomicLongArray started = new AtomicLongArray(threads);
        AtomicLongArray current = new AtomicLongArray(threads);
        long[] maxNanos = new long[threads];
        int[] done = new int[threads];
        CountDownLatch finished = new CountDownLatch(threads);
        Thread[] workers = new Thread[threads];
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] =
                    new Thread(
                            () -> {
                                try {
                                    for (int i;
                                            run.hang == null
                                                    && (i = next.getAndIncrement()) < count; ) {
                                        current.set(id, i);
                                        started.set(id, System.nanoTime());
                                        runOne(seed, i, run, maxNanos, id);
                                        started.set(id, 0);
                                        done[id]++;
                                    }
                                } finally {
                                    finished.countDown();
                                }
                            },
                            "mutation-" + t);
            workers[t].setDaemon(true);
            workers[t].start();
        }
        try {
            while (!finished.await(1, TimeUnit.SECONDS)) {
                for (int t = 0; t < threads; t++) {
                    long s = started.get(t);
                    if (s != 0
                            && System.nanoTime() - s > TimeUnit.MILLISECONDS.toNanos(HANG_MILLIS)) {
                        StringBuilder st = new StringBuilder();
                        for (StackTraceElement el : workers[t].getStackTrace()) {
                            st.append("\n    at ").append(el);
                        }
                        run.hang =
                                "input "
                                        + current.get(t)
                                        + " still running after "
                                        + HANG_MILLIS
                                        + " ms:"
                                        + st;
                        run.fail(makeCase(seed, (int) current.get(t)), "hang: " + run.hang, null);
                    }
                }
                if (run.hang != null) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        run.wallNanos = System.nanoTime() - t0;
        for (int t = 0; t < threads; t++) {
            run.maxNanos = Math.max(run.maxNanos, maxNanos[t]);
            run.done += done[t];
        }
        return run;
    }

    private static void runOne(long seed, int index, Run run, long[] maxNanos, int id) {
        Case c;
        try {
            c = makeCase(seed, index);
        } catch (Throwable t) {
            run.fail(
                    new Case(
                            seed,
                            index,
                            Kind.CLIENT_HELLO,
                            CONFIGS.get(0),
                            "?",
                            new byte[0],
                            new byte[0],
                            null,
                            List.of(),
                            0),
                    "harness: making the input failed",
                    t);
            return;
        }
        run.kinds.computeIfAbsent(c.kind(), k -> new LongAdder()).increment();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        try {
            Result r = run(c, Trace.NONE);
            run.cpuNanos
                    .computeIfAbsent(c.kind(), k -> new LongAdder())
                    .add(THREADS.getCurrentThreadCpuTime() - cpu0);
            run.setupNanos.add(r.setupNanos());
            maxNanos[id] = Math.max(maxNanos[id], r.nanos());
            run.calls.add(r.calls());
            run.outcomes
                    .computeIfAbsent(c.kind() + " " + r.outcome(), k -> new LongAdder())
                    .increment();
            if (r.nanos() > TimeUnit.MILLISECONDS.toNanos(SLOW_INPUT_MILLIS)) {
                run.fail(c, "slow: " + r.nanos() / 1_000_000 + " ms", null);
            }
        } catch (Problem p) {
            run.fail(c, p.getMessage(), p.getCause());
        } catch (Throwable t) {
            run.fail(c, "harness error", t);
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    static long seed() {
        return Long.getLong("mutation.seed", DEFAULT_SEED);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void mutatedInputsEndInADefinedResult() {
        long seed = seed();
        int count = Integer.getInteger("mutation.count", DEFAULT_COUNT);
        int threads =
                Integer.getInteger("mutation.threads", Runtime.getRuntime().availableProcessors());
        int corpus = Corpus.CAPTURES.size() + Corpus.PROBES.size();
        long corpusMs = Corpus.BUILD_MILLIS;
        Run run = runMany(seed, count, threads);

        StringBuilder summary = new StringBuilder();
        summary.append(
                String.format(
                        "mutation test: seed %d, %d inputs (%d done) on %d threads in %.1f s"
                                + " (corpus of %d captures/probes made in %d ms), %d calls, slowest input %d ms%n",
                        seed,
                        count,
                        run.done,
                        threads,
                        run.wallNanos / 1e9,
                        corpus,
                        corpusMs,
                        run.calls.sum(),
                        run.maxNanos / 1_000_000));
        long cpu = run.cpuNanos.values().stream().mapToLong(LongAdder::sum).sum();
        summary.append(
                String.format(
                        "  CPU time in inputs %.1f s (setup of the peers %.1f s wall)%n",
                        cpu / 1e9, run.setupNanos.sum() / 1e9));
        new TreeMap<>(run.kinds)
                .forEach(
                        (k, n) ->
                                summary.append(
                                        String.format(
                                                "  %-20s %7d inputs, %6.1f s CPU%n",
                                                k,
                                                n.sum(),
                                                run.cpuNanos.getOrDefault(k, new LongAdder()).sum()
                                                        / 1e9)));
        summary.append("  outcomes:\n");
        new TreeMap<>(run.outcomes)
                .forEach((k, n) -> summary.append(String.format("    %7d  %s%n", n.sum(), k)));
        System.out.println(summary);

        if (run.failureCount.get() > 0) {
            Map<String, List<Failure>> bySignature = new TreeMap<>();
            for (Failure f : run.failures) {
                bySignature.computeIfAbsent(f.signature(), k -> new ArrayList<>()).add(f);
            }
            StringBuilder sb = new StringBuilder();
            sb.append(run.failureCount.get())
                    .append(" of ")
                    .append(count)
                    .append(" inputs broke the contract (seed ")
                    .append(seed)
                    .append("), ")
                    .append(bySignature.size())
                    .append(" kinds:\n");
            bySignature.forEach(
                    (sig, list) -> {
                        sb.append("\n== ")
                                .append(list.size())
                                .append(" x ")
                                .append(sig)
                                .append("\n   indexes: ");
                        list.stream().limit(20).forEach(f -> sb.append(f.c().index()).append(' '));
                        sb.append('\n').append(list.get(0).report());
                    });
            System.out.println(sb);
            throw new AssertionError(sb.toString());
        }
        assertThat(run.done).isEqualTo(count);
    }

    /** The corpus is the same bytes on every run: captured twice, compared. */
    @Test
    void theCorpusIsDeterministic() {
        for (Config c : List.of(CONFIGS.get(1), CONFIGS.get(CONFIGS.size() - 1))) {
            Capture a = capture(c);
            Capture b = Corpus.CAPTURES.get(c);
            assertThat(a.clientHandshake()).as(c.label()).isEqualTo(b.clientHandshake());
            assertThat(a.serverHandshake()).as(c.label()).isEqualTo(b.serverHandshake());
            assertThat(a.clientPost()).as(c.label()).isEqualTo(b.clientPost());
            assertThat(a.serverPost()).as(c.label()).isEqualTo(b.serverPost());
        }
        Case x = makeCase(seed(), 12345);
        Case y = makeCase(seed(), 12345);
        assertThat(x.describe()).isEqualTo(y.describe());
    }

    /**
     * Unmutated inputs go through: the corpus and the victims match (else mutations test little).
     */
    @Test
    void unmutatedInputsSucceed() {
        for (Config c : CONFIGS) {
            Capture cap = Corpus.CAPTURES.get(c);
            for (Kind k :
                    new Kind[] {
                        Kind.CLIENT_FLIGHT,
                        Kind.SERVER_FLIGHT,
                        Kind.POST_TO_SERVER,
                        Kind.POST_TO_CLIENT
                    }) {
                byte[] prefix =
                        k == Kind.POST_TO_SERVER
                                ? cap.clientHandshake()
                                : k == Kind.POST_TO_CLIENT ? cap.serverHandshake() : new byte[0];
                byte[] input =
                        switch (k) {
                            case CLIENT_FLIGHT -> cap.clientHandshake();
                            case SERVER_FLIGHT -> cap.serverHandshake();
                            case POST_TO_SERVER -> cap.clientPost();
                            default -> cap.serverPost();
                        };
                Case x = new Case(0, 0, k, c, "unmutated", prefix, input, null, List.of(), 1);
                Result r = run(x, Trace.NONE);
                String expected =
                        k == Kind.CLIENT_FLIGHT || k == Kind.SERVER_FLIGHT
                                ? "SYSCALL UNEXPECTED_EOF"
                                : "ZERO_RETURN";
                assertThat(r.outcome()).as(k + " " + c.label()).isEqualTo(expected);
            }
        }
        for (Config c : PLAIN_CONFIGS) {
            for (Kind k : new Kind[] {Kind.PLAINTEXT_TO_SERVER, Kind.PLAINTEXT_TO_CLIENT}) {
                for (List<Rec> t : templates(c.tls13(), k == Kind.PLAINTEXT_TO_CLIENT)) {
                    Case x = new Case(0, 0, k, c, "template", new byte[0], null, t, List.of(), 1);
                    assertThat(run(x, Trace.NONE).outcome())
                            .as(k + " " + c.label() + " " + t)
                            .isNotNull();
                }
            }
        }
    }

    /**
     * {@code -Dmutation.replay=INDEX} (with {@code -Dmutation.seed}): one input, every call
     * printed.
     */
    @Test
    void replay() {
        String index = System.getProperty("mutation.replay");
        Assumptions.assumeTrue(index != null, "set -Dmutation.replay=INDEX to replay one input");
        for (String i : index.split(",")) {
            replay(seed(), Integer.parseInt(i.trim()));
        }
    }

    /**
     * Runs input {@code index} of {@code seed} alone, printing the input and every call; throws its
     * problem.
     */
    static Result replay(long seed, int index) {
        Case c = makeCase(seed, index);
        System.out.println(c.describe());
        System.out.println("prefix " + hex(c.prefix(), 64));
        if (c.plaintext() != null) {
            System.out.println("plaintext " + c.firstBytes());
        } else {
            System.out.println("input " + hex(c.input(), 100_000));
        }
        try {
            Result r =
                    run(
                            c,
                            new Trace() {
                                @Override
                                public void call(
                                        String op,
                                        int ret,
                                        SslError e,
                                        SslFailure f,
                                        int in,
                                        int out) {
                                    System.out.printf(
                                            "  %-13s -> %3d %-11s consumed %5d, written %5d  %s%n",
                                            op + "()", ret, e, in, out, f == null ? "" : f);
                                }

                                @Override
                                public void written(byte[] written) {
                                    System.out.println("written " + hex(written, 100_000));
                                }
                            });
            System.out.println("outcome: " + r.outcome() + " after " + r.calls() + " calls");
            return r;
        } catch (Problem p) {
            System.out.println(new Failure(c, p.getMessage(), p.getCause()).report());
            throw p;
        }
    }
}
