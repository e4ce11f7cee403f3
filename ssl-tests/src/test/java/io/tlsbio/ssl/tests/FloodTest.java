package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.pair.BioPair;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslWant;
import io.tlsbio.ssl.TlsVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jol.info.GraphLayout;

/**
 * A peer that floods us with records that each make us answer (or that each cost us work), and
 * never reads: the answers may not pile up without bound. OpenSSL stops reading when it cannot
 * write; so does tlsbio, once more than its own pending record waits (docs/hostile-input.md,
 * RecordPump). Each flood runs against both roles: a tlsbio server flooded by a raw bctls client,
 * and a tlsbio client flooded by a raw bctls server, both able to put any bytes into encrypted
 * records. The write side of the tlsbio peer is a 4 KiB {@link BioPair} end nobody reads.
 *
 * <p>Memory is measured as the retained size of the {@code Ssl}'s object graph (JOL), less the
 * graphs of its two BIOs (the read BIO holds the unread flood, which is the test's, not tlsbio's):
 * exact and independent of GC timing, so it holds on a noisy CI machine.
 */
class FloodTest {

    static {
        // JOL cannot ask Unsafe for the field offsets of records (tlsbio has some): let it find
        // them itself
        System.setProperty("jol.magicFieldOffset", "true");
    }

    /**
     * Records of 16 KiB in the renegotiation floods: 8 MiB in, 62 MiB of warnings if all answered.
     */
    static final int FLOOD_RECORDS = 512;

    /** KeyUpdate(update_requested) messages in the KeyUpdate floods, one record each (1 MiB). */
    static final int KEY_UPDATES = 40_000;

    /**
     * Growth of the {@code Ssl}'s retained heap allowed during a KeyUpdate flood into a peer that
     * never reads: the queued answers up to the read-stop limit (two records) and bctls's output
     * buffer grown to the next power of two, with room to spare; the flood itself is 1 MiB.
     */
    static final long MAX_KEY_UPDATE_GROWTH = 128 * 1024;

    /** The write side nobody reads. */
    static final int PAIR_BUFFER = 4096;

    // ------------------------------------------------------------------ raw bctls peers

    /** A bctls peer that can put any bytes into an encrypted record and send KeyUpdates at will. */
    interface RawPeer {
        TlsProtocol protocol();

        void sendRaw(short type, byte[] body) throws IOException;

        /**
         * bctls's own KeyUpdate: our write keys change with it, so they stay in step with the
         * peer's.
         */
        void sendKeyUpdate(boolean updateRequested) throws IOException;

        default byte[] drain() {
            TlsProtocol p = protocol();
            byte[] out = new byte[p.getAvailableOutputBytes()];
            p.readOutput(out, 0, out.length);
            return out;
        }
    }

    /** A bctls client that can put any handshake bytes into an encrypted record. */
    static final class RawClient extends TlsClientProtocol implements RawPeer {
        @Override
        public TlsProtocol protocol() {
            return this;
        }

        @Override
        public void sendRaw(short type, byte[] body) throws IOException {
            safeWriteRecord(type, body, 0, body.length);
        }

        @Override
        public void sendKeyUpdate(boolean updateRequested) throws IOException {
            send13KeyUpdate(updateRequested);
        }
    }

    /**
     * A bctls server, with the test PKI's ECDSA credential, that can put any bytes into a record.
     */
    static final class RawServer extends TlsServerProtocol implements RawPeer {
        @Override
        public TlsProtocol protocol() {
            return this;
        }

        @Override
        public void sendRaw(short type, byte[] body) throws IOException {
            safeWriteRecord(type, body, 0, body.length);
        }

        @Override
        public void sendKeyUpdate(boolean updateRequested) throws IOException {
            send13KeyUpdate(updateRequested);
        }
    }

    private static ProtocolVersion bc(TlsVersion version) {
        return version == TlsVersion.TLS1_3 ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12;
    }

