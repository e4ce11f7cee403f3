package io.tlsbio.ssl.internal;

import static io.tlsbio.ssl.internal.TestBytes.concat;
import static io.tlsbio.ssl.internal.TestBytes.record;
import static io.tlsbio.ssl.internal.TestBytes.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.BufferPool;
import io.tlsbio.ssl.internal.RecordReader.Result;
import java.io.IOException;
import java.lang.reflect.Field;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.Test;

class RecordReaderTest {

    private final StubBio rbio = new StubBio();
    private final StubBio wbio = new StubBio();
    private final StubEngine sink = new StubEngine();
    private final RecordWriter writer = new RecordWriter();

    private Result read(RecordReader reader) throws IOException {
        return reader.read(rbio, sink, false, writer, wbio);
    }

    private Result readOnlyAvailable(RecordReader reader) throws IOException {
        return reader.read(rbio, sink, true, writer, wbio);
    }

    /** Puts bytes into wbio through the writer so that a flush is owed. */
    private void owesFlush() {
        StubQueue q = new StubQueue();
        q.enqueue(new byte[10]);
        assertThat(writer.drain(q, wbio)).isEqualTo(RecordWriter.Result.DONE);
        assertThat(writer.flushPending()).isTrue();
    }

    private static int bufferLength(RecordReader reader) throws ReflectiveOperationException {
        Field f = RecordReader.class.getDeclaredField("in");
        f.setAccessible(true);
        return ((byte[]) f.get(reader)).length;
    }

    @Test
    void asksForExactlyTheHeaderThenExactlyTheBodyAndLeavesTheNextRecordInTheBio()
            throws IOException {
        byte[] r1 = record(23, 10, 1);
        byte[] r2 = record(23, 20, 2);
        rbio.feed(concat(r1, r2));
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(rbio.readLens).containsExactly(5, 10);
        assertThat(sink.recordsIn).hasSize(1);
        assertThat(sink.recordsIn.get(0)).isEqualTo(r1);
        assertThat(rbio.unread()).isEqualTo(r2.length);
        assertThat(reader.buffered()).isZero();

        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(rbio.readLens).containsExactly(5, 10, 5, 20);
        assertThat(sink.recordsIn.get(1)).isEqualTo(r2);
        assertThat(rbio.unread()).isZero();
    }

    @Test
    void keepsAPartialHeaderAcrossWantReadAndDeliversTheRecordOnce() throws IOException {
        byte[] r = record(22, 10, 3);
        rbio.maxPerRead = 3;
        rbio.feed(slice(r, 0, 3));
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
        assertThat(rbio.shouldRead()).isTrue();
        assertThat(reader.buffered()).isEqualTo(3);
        assertThat(sink.sizesAsked).isEmpty();
        assertThat(sink.recordsIn).isEmpty();
        assertThat(rbio.readLens).containsExactly(5, 2);

        rbio.feed(slice(r, 3, r.length));
        assertThat(read(reader)).isEqualTo(Result.RECORD);
        // the 2 missing header bytes, then the body in at most 3-byte bites, each ask exact
        assertThat(rbio.readLens).containsExactly(5, 2, 2, 10, 7, 4, 1);
        assertThat(sink.recordsIn).hasSize(1);
        assertThat(sink.recordsIn.get(0)).isEqualTo(r);
        assertThat(reader.buffered()).isZero();
    }

    @Test
    void keepsAPartialBodyAcrossRetriesAndParsesTheHeaderOnlyOnce() throws IOException {
        byte[] r = record(23, 10, 4);
        rbio.feed(slice(r, 0, 9));
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
        assertThat(reader.buffered()).isEqualTo(9);
        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
        assertThat(reader.buffered()).isEqualTo(9);

        rbio.feed(slice(r, 9, r.length));
        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(sink.sizesAsked).hasSize(1);
        assertThat(rbio.readLens).containsExactly(5, 10, 6, 6, 6);
        assertThat(sink.recordsIn).hasSize(1);
        assertThat(sink.recordsIn.get(0)).isEqualTo(r);

        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
        assertThat(sink.recordsIn).hasSize(1);
    }

