package io.tlsbio.bio.testkit;

import static io.tlsbio.bio.testkit.BioLoops.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.BioOperation;
import io.tlsbio.bio.RetryReason;
import io.tlsbio.bio.mem.MemBio;
import org.junit.jupiter.api.Test;

class RecordingBioTest {

    @Test
    void transcriptsHoldExactlyWhatWentThroughInOrder() {
        MemBio mem = MemBio.create();
        RecordingBio rec = new RecordingBio();
        rec.push(mem);
        rec.write(ascii("hello "));
        mem.write(ascii("peer1"));
        byte[] b = new byte[4];
        assertThat(rec.read(b)).isEqualTo(4); // "hell"
        rec.write(ascii("world"));
        assertThat(rec.read(new byte[100])).isEqualTo(12); // "o peer1world"
        assertThat(rec.read(new byte[100])).isEqualTo(-1);
        assertThat(rec.writtenTranscript()).isEqualTo(ascii("hello world"));
        assertThat(rec.readTranscript()).isEqualTo(ascii("hello peer1world"));
        assertThat(rec.events()).isEmpty();
        assertThat(rec.recordsEvents()).isFalse();
    }

    @Test
    void onlyBytesTheNextBioAcceptedAreInTheWrittenTranscript() {
        MemBio mem = MemBio.create(3);
        RecordingBio rec = new RecordingBio(true);
        rec.push(mem);
        assertThat(rec.write(ascii("abcdef"))).isEqualTo(3);
        assertThat(rec.write(ascii("def"))).isEqualTo(-1);
        assertThat(rec.shouldWrite()).isTrue();
        assertThat(rec.writtenTranscript()).isEqualTo(ascii("abc"));
        assertThat(rec.events())
                .containsExactly(
                        new RecordingBio.Event(BioOperation.WRITE, 6, 3, RetryReason.NONE),
                        new RecordingBio.Event(BioOperation.WRITE, 3, -1, RetryReason.WRITE));
    }

    @Test
    void eventLogHasOpLengthResultAndRetryOfEveryCall() {
        MemBio mem = MemBio.create();
        RecordingBio rec = new RecordingBio(true);
        rec.push(mem);
        rec.write(ascii("abc"));
        rec.read(new byte[8]);
        rec.read(new byte[8]);
        rec.flush();
        mem.setMemEofReturn(0);
        rec.read(new byte[2]);
        assertThat(rec.events())
                .containsExactly(
                        new RecordingBio.Event(BioOperation.WRITE, 3, 3, RetryReason.NONE),
                        new RecordingBio.Event(BioOperation.READ, 8, 3, RetryReason.NONE),
                        new RecordingBio.Event(BioOperation.READ, 8, -1, RetryReason.READ),
                        new RecordingBio.Event(BioOperation.FLUSH, 0, 1, RetryReason.NONE),
                        new RecordingBio.Event(BioOperation.READ, 2, 0, RetryReason.NONE));
        assertThat(rec.events().get(2)).hasToString("READ(8)=-1 retry READ");
        assertThat(rec.events().get(0)).hasToString("WRITE(3)=3");
    }

    @Test
    void returnedTranscriptsAreCopiesAndClearForgets() {
        MemBio mem = MemBio.create();
        RecordingBio rec = new RecordingBio(true);
        rec.push(mem);
        rec.write(ascii("xy"));
        byte[] t = rec.writtenTranscript();
        t[0] = 'Q';
        assertThat(rec.writtenTranscript()).isEqualTo(ascii("xy"));
        rec.clear();
        assertThat(rec.writtenTranscript()).isEmpty();
        assertThat(rec.readTranscript()).isEmpty();
        assertThat(rec.events()).isEmpty();
        assertThat(mem.pending()).as("clear does not touch the chain").isEqualTo(2);
    }

    @Test
    void readBufferBytesBeyondTheResultAreNotRecorded() {
        MemBio mem = MemBio.create();
        mem.write(ascii("ab"));
        RecordingBio rec = new RecordingBio();
        rec.push(mem);
        byte[] b = ascii("zzzzzz");
        assertThat(rec.read(b, 1, 5)).isEqualTo(2);
        assertThat(rec.readTranscript()).isEqualTo(ascii("ab"));
    }

    @Test
    void withoutNextBioTheCallIsRecordedAsReturningZero() {
        RecordingBio rec = new RecordingBio(true);
        assertThat(rec.read(new byte[3])).isZero();
        assertThat(rec.lastError().reason()).isEqualTo(BioError.Reason.NO_NEXT_BIO);
        assertThat(rec.events())
                .containsExactly(new RecordingBio.Event(BioOperation.READ, 3, 0, RetryReason.NONE));
    }
}
