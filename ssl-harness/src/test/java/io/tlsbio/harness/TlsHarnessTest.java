package io.tlsbio.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TlsHarnessTest {

    static List<HarnessConfig> configs() {
        return HarnessConfig.all();
    }

    /**
     * What the recorded peer wrote replays the connection: handshake, 120 bytes of data,
     * close_notify.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void aRecordingReplaysToTheCloseInBothRoles(HarnessConfig c) {
        Recording rec = Recorder.recorded(c);
        for (Role role : Role.values()) {
            byte[] input = rec.sentTo(role);
            Outcome o = TlsHarness.feed(role, c, input);
            assertThat(o.established()).as(o.summary()).isTrue();
            assertThat(o.ending()).as(o.summary()).isEqualTo(Outcome.Ending.CLOSED);
            assertThat(o.lastError()).isEqualTo(SslError.ZERO_RETURN);
            assertThat(o.applicationBytes())
                    .isEqualTo(Recorder.FIRST_WRITE + Recorder.SECOND_WRITE);
            assertThat(o.bytesConsumed()).isEqualTo(input.length);
            assertThat(o.alertSent()).isEqualTo(-1);
            assertThat(o.calls()).isLessThanOrEqualTo(TlsHarness.callCap(input.length));
            assertThat(o.internalBugs()).isZero();
        }
    }

    @Test
    void recordingsAreDeterministic() {
        for (HarnessConfig c : List.of(HarnessConfig.fromByte(0), HarnessConfig.fromByte(0b1111))) {
            Recording a = Recorder.record(c);
            Recording b = Recorder.record(c);
            assertThat(a.clientToServer()).isEqualTo(b.clientToServer());
            assertThat(a.serverToClient()).isEqualTo(b.serverToClient());
            assertThat(a.clientHandshakeLength()).isEqualTo(b.clientHandshakeLength());
        }
        Recording other = Recorder.record(HarnessConfig.fromByte(0, 99));
        assertThat(other.serverToClient())
                .isNotEqualTo(Recorder.recorded(HarnessConfig.fromByte(0)).serverToClient());
    }

    /**
     * The HRR configuration really asks again: the server's first message carries the HRR random.
     */
    @Test
    void theHelloRetryConfigurationSendsAHelloRetryRequestAndASecondClientHello() {
        Recording rec = Recorder.recorded(HarnessConfig.fromByte(0b1001));
        byte[] s = rec.serverToClient();
        // record header (5), handshake header (4), legacy_version (2), then the random
        byte[] random = Arrays.copyOfRange(s, 11, 43);
        assertThat(s[5]).as("ServerHello").isEqualTo((byte) 2);
        assertThat(random)
                .as("RFC 8446 4.1.3: SHA-256(\"HelloRetryRequest\")")
                .isEqualTo(HRR_RANDOM);
        long clientHellos =
                TlsRecords.parse(rec.clientHandshake()).stream()
                        .filter(r -> r.type == 22 && r.body.length > 0 && r.body[0] == 1)
                        .count();
        assertThat(clientHellos).isEqualTo(2);
        Recording plain = Recorder.recorded(HarnessConfig.fromByte(0b0001));
        assertThat(Arrays.copyOfRange(plain.serverToClient(), 11, 43)).isNotEqualTo(HRR_RANDOM);
    }

    private static final byte[] HRR_RANDOM =
            java.util.HexFormat.of()
                    .parseHex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    @ParameterizedTest
    @EnumSource(Role.class)
    void noInputEndsOnUnexpectedEof(Role role) {
        Outcome o = TlsHarness.feed(role, HarnessConfig.fromByte(1), new byte[0]);
        assertThat(o.ending()).isEqualTo(Outcome.Ending.FAILED);
        assertThat(o.lastError()).isEqualTo(SslError.SYSCALL);
        assertThat(o.reason()).isEqualTo(SslReason.UNEXPECTED_EOF);
        assertThat(o.established()).isFalse();
        assertThat(o.calls()).isEqualTo(2);
        assertThat(o.bytesWritten())
                .as("a client writes its ClientHello, a server nothing")
                .matches(n -> role == Role.CLIENT ? n > 100 : n == 0);
    }

    @Test
    void anHttpRequestToAServerIsRefusedWithoutAnAlert() {
        byte[] get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Outcome o = TlsHarness.feedServer(HarnessConfig.fromByte(0), get);
        assertThat(o.ending()).isEqualTo(Outcome.Ending.FAILED);
        assertThat(o.reason()).isEqualTo(SslReason.HTTP_REQUEST);
        assertThat(o.bytesWritten()).isZero();
        assertThat(o.alertSent()).isEqualTo(-1);
    }

    /** A flipped byte inside the server's certificate: the client sends a plaintext fatal alert. */
    @Test
    void aCorruptedCertificateMakesTheTls12ClientSendAFatalAlert() {
        HarnessConfig c = HarnessConfig.fromByte(0b0010);
        byte[] s = Recorder.recorded(c).serverHandshake();
        s[s.length / 3] ^= 0x40;
        Outcome o = TlsHarness.feedClient(c, s);
        assertThat(o.ending()).as(o.summary()).isEqualTo(Outcome.Ending.FAILED);
        assertThat(o.alertSent()).as(o.summary()).isBetween(0, 255).isNotEqualTo(80);
        assertThat(o.established()).isFalse();
    }

    @Test
    void aTruncatedFlightEndsOnUnexpectedEofAfterConsumingIt() {
        HarnessConfig c = HarnessConfig.fromByte(0b0011);
        byte[] s = Recorder.recorded(c).serverHandshake();
        byte[] half = Arrays.copyOf(s, s.length / 2);
        Outcome o = TlsHarness.feedClient(c, half);
        assertThat(o.reason()).as(o.summary()).isEqualTo(SslReason.UNEXPECTED_EOF);
        assertThat(o.bytesConsumed()).isEqualTo(half.length);
    }
}