    @Test
    void readAheadAsksForABufferfulAndServesTheSecondRecordWithoutTouchingTheBio()
            throws IOException {
        byte[] r1 = record(23, 100, 5);
        byte[] r2 = record(23, 50, 6);
        rbio.feed(concat(r1, r2));
        RecordReader reader = new RecordReader(true);

        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(rbio.readLens).containsExactly(RecordReader.READ_AHEAD_BUFFER);
        assertThat(sink.recordsIn.get(0)).isEqualTo(r1);
        assertThat(reader.buffered()).isEqualTo(r2.length);

        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(rbio.readLens).hasSize(1);
        assertThat(sink.recordsIn.get(1)).isEqualTo(r2);
        assertThat(reader.buffered()).isZero();

        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
        assertThat(rbio.readLens)
                .containsExactly(RecordReader.READ_AHEAD_BUFFER, RecordReader.READ_AHEAD_BUFFER);
    }

    @Test
    void readAheadKeepsAPartialSecondRecord() throws IOException {
        byte[] r1 = record(23, 30, 7);
        byte[] r2 = record(23, 40, 8);
        rbio.feed(concat(r1, slice(r2, 0, 3)));
        RecordReader reader = new RecordReader(true);

        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
        assertThat(reader.buffered()).isEqualTo(3);

        rbio.feed(slice(r2, 3, r2.length));
        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(sink.recordsIn).hasSize(2);
        assertThat(sink.recordsIn.get(1)).isEqualTo(r2);
    }

    @Test
    void readAheadCompactsTheBufferForARecordThatDoesNotFitBehindTheFirst() throws IOException {
        byte[] r1 = record(23, 16000, 9);
        byte[] r2 = record(23, 16000, 10);
        byte[] r3 = record(23, 16000, 11);
        rbio.feed(concat(r1, r2, r3));
        RecordReader reader = new RecordReader(true);

        for (int i = 0; i < 3; i++) {
            assertThat(read(reader)).isEqualTo(Result.RECORD);
        }
        assertThat(sink.recordsIn.get(0)).isEqualTo(r1);
        assertThat(sink.recordsIn.get(1)).isEqualTo(r2);
        assertThat(sink.recordsIn.get(2)).isEqualTo(r3);
        assertThat(rbio.readLens).allSatisfy(len -> assertThat(len).isPositive());
        assertThat(reader.buffered()).isZero();
        assertThat(rbio.unread()).isZero();
    }

    @Test
    void onlyAvailableWithNothingPendingIsNeedMoreWithoutReading() throws IOException {
        RecordReader reader = new RecordReader(false);

        assertThat(readOnlyAvailable(reader)).isEqualTo(Result.NEED_MORE);
        assertThat(rbio.readLens).isEmpty();
        assertThat(rbio.shouldRetry()).isFalse();
    }

    @Test
    void onlyAvailableReadsWhatIsPendingThenNeedMoreKeepingIt() throws IOException {
        byte[] r = record(23, 10, 12);
        rbio.feed(slice(r, 0, 8));
        RecordReader reader = new RecordReader(false);

        assertThat(readOnlyAvailable(reader)).isEqualTo(Result.NEED_MORE);
        assertThat(rbio.readLens).containsExactly(5, 10);
        assertThat(reader.buffered()).isEqualTo(8);
        assertThat(sink.recordsIn).isEmpty();

        rbio.feed(slice(r, 8, r.length));
        assertThat(readOnlyAvailable(reader)).isEqualTo(Result.RECORD);
        assertThat(sink.recordsIn.get(0)).isEqualTo(r);
    }

    @Test
    void onlyAvailableNeverFlushes() throws IOException {
        owesFlush();
        RecordReader reader = new RecordReader(false);

        assertThat(readOnlyAvailable(reader)).isEqualTo(Result.NEED_MORE);
        assertThat(wbio.flushCount).isZero();
        assertThat(writer.flushPending()).isTrue();
    }

