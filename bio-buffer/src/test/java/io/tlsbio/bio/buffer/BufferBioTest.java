package io.tlsbio.bio.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.pair.BioPair;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every row of docs/contract.md §6.3 (BIO_f_buffer) and acceptance case 26 (§7). */
class BufferBioTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static String read(BufferBio buf, int len) {
        byte[] b = new byte[len];
        int n = buf.read(b, 0, len);
        assertThat(n).as("read on %s", buf).isPositive();
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    private static BufferBio over(int size, io.tlsbio.bio.Bio next) {
        BufferBio buf = BufferBio.create(size);
        buf.push(next);
        return buf;
    }

    private static byte[] sequence(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    // ---------------------------------------------------------------- acceptance case 26

    @Test
    void case26BufferOverMemAndOverAlwaysRetry() {
        MemBio mem = MemBio.create();
        BufferBio buf = BufferBio.create();
        buf.push(mem);
        assertThat(buf.write(ascii("abc"))).isEqualTo(3);
        assertThat(mem.pending()).isZero();
        assertThat(buf.wpending()).isEqualTo(3);
        assertThat(buf.flush()).isEqualTo(1);
        assertThat(mem.pending()).isEqualTo(3);

        BufferBio overRetry = BufferBio.create();
        overRetry.push(new AlwaysRetryBio());
        assertThat(overRetry.write(ascii("abc"))).isEqualTo(3);
        assertThat(overRetry.flush()).isEqualTo(-1);
        assertThat(overRetry.shouldRetry()).isTrue();
        assertThat(overRetry.shouldWrite()).isTrue();
        assertThat(overRetry.write(new byte[5000], 0, 5000)).isEqualTo(4093);
        assertThat(overRetry.shouldRetry()).isTrue();
        assertThat(overRetry.shouldWrite()).isTrue();
    }

    // ---------------------------------------------------------------- defaults and sizes

    @Test
    void createUsesFourKibibyteBuffersEachWay() {
        StubBio stub = new StubBio();
        BufferBio buf = BufferBio.create();
        buf.push(stub);
        assertThat(buf.readBufferSize()).isEqualTo(4096);
        assertThat(buf.writeBufferSize()).isEqualTo(4096);
        assertThat(buf.write(new byte[4096])).isEqualTo(4096);
        assertThat(stub.writeCalls).isEmpty();
        assertThat(buf.write(new byte[1])).isEqualTo(1);
        assertThat(stub.writeCalls).containsExactly(4096);
        assertThat(buf.wpending()).isEqualTo(1);
        stub.feed(new byte[10_000]);
        buf.read(new byte[1], 0, 1);
        assertThat(stub.readCalls).containsExactly(4096);
    }

    @Test
    void anySizeFromOneIsHonoured() {
        StubBio stub = new StubBio();
        BufferBio buf = over(2, stub);
        assertThat(buf.readBufferSize()).isEqualTo(2);
        assertThat(buf.writeBufferSize()).isEqualTo(2);
        assertThat(buf.write(ascii("a"))).isEqualTo(1);
        assertThat(buf.wpending()).isEqualTo(1);
        assertThat(stub.writeCalls).isEmpty();

        BufferBio one = over(1, new StubBio());
        assertThat(one.writeBufferSize()).isEqualTo(1);
        assertThat(one.write(ascii("x"))).isEqualTo(1);
        assertThat(one.wpending()).isEqualTo(1);
    }

    @Test
    void sizeBelowOneIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> BufferBio.create(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size < 1: 0");
        assertThatThrownBy(() -> BufferBio.create(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size < 1: -3");
    }

    // ---------------------------------------------------------------- no next BIO

    @Test
    void withoutNextBioReadAndWriteReturnZeroAndControlsReturnZero() {
        BufferBio buf = BufferBio.create();
        assertThat(buf.write(ascii("abc"))).isZero();
        assertThat(buf.shouldRetry()).isFalse();
        assertThat(buf.lastError().reason()).isEqualTo(BioError.Reason.NO_NEXT_BIO);
        assertThat(buf.read(new byte[3], 0, 3)).isZero();
        assertThat(buf.lastError().reason()).isEqualTo(BioError.Reason.NO_NEXT_BIO);
        assertThat(buf.flush()).isZero();
        assertThat(buf.pending()).isZero();
        assertThat(buf.wpending()).isZero();
        assertThat(buf.reset()).isZero();
        assertThat(buf.eof()).isTrue();
        assertThat(buf.bytesWritten()).isZero();
        // the buffer's own controls still work
        buf.setBufferReadData(ascii("a\nb\n"));
        assertThat(buf.bufferNumLines()).isEqualTo(2);
        assertThat(buf.pending()).isEqualTo(4);
    }

    // ---------------------------------------------------------------- write

    @Test
    void writeThatFitsIsHeldAndNothingReachesNext() {
        StubBio stub = new StubBio();
        BufferBio buf = over(10, stub);
        assertThat(buf.write(ascii("abcd"))).isEqualTo(4);
        assertThat(buf.write(ascii("efghij"))).isEqualTo(6);
        assertThat(stub.writeCalls).isEmpty();
        assertThat(buf.wpending()).isEqualTo(10);
        assertThat(buf.shouldRetry()).isFalse();
    }

    @Test
    void writeThatDoesNotFitFillsAndPassesTheBufferThenLargeChunksAndBuffersTheTail() {
        StubBio stub = new StubBio();
        stub.writeQuota = 10;
        BufferBio buf = over(8, stub);
        assertThat(buf.write(sequence(0, 3))).isEqualTo(3);
        // 5 top the buffer up, the full buffer goes on (8), then 15 >= 8 go straight through,
        // of which the next takes 10; the last 5 are smaller than the buffer and are held
        assertThat(buf.write(sequence(3, 20))).isEqualTo(20);
        assertThat(stub.writeCalls).containsExactly(8, 15);
        assertThat(stub.accepted()).isEqualTo(sequence(0, 18));
        assertThat(buf.wpending()).isEqualTo(5);
        assertThat(buf.shouldRetry()).isFalse();
        assertThat(buf.flush()).isEqualTo(1);
        assertThat(stub.accepted()).isEqualTo(sequence(0, 23));
    }

    @Test
    void largeWriteGoesStraightThroughOnceTheBufferIsEmpty() {
        StubBio stub = new StubBio();
        BufferBio buf = over(8, stub);
        assertThat(buf.write(sequence(0, 100))).isEqualTo(100);
        assertThat(stub.writeCalls).containsExactly(100);
        assertThat(buf.wpending()).isZero();
        assertThat(stub.accepted()).isEqualTo(sequence(0, 100));
    }

    @Test
    void writeThatOnlyPartlyFitsReturnsTheAcceptedCountWithRetryWrite() {
        StubBio stub = new StubBio();
        stub.writeQuota = 0;
        BufferBio buf = BufferBio.create();
        buf.push(stub);
        byte[] data = sequence(0, 5003);
        assertThat(buf.write(data, 0, 3)).isEqualTo(3);
        assertThat(buf.write(data, 3, 5000)).isEqualTo(4093);
        assertThat(buf.shouldRetry()).isTrue();
        assertThat(buf.shouldWrite()).isTrue();
        assertThat(buf.retryReason()).isEqualTo(RetryReason.WRITE);
        assertThat(buf.bytesWritten()).isEqualTo(4096);
        // once the next BIO takes bytes again, exactly what was accepted arrives, then the rest
        stub.writeQuota = Integer.MAX_VALUE;
        assertThat(buf.flush()).isEqualTo(1);
        assertThat(buf.write(data, 4096, 907)).isEqualTo(907);
        assertThat(buf.flush()).isEqualTo(1);
        assertThat(stub.accepted()).isEqualTo(data);
    }

    @Test
    void writeIntoAFullBufferTheNextRefusesReturnsTheNextsValue() {
        BufferBio buf = over(4, new AlwaysRetryBio());
        assertThat(buf.write(ascii("abcd"))).isEqualTo(4);
        assertThat(buf.write(ascii("e"))).isEqualTo(-1);
        assertThat(buf.shouldWrite()).isTrue();
        assertThat(buf.wpending()).isEqualTo(4);

        BufferBio overZero = over(4, new AlwaysRetryBio(0));
        assertThat(overZero.write(ascii("abcd"))).isEqualTo(4);
        assertThat(overZero.write(ascii("e"))).isZero();
        assertThat(overZero.shouldWrite()).as("flags copied with a 0 result too").isTrue();
    }

    @Test
    void writeCopiesTheNextBiosErrorWhenItFailsWithoutRetry() {
        BioPair pair = BioPair.create(0, 0);
        pair.first().shutdownWrite();
        BufferBio buf = over(4, pair.first());
        assertThat(buf.write(ascii("0123456789"))).isEqualTo(-1);
        assertThat(buf.shouldRetry()).isFalse();
        assertThat(buf.lastError().reason()).isEqualTo(BioError.Reason.BROKEN_PIPE);
    }

    // ---------------------------------------------------------------- flush

    @Test
    void flushWithNothingBufferedForwardsToNextWithItsFlags() {
        StubBio stub = new StubBio();
        BufferBio buf = over(8, stub);
        assertThat(buf.flush()).isEqualTo(1);
        assertThat(stub.flushCalls).isEqualTo(1);

        BufferBio overRetry = over(8, new AlwaysRetryBio());
        assertThat(overRetry.flush()).isZero();
        assertThat(overRetry.shouldRetry()).isTrue();
        assertThat(overRetry.shouldWrite()).isTrue();
    }

    @Test
    void flushPassesBufferedBytesOnThenFlushesNext() {
        StubBio stub = new StubBio();
        BufferBio buf = over(8, stub);
        buf.write(ascii("abc"));
        buf.write(ascii("de"));
        assertThat(buf.flush()).isEqualTo(1);
        assertThat(stub.writeCalls).containsExactly(5);
        assertThat(str(stub.accepted())).isEqualTo("abcde");
        assertThat(stub.flushCalls).isEqualTo(1);
        assertThat(buf.wpending()).isZero();
    }

    @Test
    void flushTheNextCannotFinishReturnsItsResultAndTheNextFlushContinuesWhereItStopped() {
        MemBio mem = MemBio.create(5);
        BufferBio buf = over(16, mem);
        byte[] data = sequence(0, 12);
        assertThat(buf.write(data)).isEqualTo(12);
        byte[] got = new byte[12];
        int received = 0;
        for (int round = 0; round < 3; round++) {
            int r = buf.flush();
            if (round < 2) {
                assertThat(r).as("flush %d", round).isEqualTo(-1);
                assertThat(buf.shouldWrite()).isTrue();
                assertThat(buf.wpending()).isEqualTo(12 - 5 * (round + 1));
            } else {
                assertThat(r).isEqualTo(1);
                assertThat(buf.shouldRetry()).isFalse();
            }
            received += mem.read(got, received, 12 - received);
        }
        assertThat(received).isEqualTo(12);
        assertThat(got).isEqualTo(data);
    }

    @Test
    void finalFlushOfTheNextBioIsForwardedWithItsRetryFlags() {
        StubBio stub = new StubBio();
        stub.flushRetries = 1;
        BufferBio buf = over(8, stub);
        buf.write(ascii("abc"));
        assertThat(buf.flush()).isZero();
        assertThat(buf.shouldRetry()).isTrue();
        assertThat(buf.shouldWrite()).isTrue();
        assertThat(str(stub.accepted()))
                .as("the bytes went on before the next flush")
                .isEqualTo("abc");
        assertThat(buf.wpending()).isZero();
        assertThat(buf.flush()).isEqualTo(1);
        assertThat(buf.shouldRetry()).isFalse();
        assertThat(stub.flushCalls).isEqualTo(2);
        assertThat(stub.writeCalls).containsExactly(3);
    }

    // ---------------------------------------------------------------- read

    @Test
    void readIsServedFromTheInputBufferRefilledWithOneReadOfNext() {
        StubBio stub = new StubBio();
        stub.feed(ascii("hello world"));
        BufferBio buf = over(16, stub);
        assertThat(read(buf, 5)).isEqualTo("hello");
        assertThat(stub.readCalls).containsExactly(16);
        assertThat(buf.pending()).isEqualTo(6);
        assertThat(read(buf, 100)).isEqualTo(" world");
        assertThat(stub.readCalls)
                .as("buffered input is served without calling next")
                .containsExactly(16);
        assertThat(buf.bytesRead()).isEqualTo(11);
    }

    @Test
    void refillIsExactlyOneReadOfNextEvenIfItReturnsLess() {
        StubBio stub = new StubBio();
        stub.readQuota = 3;
        stub.feed(ascii("abcdefgh"));
        BufferBio buf = over(16, stub);
        assertThat(read(buf, 8)).isEqualTo("abc");
        assertThat(stub.readCalls).containsExactly(16);
        assertThat(buf.shouldRetry()).isFalse();
    }

    @Test
    void readLargerThanTheBufferGoesDirectlyIntoTheCallersArray() {
        StubBio stub = new StubBio();
        stub.feed(sequence(0, 20));
        BufferBio buf = over(8, stub);
        byte[] b = new byte[16];
        assertThat(buf.read(b, 0, 16)).isEqualTo(16);
        assertThat(b).isEqualTo(sequence(0, 16));
        assertThat(stub.readCalls).containsExactly(16);
        assertThat(buf.pending()).as("nothing buffered: forwarded").isEqualTo(4);
    }

    @Test
    void readWhenNextHasNothingCopiesItsFlagsAndReturnsItsValue() {
        BufferBio empty = over(8, MemBio.create());
        assertThat(empty.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(empty.shouldRetry()).isTrue();
        assertThat(empty.shouldRead()).isTrue();
        assertThat(empty.retryReason()).isEqualTo(RetryReason.READ);

        MemBio atEof = MemBio.create();
        atEof.setMemEofReturn(0);
        BufferBio eof = over(8, atEof);
        assertThat(eof.read(new byte[4], 0, 4)).isZero();
        assertThat(eof.shouldRetry()).isFalse();

        BufferBio direct = over(8, MemBio.create());
        assertThat(direct.read(new byte[64], 0, 64)).as("direct path").isEqualTo(-1);
        assertThat(direct.shouldRead()).isTrue();

        BufferBio zeroWithRetry = over(8, new AlwaysRetryBio(0));
        assertThat(zeroWithRetry.read(new byte[4], 0, 4)).isZero();
        assertThat(zeroWithRetry.shouldRead()).isTrue();
    }

    // ---------------------------------------------------------------- buffer controls

    @Test
    void setBufferReadDataReplacesTheInputWithACopyAndGrowsTheBuffer() {
        StubBio stub = new StubBio();
        stub.feed(ascii("from next"));
        BufferBio buf = over(4, stub);
        byte[] data = ascii("line1\nline2\n");
        buf.setBufferReadData(data);
        Arrays.fill(data, (byte) 'x');
        assertThat(buf.pending()).isEqualTo(12);
        assertThat(buf.bufferNumLines()).isEqualTo(2);
        assertThat(read(buf, 12)).isEqualTo("line1\nline2\n");
        assertThat(stub.readCalls).isEmpty();
        assertThat(read(buf, 4)).isEqualTo("from");
        assertThat(stub.readCalls)
                .as("refills still ask for the configured size")
                .containsExactly(4);
        buf.setBufferReadData(ascii("ab"));
        assertThat(read(buf, 10)).as("replaces, not appends").isEqualTo("ab");
    }

    @Test
    void bufferNumLinesCountsNewlinesInBufferedInputOnly() {
        MemBio mem = MemBio.create();
        mem.write(ascii("a\nb\nc\n"));
        BufferBio buf = over(16, mem);
        assertThat(buf.bufferNumLines()).isZero();
        assertThat(read(buf, 2)).isEqualTo("a\n");
        assertThat(buf.bufferNumLines()).isEqualTo(2);
    }

    @Test
    void pendingIsBufferedInputElseForwarded() {
        MemBio mem = MemBio.create();
        mem.write(ascii("0123456789"));
        BufferBio buf = over(4, mem);
        assertThat(buf.pending()).as("forwarded").isEqualTo(10);
        read(buf, 1);
        assertThat(buf.pending()).as("buffered").isEqualTo(3);
        read(buf, 3);
        assertThat(buf.pending()).as("forwarded again").isEqualTo(6);
    }

    @Test
    void wpendingIsBufferedOutputElseForwarded() {
        BioPair pair = BioPair.create(0, 0);
        BufferBio buf = over(16, pair.first());
        buf.write(ascii("abc"));
        assertThat(buf.wpending()).as("buffered").isEqualTo(3);
        assertThat(pair.first().wpending()).isZero();
        assertThat(buf.flush()).isEqualTo(1);
        assertThat(buf.wpending()).as("forwarded to the pair end").isEqualTo(3);
    }

    @Test
    void resetClearsBothBuffersAndForwards() {
        MemBio mem = MemBio.create();
        mem.write(ascii("input bytes"));
        BufferBio buf = over(8, mem);
        read(buf, 2);
        buf.write(ascii("out"));
        assertThat(buf.reset()).as("MemBio's reset result").isEqualTo(1);
        assertThat(buf.pending()).isZero();
        assertThat(buf.wpending()).isZero();
        assertThat(mem.pending()).isZero();
        assertThat(buf.flush()).isEqualTo(1);
        assertThat(mem.pending()).as("the held output was discarded").isZero();

        BioPair pair = BioPair.create(0, 0);
        assertThat(over(8, pair.first()).reset()).as("a pair end's reset result").isZero();
    }

    @Test
    void eofIsFalseWhileInputIsBufferedElseForwarded() {
        MemBio mem = MemBio.readOnly(ascii("abc"));
        BufferBio buf = over(8, mem);
        assertThat(buf.eof()).isFalse();
        read(buf, 1);
        assertThat(mem.eof()).isTrue();
        assertThat(buf.eof()).as("two bytes still buffered").isFalse();
        read(buf, 2);
        assertThat(buf.eof()).isTrue();
    }

    @Test
    void closeDiscardsBufferedBytesAndLeavesTheNextBioOpen() {
        MemBio mem = MemBio.create();
        BufferBio buf = over(8, mem);
        buf.write(ascii("held"));
        buf.close();
        assertThat(buf.isClosed()).isTrue();
        assertThat(mem.isClosed()).isFalse();
        assertThat(mem.pending()).isZero();
        assertThatThrownBy(buf::bufferNumLines).isInstanceOf(IllegalStateException.class);
    }
}
