package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.pair.BioPair;
import io.tlsbio.bio.testkit.RetryInjectingBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslMethod;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.TlsVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acceptance cases 1–18 and 27 of docs/contract.md §7, with tlsbio's decisions (docs/decisions.md)
 * applied.
 */
class OpenSslAcceptanceTest {

    private static final byte[] CLOSE_NOTIFY_TLS12 = {0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00};
    private static final byte[] CLOSE_NOTIFY_TLS10 = {0x15, 0x03, 0x01, 0x00, 0x02, 0x01, 0x00};

    private static Ssl client() {
        return Contexts.client(TlsVersion.TLS1_3).newSsl();
    }

    @Test
    void case01_handshakeWithoutRoleIsConnectionTypeNotSet() {
        Ssl s = client();
        s.setBio(MemBio.create(), MemBio.create());
        assertThat(s.doHandshake()).isEqualTo(-1);
        assertThat(s.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(s.lastError().reason()).isEqualTo(SslReason.CONNECTION_TYPE_NOT_SET);
    }

    @Test
    void case02_readWriteShutdownWithoutRoleAreUninitialized() {
        Ssl s = client();
        s.setBio(MemBio.create(), MemBio.create());
        byte[] b = new byte[4];
        assertThat(s.read(b, 0, 4)).isEqualTo(-1);
        assertThat(s.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(s.lastError().reason()).isEqualTo(SslReason.UNINITIALIZED);
        assertThat(s.write(b, 0, 4)).isEqualTo(-1);
        assertThat(s.lastError().reason()).isEqualTo(SslReason.UNINITIALIZED);
        assertThat(s.peek(b, 0, 4)).isEqualTo(-1);
        assertThat(s.lastError().reason()).isEqualTo(SslReason.UNINITIALIZED);
        assertThat(s.shutdown()).isEqualTo(-1);
        assertThat(s.lastError().reason()).isEqualTo(SslReason.UNINITIALIZED);
    }

    @Test
    void case03_acceptOnClientOnlyContextReturnsZeroWithSsl() {
        Ssl s = Contexts.clientBuilder(TlsVersion.TLS1_3).method(SslMethod.CLIENT).build().newSsl();
        s.setBio(MemBio.create(), MemBio.create());
        assertThat(s.accept()).isZero();
        assertThat(s.getError(0)).isEqualTo(SslError.SSL);
        assertThat(s.lastError().reason()).isEqualTo(SslReason.SHOULD_NOT_HAVE_BEEN_CALLED);
        Ssl srv =
                Contexts.serverBuilder(KeyType.ECDSA, TlsVersion.TLS1_3)
                        .method(SslMethod.SERVER)
                        .build()
                        .newSsl();
        srv.setBio(MemBio.create(), MemBio.create());
        assertThat(srv.connect()).isZero();
        assertThat(srv.getError(0)).isEqualTo(SslError.SSL);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void case04_clientOnEmptyMemBioWantsReadAfterWritingClientHello(TlsVersion v) {
        Ssl s = Contexts.client(v).newSsl();
        MemBio rbio = MemBio.create();
        MemBio wbio = MemBio.create();
        s.setBio(rbio, wbio);
        assertThat(s.connect()).isEqualTo(-1);
        assertThat(s.getError(-1)).isEqualTo(SslError.WANT_READ);
        assertThat(wbio.pending()).isPositive();
        assertThat(wbio.data()[0]).as("handshake record").isEqualTo((byte) 0x16);
        assertThat(s.stateStringLong()).isEqualTo("SSLv3/TLS write client hello");
        assertThat(s.stateString()).isEqualTo("TWCH");
    }

    @Test
    void case05_eofDuringHandshakeIsSyscallWithUnexpectedEof() {
        Ssl s = client();
        MemBio rbio = MemBio.create();
        s.setBio(rbio, MemBio.create());
        assertThat(s.connect()).isEqualTo(-1);
        rbio.setMemEofReturn(0);
        assertThat(s.connect()).isEqualTo(-1);
        assertThat(s.getError(-1)).isEqualTo(SslError.SYSCALL);
        assertThat(s.lastError().reason()).isEqualTo(SslReason.UNEXPECTED_EOF);
        // a failed Ssl stays failed
        assertThat(s.connect()).isEqualTo(-1);
        assertThat(s.getError(-1)).isEqualTo(SslError.SYSCALL);
        assertThat(s.lastError().reason()).isEqualTo(SslReason.UNEXPECTED_EOF);
    }

    @Test
    void case06_eofWithIgnoreUnexpectedEofIsZeroReturn() {
        Ssl s =
                Contexts.clientBuilder(TlsVersion.TLS1_3)
                        .ignoreUnexpectedEof(true)
                        .build()
                        .newSsl();
        MemBio rbio = MemBio.create();
        s.setBio(rbio, MemBio.create());
        assertThat(s.connect()).isEqualTo(-1);
        rbio.setMemEofReturn(0);
        assertThat(s.connect()).isEqualTo(-1);
        assertThat(s.getError(-1)).isEqualTo(SslError.ZERO_RETURN);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void case07_closeNotifyDuringHandshakeReturnsZeroWithZeroReturn(TlsVersion v) {
        Ssl s = Contexts.client(v).newSsl();
        MemBio rbio = MemBio.create();
        MemBio wbio = MemBio.create();
        s.setBio(rbio, wbio);
        assertThat(s.connect()).isEqualTo(-1);
        long sent = wbio.bytesWritten();
        rbio.write(CLOSE_NOTIFY_TLS12);
        // docs/decisions.md, decision 1: the page's 0, not OpenSSL's code's -1
        assertThat(s.connect()).isZero();
        assertThat(s.getError(0)).isEqualTo(SslError.ZERO_RETURN);
        assertThat(wbio.bytesWritten()).as("no alert sent in reply").isEqualTo(sent);
        assertThat(s.connect()).isZero();
    }

    @Test
    void case08_alertBeforeClientHelloIsUnexpectedMessage() {
        Ssl s = Contexts.server(KeyType.ECDSA, TlsVersion.TLS1_3).newSsl();
        MemBio wbio = MemBio.create();
        s.setBio(MemBio.readOnly(CLOSE_NOTIFY_TLS10), wbio);
        assertThat(s.accept()).isEqualTo(-1);
        assertThat(s.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(s.lastError().reason())
                .as(String.valueOf(s.lastError()))
                .isEqualTo(SslReason.ALERT_SENT);
        assertThat(s.lastError().alertName()).isEqualTo("unexpected_message");
        // the alert goes out framed with the offending record's version (TLS 1.0 here), as OpenSSL
        // 3.0's
        byte[] sent = new byte[(int) wbio.pending()];
        wbio.read(sent, 0, sent.length);
        assertThat(sent).containsExactly(0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x0a);
        assertThat(s.accept()).as("stays failed").isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void case09_memBioConnectionThenReadWantsRead(TlsVersion v) {
        MemPair p = new MemPair(v).connect();
        byte[] b = new byte[1];
        for (int i = 0; i < 2; i++) {
            assertThat(p.client.read(b, 0, 1)).isEqualTo(-1);
            assertThat(p.client.getError(-1)).isEqualTo(SslError.WANT_READ);
        }
        assertThat(p.client.isInitFinished()).isTrue();
        assertThat(p.server.isInitFinished()).isTrue();
    }

    @Test
    void case10_handshakeAgainReturnsOneWithoutIo() {
        MemPair p = new MemPair(TlsVersion.TLS1_3).connect();
        long w = p.c2s.bytesWritten();
        long r = p.s2c.bytesRead();
        assertThat(p.client.doHandshake()).isEqualTo(1);
        assertThat(p.client.getError(1)).isEqualTo(SslError.NONE);
        assertThat(p.c2s.bytesWritten()).isEqualTo(w);
        assertThat(p.s2c.bytesRead()).isEqualTo(r);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void case11_serverShutdownThenClientReadsZeroReturn(TlsVersion v) {
        MemPair p = new MemPair(v).connect();
        assertThat(p.server.shutdown()).isZero();
        byte[] b = new byte[8];
        assertThat(p.client.read(b, 0, 8)).isZero();
        assertThat(p.client.getError(0)).isEqualTo(SslError.ZERO_RETURN);
        assertThat(p.s2c.pending()).as("no reply sent inside SSL_read").isZero();
        assertThat(p.client.shutdown()).isEqualTo(1);
        assertThat(p.server.shutdown()).isEqualTo(1);
    }

    @Test
    void case12_eofAfterHandshakeIsSyscallOrZeroReturnWithOption() {
        MemPair p = new MemPair(TlsVersion.TLS1_3).connect();
        p.c2s.setMemEofReturn(0);
        byte[] b = new byte[8];
        assertThat(p.server.read(b, 0, 8)).isZero();
        assertThat(p.server.getError(0)).isEqualTo(SslError.SYSCALL);
        assertThat(p.server.lastError().reason()).isEqualTo(SslReason.UNEXPECTED_EOF);

        SslContext lenient =
                Contexts.serverBuilder(KeyType.ECDSA, TlsVersion.TLS1_3)
                        .ignoreUnexpectedEof(true)
                        .build();
        MemPair q = new MemPair(Contexts.client(TlsVersion.TLS1_3), lenient).connect();
        q.c2s.setMemEofReturn(0);
        assertThat(q.server.read(b, 0, 8)).isZero();
        assertThat(q.server.getError(0)).isEqualTo(SslError.ZERO_RETURN);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void case13_handshakeRetriesOnAlwaysRetryWbioThenCompletes(TlsVersion v) {
        // a 9-intermediate RSA chain (bctls accepts 10 certificates) makes the server flight larger
        // than 4096 bytes
        TestCredential cred = Contexts.pki().chainedServer(KeyType.RSA, 9);
        SslContext serverCtx =
                SslContext.builder()
                        .versions(v, v)
                        .certificate(cred.chain(), cred.privateKey())
                        .build();
        for (int retryReturn : new int[] {-1, 0}) {
            MemPair p = new MemPair(Contexts.client(v), serverCtx);
            RetryInjectingBio stuck = RetryInjectingBio.alwaysRetry();
            stuck.setRetryReturn(retryReturn);
            p.server.setBio(p.c2s, stuck);
            assertThat(p.client.connect()).isEqualTo(-1);
            assertThat(p.client.getError(-1)).isEqualTo(SslError.WANT_READ);
            assertThat(p.server.accept()).isEqualTo(-1);
            assertThat(p.server.getError(-1)).isEqualTo(SslError.WANT_WRITE);
            p.server.setBio(p.c2s, p.s2c);
            p.connect();
            assertThat(p.s2c.bytesWritten()).isGreaterThan(4096);
        }
    }

    /**
     * A wbio whose flush fails without a retry flag (custom BIO returning 0 for BIO_CTRL_FLUSH).
     */
    static final class FlushFailsBio extends Bio {
        final MemBio sink = MemBio.create();
        boolean retry;

        @Override
        protected int implRead(byte[] b, int off, int len) {
            return sink.read(b, off, len);
        }

        @Override
        protected int implWrite(byte[] b, int off, int len) {
            return sink.write(b, off, len);
        }

        @Override
        protected int implFlush() {
            if (retry) {
                setRetryWrite();
                return -1;
            }
            return 0;
        }
    }

    @Test
    void case14_flushFailingWithoutRetryIsSyscall() {
        Ssl s = client();
        FlushFailsBio w = new FlushFailsBio();
        s.setBio(MemBio.create(), w);
        assertThat(s.connect()).isEqualTo(-1);
        assertThat(s.getError(-1)).isEqualTo(SslError.SYSCALL);
        assertThat(s.lastError().reason()).isEqualTo(SslReason.BIO_ERROR);
    }

    @Test
    void decision4_flushAskingForRetryIsWantWrite() {
        MemPair p = new MemPair(TlsVersion.TLS1_3);
        FlushFailsBio w = new FlushFailsBio();
        w.retry = true;
        p.client.setBio(p.s2c, w);
        assertThat(p.client.connect()).isEqualTo(-1);
        assertThat(p.client.getError(-1)).isEqualTo(SslError.WANT_WRITE);
        // the ClientHello went into the BIO exactly once; now let the flush succeed
        byte[] hello = w.sink.data();
        assertThat(hello).isNotEmpty();
        p.c2s.write(hello);
        p.client.setBio(p.s2c, p.c2s);
        p.connect();
    }

    @Test
    void case15_missingBios() {
        Ssl a = client();
        a.setBio(MemBio.create(), null);
        assertThat(a.connect()).isEqualTo(-1);
        assertThat(a.getError(-1)).isEqualTo(SslError.SYSCALL);
        Ssl b = client();
        b.setBio(null, MemBio.create());
        assertThat(b.connect()).isEqualTo(-1);
        assertThat(b.getError(-1)).isEqualTo(SslError.SSL);
        assertThat(b.lastError().reason()).isEqualTo(SslReason.READ_BIO_NOT_SET);
    }

    @Test
    void case16_keyUpdatePeerInWrite() {
        MemPair p = new MemPair(TlsVersion.TLS1_3).connect();
        assertThat(p.client.keyUpdate(true)).isEqualTo(1);
        assertThat(p.client.doHandshake()).isEqualTo(1);
        byte[] b = new byte[16];
        // the server reads the KeyUpdate (which asks it to update too)
        assertThat(p.server.read(b, 0, 16)).isEqualTo(-1);
        assertThat(p.server.getError(-1)).isEqualTo(SslError.WANT_READ);
        byte[] msg = "after key update".getBytes(StandardCharsets.US_ASCII);
        RetryInjectingBio stuck = RetryInjectingBio.alwaysRetry();
        p.server.setBio(p.c2s, stuck);
        assertThat(p.server.write(msg, 0, msg.length)).isEqualTo(-1);
        assertThat(p.server.getError(-1)).isEqualTo(SslError.WANT_WRITE);
        p.server.setBio(p.c2s, p.s2c);
        assertThat(p.server.read(b, 0, 16)).isEqualTo(-1);
        assertThat(p.server.getError(-1)).isEqualTo(SslError.WANT_READ);
        assertThat(p.server.write(msg, 0, msg.length)).isEqualTo(msg.length);
        assertThat(p.client.read(b, 0, 16)).isEqualTo(16);
        assertThat(b).isEqualTo(msg);
    }

    @Test
    void case17_keyUpdateRefusedWhileAWriteWaitsForRetry() {
        MemPair p = new MemPair(TlsVersion.TLS1_3).connect();
        RetryInjectingBio stuck = RetryInjectingBio.alwaysRetry();
        p.client.setBio(p.s2c, stuck);
        byte[] msg = new byte[100];
        assertThat(p.client.write(msg, 0, 100)).isEqualTo(-1);
        assertThat(p.client.getError(-1)).isEqualTo(SslError.WANT_WRITE);
        assertThat(p.client.keyUpdate(false)).isZero();
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.BAD_WRITE_RETRY);
        p.client.setBio(p.s2c, p.c2s);
        assertThat(p.client.write(msg, 0, 100)).isEqualTo(100);
        assertThat(p.client.keyUpdate(false)).isEqualTo(1);
        assertThat(p.client.doHandshake()).isEqualTo(1);
        byte[] b = new byte[100];
        assertThat(p.server.read(b, 0, 100)).isEqualTo(100);
        // the server still decrypts after our key change
        assertThat(p.client.write(msg, 0, 10)).isEqualTo(10);
        assertThat(p.server.read(b, 0, 100)).isEqualTo(10);
    }

    @Test
    void case18_pending() {
        MemPair p = new MemPair(TlsVersion.TLS1_3).connect();
        byte[] msg = "0123456789ABCDE".getBytes(StandardCharsets.US_ASCII);
        assertThat(p.client.write(msg, 0, 15)).isEqualTo(15);
        byte[] b = new byte[5];
        assertThat(p.server.read(b, 0, 5)).isEqualTo(5);
        assertThat(p.server.pending()).isEqualTo(10);
        assertThat(p.server.hasPending()).isTrue();
        assertThat(p.server.peek(b, 0, 5)).isEqualTo(5);
        assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("56789");
        assertThat(p.server.pending()).isEqualTo(10);
        byte[] rest = new byte[10];
        assertThat(p.server.read(rest, 0, 10)).isEqualTo(10);
        assertThat(new String(rest, StandardCharsets.US_ASCII)).isEqualTo("56789ABCDE");
        assertThat(p.server.pending()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void case27_bioPairs256WithRelayLoopSeeBothWants(TlsVersion v) {
        // doit_biopair: each Ssl on one end of its own 256-byte pair; the app relays between the
        // pairs
        BioPair cPair = BioPair.create(256, 256);
        BioPair sPair = BioPair.create(256, 256);
        Ssl client = Contexts.client(v).newSsl();
        Ssl server = Contexts.server(KeyType.ECDSA, v).newSsl();
        client.setBio(cPair.first(), cPair.first());
        server.setBio(sPair.first(), sPair.first());
        client.setConnectState();
        server.setAcceptState();
        Relay relay = new Relay(cPair.second(), sPair.second());
        Driver d = new Driver();
        d.handshake(client, server, relay);
        List<Call> all = new ArrayList<>(d.clientCalls);
        all.addAll(d.serverCalls);
        Set<SslError> seen = EnumSet.noneOf(SslError.class);
        all.forEach(c -> seen.add(c.error()));
        assertThat(seen)
                .contains(SslError.WANT_READ, SslError.WANT_WRITE, SslError.NONE)
                .doesNotContain(SslError.SSL, SslError.SYSCALL);
        byte[] data = new byte[50_000];
        new java.util.Random(27).nextBytes(data);
        assertThat(Driver.transfer(client, server, data, relay)).isEqualTo(data);
    }

    @Test
    void decision3_noStaleErrorTurnsWantReadIntoSsl() {
        MemPair p = new MemPair(TlsVersion.TLS1_3).connect();
        byte[] b = new byte[4];
        assertThat(p.server.write(b, 0, 4)).isEqualTo(4);
        // a failed call on the client (a key update while a write waits for its retry)...
        p.client.setBio(p.s2c, RetryInjectingBio.alwaysRetry());
        assertThat(p.client.write(b, 0, 4)).isEqualTo(-1);
        assertThat(p.client.keyUpdate(false)).isZero();
        assertThat(p.client.getError(0)).isEqualTo(SslError.SSL);
        assertThat(p.client.lastError().reason()).isEqualTo(SslReason.BAD_WRITE_RETRY);
        // ...leaves nothing behind for the next call, nor for another connection
        p.client.setBio(p.s2c, p.c2s);
        assertThat(p.server.read(b, 0, 4)).isEqualTo(-1);
        assertThat(p.server.getError(-1)).isEqualTo(SslError.WANT_READ);
        assertThat(p.client.read(b, 0, 4)).isEqualTo(4);
        assertThat(p.client.lastError()).isNull();
        assertThat(p.client.read(b, 0, 4)).isEqualTo(-1);
        assertThat(p.client.getError(-1)).isEqualTo(SslError.WANT_READ);
    }

    @Test
    void decision8_connectAfterSetAcceptStateRunsTheServerHandshake() {
        MemPair p = new MemPair(TlsVersion.TLS1_3);
        // the server object was given the accept role; connect() must not change it
        assertThat(p.client.connect()).isEqualTo(-1);
        assertThat(p.server.connect()).isEqualTo(-1);
        assertThat(p.server.isServer()).isTrue();
        assertThat(p.server.getError(-1)).isEqualTo(SslError.WANT_READ);
        p.connect();
    }
}