    @Test
    void eofIsEofWithoutError() throws IOException {
        rbio.whenEmpty = StubBio.Then.EOF;
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.EOF);
        assertThat(rbio.lastError()).isNull();
    }

    @Test
    void eofInTheMiddleOfARecordKeepsWhatArrived() throws IOException {
        rbio.whenEmpty = StubBio.Then.EOF;
        rbio.feed(slice(record(23, 10, 13), 0, 7));
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.EOF);
        assertThat(reader.buffered()).isEqualTo(7);
        assertThat(sink.recordsIn).isEmpty();
    }

    @Test
    void aReadErrorIsReadFailedWithTheBiosLastErrorSet() throws IOException {
        rbio.whenEmpty = StubBio.Then.ERROR;
        rbio.readErrorReason = BioError.Reason.BROKEN_PIPE;
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.READ_FAILED);
        assertThat(rbio.lastError()).isNotNull();
        assertThat(rbio.lastError().reason()).isEqualTo(BioError.Reason.BROKEN_PIPE);
    }

    @Test
    void flushesOwedBytesBeforeWaitingOnAnEmptyReadBio() throws IOException {
        owesFlush();
        wbio.log = rbio.log;
        rbio.log.clear();
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
        assertThat(rbio.log).containsExactly("flush", "read 5");
        assertThat(writer.flushPending()).isFalse();

        // nothing owed any more: the next wait does not flush again
        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
        assertThat(wbio.flushCount).isEqualTo(1);
    }

    @Test
    void doesNotFlushWhileTheReadBioHasBytesPending() throws IOException {
        owesFlush();
        byte[] r = record(23, 10, 14);
        rbio.feed(r);
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(wbio.flushCount).isZero();
        assertThat(writer.flushPending()).isTrue();
    }

    @Test
    void flushesOnlyWhenThePendingBytesRunOutMidRecord() throws IOException {
        owesFlush();
        wbio.log = rbio.log;
        rbio.log.clear();
        rbio.feed(slice(record(23, 10, 15), 0, 3));
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
        assertThat(rbio.log).containsExactly("read 5", "flush", "read 2");
    }

    @Test
    void doesNotFlushWhenNothingIsOwed() throws IOException {
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
        assertThat(wbio.flushCount).isZero();
    }

    @Test
    void aFlushRetryIsWantWriteAndNothingIsRead() throws IOException {
        owesFlush();
        wbio.flushScript.add(StubBio.Flush.RETRY);
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.WANT_WRITE);
        assertThat(rbio.readLens).isEmpty();
        assertThat(writer.flushPending()).isTrue();

        // the retry flushes again, then reads
        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
        assertThat(wbio.flushCount).isEqualTo(2);
        assertThat(rbio.readLens).containsExactly(5);
    }

    @Test
    void aFlushFailureIsFlushFailed() throws IOException {
        owesFlush();
        wbio.flushScript.add(StubBio.Flush.FAIL);
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.FLUSH_FAILED);
        assertThat(wbio.lastError()).isNotNull();
        assertThat(rbio.readLens).isEmpty();
    }

    @Test
    void aHeaderTheSinkRejectsPropagates() {
        sink.maxRecord = 100;
        rbio.feed(record(23, 200, 16));
        RecordReader reader = new RecordReader(false);

        assertThatThrownBy(() -> read(reader))
                .isInstanceOfSatisfying(
                        TlsFatalAlert.class,
                        a ->
                                assertThat(a.getAlertDescription())
                                        .isEqualTo(AlertDescription.record_overflow));
        assertThat(rbio.readLens).containsExactly(5);
    }

    @Test
    void shrinkDropsTheGrownBufferOnceEmptyAndReadingGoesOn() throws Exception {
        RecordReader reader = new RecordReader(false);
        assertThat(bufferLength(reader)).as("no buffer before the first read").isZero();
        byte[] r1 = record(23, 100, 17);
        rbio.feed(r1);
        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(bufferLength(reader))
                .as("kept while handshaking")
                .isEqualTo(BufferPool.ARRAY_SIZE);

        reader.shrink();
        assertThat(bufferLength(reader)).isZero();

        byte[] r2 = record(23, 20, 18);
        rbio.feed(r2);
        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(sink.recordsIn.get(1)).isEqualTo(r2);
    }

    @Test
    void shrinkKeepsAPartialRecord() throws Exception {
        RecordReader reader = new RecordReader(false);
        rbio.feed(record(23, 100, 19));
        assertThat(read(reader)).isEqualTo(Result.RECORD);
        byte[] r2 = record(23, 50, 20);
        rbio.feed(slice(r2, 0, 30));
        assertThat(read(reader)).isEqualTo(Result.WANT_READ);

        reader.shrink();
        assertThat(reader.buffered()).isEqualTo(30);

        rbio.feed(slice(r2, 30, r2.length));
        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(sink.recordsIn.get(1)).isEqualTo(r2);
    }

    @Test
    void shrinkReleasesAnEmptyReadAheadBufferToo() throws Exception {
        RecordReader reader = new RecordReader(true);
        rbio.feed(record(23, 10, 21));
        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(bufferLength(reader)).isGreaterThanOrEqualTo(RecordReader.READ_AHEAD_BUFFER);

        reader.shrink();
        assertThat(bufferLength(reader)).isZero();
        rbio.feed(record(23, 10, 22));
        assertThat(read(reader)).isEqualTo(Result.RECORD);
    }

    // ---------------------------------------------------------------- records processed in place

    @Test
    void wholeRecordsGoToAnEstablishedEngineWhereTheBioHoldsThem() throws IOException {
        byte[] r1 = record(23, 300, 1);
        byte[] r2 = record(23, 40, 2);
        rbio.feed(concat(r1, r2));
        rbio.lendsInPlace = true;
        sink.handshaking = false;
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(rbio.readLens).as("nothing copied out of the BIO").isEmpty();
        assertThat(sink.recordsIn.get(0)).isEqualTo(r1);
        assertThat(rbio.unread()).isEqualTo(r2.length);
        assertThat(rbio.bytesRead()).isEqualTo(r1.length);
        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(sink.recordsIn.get(1)).isEqualTo(r2);
        assertThat(sink.sizesAsked).hasSize(2);
        assertThat(reader.buffered()).isZero();
        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
    }

    @Test
    void aRecordNotWholeInTheBioHasItsHeaderTakenOnceThenTheBodyCopied() throws IOException {
        byte[] r1 = record(23, 300, 3);
        rbio.feed(slice(r1, 0, 100));
        rbio.lendsInPlace = true;
        sink.handshaking = false;
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.WANT_READ);
        assertThat(sink.sizesAsked).hasSize(1);
        assertThat(rbio.unread()).isZero();
        rbio.feed(slice(r1, 100, r1.length));
        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(sink.sizesAsked).as("the header is judged once").hasSize(1);
        assertThat(sink.recordsIn).containsExactly(r1);
    }

    @Test
    void aHeaderRefusedInPlaceConsumesTheHeaderAsTheCopyingPathWould() {
        byte[] r1 = record(23, 300, 4);
        rbio.feed(r1);
        rbio.lendsInPlace = true;
        sink.handshaking = false;
        sink.maxRecord = 100;
        RecordReader reader = new RecordReader(false);

        assertThatThrownBy(() -> read(reader)).isInstanceOf(TlsFatalAlert.class);
        assertThat(rbio.unread()).isEqualTo(r1.length - 5);
        assertThat(reader.buffered()).isEqualTo(5);
    }

    @Test
    void duringTheHandshakeRecordsAreCopied() throws IOException {
        byte[] r1 = record(22, 30, 5);
        rbio.feed(r1);
        rbio.lendsInPlace = true;
        RecordReader reader = new RecordReader(false);

        assertThat(read(reader)).isEqualTo(Result.RECORD);
        assertThat(rbio.inPlaceCalls).isZero();
        assertThat(rbio.readLens).containsExactly(5, 30);
    }
}
