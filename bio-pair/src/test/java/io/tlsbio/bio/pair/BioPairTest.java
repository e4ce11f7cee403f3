package io.tlsbio.bio.pair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every row of docs/contract.md §6.2 (BIO pair) and acceptance case 25 (§7). */
class BioPairTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String read(BioPair.End end, int len) {
        byte[] b = new byte[len];
        int n = end.read(b, 0, len);
        assertThat(n).as("read on %s", end).isPositive();
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- acceptance case 25

    @Test
    void case25BioPairDefaults() {
        BioPair pair = BioPair.create(0, 0);
        BioPair.End a = pair.first();
        BioPair.End b = pair.second();
        assertThat(a.writeBufferSize()).isEqualTo(17408);
        assertThat(b.writeBufferSize()).isEqualTo(17408);

        assertThat(a.read(new byte[100], 0, 100)).isEqualTo(-1);
        assertThat(a.shouldRetry()).isTrue();
        assertThat(a.shouldRead()).isTrue();
        assertThat(b.readRequest()).isEqualTo(100);

        assertThat(b.write(new byte[20000], 0, 20000)).isEqualTo(17408);
        assertThat(b.shouldRetry()).isFalse();
        assertThat(b.write(new byte[20000], 0, 20000)).isEqualTo(-1);
        assertThat(b.shouldRetry()).isTrue();
        assertThat(b.shouldWrite()).isTrue();

        b.shutdownWrite();
        byte[] sink = new byte[4096];
        int total = 0;
        for (int i = 0; i < 100; i++) {
            int n = a.read(sink, 0, sink.length);
            if (n <= 0) {
                assertThat(n).isZero();
                break;
            }
            total += n;
        }
        assertThat(total).isEqualTo(17408);
        assertThat(a.shouldRetry()).isFalse();
        assertThat(a.eof()).isTrue();

        assertThat(b.write(ascii("x"), 0, 1)).isEqualTo(-1);
        assertThat(b.shouldRetry()).isFalse();
        assertThat(b.lastError().reason()).isEqualTo(BioError.Reason.BROKEN_PIPE);

        b.close();
        assertThat(a.read(new byte[10], 0, 10)).isEqualTo(-1);
        assertThat(a.shouldRetry()).isFalse();
        assertThat(a.lastError().reason()).isEqualTo(BioError.Reason.UNINITIALIZED);
        assertThat(a.eof()).isTrue();
        assertThat(a.reset()).isZero();
    }

    // ---------------------------------------------------------------- model and creation

    @Test
    void eachEndOwnsTheBufferForWhatItWrites() {
        BioPair pair = BioPair.create(64, 32);
        assertThat(pair.first().write(ascii("hello"))).isEqualTo(5);
        assertThat(pair.first().wpending()).isEqualTo(5);
        assertThat(pair.first().pending()).isZero();
        assertThat(pair.second().pending()).isEqualTo(5);
        assertThat(pair.second().wpending()).isZero();
        assertThat(pair.first().writeGuarantee()).isEqualTo(59);
        assertThat(pair.second().writeGuarantee()).isEqualTo(32);
        assertThat(read(pair.second(), 10)).isEqualTo("hello");
        assertThat(pair.first().peer()).isSameAs(pair.second());
        assertThat(pair.second().peer()).isSameAs(pair.first());
    }

    @Test
    void zeroSizeMeansTheDefaultAndOtherSizesAreKept() {
        BioPair pair = BioPair.create(1, 0);
        assertThat(pair.first().writeBufferSize()).isEqualTo(1);
        assertThat(pair.second().writeBufferSize())
                .isEqualTo(BioPair.DEFAULT_BUFFER_SIZE)
                .isEqualTo(17408);
    }

