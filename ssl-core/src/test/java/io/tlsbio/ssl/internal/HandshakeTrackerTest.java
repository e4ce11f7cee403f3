package io.tlsbio.ssl.internal;

import static io.tlsbio.ssl.internal.TestBytes.concat;
import static io.tlsbio.ssl.internal.TestBytes.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tlsbio.ssl.SslMessage;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeType;
import org.junit.jupiter.api.Test;

class HandshakeTrackerTest {

    private final HandshakeTracker tracker = new HandshakeTracker(null);
    private final List<SslMessage> messages = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();

    private void listen() {
        tracker.setMessageCallback((ssl, m) -> messages.add(m));
        tracker.setInfoCallback((ssl, e, d) -> infos.add(e + " " + d));
    }

    /** A handshake message: 4-byte header (type, 24-bit length) and a body. */
    private static byte[] message(int type, int len) {
        return concat(
                new byte[] {(byte) type, (byte) (len >>> 16), (byte) (len >>> 8), (byte) len},
                pattern(len, type));
    }

    private void out(byte[] record) {
        tracker.recordOut(ContentType.handshake, record, 0, record.length);
    }

    @Test
    void startsBeforeInitialization() {
        assertThat(tracker.stateString()).isEqualTo("PINIT");
        assertThat(tracker.stateStringLong()).isEqualTo("before SSL initialization");
        assertThat(tracker.finished()).isFalse();
    }

    @Test
    void anOutgoingClientHelloNamesTheStateAndCallsBackOnce() {
        listen();
        out(message(HandshakeType.client_hello, 100));

        assertThat(tracker.stateString()).isEqualTo("TWCH");
        assertThat(tracker.stateStringLong()).isEqualTo("SSLv3/TLS write client hello");
        assertThat(messages)
                .containsExactly(
                        new SslMessage(
                                true,
                                ContentType.handshake,
                                HandshakeType.client_hello,
                                100,
                                "ClientHello"));
        assertThat(infos).containsExactly("STATE SSLv3/TLS write client hello");
    }

    @Test
    void aMessageSplitAcrossRecordsIsParsedOnceAndTheNextHeaderIsFound() {
        listen();
        byte[] cert = message(HandshakeType.certificate, 100);
        byte[] fin = message(HandshakeType.finished, 12);
        // header + 50 body bytes, then 30, then the last 20: only the first record holds a header
        out(TestBytes.slice(cert, 0, 54));
        out(TestBytes.slice(cert, 54, 84));
        assertThat(messages).hasSize(1);
        out(TestBytes.slice(cert, 84, cert.length));
        assertThat(messages).hasSize(1);
        out(fin);

        assertThat(messages)
                .extracting(SslMessage::handshakeType, SslMessage::length, SslMessage::description)
                .containsExactly(
                        tuple((int) HandshakeType.certificate, 100, "Certificate"),
                        tuple((int) HandshakeType.finished, 12, "Finished"));
    }

    @Test
    void aHeaderSplitAcrossRecordsIsStillParsed() {
        listen();
        byte[] both =
                concat(
                        message(HandshakeType.encrypted_extensions, 6),
                        message(HandshakeType.finished, 12));
        // the second header is cut after 2 of its 4 bytes
        out(TestBytes.slice(both, 0, 12));
        assertThat(messages).hasSize(1);
        out(TestBytes.slice(both, 12, both.length));

        assertThat(messages)
                .extracting(SslMessage::handshakeType, SslMessage::length)
                .containsExactly(
                        tuple((int) HandshakeType.encrypted_extensions, 6),
                        tuple((int) HandshakeType.finished, 12));
    }

    @Test
    void twoMessagesInOneRecordGiveTwoCallbacks() {
        listen();
        tracker.setServer(true);
        byte[] rec =
                concat(
                        message(HandshakeType.server_hello, 3),
                        message(HandshakeType.certificate, 5));
        out(rec);

        assertThat(messages)
                .extracting(SslMessage::handshakeType, SslMessage::length)
                .containsExactly(
                        tuple((int) HandshakeType.server_hello, 3),
                        tuple((int) HandshakeType.certificate, 5));
        assertThat(infos)
                .containsExactly(
                        "STATE SSLv3/TLS write server hello", "STATE SSLv3/TLS write certificate");
        assertThat(tracker.stateString()).isEqualTo("TWSC");
    }

    @Test
    void anEmptyBodyMessageDoesNotSwallowTheNext() {
        listen();
        out(
                concat(
                        message(HandshakeType.hello_request, 0),
                        message(HandshakeType.client_hello, 2)));

        assertThat(messages)
                .extracting(SslMessage::handshakeType)
                .containsExactly(
                        (int) HandshakeType.hello_request, (int) HandshakeType.client_hello);
    }

    @Test
    void certificatesAreNamedAfterTheirOwner() {
        // a client writes its own certificate and reads the server's
        out(message(HandshakeType.certificate, 1));
        assertThat(tracker.stateString()).isEqualTo("TWCC");
        tracker.handshakeIn(HandshakeType.certificate, 1);
        assertThat(tracker.stateString()).isEqualTo("TRSC");
        assertThat(tracker.stateStringLong()).isEqualTo("SSLv3/TLS read certificate");

        // a server the other way round
        tracker.setServer(true);
        out(message(HandshakeType.certificate, 1));
        assertThat(tracker.stateString()).isEqualTo("TWSC");
        tracker.handshakeIn(HandshakeType.certificate, 1);
        assertThat(tracker.stateString()).isEqualTo("TRCC");
    }

