package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.SslMode;
import io.tlsbio.ssl.SslReason;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendPathTest {

    private final ErrorState errors = new ErrorState();
    private final RecordPump pump = new RecordPump(false, errors);
    private final StubEngine engine = new StubEngine();
    private final SendPath send = new SendPath(pump);
    private final StubConnection c =
            new StubConnection(
                    Lifecycle.ESTABLISHED,
                    engine,
                    new Failures(
                            errors,
                            new HandshakeTracker(null),
                            pump,
                            false,
                            new InternalBugs(false)));
    private final StubBio wbio = new StubBio();

    SendPathTest() {
        pump.setBio(new StubBio(), wbio);
    }

    private int blockedWrite(byte[] b, int len, Set<SslMode> modes) {
        wbio.writeCapacity = 100;
        return send.write(c, b, 0, len, modes);
    }

    @Test
    void aShorterRetryIsBadLengthAndFatal() {
        byte[] b = new byte[1000];
        assertThat(blockedWrite(b, 1000, Set.of())).isEqualTo(-1);
        assertThat(send.writePending()).isTrue();
        assertThat(send.write(c, b, 0, 500, Set.of())).isEqualTo(-1);
        assertThat(errors.lastError().reason()).isEqualTo(SslReason.BAD_LENGTH);
        assertThat(c.state).isEqualTo(Lifecycle.FAILED);
    }

    @Test
    void aMovedRetryIsBadWriteRetryUnlessAllowed() {
        byte[] b = new byte[1000];
        assertThat(blockedWrite(b, 1000, Set.of())).isEqualTo(-1);
        assertThat(send.write(c, b.clone(), 0, 1000, Set.of())).isEqualTo(-1);
        assertThat(errors.lastError().reason()).isEqualTo(SslReason.BAD_WRITE_RETRY);
    }

    @Test
    void aMovedRetryWithAcceptMovingWriteBufferGoesThrough() {
        byte[] b = new byte[1000];
        Set<SslMode> moving = EnumSet.of(SslMode.ACCEPT_MOVING_WRITE_BUFFER);
        assertThat(blockedWrite(b, 1000, moving)).isEqualTo(-1);
        wbio.writeCapacity = Integer.MAX_VALUE;
        assertThat(send.write(c, b.clone(), 0, 1000, moving)).isEqualTo(1000);
        assertThat(send.writePending()).isFalse();
        assertThat(engine.appWrites).containsExactly(1000);
    }

    @Test
    void aKeyUpdateIsSentByTheNextWriteAndMakesTheSenderBusy() {
        assertThat(send.idle(engine)).isTrue();
        send.scheduleKeyUpdate(true);
        assertThat(send.idle(engine)).isFalse();
        wbio.writeCapacity = Integer.MAX_VALUE;
        assertThat(send.flush(c)).isEqualTo(1);
        assertThat(engine.keyUpdates).containsExactly(true);
        assertThat(wbio.flushCount).isEqualTo(1);
        assertThat(send.idle(engine)).isTrue();
        assertThat(send.flush(c)).isEqualTo(1);
        assertThat(engine.keyUpdates).as("sent once").containsExactly(true);
    }
}
