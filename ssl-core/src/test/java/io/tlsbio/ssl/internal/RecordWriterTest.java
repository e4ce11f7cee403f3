package io.tlsbio.ssl.internal;

import static io.tlsbio.ssl.internal.TestBytes.pattern;
import static io.tlsbio.ssl.internal.TestBytes.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.BioError;
import io.tlsbio.ssl.internal.RecordWriter.Result;
import org.junit.jupiter.api.Test;

class RecordWriterTest {

    private final StubQueue queue = new StubQueue();
    private final StubBio wbio = new StubBio();
    private final RecordWriter writer = new RecordWriter();

    @Test
    void drainsTheWholeQueueAndOwesAFlush() {
        byte[] data = pattern(1000, 1);
        queue.enqueue(data);

        assertThat(writer.drain(queue, wbio)).isEqualTo(Result.DONE);
        assertThat(queue.outputAvailable()).isZero();
        assertThat(wbio.writtenBytes()).isEqualTo(data);
        assertThat(writer.flushPending()).isTrue();
        assertThat(wbio.flushCount).isZero();
    }

    @Test
    void anEmptyQueueTouchesNothing() {
        assertThat(writer.drain(queue, wbio)).isEqualTo(Result.DONE);
        assertThat(wbio.writeLens).isEmpty();
        assertThat(queue.peeks).isZero();
        assertThat(writer.flushPending()).isFalse();
    }

    @Test
    void removesOnlyWhatTheBioAcceptedAndResumesExactlyAfterARetry() {
        byte[] data = pattern(100, 2);
        queue.enqueue(data);
        wbio.writeCapacity = 30;

        assertThat(writer.drain(queue, wbio)).isEqualTo(Result.RETRY);
        assertThat(wbio.shouldWrite()).isTrue();
        assertThat(queue.outputAvailable()).isEqualTo(70);
        assertThat(queue.removedTotal).isEqualTo(30);
        assertThat(queue.queued()).isEqualTo(slice(data, 30, 100));
        assertThat(wbio.writtenBytes()).isEqualTo(slice(data, 0, 30));

        wbio.writeCapacity = 25;
        assertThat(writer.drain(queue, wbio)).isEqualTo(Result.RETRY);
        assertThat(queue.outputAvailable()).isEqualTo(45);

        wbio.writeCapacity = Integer.MAX_VALUE;
        assertThat(writer.drain(queue, wbio)).isEqualTo(Result.DONE);
        assertThat(wbio.writtenBytes()).isEqualTo(data);
        // every write offered exactly what was still queued
        assertThat(wbio.writeLens).containsExactly(100, 70, 70, 45, 45);
    }

    @Test
    void keepsWritingAfterShortWrites() {
        byte[] data = pattern(50, 3);
        queue.enqueue(data);
        wbio.maxPerWrite = 20;

        assertThat(writer.drain(queue, wbio)).isEqualTo(Result.DONE);
        assertThat(wbio.writeLens).containsExactly(50, 30, 10);
        assertThat(wbio.writtenBytes()).isEqualTo(data);
    }

    @Test
    void aQueueLargerThanTheStagingBufferGoesOutInOrder() {
        byte[] data = pattern(3 * RecordWriter.MAX_WRITE + 123, 4);
        queue.enqueue(data);

        assertThat(writer.drain(queue, wbio)).isEqualTo(Result.DONE);
        assertThat(wbio.writtenBytes()).isEqualTo(data);
        assertThat(wbio.writeLens)
                .hasSize(4)
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(RecordWriter.MAX_WRITE));
    }

    @Test
    void aFailureWithoutRetryIsFailedAndKeepsTheQueue() {
        byte[] data = pattern(40, 5);
        queue.enqueue(data);
        wbio.writeCapacity = 0;
        wbio.writeErrorReason = BioError.Reason.BROKEN_PIPE;

        assertThat(writer.drain(queue, wbio)).isEqualTo(Result.FAILED);
        assertThat(wbio.shouldRetry()).isFalse();
        assertThat(wbio.lastError().reason()).isEqualTo(BioError.Reason.BROKEN_PIPE);
        assertThat(queue.queued()).isEqualTo(data);
        assertThat(writer.flushPending()).isFalse();
    }

    @Test
    void flushCallsTheBioOnlyWhenSomethingWasWritten() {
        assertThat(writer.flush(wbio)).isEqualTo(Result.DONE);
        assertThat(wbio.flushCount).isZero();

        queue.enqueue(pattern(10, 6));
        writer.drain(queue, wbio);
        assertThat(writer.flush(wbio)).isEqualTo(Result.DONE);
        assertThat(wbio.flushCount).isEqualTo(1);
        assertThat(writer.flushPending()).isFalse();

        assertThat(writer.flush(wbio)).isEqualTo(Result.DONE);
        assertThat(wbio.flushCount).isEqualTo(1);
    }

    @Test
    void aFlushRetryIsRetryAndTheFlushStaysOwed() {
        queue.enqueue(pattern(10, 7));
        writer.drain(queue, wbio);
        wbio.flushScript.add(StubBio.Flush.RETRY);

        assertThat(writer.flush(wbio)).isEqualTo(Result.RETRY);
        assertThat(wbio.shouldWrite()).isTrue();
        assertThat(writer.flushPending()).isTrue();

        assertThat(writer.flush(wbio)).isEqualTo(Result.DONE);
        assertThat(wbio.flushCount).isEqualTo(2);
        assertThat(writer.flushPending()).isFalse();
    }

    @Test
    void aFlushFailureIsFailed() {
        queue.enqueue(pattern(10, 8));
        writer.drain(queue, wbio);
        wbio.flushScript.add(StubBio.Flush.FAIL);

        assertThat(writer.flush(wbio)).isEqualTo(Result.FAILED);
        assertThat(writer.flushPending()).isTrue();
    }

    @Test
    void drainAndFlushDoesNotFlushWhenTheDrainStops() {
        queue.enqueue(pattern(100, 9));
        wbio.writeCapacity = 60;

        assertThat(writer.drainAndFlush(queue, wbio)).isEqualTo(Result.RETRY);
        assertThat(wbio.flushCount).isZero();

        wbio.writeCapacity = Integer.MAX_VALUE;
        assertThat(writer.drainAndFlush(queue, wbio)).isEqualTo(Result.DONE);
        assertThat(wbio.flushCount).isEqualTo(1);
    }

    @Test
    void idleOnlyWhenNothingIsQueuedAndNoFlushIsOwed() {
        assertThat(writer.idle(queue)).isTrue();
        queue.enqueue(pattern(10, 10));
        assertThat(writer.idle(queue)).isFalse();
        writer.drain(queue, wbio);
        assertThat(writer.idle(queue)).isFalse();
        writer.flush(wbio);
        assertThat(writer.idle(queue)).isTrue();
    }
}
