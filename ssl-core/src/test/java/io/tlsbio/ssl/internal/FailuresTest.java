package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.SslShutdown;
import io.tlsbio.ssl.SslWant;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private final ErrorState errors = new ErrorState();
    private final HandshakeTracker tracker = new HandshakeTracker(null);
    private final RecordPump pump = new RecordPump(false, errors);
    private final StubEngine engine = new StubEngine();

    private StubConnection connection(Lifecycle state, boolean ignoreEof) {
        return new StubConnection(
                state,
                engine,
                new Failures(errors, tracker, pump, ignoreEof, new InternalBugs(false)));
    }

    @Test
    void eofIsUnexpectedEofAndSyscall() {
        StubConnection c = connection(Lifecycle.ESTABLISHED, false);
        assertThat(c.stalled(RecordPump.Step.EOF)).isEqualTo(-1);
        assertThat(c.state).isEqualTo(Lifecycle.FAILED);
        assertThat(errors.lastError().reason()).isEqualTo(SslReason.UNEXPECTED_EOF);
        assertThat(errors.lastError().error()).isEqualTo(SslError.SYSCALL);
        assertThat(c.failedFlags).isEmpty();
    }

    @Test
    void anIgnoredEofAfterTheHandshakeIsACloseNotify() {
        StubConnection c = connection(Lifecycle.SENT_SHUTDOWN, true);
        assertThat(c.stalled(RecordPump.Step.EOF)).isEqualTo(-1);
        assertThat(c.state).isEqualTo(Lifecycle.CLOSED);
        assertThat(errors.lastError()).isNull();
    }

    @Test
    void anIgnoredEofDuringTheHandshakeStillFailsWithZeroReturn() {
        StubConnection c = connection(Lifecycle.HANDSHAKING, true);
        c.stalled(RecordPump.Step.EOF);
        assertThat(c.state).isEqualTo(Lifecycle.FAILED);
        assertThat(errors.lastError().error()).isEqualTo(SslError.ZERO_RETURN);
    }

    @Test
    void aRetryChangesNothing() {
        StubConnection c = connection(Lifecycle.ESTABLISHED, false);
        errors.want(SslWant.READING);
        assertThat(c.stalled(RecordPump.Step.RETRY)).isEqualTo(-1);
        assertThat(c.state).isEqualTo(Lifecycle.ESTABLISHED);
        assertThat(errors.want()).isEqualTo(SslWant.READING);
    }

    @Test
    void theFirstFailureWinsAndTheStateMovesOnce() {
        StubConnection c = connection(Lifecycle.ESTABLISHED, false);
        c.fail(new SslFailure(SslReason.BAD_LENGTH, SslError.SSL, -1, "first", null));
        c.fail(new SslFailure(SslReason.BAD_WRITE_RETRY, SslError.SSL, -1, "second", null));
        assertThat(c.events).containsExactly(Lifecycle.Event.FATAL);
        assertThat(errors.lastError().reason()).isEqualTo(SslReason.BAD_LENGTH);
        assertThat(tracker.stateString()).isEqualTo("error");
    }

    @Test
    void aFatalAlertFromThePeerSetsReceivedShutdownAndKeepsSent() {
        StubConnection c = connection(Lifecycle.SENT_SHUTDOWN, false);
        c.engineFailure(new TlsFatalAlertReceived(AlertDescription.bad_record_mac));
        assertThat(c.state).isEqualTo(Lifecycle.FAILED);
        assertThat(c.failedFlags).containsExactlyInAnyOrder(SslShutdown.SENT, SslShutdown.RECEIVED);
        assertThat(errors.lastError().reason()).isEqualTo(SslReason.ALERT_RECEIVED);
    }

    @Test
    void anAlertWeSendKeepsTheFlagsAndClearsTheWait() {
        StubConnection c = connection(Lifecycle.ESTABLISHED, false);
        errors.want(SslWant.WRITING);
        c.engineFailure(new TlsFatalAlert(AlertDescription.decode_error));
        assertThat(c.failedFlags).isEmpty();
        assertThat(errors.want()).isEqualTo(SslWant.NOTHING);
        assertThat(errors.lastError().alertName()).isEqualTo("decode_error");
    }

    @Test
    void closeNotifyDuringTheHandshakeIsClosedInInitAndReturnsZero() {
        StubConnection c = connection(Lifecycle.HANDSHAKING, false);
        engine.closeNotifyIn = true;
        assertThat(c.engineFailure(new TlsFatalAlertReceived(AlertDescription.close_notify)))
                .isZero();
        assertThat(c.state).isEqualTo(Lifecycle.CLOSED_IN_INIT);
        assertThat(errors.lastError()).isNull();
        assertThat(tracker.stateStringLong()).isEqualTo("peer closed during handshake");
    }

    @Test
    void anAlertTheWriteBioDidNotTakeIsSaidSo() {
        StubConnection c = connection(Lifecycle.ESTABLISHED, false);
        StubBio wbio = new StubBio();
        wbio.writeCapacity = 0;
        pump.setBio(new StubBio(), wbio);
        engine.writeApplicationData(new byte[] {2, 50}, 0, 2); // stands for the queued alert record
        c.engineFailure(new TlsFatalAlert(AlertDescription.decode_error));
        assertThat(errors.lastError().message()).endsWith("(the alert could not be written)");
        assertThat(errors.lastError().alertName()).isEqualTo("decode_error");
    }

    @Test
    void anAlertThatWentOutIsNotAmended() {
        StubConnection c = connection(Lifecycle.ESTABLISHED, false);
        pump.setBio(new StubBio(), new StubBio());
        engine.writeApplicationData(new byte[] {2, 50}, 0, 2);
        c.engineFailure(new TlsFatalAlert(AlertDescription.decode_error));
        assertThat(errors.lastError().message()).isEqualTo("decode_error(50)");
    }
}
