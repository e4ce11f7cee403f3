package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.ssl.SessionCacheMode;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslSession;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyMode;
import io.tlsbio.ssl.VerifyResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.HandshakeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Session resumption between two tlsbio peers over memory BIOs, in OpenSSL's shape: the second
 * connection resumes the first one's session ({@code sessionReused()} on both sides), by TLS 1.2
 * ticket or id and by TLS 1.3 ticket PSK; a session the server cannot take (expired, removed,
 * another server's) gives a full handshake; TLS 1.3 tickets arrive during {@code read()} without a
 * spurious result.
 */
class SessionResumptionTest {

    /** A clock the test moves; starts at the deterministic clock's instant. */
    static final class MovableClock extends Clock {
        private Instant now = SslContext.DETERMINISTIC_CLOCK.instant();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();

    private SslContext.Builder server(TlsVersion v) {
        return Contexts.serverBuilder(KeyType.ECDSA, v).clock(clock);
    }

    private SslContext.Builder client(TlsVersion v) {
        return Contexts.clientBuilder(v).clock(clock);
    }

    /**
     * A handshake offering {@code session}; the client then reads until WANT_READ, taking any
     * tickets.
     */
    private static MemPair connect(SslContext c, SslContext s, SslSession session) {
        MemPair p = new MemPair(c, s);
        p.client.setSession(session);
        p.connect();
        readTickets(p.client);
        return p;
    }

    /** A read with no data pending: -1 and WANT_READ, whatever tickets it processed. */
    private static void readTickets(Ssl client) {
        byte[] b = new byte[16];
        int r = client.read(b, 0, b.length);
        assertThat(r).as("read with only tickets to process").isEqualTo(-1);
        assertThat(client.getError(r)).isEqualTo(SslError.WANT_READ);
        assertThat(client.pending()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void theSecondConnectionResumesTheFirstSession(TlsVersion v) {
        SslContext s = server(v).build();
        SslContext c = client(v).build();
        MemPair first = connect(c, s, null);
        assertThat(first.client.sessionReused()).isFalse();
        assertThat(first.server.sessionReused()).isFalse();
        SslSession session = first.client.session();
        assertThat(session.isResumable()).isTrue();
        assertThat(session.hasTicket()).isTrue();
        assertThat(session.version()).isEqualTo(v);
        assertThat(session.cipher()).isEqualTo(first.client.cipher());
        assertThat(session.peerCertificates()).isEqualTo(first.client.peerCertificates());

        MemPair second = connect(c, s, session);
        assertThat(second.client.sessionReused()).isTrue();
        assertThat(second.server.sessionReused()).isTrue();
        assertThat(second.client.cipher()).isEqualTo(first.client.cipher());
        // a resumption carries no certificate: the session's are the connection's, as in OpenSSL
        assertThat(second.client.peerCertificates()).isEqualTo(first.client.peerCertificates());
        assertThat(second.client.verifyResult()).isEqualTo(VerifyResult.OK);
        byte[] data = "after resumption".getBytes(StandardCharsets.US_ASCII);
        assertThat(Driver.transfer(second.client, second.server, data, () -> {})).isEqualTo(data);
        assertThat(Driver.transfer(second.server, second.client, data, () -> {})).isEqualTo(data);
        assertThat(s.sessionHits()).isEqualTo(1);
    }

    /**
     * The session's peer chain is the one the peer check parsed, both ways (parsed once): the same
     * certificate objects the connection reports, and a resumption on the server reports them.
     */
    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void theSessionKeepsThePeerChainTheCheckParsed(TlsVersion v) throws Exception {
        TestCredential cred = Contexts.pki().client(KeyType.ECDSA);
        SslContext s =
                server(v)
                        .verify(VerifyMode.FAIL_IF_NO_PEER_CERT)
                        .trust(List.of(Contexts.pki().ca().certificate()))
                        .build();
        SslContext c = client(v).certificate(cred.chain(), cred.privateKey()).build();
        MemPair first = connect(c, s, null);
        SslSession clientSide = first.client.session();
        SslSession serverSide = first.server.session();
        assertThat(first.server.peerCertificates()).isNotEmpty();
        for (int i = 0; i < first.client.peerCertificates().size(); i++) {
            assertThat(clientSide.peerCertificates().get(i))
                    .isSameAs(first.client.peerCertificates().get(i));
        }
        assertThat(serverSide.peerCertificates().get(0))
                .isSameAs(first.server.peerCertificates().get(0));
        assertThat(serverSide.peerCertificates().get(0).getEncoded())
                .isEqualTo(cred.chain().get(0).getEncoded());

        MemPair second = connect(c, s, clientSide);
        assertThat(second.server.sessionReused()).isTrue();
        assertThat(second.server.peerCertificates().get(0).getEncoded())
                .isEqualTo(cred.chain().get(0).getEncoded());
    }

    @Test
    void tls12ResumesBySessionIdWithTicketsOff() {
        SslContext s = server(TlsVersion.TLS1_2).tickets(false).build();
        SslContext c = client(TlsVersion.TLS1_2).build();
        SslSession session = connect(c, s, null).client.session();
        assertThat(session.hasTicket()).isFalse();
        assertThat(session.id()).hasSize(32);
        assertThat(s.sessionCount()).isEqualTo(1);
        MemPair second = connect(c, s, session);
        assertThat(second.client.sessionReused()).isTrue();
        assertThat(second.server.sessionReused()).isTrue();
        assertThat(second.client.session().id()).isEqualTo(session.id());
    }

    @Test
    void tls12WithoutCacheOrTicketsMakesNoResumableSession() {
        SslContext s =
                server(TlsVersion.TLS1_2)
                        .tickets(false)
                        .sessionCacheMode(SessionCacheMode.OFF)
                        .build();
        SslContext c = client(TlsVersion.TLS1_2).build();
        SslSession session = connect(c, s, null).client.session();
        assertThat(session.id()).isEmpty();
        assertThat(session.isResumable()).isFalse();
        assertThat(connect(c, s, session).client.sessionReused()).isFalse();
    }

    @Test
    void tls12RemovedSessionIsNotResumedById() {
        SslContext s = server(TlsVersion.TLS1_2).tickets(false).build();
        SslContext c = client(TlsVersion.TLS1_2).build();
        MemPair first = connect(c, s, null);
        s.removeSession(first.server.session());
        assertThat(s.sessionCount()).isZero();
        MemPair second = connect(c, s, first.client.session());
        assertThat(second.client.sessionReused()).isFalse();
        assertThat(second.server.sessionReused()).isFalse();
        assertThat(s.sessionMisses()).isEqualTo(1);
    }

    @Test
    void tls13StatefulTicketsResumeWhenTicketsAreOff() {
        SslContext s = server(TlsVersion.TLS1_3).tickets(false).build();
        SslContext c = client(TlsVersion.TLS1_3).build();
        SslSession session = connect(c, s, null).client.session();
        assertThat(session.ticket()).as("a stateful ticket is a session id").hasSize(32);
        assertThat(s.sessionCount()).isEqualTo(2);
        assertThat(connect(c, s, session).server.sessionReused()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void anExpiredSessionGivesAFullHandshake(TlsVersion v) {
        SslContext s = server(v).sessionTimeout(Duration.ofSeconds(60)).build();
        SslContext c = client(v).build();
        SslSession session = connect(c, s, null).client.session();
        assertThat(session.timeout())
                .isEqualTo(Duration.ofSeconds(v == TlsVersion.TLS1_3 ? 60 : 7200));
        clock.advance(Duration.ofSeconds(61));
        MemPair second = connect(c, s, session);
        assertThat(second.client.sessionReused()).isFalse();
        assertThat(second.server.sessionReused()).isFalse();
        assertThat(second.client.session().isResumable()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void anotherServersSessionIsNotUsed(TlsVersion v) {
        SslContext c = client(v).build();
        SslSession session = connect(c, server(v).build(), null).client.session();
        SslContext other = server(v).build();
        MemPair second = connect(c, other, session);
        assertThat(second.client.sessionReused()).isFalse();
        assertThat(second.server.sessionReused()).isFalse();
        assertThat(other.sessionHits()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void serversSharingTicketKeysResumeEachOthersTickets(TlsVersion v) {
        byte[] keys = new byte[80];
        keys[0] = 7;
        SslContext c = client(v).build();
        SslSession session = connect(c, server(v).ticketKeys(keys).build(), null).client.session();
        assertThat(connect(c, server(v).ticketKeys(keys).build(), session).client.sessionReused())
                .isTrue();
    }

    @Test
    void tls13SendsTwoTicketsAfterAFullHandshakeAndOneAfterAResumption() {
        SslContext s = server(TlsVersion.TLS1_3).build();
        List<SslSession> sessions = new ArrayList<>();
        SslContext c =
                client(TlsVersion.TLS1_3)
                        .newSessionCallback((ssl, session) -> sessions.add(session))
                        .build();
        MemPair first = connect(c, s, null);
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).ticket()).isNotEqualTo(sessions.get(1).ticket());
        assertThat(sessions.get(0).masterKey()).isNotEqualTo(sessions.get(1).masterKey());
        assertThat(first.client.session().ticket()).isEqualTo(sessions.get(1).ticket());
        connect(c, s, sessions.get(0));
        assertThat(sessions).hasSize(3);
        SslContext none = server(TlsVersion.TLS1_3).numTickets(0).build();
        connect(c, none, null);
        assertThat(sessions).hasSize(3);
    }

    @Test
    void tls13TicketsDuringReadAreNoResult() {
        SslContext s = server(TlsVersion.TLS1_3).build();
        SslContext c = client(TlsVersion.TLS1_3).build();
        MemPair p = new MemPair(c, s);
        List<Integer> received = new ArrayList<>();
        p.client.setMessageCallback(
                (ssl, m) -> {
                    if (!m.write() && m.handshakeType() >= 0) {
                        received.add(m.handshakeType());
                    }
                });
        p.connect();
        assertThat(p.client.session().isResumable()).as("no ticket read yet").isFalse();
        readTickets(p.client);
        assertThat(received)
                .endsWith(
                        (int) HandshakeType.new_session_ticket,
                        (int) HandshakeType.new_session_ticket);
        assertThat(p.client.session().isResumable()).isTrue();
        byte[] data = "data".getBytes(StandardCharsets.US_ASCII);
        assertThat(Driver.transfer(p.server, p.client, data, () -> {})).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aSessionSurvivesItsDerForm(TlsVersion v) {
        SslContext s = server(v).build();
        SslContext c = client(v).build();
        SslSession session = connect(c, s, null).client.session();
        SslSession back = SslSession.fromPem(session.toPem());
        assertThat(back.toDer()).isEqualTo(session.toDer());
        assertThat(back.masterKey()).isEqualTo(session.masterKey());
        assertThat(back.peerCertificates()).containsExactly(session.peerCertificates().get(0));
        assertThat(connect(c, s, back).client.sessionReused()).isTrue();
    }

    @Test
    void tls13KeyUpdateWorksAfterAResumption() {
        SslContext s = server(TlsVersion.TLS1_3).build();
        SslContext c = client(TlsVersion.TLS1_3).build();
        MemPair p = connect(c, s, connect(c, s, null).client.session());
        assertThat(p.client.sessionReused()).isTrue();
        byte[] data = "before, between and after key updates".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            assertThat(p.client.keyUpdate(true)).isEqualTo(1);
            assertThat(Driver.transfer(p.client, p.server, data, () -> {})).isEqualTo(data);
            assertThat(p.server.keyUpdate(false)).isEqualTo(1);
            assertThat(Driver.transfer(p.server, p.client, data, () -> {})).isEqualTo(data);
        }
        Driver.shutdown(p.client, p.server, () -> {}, () -> {});
    }

    @Test
    void setSessionAfterTheHandshakeStartedIsMisuse() {
        MemPair p =
                connect(client(TlsVersion.TLS1_3).build(), server(TlsVersion.TLS1_3).build(), null);
        assertThatThrownBy(() -> p.client.setSession(null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void deterministicContextsMakeTheSameTickets() {
        SslSession a = deterministicSession();
        SslSession b = deterministicSession();
        assertThat(a.ticket()).isEqualTo(b.ticket());
        assertThat(a.toDer()).isEqualTo(b.toDer());
    }

    private SslSession deterministicSession() {
        SslContext s =
                Contexts.serverBuilder(KeyType.ECDSA, TlsVersion.TLS1_3).deterministic(5).build();
        SslContext c = Contexts.clientBuilder(TlsVersion.TLS1_3).deterministic(6).build();
        return connect(c, s, null).client.session();
    }
}
