package io.tlsbio.bio.mem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every row of docs/contract.md §6.1 (BIO_s_mem / BIO_new_mem_buf) and acceptance cases 22–24 (§7).
 */
class MemBioTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String str(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void emptyReadReturnsMinusOneWithRetryReadByDefault() {
        MemBio mem = MemBio.create();
        assertThat(mem.read(new byte[10], 0, 10)).isEqualTo(-1);
        assertThat(mem.shouldRetry()).isTrue();
        assertThat(mem.shouldRead()).isTrue();
        assertThat(mem.retryReason()).isEqualTo(RetryReason.READ);
    }

    @Test
    void anyNonZeroEofReturnIsReturnedWithRetry() {
        MemBio mem = MemBio.create();
        mem.setMemEofReturn(-7);
        assertThat(mem.read(new byte[10], 0, 10)).isEqualTo(-7);
        assertThat(mem.shouldRead()).isTrue();
        assertThat(mem.memEofReturn()).isEqualTo(-7);
    }

    @Test
    void readOnlyBioReportsEofWithoutRetryWhenDrained() {
        MemBio mem = MemBio.readOnly(ascii("ab"));
        assertThat(mem.read(new byte[10], 0, 10)).isEqualTo(2);
        assertThat(mem.read(new byte[10], 0, 10)).isZero();
        assertThat(mem.shouldRetry()).isFalse();
        assertThat(mem.eof()).isTrue();
    }

    @Test
    void readReturnsWhatIsAvailableUpToLen() {
        MemBio mem = MemBio.create();
        mem.write(ascii("abcdef"));
        byte[] b = new byte[4];
        assertThat(mem.read(b, 0, 4)).isEqualTo(4);
        assertThat(str(b, 4)).isEqualTo("abcd");
        assertThat(mem.read(b, 0, 4)).isEqualTo(2);
        assertThat(str(b, 2)).isEqualTo("ef");
    }

    @Test
    void writeAppendsGrowsAndNeverAsksForRetry() {
        MemBio mem = MemBio.create();
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < 5; i++) {
            assertThat(mem.write(big)).isEqualTo(big.length);
            assertThat(mem.shouldRetry()).isFalse();
        }
        assertThat(mem.pending()).isEqualTo(5L << 20);
    }

    @Test
    void writeClearsRetryFlagsLeftByAnEmptyRead() {
        MemBio mem = MemBio.create();
        mem.read(new byte[1], 0, 1);
        assertThat(mem.shouldRetry()).isTrue();
        mem.write(ascii("x"));
        assertThat(mem.shouldRetry()).isFalse();
    }

    @Test
    void writeToReadOnlyFailsWithoutRetry() {
        MemBio mem = MemBio.readOnly(ascii("x"));
        assertThat(mem.write(ascii("y"))).isEqualTo(-1);
        assertThat(mem.shouldRetry()).isFalse();
        assertThat(mem.lastError().reason()).isEqualTo(BioError.Reason.WRITE_TO_READ_ONLY_BIO);
        assertThat(mem.lastError().message()).isEqualTo("write to read only BIO");
    }

    @Test
    void readOnlyNeverModifiesOrKeepsTheCallersArray() {
        byte[] data = ascii("hello");
        MemBio mem = MemBio.readOnly(data);
        data[0] = 'J';
        byte[] b = new byte[5];
        mem.read(b, 0, 5);
        assertThat(str(b, 5)).isEqualTo("hello");
        mem.close();
        assertThat(str(data, 5)).isEqualTo("Jello");
    }

    @Test
    void eofIsTrueWhenEmptyWhateverTheEofReturn() {
        MemBio mem = MemBio.create();
        assertThat(mem.eof()).isTrue();
        mem.write(ascii("x"));
        assertThat(mem.eof()).isFalse();
        mem.read(new byte[1], 0, 1);
        assertThat(mem.eof()).isTrue();
        mem.setMemEofReturn(0);
        assertThat(mem.eof()).isTrue();
    }

    @Test
    void pendingIsUnreadBytesAndWpendingIsZero() {
        MemBio mem = MemBio.create();
        mem.write(ascii("abcdef"));
        mem.read(new byte[2], 0, 2);
        assertThat(mem.pending()).isEqualTo(4);
        assertThat(mem.wpending()).isZero();
    }

    @Test
    void flushReturnsOne() {
        assertThat(MemBio.create().flush()).isEqualTo(1);
        assertThat(MemBio.readOnly(new byte[1]).flush()).isEqualTo(1);
    }

    @Test
    void dataReturnsUnreadBytesWithoutConsuming() {
        MemBio mem = MemBio.create();
        mem.write(ascii("abcdef"));
        mem.read(new byte[2], 0, 2);
        assertThat(mem.data()).isEqualTo(ascii("cdef"));
        assertThat(mem.pending()).isEqualTo(4);
    }

    @Test
    void resetEmptiesReadWriteBioAndLeavesRetryFlags() {
        MemBio mem = MemBio.create();
        mem.read(new byte[1], 0, 1);
        mem.write(ascii("abc"));
        mem.read(new byte[1], 0, 1);
        assertThat(mem.reset()).isEqualTo(1);
        assertThat(mem.pending()).isZero();
        assertThat(mem.read(new byte[1], 0, 1)).isEqualTo(-1);
        assertThat(mem.reset()).isEqualTo(1);
        assertThat(mem.shouldRead()).as("reset leaves retry flags alone").isTrue();
    }

    @Test
    void resetRewindsReadOnlyBio() {
        MemBio mem = MemBio.readOnly(ascii("abcdef"));
        mem.read(new byte[4], 0, 4);
        assertThat(mem.reset()).isEqualTo(1);
        assertThat(mem.pending()).isEqualTo(6);
    }

    @Test
    void boundedBioRefusesWritesBeyondMaxWithRetryWrite() {
        MemBio mem = MemBio.create(10);
        assertThat(mem.write(new byte[6])).isEqualTo(6);
        assertThat(mem.write(new byte[6])).as("partial fit").isEqualTo(4);
        assertThat(mem.write(new byte[1])).isEqualTo(-1);
        assertThat(mem.shouldWrite()).isTrue();
        assertThat(mem.retryReason()).isEqualTo(RetryReason.WRITE);
        mem.read(new byte[3], 0, 3);
        assertThat(mem.write(new byte[5])).isEqualTo(3);
        assertThatThrownBy(() -> MemBio.create(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes < 1: 0");
    }

    @Test
    void compactionKeepsBytesInOrderAcrossManySmallReadsAndWrites() {
        MemBio mem = MemBio.create();
        int next = 0;
        int expect = 0;
        byte[] b = new byte[300];
        for (int round = 0; round < 2000; round++) {
            for (int i = 0; i < 7; i++) {
                b[i] = (byte) next++;
            }
            mem.write(b, 0, 7);
            int n = mem.read(b, 0, 5);
            for (int i = 0; i < n; i++) {
                assertThat(b[i]).isEqualTo((byte) expect++);
            }
        }
        assertThat(mem.pending()).isEqualTo(next - expect);
    }

    /** Acceptance case 22 (test_bio_callback_ex shape). */
    @Test
    void case22_emptyReadWriteReadEofReturnZero() {
        MemBio mem = MemBio.create();
        byte[] b = new byte[10];
        assertThat(mem.read(b, 0, 10)).isEqualTo(-1);
        assertThat(mem.shouldRetry() && mem.shouldRead()).isTrue();
        assertThat(mem.write(ascii("hello"))).isEqualTo(5);
        assertThat(mem.read(b, 0, 10)).isEqualTo(5);
        mem.setMemEofReturn(0);
        assertThat(mem.read(b, 0, 10)).isZero();
        assertThat(mem.shouldRetry()).isFalse();
        assertThat(mem.eof()).isTrue();
    }

    /** Acceptance case 23 (test_bio_new_mem_buf). */
    @Test
    void case23_newMemBuf() {
        MemBio mem = MemBio.readOnly(ascii("Hello World\n"));
        byte[] b = new byte[16];
        assertThat(mem.read(b, 0, 5)).isEqualTo(5);
        assertThat(str(b, 5)).isEqualTo("Hello");
        assertThat(mem.write(ascii("x"))).isNegative();
        assertThat(mem.read(b, 0, 16)).isEqualTo(7);
        assertThat(str(b, 7)).isEqualTo(" World\n");
        assertThat(mem.reset()).isPositive();
        assertThat(mem.read(b, 0, 16)).isEqualTo(12);
        assertThat(str(b, 12)).isEqualTo("Hello World\n");
    }

    /** Acceptance case 24 (test_bio_nonclear_rst): rewinding reset, then clearing reset. */
    @Test
    void case24_nonClearResetRewindsAndClearingResetEmpties() {
        MemBio mem = MemBio.create();
        mem.setNonClearReset(true);
        mem.write(ascii("Hello World\n"));
        byte[] b = new byte[16];
        assertThat(mem.read(b, 0, 16)).isEqualTo(12);
        assertThat(mem.reset()).isPositive();
        assertThat(mem.read(b, 0, 16)).isEqualTo(12);
        assertThat(str(b, 12)).isEqualTo("Hello World\n");
        mem.setNonClearReset(false);
        assertThat(mem.reset()).isPositive();
        assertThat(mem.read(b, 0, 16)).isLessThan(1);
    }
}
