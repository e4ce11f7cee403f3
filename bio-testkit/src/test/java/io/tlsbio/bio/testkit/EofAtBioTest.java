package io.tlsbio.bio.testkit;

import static io.tlsbio.bio.testkit.BioLoops.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.mem.MemBio;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EofAtBioTest {

    @Test
    void readsEndAtTheLimitWithZeroAndNoRetry() {
        MemBio mem = MemBio.create();
        mem.write(ascii("0123456789"));
        EofAtBio bio = new EofAtBio(5);
        bio.push(mem);
        assertThat(bio.eof()).isFalse();
        assertThat(bio.pending()).isEqualTo(5);
        byte[] b = new byte[10];
        assertThat(bio.read(b)).isEqualTo(5);
        assertThat(new String(b, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("01234");
        assertThat(bio.read(b)).isZero();
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.lastError()).isNull();
        assertThat(bio.eof()).isTrue();
        assertThat(bio.pending()).isZero();
        assertThat(bio.remainingRead()).isZero();
        assertThat(mem.pending()).as("the rest stays unread below").isEqualTo(5);
    }

    @Test
    void smallReadsCrossTheLimitExactly() {
        MemBio mem = MemBio.create();
        mem.write(new byte[100]);
        EofAtBio bio = new EofAtBio(7);
        bio.push(mem);
        assertThat(bio.read(new byte[3])).isEqualTo(3);
        assertThat(bio.read(new byte[3])).isEqualTo(3);
        assertThat(bio.read(new byte[3])).isEqualTo(1);
        assertThat(bio.read(new byte[3])).isZero();
        assertThat(bio.bytesRead()).isEqualTo(7);
    }

    @Test
    void beforeTheLimitTheNextBiosRetryIsPassedUp() {
        MemBio mem = MemBio.create();
        EofAtBio bio = new EofAtBio(5);
        bio.push(mem);
        assertThat(bio.read(new byte[4])).isEqualTo(-1);
        assertThat(bio.shouldRead()).isTrue();
        assertThat(bio.eof()).as("mem is empty: BIO_eof of a mem BIO").isTrue();
        mem.write(ascii("ab"));
        assertThat(bio.eof()).isFalse();
    }

    @Test
    void zeroLimitIsEofAtOnceAndTheLimitCanMove() {
        MemBio mem = MemBio.create();
        mem.write(ascii("abc"));
        EofAtBio bio = new EofAtBio(0);
        bio.push(mem);
        assertThat(bio.read(new byte[3])).isZero();
        bio.setReadLimit(2);
        assertThat(bio.read(new byte[3])).isEqualTo(2);
        assertThat(bio.read(new byte[3])).isZero();
        bio.setReadLimit(EofAtBio.UNLIMITED);
        assertThat(bio.read(new byte[3])).isEqualTo(1);
    }

    @Test
    void writesFailWithBrokenPipeAfterTheWriteLimit() {
        MemBio mem = MemBio.create();
        EofAtBio bio = new EofAtBio(EofAtBio.UNLIMITED, 4);
        bio.push(mem);
        assertThat(bio.write(ascii("abcdef"))).isEqualTo(4);
        assertThat(bio.remainingWrite()).isZero();
        assertThat(bio.write(ascii("ef"))).isEqualTo(-1);
        assertThat(bio.shouldRetry()).isFalse();
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.BROKEN_PIPE);
        assertThat(bio.lastError().message()).contains("4 bytes");
        assertThat(mem.data()).isEqualTo(ascii("abcd"));
        assertThat(bio.remainingRead()).isEqualTo(EofAtBio.UNLIMITED);
    }

    @Test
    void negativeLimitsAreRejected() {
        assertThatThrownBy(() -> new EofAtBio(-1)).hasMessageContaining("readLimit < 0: -1");
        assertThatThrownBy(() -> new EofAtBio(0, -3)).hasMessageContaining("writeLimit < 0: -3");
    }

    @Test
    void withoutNextBioReadsBeforeTheLimitReturnZeroNamingIt() {
        EofAtBio bio = new EofAtBio(3);
        assertThat(bio.read(new byte[1])).isZero();
        assertThat(bio.lastError().reason()).isEqualTo(BioError.Reason.NO_NEXT_BIO);
    }
}