    private static DefaultTlsClient rawClientPeer(TlsVersion version, int suite12) {
        return new DefaultTlsClient(new BcTlsCrypto(new SecureRandom())) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return bc(version).only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return new int[] {CipherSuite.TLS_AES_128_GCM_SHA256, suite12};
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

    private static DefaultTlsServer rawServerPeer(TlsVersion version, int suite12) {
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        TestCredential cred = Contexts.pki().server(KeyType.ECDSA);
        AsymmetricKeyParameter key;
        TlsCertificate[] chain = new TlsCertificate[cred.chain().size()];
        try {
            key = PrivateKeyFactory.createKey(cred.privateKey().getEncoded());
            List<X509Certificate> certs = cred.chain();
            for (int i = 0; i < chain.length; i++) {
                chain[i] = crypto.createCertificate(certs.get(i).getEncoded());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        return new DefaultTlsServer(crypto) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return bc(version).only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return new int[] {CipherSuite.TLS_AES_128_GCM_SHA256, suite12};
            }

            @Override
            public TlsCredentials getCredentials() {
                Certificate certificate;
                if (TlsUtils.isTLSv13(context)) {
                    CertificateEntry[] entries = new CertificateEntry[chain.length];
                    for (int i = 0; i < chain.length; i++) {
                        entries[i] = new CertificateEntry(chain[i], null);
                    }
                    certificate = new Certificate(TlsUtils.EMPTY_BYTES, entries);
                } else {
                    certificate = new Certificate(chain);
                }
                return new BcDefaultTlsCredentialedSigner(
                        new TlsCryptoParameters(context),
                        crypto,
                        key,
                        certificate,
                        SignatureScheme.getSignatureAndHashAlgorithm(
                                SignatureScheme.ecdsa_secp256r1_sha256));
            }
        };
    }

    private static byte[] drain(Bio bio) {
        byte[] out = new byte[(int) bio.pending()];
        if (out.length > 0) {
            bio.read(out, 0, out.length);
        }
        return out;
    }

    // ------------------------------------------------------------------ a tlsbio peer and a raw
    // one

    /** A tlsbio peer ({@code ssl}) connected to a raw bctls peer over memory BIOs. */
    record Link(Ssl ssl, RawPeer raw, MemBio in, MemBio out) {
        /** Points the tlsbio peer's writes at a small pair nobody reads; returns the unread end. */
        BioPair.End neverRead() {
            BioPair pair = BioPair.create(PAIR_BUFFER, PAIR_BUFFER);
            ssl.setBio(in, pair.first());
            return pair.second();
        }
    }

    /** Connects a tlsbio server ({@code tlsbioServer}) or client to a raw bctls peer. */
    static Link link(boolean tlsbioServer, TlsVersion version) throws IOException {
        return link(tlsbioServer, version, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384);
    }

    /**
     * Connects a tlsbio server ({@code tlsbioServer}) or client to a raw bctls peer that offers or
     * accepts {@code suite12} as its only TLS 1.2 suite (and TLS_AES_128_GCM_SHA256 in TLS 1.3).
     */
    static Link link(boolean tlsbioServer, TlsVersion version, int suite12) throws IOException {
        MemBio in = MemBio.create();
        MemBio out = MemBio.create();
        Ssl ssl;
        RawPeer raw;
        if (tlsbioServer) {
            ssl = Contexts.server(KeyType.ECDSA, version).newSsl();
            ssl.setAcceptState();
            RawClient client = new RawClient();
            client.connect(rawClientPeer(version, suite12));
            raw = client;
        } else {
            ssl = Contexts.client(version).newSsl();
            ssl.setConnectState();
            RawServer server = new RawServer();
            server.accept(rawServerPeer(version, suite12));
            raw = server;
        }
        ssl.setBio(in, out);
        for (int i = 0; i < 20 && (raw.protocol().isHandshaking() || ssl.isInInit()); i++) {
            in.write(raw.drain());
            ssl.doHandshake();
            byte[] reply = drain(out);
            if (reply.length > 0) {
                raw.protocol().offerInput(reply);
            }
        }
        assertThat(ssl.isInitFinished()).as("tlsbio handshake").isTrue();
        assertThat(raw.protocol().isHandshaking()).as("raw handshake").isFalse();
        assertThat(ssl.version()).isEqualTo(version);
        in.write(raw.drain());
        return new Link(ssl, raw, in, out);
    }

    /** A tlsbio TLS 1.2 server connected to a raw bctls client over memory BIOs. */
    record Connected(Ssl server, RawClient client, MemBio in, MemBio out) {
        byte[] drainClient() {
            return client.drain();
        }

        /** Feeds {@code bytes} to the server, reads until it stops; returns what it wrote. */
        byte[] serverReads(byte[] bytes) {
            in.write(bytes);
            byte[] buf = new byte[1024];
            for (int i = 0; i < 100 && server.read(buf, 0, buf.length) > 0; i++) {
                // application data is not what these tests look at
            }
            return drain(out);
        }
    }

    static Connected connectTls12() throws IOException {
        Link l = link(true, TlsVersion.TLS1_2);
        return new Connected(l.ssl(), (RawClient) l.raw(), l.in(), l.out());
    }

    /**
     * The heap the {@code Ssl} holds on to: its object graph less its BIOs' graphs (what waits in a
     * BIO is the transport's). Exact, whatever the GC has done.
     */
    static long retained(Ssl ssl) {
        return GraphLayout.parseInstance(ssl).totalSize()
                - GraphLayout.parseInstance(ssl.rbio(), ssl.wbio()).totalSize();
    }

    // ------------------------------------------------------------------ renegotiation flood (TLS
    // 1.2)

    /** Output queued above which tlsbio stops reading: two staging records (RecordPump). */
    static final long READ_STOP_QUEUE = 2 * (16384 + 5 + 256);

    /** Handshake messages in one 16 KiB record of empty ones (4-byte headers). */
    static final int MESSAGES_PER_RECORD = 16384 / 4;

    /**
     * The most the {@code Ssl} may retain beyond its idle size while answering a flood of records
     * whose every message is answered by {@code answerBytes} of alert record: tlsbio reads a record
     * only while at most {@link #READ_STOP_QUEUE} waits, bctls answers a whole record's messages at
     * once (so one record's answers come on top), and bctls's output queue grows in powers of two
     * and never shrinks; plus the 16 KiB record read buffer and 16 KiB for the rest.
     */
    static long renegotiationBound(int answerBytes) {
        long queue = READ_STOP_QUEUE + (long) MESSAGES_PER_RECORD * answerBytes;
        return 2 * Long.highestOneBit(queue - 1) + 32 * 1024;
    }

    /**
     * TLS 1.2: records packed with 4,096 empty ClientHellos each (to a server) or 4,096
     * HelloRequests (to a client), 8 MiB in all. bctls answers every one with a no_renegotiation
     * warning, as OpenSSL does, with no limit: 31 bytes of record per 4 bytes in with AES-GCM, 85
     * with AES-CBC-SHA384 (62 MiB and 170 MiB of answers for the whole flood). The answers go into
     * a 4 KiB pair nobody reads: after the first call nothing more is read, every call is
     * WANT_WRITE, and the {@code Ssl} retains no more than {@link #renegotiationBound} more than
     * before (one record's answers on top of the read-stop queue: under 300 KiB for AES-GCM, 544
     * KiB for CBC-SHA384, whatever the flood's size). When the peer reads a little at a time, we
     * read on, within the same bound.
     */
    @ParameterizedTest(name = "tlsbio server: {0}, suite 0x{1}, {2}-byte answers")
    @CsvSource({"true, C02C, 31", "false, C02C, 31", "true, C024, 85", "false, C024, 85"})
    void aRenegotiationFloodFromAPeerThatNeverReadsStopsOurReadingAndStaysBounded(
            boolean tlsbioServer, String suiteHex, int answerBytes) throws IOException {
        Link l = link(tlsbioServer, TlsVersion.TLS1_2, Integer.parseInt(suiteHex, 16));
        Ssl ssl = l.ssl();
        MemBio in = l.in();
        long bound = renegotiationBound(answerBytes);

        byte[] hellos = new byte[16384];
        for (int i = 0; i < hellos.length; i += 4) {
            hellos[i] =
                    (byte)
                            (tlsbioServer
                                    ? HandshakeType.client_hello
                                    : HandshakeType.hello_request);
        }
        for (int i = 0; i < FLOOD_RECORDS; i++) {
            l.raw().sendRaw(ContentType.handshake, hellos);
        }
        byte[] flood = l.raw().drain();
        int recordSize = flood.length / FLOOD_RECORDS;
        assertThat(flood.length).as("the flood").isGreaterThan(8 << 20);
        in.write(flood);

        BioPair.End peer = l.neverRead();
        long before = retained(ssl);
        byte[] buf = new byte[100];
        long consumedAfterFirst = -1;
        for (int call = 0; call < 200; call++) {
            assertThat(ssl.read(buf, 0, buf.length)).isEqualTo(-1);
            assertThat(ssl.getError(-1)).as("call %d", call).isEqualTo(SslError.WANT_WRITE);
            assertThat(ssl.want()).isEqualTo(SslWant.WRITING);
            if (call == 0) {
                consumedAfterFirst = flood.length - in.pending();
            }
        }
        long consumed = flood.length - in.pending();
        long growth = retained(ssl) - before;
        System.out.printf(
                "renegotiation flood, tlsbio %s, %d-byte answers: %d bytes in, %d consumed (%d records), "
                        + "retained %d -> +%d bytes (bound %d)%n",
                tlsbioServer ? "server" : "client",
                answerBytes,
                flood.length,
                consumed,
                consumed / recordSize,
                before,
                growth,
                bound);
        assertThat(consumed)
                .as("only the first record is read, then nothing more")
                .isEqualTo(consumedAfterFirst)
                .isEqualTo(recordSize);
        assertThat(peer.pending()).as("the pair is full").isEqualTo(PAIR_BUFFER);
        assertThat(growth).as("retained heap growth").isLessThan(bound);

        // the peer reads 4 KiB at a time: we read on, a record whenever the queue is short enough
        long answered = PAIR_BUFFER;
        long maxGrowth = growth;
        for (int step = 0; step < 256; step++) {
            answered += drain(peer).length;
            assertThat(ssl.read(buf, 0, buf.length)).isEqualTo(-1);
            assertThat(ssl.getError(-1)).isEqualTo(SslError.WANT_WRITE);
            if (step % 32 == 31) {
                maxGrowth = Math.max(maxGrowth, retained(ssl) - before);
            }
        }
        long consumedLater = flood.length - in.pending();
        long records = consumedLater / recordSize;
        System.out.printf(
                "  then the peer read %d bytes: %d records consumed, max growth +%d bytes%n",
                answered, records, maxGrowth);
        assertThat(records).as("reading went on").isGreaterThan(1);
        assertThat(answered)
                .as("every hello of the records read but the last was answered")
                .isGreaterThanOrEqualTo((records - 1) * MESSAGES_PER_RECORD * answerBytes)
                .isLessThanOrEqualTo(records * MESSAGES_PER_RECORD * answerBytes);
        assertThat(maxGrowth)
                .as("retained heap growth while the peer reads slowly")
                .isLessThan(bound);
    }

    // ------------------------------------------------------------------ KeyUpdate flood (TLS 1.3)

    /**
     * A KeyUpdate(update_requested) flood into a peer whose writes nobody reads. OpenSSL 3.0 sets
     * no limit and answers each one at once; so does tlsbio (bctls alone would merge them into one
     * answer with the next write). Each answer is a 27-byte record, so the 4 KiB pair fills, the
     * answers queue, and once more than two records of output wait, reading stops with WANT_WRITE:
     * the retained heap stays bounded while the flood is 1 MiB. When the peer reads again, every
     * request gets its answer, the peer's keys and ours stay in step, and data flows both ways.
     */
    @ParameterizedTest(name = "tlsbio server: {0}")
    @ValueSource(booleans = {true, false})
    void aKeyUpdateFloodIsAnsweredOneByOneAndStopsWhenTheAnswersCannotBeWritten(
            boolean tlsbioServer) throws IOException {
        Link l = link(tlsbioServer, TlsVersion.TLS1_3);
        Ssl ssl = l.ssl();
        MemBio in = l.in();
        RawPeer raw = l.raw();
        BioPair.End peer = l.neverRead();
        long before = retained(ssl);

        for (int i = 0; i < KEY_UPDATES; i++) {
            raw.sendKeyUpdate(true);
        }
        byte[] flood = raw.drain();
        assertThat(flood).hasSize(27 * KEY_UPDATES);
        in.write(flood);
        byte[] buf = new byte[100];
        for (int call = 0; call < 20; call++) {
            assertThat(ssl.read(buf, 0, buf.length)).isEqualTo(-1);
            assertThat(ssl.getError(-1)).as("call %d", call).isEqualTo(SslError.WANT_WRITE);
        }
        long consumed = flood.length - in.pending();
        long growth = retained(ssl) - before;
        System.out.printf(
                "KeyUpdate flood, tlsbio %s: %d bytes in, %d read before stopping, retained +%d bytes%n",
                tlsbioServer ? "server" : "client", flood.length, consumed, growth);
        assertThat(consumed).as("reading stopped early").isLessThan(flood.length / 10);
        assertThat(growth).as("retained heap growth").isLessThan(MAX_KEY_UPDATE_GROWTH);

        // the peer reads: every request is answered, one 27-byte KeyUpdate each
        long answers = 0;
        int quiet = 0;
        for (int step = 0; step < 100_000 && quiet < 2; step++) {
            int r = ssl.read(buf, 0, buf.length);
            assertThat(r).isEqualTo(-1);
            assertThat(ssl.getError(r)).isIn(SslError.WANT_READ, SslError.WANT_WRITE);
            byte[] out = drain(peer);
            answers += out.length;
            if (out.length > 0) {
                raw.protocol().offerInput(out);
            }
            // done once all input is read and two calls in a row wrote nothing more
            quiet = in.pending() == 0 && out.length == 0 ? quiet + 1 : 0;
        }
        assertThat(in.pending()).isZero();
        assertThat(answers).as("one answer per request").isEqualTo(27L * KEY_UPDATES);

        // still in step both ways
        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        raw.protocol().writeApplicationData(ping, 0, ping.length);
        in.write(raw.drain());
        assertThat(ssl.read(buf, 0, buf.length)).isEqualTo(4);
        byte[] pong = "pong".getBytes(StandardCharsets.US_ASCII);
        assertThat(ssl.write(pong, 0, pong.length)).isEqualTo(4);
        byte[] data = drain(peer);
        assertThat(data).as("no KeyUpdate owed any more: just the data record").hasSize(26);
        raw.protocol().offerInput(data);
        byte[] got = new byte[16];
        assertThat(raw.protocol().readInput(got, 0, got.length)).isEqualTo(4);
        assertThat(new String(got, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("pong");
    }

    // ------------------------------------------------------------------ empty-record flood

    /**
     * 32 empty application-data records in a row are skipped with nothing written; the 33rd is
     * OpenSSL's unexpected_message "record too small", and the fatal alert reaches the peer (which
     * never read until then), in both roles and both versions.
     */
    @ParameterizedTest(name = "tlsbio server: {0}, {1}")
    @CsvSource({"true, TLS1_2", "true, TLS1_3", "false, TLS1_2", "false, TLS1_3"})
    void thirtyThreeEmptyRecordsEndTheConnectionWithRecordTooSmall(
            boolean tlsbioServer, TlsVersion version) throws IOException {
        Link l = link(tlsbioServer, version);
        Ssl ssl = l.ssl();
        BioPair.End peer = l.neverRead();
        byte[] buf = new byte[100];

        for (int i = 0; i < 32; i++) {
            l.raw().sendRaw(ContentType.application_data, new byte[0]);
        }
        l.in().write(l.raw().drain());
        assertThat(ssl.read(buf, 0, buf.length)).isEqualTo(-1);
        assertThat(ssl.getError(-1)).as("32 are fine").isEqualTo(SslError.WANT_READ);
        assertThat(peer.pending()).isZero();

        l.raw().sendRaw(ContentType.application_data, new byte[0]);
        l.in().write(l.raw().drain());
        assertThat(ssl.read(buf, 0, buf.length)).isEqualTo(-1);
        assertThat(ssl.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(ssl.lastError().message()).isEqualTo("record too small");
        assertThat(ssl.lastError().alertName()).isEqualTo("unexpected_message");

        TlsFatalAlertReceived received =
                catchThrowableOfType(
                        TlsFatalAlertReceived.class,
                        () -> l.raw().protocol().offerInput(drain(peer)));
        assertThat(received).as("the peer got a fatal alert").isNotNull();
        assertThat(received.getAlertDescription()).isEqualTo(AlertDescription.unexpected_message);
        assertThat(ssl.read(buf, 0, buf.length)).as("dead").isEqualTo(-1);
        assertThat(ssl.getError(-1)).isEqualTo(SslError.SSL);
    }

    /**
     * Data between runs of 32 empty records resets the count, in both roles (OpenSSL counts in a
     * row).
     */
    @ParameterizedTest(name = "tlsbio server: {0}, {1}")
    @CsvSource({"true, TLS1_2", "true, TLS1_3", "false, TLS1_2", "false, TLS1_3"})
    void emptyRecordsAreCountedInARow(boolean tlsbioServer, TlsVersion version) throws IOException {
        Link l = link(tlsbioServer, version);
        Ssl ssl = l.ssl();
        l.neverRead();
        byte[] buf = new byte[100];
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 32; i++) {
                l.raw().sendRaw(ContentType.application_data, new byte[0]);
            }
            l.raw().sendRaw(ContentType.application_data, new byte[] {(byte) round});
            l.in().write(l.raw().drain());
            assertThat(ssl.read(buf, 0, buf.length)).as("round %d", round).isEqualTo(1);
            assertThat(buf[0]).isEqualTo((byte) round);
        }
    }

    @Test
    void theRawServerServesBothVersions() throws IOException {
        for (TlsVersion v : TlsVersion.values()) {
            Link l = link(false, v);
            byte[] hi = "hi".getBytes(StandardCharsets.US_ASCII);
            l.raw().protocol().writeApplicationData(hi, 0, hi.length);
            l.in().write(l.raw().drain());
            byte[] buf = new byte[10];
            assertThat(l.ssl().read(buf, 0, buf.length)).as("%s", v).isEqualTo(2);
        }
    }
}