    @Test
    void negativeSizeIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> BioPair.create(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> BioPair.create(0, -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writeBuf2 < 0: -5");
    }

    // ---------------------------------------------------------------- read

    @Test
    void readOnEmptyReturnsMinusOneWithRetryReadAndRecordsTheRequest() {
        BioPair pair = BioPair.create(1000, 1000);
        assertThat(pair.first().read(new byte[100], 0, 100)).isEqualTo(-1);
        assertThat(pair.first().shouldRetry()).isTrue();
        assertThat(pair.first().shouldRead()).isTrue();
        assertThat(pair.first().retryReason()).isEqualTo(RetryReason.READ);
        assertThat(pair.first().lastError()).isNull();
        assertThat(pair.second().readRequest()).isEqualTo(100);
        assertThat(pair.first().readRequest()).isZero();
    }

    @Test
    void readRequestIsCappedAtThePeerBufferSize() {
        BioPair pair = BioPair.create(1000, 64);
        pair.first().read(new byte[5000], 0, 5000);
        assertThat(pair.second().readRequest()).isEqualTo(64);
    }

    @Test
    void readOnEmptyAfterPeerShutdownReturnsZeroWithoutRetry() {
        BioPair pair = BioPair.create(0, 0);
        pair.second().shutdownWrite();
        assertThat(pair.first().read(new byte[10], 0, 10)).isZero();
        assertThat(pair.first().shouldRetry()).isFalse();
        assertThat(pair.first().eof()).isTrue();
        assertThat(pair.second().readRequest()).isZero();
    }

    @Test
    void readReturnsWhatIsAvailableUpToLenAcrossTheRingWrap() {
        BioPair pair = BioPair.create(10, 10);
        assertThat(pair.first().write(ascii("01234567"))).isEqualTo(8);
        assertThat(read(pair.second(), 6)).isEqualTo("012345");
        // 2 unread at the end of the array; the next 8 wrap around its start
        assertThat(pair.first().write(ascii("abcdefgh"))).isEqualTo(8);
        assertThat(pair.first().wpending()).isEqualTo(10);
        assertThat(read(pair.second(), 7)).isEqualTo("67abcde");
        assertThat(read(pair.second(), 100)).isEqualTo("fgh");
        assertThat(pair.second().pending()).isZero();
    }

    @Test
    void everyReadAttemptResetsThePeersReadRequest() {
        BioPair pair = BioPair.create(0, 0);
        pair.first().read(new byte[40], 0, 40);
        assertThat(pair.second().readRequest()).isEqualTo(40);
        pair.second().write(ascii("ab"));
        assertThat(pair.second().readRequest()).as("a write resets it").isZero();
        pair.first().read(new byte[40], 0, 40);
        pair.first().read(new byte[40], 0, 40);
        assertThat(pair.second().readRequest()).isEqualTo(40);
        pair.second().shutdownWrite();
        pair.first().read(new byte[40], 0, 40);
        assertThat(pair.second().readRequest()).as("a read attempt resets it").isZero();
    }

    // ---------------------------------------------------------------- write

    @Test
    void writeWhenOwnBufferIsFullReturnsMinusOneWithRetryWrite() {
        BioPair pair = BioPair.create(4, 0);
        assertThat(pair.first().write(ascii("abcd"))).isEqualTo(4);
        assertThat(pair.first().write(ascii("e"))).isEqualTo(-1);
        assertThat(pair.first().shouldRetry()).isTrue();
        assertThat(pair.first().shouldWrite()).isTrue();
        assertThat(pair.first().retryReason()).isEqualTo(RetryReason.WRITE);
        assertThat(pair.first().writeGuarantee()).isZero();
        read(pair.second(), 1);
        assertThat(pair.first().write(ascii("e"))).isEqualTo(1);
    }

    @Test
    void writeWithPartialSpaceWritesWhatFitsWithoutRetry() {
        BioPair pair = BioPair.create(0, 0);
        assertThat(pair.first().write(new byte[20000], 0, 20000)).isEqualTo(17408);
        assertThat(pair.first().shouldRetry()).isFalse();
        assertThat(pair.first().bytesWritten()).isEqualTo(17408);
    }

    @Test
    void writeAfterOwnShutdownFailsWithBrokenPipeAndNoRetry() {
        BioPair pair = BioPair.create(0, 0);
        pair.first().shutdownWrite();
        assertThat(pair.first().write(ascii("x"))).isEqualTo(-1);
        assertThat(pair.first().shouldRetry()).isFalse();
        assertThat(pair.first().retryReason()).isEqualTo(RetryReason.NONE);
        assertThat(pair.first().lastError().reason()).isEqualTo(BioError.Reason.BROKEN_PIPE);
        // the other direction still works
        assertThat(pair.second().write(ascii("y"))).isEqualTo(1);
        assertThat(read(pair.first(), 1)).isEqualTo("y");
    }

    // ---------------------------------------------------------------- shutdownWrite

    @Test
    void shutdownWriteLetsThePeerDrainThenSeeEof() {
        BioPair pair = BioPair.create(0, 0);
        pair.first().write(ascii("last words"));
        pair.first().shutdownWrite();
        assertThat(pair.second().eof()).isFalse();
        assertThat(read(pair.second(), 4)).isEqualTo("last");
        assertThat(read(pair.second(), 100)).isEqualTo(" words");
        assertThat(pair.second().eof()).isTrue();
        assertThat(pair.second().read(new byte[1], 0, 1)).isZero();
        assertThat(pair.second().shouldRetry()).isFalse();
        assertThat(pair.second().lastError()).isNull();
    }

    // ---------------------------------------------------------------- controls

    @Test
    void writeGuaranteeIsFreeSpaceAndZeroAfterShutdownOrUnpairing() {
        BioPair pair = BioPair.create(100, 50);
        pair.first().write(new byte[30]);
        assertThat(pair.first().writeGuarantee()).isEqualTo(70);
        pair.first().shutdownWrite();
        assertThat(pair.first().writeGuarantee()).isZero();
        assertThat(pair.second().writeGuarantee()).isEqualTo(50);
        pair.first().close();
        assertThat(pair.second().writeGuarantee()).isZero();
    }

    @Test
    void resetReadRequestSetsItToZero() {
        BioPair pair = BioPair.create(0, 0);
        pair.second().read(new byte[7], 0, 7);
        assertThat(pair.first().readRequest()).isEqualTo(7);
        pair.first().resetReadRequest();
        assertThat(pair.first().readRequest()).isZero();
    }

    @Test
    void pendingIsReadableBytesAndWpendingIsOwnUnreadBytes() {
        BioPair pair = BioPair.create(0, 0);
        pair.first().write(new byte[300]);
        pair.second().write(new byte[20]);
        assertThat(pair.first().pending()).isEqualTo(20);
        assertThat(pair.first().wpending()).isEqualTo(300);
        assertThat(pair.second().pending()).isEqualTo(300);
        assertThat(pair.second().wpending()).isEqualTo(20);
        pair.second().read(new byte[100], 0, 100);
        assertThat(pair.first().wpending()).isEqualTo(200);
        assertThat(pair.second().pending()).isEqualTo(200);
    }

    @Test
    void eofIsTrueOnlyWhenThePeerBufferIsEmptyAndThePeerShutDown() {
        BioPair pair = BioPair.create(0, 0);
        assertThat(pair.first().eof()).as("empty but open").isFalse();
        pair.second().write(ascii("z"));
        pair.second().shutdownWrite();
        assertThat(pair.first().eof()).as("shut down but not drained").isFalse();
        read(pair.first(), 1);
        assertThat(pair.first().eof()).isTrue();
        assertThat(pair.second().eof()).as("the other direction is still open").isFalse();
    }

    @Test
    void flushIsANoOpReturningOne() {
        BioPair pair = BioPair.create(0, 0);
        pair.first().write(ascii("abc"));
        assertThat(pair.first().flush()).isEqualTo(1);
        assertThat(pair.first().shouldRetry()).isFalse();
        assertThat(pair.first().wpending()).isEqualTo(3);
    }

    @Test
    void resetClearsOwnBufferAndReturnsZero() {
        BioPair pair = BioPair.create(0, 0);
        pair.first().write(ascii("abc"));
        pair.second().write(ascii("de"));
        assertThat(pair.first().reset()).isZero();
        assertThat(pair.first().wpending()).isZero();
        assertThat(pair.second().pending()).isZero();
        assertThat(pair.first().pending()).as("the peer's buffer is untouched").isEqualTo(2);
        assertThat(pair.first().writeGuarantee()).isEqualTo(17408);
    }

    // ---------------------------------------------------------------- destroy

    @Test
    void closingOneEndUnpairsTheSurvivor() {
        BioPair pair = BioPair.create(0, 0);
        BioPair.End survivor = pair.second();
        pair.first().write(ascii("unread"));
        survivor.write(ascii("unread too"));
        pair.first().close();

        assertThat(survivor.read(new byte[10], 0, 10)).isEqualTo(-1);
        assertThat(survivor.shouldRetry()).isFalse();
        assertThat(survivor.lastError().reason()).isEqualTo(BioError.Reason.UNINITIALIZED);
        assertThat(survivor.write(ascii("x"))).isEqualTo(-1);
        assertThat(survivor.shouldRetry()).isFalse();
        assertThat(survivor.lastError().reason()).isEqualTo(BioError.Reason.UNINITIALIZED);
        assertThat(survivor.eof()).isTrue();
        assertThat(survivor.pending()).as("both buffers are emptied").isZero();
        assertThat(survivor.wpending()).isZero();
        assertThat(survivor.flush()).isEqualTo(1);
        assertThat(survivor.writeBufferSize()).isEqualTo(17408);
        assertThatThrownBy(() -> pair.first().read(new byte[1], 0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> pair.first().writeGuarantee())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingThePairClosesBothEnds() {
        BioPair pair = BioPair.create(0, 0);
        pair.close();
        assertThat(pair.first().isClosed()).isTrue();
        assertThat(pair.second().isClosed()).isTrue();
        pair.close(); // idempotent
    }

    @Test
    void readBytesAreACopyTheCallerMayReuse() {
        BioPair pair = BioPair.create(0, 0);
        byte[] src = ascii("abc");
        pair.first().write(src);
        Arrays.fill(src, (byte) 'x');
        assertThat(read(pair.second(), 3)).isEqualTo("abc");
    }
}