    @Test
    void anIncomingMessageNamesTheStateAndCallsBack() {
        listen();
        tracker.handshakeIn(HandshakeType.server_hello, 80);
        assertThat(tracker.stateString()).isEqualTo("TRSH");
        assertThat(tracker.stateStringLong()).isEqualTo("SSLv3/TLS read server hello");

        tracker.handshakeIn(HandshakeType.encrypted_extensions, 6);
        assertThat(tracker.stateString()).isEqualTo("TREE");
        assertThat(messages)
                .containsExactly(
                        new SslMessage(
                                false,
                                ContentType.handshake,
                                HandshakeType.server_hello,
                                80,
                                "ServerHello"),
                        new SslMessage(
                                false,
                                ContentType.handshake,
                                HandshakeType.encrypted_extensions,
                                6,
                                "EncryptedExtensions"));
    }

    @Test
    void aNamedStateReplacesTheMessageStateAndIsReported() {
        listen();
        tracker.handshakeIn(HandshakeType.finished, 32);
        tracker.state("SSLOK", "SSL negotiation finished successfully");

        assertThat(tracker.stateString()).isEqualTo("SSLOK");
        assertThat(tracker.stateStringLong()).isEqualTo("SSL negotiation finished successfully");
        assertThat(infos)
                .containsExactly(
                        "STATE SSLv3/TLS read finished",
                        "STATE SSL negotiation finished successfully");
    }

    @Test
    void onlyTheCallbackThatIsSetIsCalled() {
        tracker.setInfoCallback((ssl, e, d) -> infos.add(e + " " + d));
        out(message(HandshakeType.client_hello, 10));
        tracker.recordOut(ContentType.change_cipher_spec, new byte[] {1}, 0, 1);
        assertThat(infos).containsExactly("STATE SSLv3/TLS write client hello");

        tracker.setInfoCallback(null);
        tracker.setMessageCallback((ssl, m) -> messages.add(m));
        tracker.handshakeIn(HandshakeType.server_hello, 10);
        tracker.alertRaised(AlertLevel.fatal, AlertDescription.handshake_failure, null, null);
        assertThat(infos).hasSize(1);
        assertThat(messages).extracting(SslMessage::description).containsExactly("ServerHello");

        tracker.setMessageCallback(null);
        tracker.handshakeIn(HandshakeType.certificate, 10);
        tracker.alertReceived(AlertLevel.fatal, AlertDescription.bad_certificate);
        tracker.changeCipherSpecIn();
        assertThat(messages).hasSize(1);
        assertThat(tracker.stateString()).isEqualTo("TRSC");
    }

    @Test
    void withoutCallbacksEverythingStillWorks() {
        out(message(HandshakeType.client_hello, 10));
        tracker.recordOut(ContentType.alert, new byte[] {2, 40}, 0, 2);
        tracker.recordOut(ContentType.change_cipher_spec, new byte[] {1}, 0, 1);
        tracker.alertRaised(AlertLevel.fatal, AlertDescription.handshake_failure, "x", null);
        tracker.alertReceived(AlertLevel.warning, AlertDescription.close_notify);
        tracker.changeCipherSpecIn();
        tracker.state("SSLOK", "SSL negotiation finished successfully");

        assertThat(tracker.stateString()).isEqualTo("SSLOK");
    }

    @Test
    void alertsAndChangeCipherSpecGoToTheCallbacks() {
        listen();
        tracker.recordOut(
                ContentType.alert,
                new byte[] {9, AlertLevel.fatal, AlertDescription.bad_certificate},
                1,
                2);
        tracker.alertRaised(AlertLevel.fatal, AlertDescription.bad_certificate, null, null);
        tracker.alertReceived(AlertLevel.fatal, AlertDescription.handshake_failure);
        tracker.recordOut(ContentType.change_cipher_spec, new byte[] {1}, 0, 1);
        tracker.changeCipherSpecIn();
        tracker.recordOut(ContentType.application_data, new byte[] {1, 2, 3}, 0, 3);

        String sent =
                AlertLevel.getText(AlertLevel.fatal)
                        + " "
                        + AlertDescription.getText(AlertDescription.bad_certificate);
        String received =
                AlertLevel.getText(AlertLevel.fatal)
                        + " "
                        + AlertDescription.getText(AlertDescription.handshake_failure);
        assertThat(messages)
                .containsExactly(
                        new SslMessage(true, ContentType.alert, -1, 2, "alert " + sent),
                        new SslMessage(false, ContentType.alert, -1, 2, "alert " + received),
                        new SslMessage(
                                true, ContentType.change_cipher_spec, -1, 1, "ChangeCipherSpec"),
                        new SslMessage(
                                false, ContentType.change_cipher_spec, -1, 1, "ChangeCipherSpec"));
        assertThat(infos).containsExactly("ALERT_WRITE " + sent, "ALERT_READ " + received);
        // neither alerts nor ChangeCipherSpec move the handshake state
        assertThat(tracker.stateString()).isEqualTo("PINIT");
    }

    @Test
    void recordsTheEndOfTheHandshakeAndThePeersFindings() {
        List<X509Certificate> chain = new ArrayList<>();
        tracker.peerCertificates(chain);
        chain.add(null);
        tracker.peerCertificateMissing();
        tracker.handshakeComplete();

        assertThat(tracker.finished()).isTrue();
        assertThat(tracker.peerCertificates()).isEmpty();
        assertThat(tracker.peerCertificateWasMissing()).isTrue();
        assertThat(tracker.verifyFailure()).isNull();
    }
}
