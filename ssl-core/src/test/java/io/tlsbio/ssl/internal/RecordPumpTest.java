package io.tlsbio.ssl.internal;

import static io.tlsbio.ssl.internal.TestBytes.concat;
import static io.tlsbio.ssl.internal.TestBytes.pattern;
import static io.tlsbio.ssl.internal.TestBytes.record;
import static io.tlsbio.ssl.internal.TestBytes.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import io.tlsbio.ssl.SslWant;
import io.tlsbio.ssl.internal.RecordPump.Step;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordPumpTest {

    private final ErrorState errors = new ErrorState();
    private final RecordPump pump = new RecordPump(false, errors);
    private final StubEngine engine = new StubEngine();
    private final StubBio rbio = new StubBio();
    private final StubBio wbio = new StubBio();
    private final HandshakeTracker tracker = new HandshakeTracker(null);

    {
        pump.setBio(rbio, wbio);
    }

    /** What the stub engine makes of {@code data}: one fake record per 16384-byte chunk. */
    private static byte[] fakeRecords(byte[] data) {
        byte[] out = new byte[0];
        for (int at = 0; at < data.length; at += RecordPump.MAX_FRAGMENT) {
            int n = Math.min(RecordPump.MAX_FRAGMENT, data.length - at);
            out =
                    concat(
                            out,
                            new byte[] {23, 3, 3, (byte) (n >>> 8), (byte) n},
                            slice(data, at, at + n));
        }
        return out;
    }

    // ------------------------------------------------------------------ write

    @Test
    void writesEverythingOneRecordAtATimeThenFlushesOnce() throws IOException {
        byte[] data = pattern(40000, 1);
        PendingWrite pw = new PendingWrite(data, 0, data.length);

        assertThat(pump.write(engine, pw, data, 0, false)).isEqualTo(Step.DONE);
        assertThat(engine.appWrites).containsExactly(16384, 16384, 7232);
        assertThat(pw.taken()).isEqualTo(40000);
        assertThat(wbio.writtenBytes()).isEqualTo(fakeRecords(data));
        // each record went out before the next was made
        assertThat(wbio.writeLens).containsExactly(16389, 16389, 7237);
        assertThat(wbio.flushCount).isEqualTo(1);
        assertThat(pump.idle(engine)).isTrue();
    }

    @Test
    void writesFromTheCallersOffset() throws IOException {
        byte[] data = pattern(300, 2);
        PendingWrite pw = new PendingWrite(data, 100, 150);

        assertThat(pump.write(engine, pw, data, 100, false)).isEqualTo(Step.DONE);
        assertThat(wbio.writtenBytes()).isEqualTo(fakeRecords(slice(data, 100, 250)));
    }

    @Test
    void aPartialWriteReturnsAfterTheFirstRecord() throws IOException {
        byte[] data = pattern(40000, 3);
        PendingWrite pw = new PendingWrite(data, 0, data.length);

        assertThat(pump.write(engine, pw, data, 0, true)).isEqualTo(Step.DONE);
        assertThat(pw.taken()).isEqualTo(16384);
        assertThat(engine.appWrites).containsExactly(16384);
        assertThat(wbio.flushCount).isEqualTo(1);

        assertThat(pump.write(engine, pw, data, 0, true)).isEqualTo(Step.DONE);
        assertThat(pw.taken()).isEqualTo(32768);
        assertThat(pump.write(engine, pw, data, 0, true)).isEqualTo(Step.DONE);
        assertThat(pw.taken()).isEqualTo(40000);
        assertThat(wbio.writtenBytes()).isEqualTo(fakeRecords(data));
    }

    @Test
    void throughA4096BytePairTheWriteWantsWriteUntilAll40000BytesAreOut() throws IOException {
        // OpenSSL over a 4096-byte BIO pair: -1/WANT_WRITE on every call until the last record is
        // out
        byte[] data = pattern(40000, 4);
        PendingWrite pw = new PendingWrite(data, 0, data.length);
        wbio.writeCapacity = 4096;

        List<Step> steps = new ArrayList<>();
        for (int call = 0; call < 20; call++) {
            errors.beginCall();
            Step s = pump.write(engine, pw, data, 0, false);
            steps.add(s);
            if (s == Step.DONE) {
                break;
            }
            assertThat(s).isEqualTo(Step.RETRY);
            assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.WANT_WRITE);
            assertThat(errors.want()).isEqualTo(SslWant.WRITING);
            // the peer reads everything the pair holds
            wbio.writeCapacity = 4096;
        }

        int wire = 40000 + 3 * 5;
        assertThat(steps).hasSize((wire + 4095) / 4096).endsWith(Step.DONE);
        assertThat(steps.subList(0, steps.size() - 1)).containsOnly(Step.RETRY);
        assertThat(engine.appWrites).containsExactly(16384, 16384, 7232);
        assertThat(wbio.writtenBytes()).isEqualTo(fakeRecords(data));
        assertThat(wbio.flushCount).isEqualTo(1);
    }

    @Test
    void aBlockedRecordIsFinishedOnRetryAndAPartialWriteThenMakesOneMore() throws IOException {
        byte[] data = pattern(40000, 5);
        PendingWrite pw = new PendingWrite(data, 0, data.length);
        wbio.writeCapacity = 4096;

        assertThat(pump.write(engine, pw, data, 0, true)).isEqualTo(Step.RETRY);
        assertThat(pw.taken()).isEqualTo(16384);
        assertThat(engine.outputAvailable()).isEqualTo(16389 - 4096);

        wbio.writeCapacity = Integer.MAX_VALUE;
        // finishing the record left from the blocked call does not end the partial write
        assertThat(pump.write(engine, pw, data, 0, true)).isEqualTo(Step.DONE);
        assertThat(pw.taken()).isEqualTo(32768);
        assertThat(engine.appWrites).containsExactly(16384, 16384);
        assertThat(wbio.writtenBytes()).isEqualTo(fakeRecords(slice(data, 0, 32768)));
    }

    @Test
    void aRetryResumesExactlyWhereTheBioStopped() throws IOException {
        byte[] data = pattern(1000, 6);
        PendingWrite pw = new PendingWrite(data, 0, data.length);
        wbio.writeCapacity = 333;

        assertThat(pump.write(engine, pw, data, 0, false)).isEqualTo(Step.RETRY);
        wbio.writeCapacity = 1;
        assertThat(pump.write(engine, pw, data, 0, false)).isEqualTo(Step.RETRY);
        wbio.writeCapacity = Integer.MAX_VALUE;
        assertThat(pump.write(engine, pw, data, 0, false)).isEqualTo(Step.DONE);

        assertThat(engine.appWrites).containsExactly(1000);
        assertThat(wbio.writtenBytes()).isEqualTo(fakeRecords(data));
        assertThat(wbio.writeLens).containsExactly(1005, 672, 672, 671, 671);
    }

    @Test
    void aRetryThatExtendsTheWriteContinuesToTheNewLength() throws IOException {
        byte[] data = pattern(20000, 7);
        PendingWrite pw = new PendingWrite(data, 0, 10000);
        wbio.writeCapacity = 100;
        assertThat(pump.write(engine, pw, data, 0, false)).isEqualTo(Step.RETRY);

        assertThat(pw.retry(data, 0, 20000, false)).isEqualTo(PendingWrite.RetryCheck.OK);
        wbio.writeCapacity = Integer.MAX_VALUE;
        assertThat(pump.write(engine, pw, data, 0, false)).isEqualTo(Step.DONE);

        assertThat(engine.appWrites).containsExactly(10000, 10000);
        assertThat(wbio.writtenBytes())
                .isEqualTo(
                        concat(
                                fakeRecords(slice(data, 0, 10000)),
                                fakeRecords(slice(data, 10000, 20000))));
    }

    @Test
    void aWriteFailureIsFailedWithABioError() throws IOException {
        byte[] data = pattern(100, 8);
        PendingWrite pw = new PendingWrite(data, 0, data.length);
        wbio.writeCapacity = 0;
        wbio.writeErrorReason = BioError.Reason.IO_ERROR;

        assertThat(pump.write(engine, pw, data, 0, false)).isEqualTo(Step.FAILED);
        assertThat(pump.failure().reason()).isEqualTo(SslReason.BIO_ERROR);
        assertThat(pump.failure().error()).isEqualTo(SslError.SYSCALL);
        assertThat(pump.failure().message()).startsWith("write BIO failed");
        assertThat(errors.want()).isEqualTo(SslWant.WRITING);
    }

    @Test
    void aFlushRetryAtTheEndIsRetryAndTheRetryOnlyFlushes() throws IOException {
        byte[] data = pattern(100, 9);
        PendingWrite pw = new PendingWrite(data, 0, data.length);
        wbio.flushScript.add(StubBio.Flush.RETRY);

        assertThat(pump.write(engine, pw, data, 0, false)).isEqualTo(Step.RETRY);
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.WANT_WRITE);
        assertThat(pw.remaining()).isZero();

        assertThat(pump.write(engine, pw, data, 0, false)).isEqualTo(Step.DONE);
        assertThat(engine.appWrites).containsExactly(100);
        assertThat(wbio.flushCount).isEqualTo(2);
        assertThat(wbio.writtenBytes()).isEqualTo(fakeRecords(data));
    }

    @Test
    void aFlushFailureIsFailedNamingTheFlush() throws IOException {
        byte[] data = pattern(10, 10);
        PendingWrite pw = new PendingWrite(data, 0, data.length);
        wbio.flushScript.add(StubBio.Flush.FAIL);

        assertThat(pump.write(engine, pw, data, 0, false)).isEqualTo(Step.FAILED);
        assertThat(pump.failure().message()).startsWith("flush BIO failed");
    }

    // ------------------------------------------------------------------ read

    @Test
    void readRecordReadsOneRecord() throws IOException {
        byte[] r = record(23, 40, 11);
        rbio.feed(r);

        assertThat(pump.readRecord(engine)).isEqualTo(Step.DONE);
        assertThat(engine.recordsIn).hasSize(1);
        assertThat(engine.recordsIn.get(0)).isEqualTo(r);
        assertThat(pump.buffered()).isZero();
    }

    @Test
    void readRecordWaitingIsRetryWithWantRead() throws IOException {
        rbio.feed(slice(record(23, 40, 12), 0, 20));

        assertThat(pump.readRecord(engine)).isEqualTo(Step.RETRY);
        assertThat(errors.want()).isEqualTo(SslWant.READING);
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.WANT_READ);
        assertThat(pump.buffered()).isEqualTo(20);
    }

    @Test
    void readRecordEofAndReadFailure() throws IOException {
        rbio.whenEmpty = StubBio.Then.EOF;
        assertThat(pump.readRecord(engine)).isEqualTo(Step.EOF);

        rbio.whenEmpty = StubBio.Then.ERROR;
        rbio.readErrorReason = BioError.Reason.UNINITIALIZED;
        assertThat(pump.readRecord(engine)).isEqualTo(Step.FAILED);
        assertThat(pump.failure().error()).isEqualTo(SslError.SSL);
        assertThat(pump.failure().message()).startsWith("read BIO failed");
        assertThat(errors.want()).isEqualTo(SslWant.READING);
    }

    @Test
    void readRecordStillReadsWhileAWriteIsBlocked() throws IOException {
        engine.enqueue(pattern(50, 13));
        wbio.writeCapacity = 10;
        byte[] r = record(23, 5, 14);
        rbio.feed(r);

        assertThat(pump.readRecord(engine)).isEqualTo(Step.DONE);
        assertThat(engine.recordsIn).hasSize(1);
        assertThat(engine.outputAvailable()).isEqualTo(40);
    }

    @Test
    void readRecordStopsOnAWriteFailureWithoutReading() throws IOException {
        engine.enqueue(pattern(50, 15));
        wbio.writeCapacity = 0;
        wbio.writeErrorReason = BioError.Reason.BROKEN_PIPE;
        rbio.feed(record(23, 5, 16));

        assertThat(pump.readRecord(engine)).isEqualTo(Step.FAILED);
        assertThat(rbio.readLens).isEmpty();
        assertThat(pump.failure().message()).startsWith("write BIO failed");
    }

    // ------------------------------------------------------------------ handshake

    /** The engine as a client: ClientHello queued; the server's record finishes the handshake. */
    private void clientScript() {
        engine.enqueue(pattern(100, 17));
        engine.onRecord =
                (e, rec) -> {
                    e.enqueue(pattern(50, 18));
                    tracker.handshakeComplete();
                };
    }

    @Test
    void handshakeFlushesItsFlightBeforeWaitingThenFinishes() throws IOException {
        clientScript();
        wbio.log = rbio.log;

        assertThat(pump.handshake(engine, tracker)).isEqualTo(Step.RETRY);
        assertThat(errors.want()).isEqualTo(SslWant.READING);
        assertThat(rbio.log).containsExactly("write 100", "flush", "read 5");

        byte[] serverFlight = record(22, 60, 19);
        rbio.feed(serverFlight);
        rbio.log.clear();
        assertThat(pump.handshake(engine, tracker)).isEqualTo(Step.DONE);
        assertThat(rbio.log).containsExactly("read 5", "read 60", "write 50", "flush");
        assertThat(engine.recordsIn.get(0)).isEqualTo(serverFlight);
        assertThat(pump.idle(engine)).isTrue();
    }

    @Test
    void aBlockedHandshakeWriteReadsOnlyWhatIsAvailable() throws IOException {
        clientScript();
        wbio.writeCapacity = 0;

        assertThat(pump.handshake(engine, tracker)).isEqualTo(Step.RETRY);
        assertThat(rbio.readLens).isEmpty();
        assertThat(errors.want()).isEqualTo(SslWant.WRITING);
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.WANT_WRITE);

        // the peer's flight arrives while ours is still blocked: it is read, the write still waits
        rbio.feed(record(22, 60, 20));
        assertThat(pump.handshake(engine, tracker)).isEqualTo(Step.RETRY);
        assertThat(engine.recordsIn).hasSize(1);
        assertThat(tracker.finished()).isTrue();
        assertThat(errors.want()).isEqualTo(SslWant.WRITING);

        wbio.writeCapacity = Integer.MAX_VALUE;
        assertThat(pump.handshake(engine, tracker)).isEqualTo(Step.DONE);
        assertThat(wbio.writtenBytes()).isEqualTo(concat(pattern(100, 17), pattern(50, 18)));
        assertThat(wbio.flushCount).isEqualTo(1);
    }

    @Test
    void aConnectingWriteBioIsRetryWithWantConnect() throws IOException {
        clientScript();
        wbio.writeCapacity = 0;
        wbio.writeSpecial = RetryReason.CONNECT;

        assertThat(pump.handshake(engine, tracker)).isEqualTo(Step.RETRY);
        assertThat(errors.classify(-1, rbio, wbio, false)).isEqualTo(SslError.WANT_CONNECT);
        assertThat(rbio.readLens).isEmpty();
    }

    @Test
    void handshakeEofAndWriteFailure() throws IOException {
        rbio.whenEmpty = StubBio.Then.EOF;
        assertThat(pump.handshake(engine, tracker)).isEqualTo(Step.EOF);

        engine.enqueue(pattern(10, 21));
        wbio.writeCapacity = 0;
        wbio.writeErrorReason = BioError.Reason.CONNECT_ERROR;
        assertThat(pump.handshake(engine, tracker)).isEqualTo(Step.FAILED);
        assertThat(pump.failure().error()).isEqualTo(SslError.SYSCALL);
    }

    // ------------------------------------------------------------------ flushAll, alerts

    @Test
    void flushAllWritesAndFlushes() {
        engine.enqueue(pattern(30, 22));

        assertThat(pump.flushAll(engine)).isEqualTo(Step.DONE);
        assertThat(wbio.writtenBytes()).isEqualTo(pattern(30, 22));
        assertThat(wbio.flushCount).isEqualTo(1);
        assertThat(pump.idle(engine)).isTrue();
    }

    @Test
    void sendAlertBestEffortSurvivesNoBioAndFailingBios() {
        RecordPump noBio = new RecordPump(false, errors);
        engine.enqueue(pattern(7, 23));
        noBio.sendAlertBestEffort(engine);
        assertThat(engine.outputAvailable()).isEqualTo(7);

        wbio.writeCapacity = 0;
        wbio.writeErrorReason = BioError.Reason.IO_ERROR;
        pump.sendAlertBestEffort(engine);
        assertThat(pump.failure()).isNull();

        wbio.writeCapacity = Integer.MAX_VALUE;
        pump.sendAlertBestEffort(engine);
        assertThat(wbio.writtenBytes()).isEqualTo(pattern(7, 23));
        assertThat(wbio.flushCount).isEqualTo(1);
    }
}
