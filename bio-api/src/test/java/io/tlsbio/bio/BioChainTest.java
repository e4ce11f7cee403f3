package io.tlsbio.bio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link Bio} base itself: chains (push/pop/next/closeAll), flag copying through a filter, the
 * default filter hooks, callbacks and vetoes, the ByteBuffer variants and argument checks, using
 * two tiny test-only BIO types.
 */
class BioChainTest {

    /** A source/sink over a byte array, with scripted refusals; counts how often its hooks ran. */
    static final class QueueBio extends Bio {
        final String name;
        byte[] data = new byte[0];
        int readPos;

        /** Most bytes one write accepts; 0 means -1 with retry-write. */
        int writeQuota = Integer.MAX_VALUE;

        /** When set, an empty read returns -1 with this io-special reason instead of retry-read. */
        RetryReason special;

        /** When set, reads and writes fail with -1 and this error, no retry. */
        BioError.Reason failure;

        int implCalls;

        QueueBio(String name) {
            this.name = name;
        }

        void feed(String s) {
            byte[] add = s.getBytes(StandardCharsets.US_ASCII);
            byte[] joined = Arrays.copyOf(data, data.length + add.length);
            System.arraycopy(add, 0, joined, data.length, add.length);
            data = joined;
        }

        String unread() {
            return new String(data, readPos, data.length - readPos, StandardCharsets.US_ASCII);
        }

        @Override
        protected int implRead(byte[] b, int off, int len) {
            implCalls++;
            if (failure != null) {
                setError(failure, name + " failed", null);
                return -1;
            }
            int n = Math.min(len, data.length - readPos);
            if (n == 0) {
                if (special != null) {
                    setRetrySpecial(special);
                } else {
                    setRetryRead();
                }
                return -1;
            }
            System.arraycopy(data, readPos, b, off, n);
            readPos += n;
            return n;
        }

        @Override
        protected int implWrite(byte[] b, int off, int len) {
            implCalls++;
            if (failure != null) {
                setError(failure, name + " failed", null);
                return -1;
            }
            if (writeQuota == 0) {
                setRetryWrite();
                return -1;
            }
            int n = Math.min(len, writeQuota);
            byte[] joined = Arrays.copyOf(data, data.length + n);
            System.arraycopy(b, off, joined, data.length, n);
            data = joined;
            return n;
        }

        @Override
        protected long implPending() {
            return data.length - readPos;
        }

        @Override
        protected boolean implEof() {
            return readPos == data.length;
        }

        @Override
        protected int implReset() {
            readPos = data.length;
            return 7;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A filter that passes reads and writes on, copying the next BIO's flags on failure; default
     * hooks otherwise.
     */
    static final class PassFilter extends Bio {
        final String name;

        PassFilter(String name) {
            this.name = name;
        }

        @Override
        protected int implRead(byte[] b, int off, int len) {
            int r = next() == null ? 0 : next().read(b, off, len);
            if (r <= 0) {
                copyNextRetry();
            }
            return r;
        }

        @Override
        protected int implWrite(byte[] b, int off, int len) {
            int r = next() == null ? 0 : next().write(b, off, len);
            if (r <= 0) {
                copyNextRetry();
            }
            return r;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- push / pop / next

    @Test
    void pushAppendsAtTheEndOfTheChainAndReturnsTheHead() {
        PassFilter a = new PassFilter("a");
        PassFilter b = new PassFilter("b");
        QueueBio c = new QueueBio("c");
        assertThat(a.push(b)).isSameAs(a);
        assertThat(a.push(c)).isSameAs(a);
        assertThat(a.next()).isSameAs(b);
        assertThat(b.next()).isSameAs(c);
        assertThat(c.next()).isNull();
    }

    @Test
    void pushOfAChainAppendsAllOfIt() {
        PassFilter a = new PassFilter("a");
        PassFilter b = new PassFilter("b");
        QueueBio c = new QueueBio("c");
        b.push(c);
        a.push(b);
        assertThat(a.next()).isSameAs(b);
        assertThat(a.next().next()).isSameAs(c);
    }

    @Test
    void pushRejectsABioThatAlreadyFollowsAnother() {
        PassFilter a = new PassFilter("a");
        QueueBio b = new QueueBio("b");
        a.push(b);
        PassFilter other = new PassFilter("other");
        assertThatThrownBy(() -> other.push(b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already follows")
                .hasMessageContaining("b");
        assertThat(other.next()).isNull();
        assertThat(a.next()).isSameAs(b);
    }

    @Test
    void pushRejectsCycles() {
        PassFilter a = new PassFilter("a");
        PassFilter b = new PassFilter("b");
        a.push(b);
        assertThatThrownBy(() -> b.push(a))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle");
        assertThatThrownBy(() -> a.push(a))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle");
        assertThat(b.next()).isNull();
    }

    @Test
    void pushOfNullOrOntoAClosedBioThrows() {
        PassFilter a = new PassFilter("a");
        assertThatThrownBy(() -> a.push(null)).isInstanceOf(NullPointerException.class);
        a.close();
        assertThatThrownBy(() -> a.push(new QueueBio("q")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void popTakesTheBioOutAndJoinsItsNeighbours() {
        PassFilter a = new PassFilter("a");
        PassFilter b = new PassFilter("b");
        QueueBio c = new QueueBio("c");
        a.push(b).push(c);
        assertThat(b.pop()).isSameAs(c);
        assertThat(a.next()).isSameAs(c);
        assertThat(b.next()).isNull();
        // b is free again: it may be pushed elsewhere, and c still follows a
        PassFilter d = new PassFilter("d");
        d.push(b);
        assertThat(d.next()).isSameAs(b);
        assertThatThrownBy(() -> d.push(c)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void popOfTheHeadOrTheTail() {
        PassFilter a = new PassFilter("a");
        QueueBio b = new QueueBio("b");
        a.push(b);
        assertThat(b.pop()).as("the tail has nothing after it").isNull();
        assertThat(a.next()).isNull();
        a.push(b);
        assertThat(a.pop()).as("the head returns its former next").isSameAs(b);
        new PassFilter("x").push(b); // b no longer follows a
        assertThat(new QueueBio("lone").pop()).isNull();
    }

    // ---------------------------------------------------------------- close / closeAll

    @Test
    void closeClosesOnlyThatBioAndCloseAllClosesTheChain() {
        PassFilter a = new PassFilter("a");
        PassFilter b = new PassFilter("b");
        QueueBio c = new QueueBio("c");
        a.push(b).push(c);
        a.close();
        assertThat(a.isClosed()).isTrue();
        assertThat(b.isClosed()).isFalse();
        b.closeAll();
        assertThat(b.isClosed()).isTrue();
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void closeAllGoesOnPastABioWhoseCloseWasVetoed() {
        PassFilter a = new PassFilter("a");
        PassFilter b = new PassFilter("b");
        QueueBio c = new QueueBio("c");
        a.push(b).push(c);
        b.setCallback(
                new BioCallback() {
                    @Override
                    public long before(Bio bio, BioOperation op, byte[] buf, int off, int len) {
                        return op == BioOperation.FREE ? 0 : 1;
                    }
                });
        a.closeAll();
        assertThat(a.isClosed()).isTrue();
        assertThat(b.isClosed()).isFalse();
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void operationsOnAClosedBioThrowButChainQueriesDoNot() {
        PassFilter a = new PassFilter("a");
        QueueBio b = new QueueBio("b");
        a.push(b);
        a.close();
        assertThatThrownBy(() -> a.write(ascii("x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(a::eof).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(a::reset).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(a::wpending).isInstanceOf(IllegalStateException.class);
        assertThat(a.next()).isSameAs(b);
        assertThat(a.pop()).isSameAs(b);
    }

    // ---------------------------------------------------------------- retry flags through a filter

    @Test
    void aFilterCopiesTheNextBiosRetryFlagsUp() {
        PassFilter f = new PassFilter("f");
        QueueBio q = new QueueBio("q");
        f.push(q);
        assertThat(f.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(f.shouldRetry()).isTrue();
        assertThat(f.shouldRead()).isTrue();
        assertThat(f.retryReason()).isEqualTo(RetryReason.READ);

        q.writeQuota = 0;
        assertThat(f.write(ascii("x"))).isEqualTo(-1);
        assertThat(f.shouldRead()).as("cleared at the start of the write").isFalse();
        assertThat(f.shouldWrite()).isTrue();
        assertThat(f.retryReason()).isEqualTo(RetryReason.WRITE);

        q.special = RetryReason.CONNECT;
        assertThat(f.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(f.shouldIoSpecial()).isTrue();
        assertThat(f.shouldRead()).isFalse();
        assertThat(f.retryReason()).isEqualTo(RetryReason.CONNECT);

        q.feed("ok");
        assertThat(f.read(new byte[4], 0, 4)).isEqualTo(2);
        assertThat(f.shouldRetry()).isFalse();
        assertThat(f.retryReason()).isEqualTo(RetryReason.NONE);
    }

    @Test
    void aFilterCopiesTheNextBiosErrorAndTheNextOperationClearsIt() {
        PassFilter f = new PassFilter("f");
        QueueBio q = new QueueBio("q");
        f.push(q);
        q.failure = BioError.Reason.IO_ERROR;
        assertThat(f.write(ascii("x"))).isEqualTo(-1);
        assertThat(f.shouldRetry()).isFalse();
        assertThat(f.lastError().reason()).isEqualTo(BioError.Reason.IO_ERROR);
        assertThat(f.lastError().message()).isEqualTo("q failed");
        q.failure = null;
        assertThat(f.write(ascii("x"))).isEqualTo(1);
        assertThat(f.lastError()).isNull();
    }

    @Test
    void retrySpecialOnlyTakesConnectOrAccept() {
        QueueBio q = new QueueBio("q");
        q.special = RetryReason.READ;
        assertThatThrownBy(() -> q.read(new byte[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("READ");
        q.special = RetryReason.ACCEPT;
        assertThat(q.read(new byte[1], 0, 1)).isEqualTo(-1);
        assertThat(q.retryReason()).isEqualTo(RetryReason.ACCEPT);
    }

    // ---------------------------------------------------------------- default filter hooks

    @Test
    void defaultHooksForwardToTheNextBio() {
        PassFilter f = new PassFilter("f");
        QueueBio q = new QueueBio("q");
        f.push(q);
        q.feed("abc");
        assertThat(f.pending()).isEqualTo(3);
        assertThat(f.wpending()).isZero();
        assertThat(f.eof()).isFalse();
        assertThat(f.flush()).isEqualTo(1);
        assertThat(f.reset()).as("q's own reset result").isEqualTo(7);
        assertThat(f.eof()).isTrue();
    }

    @Test
    void defaultHooksWithoutNextBio() {
        PassFilter f = new PassFilter("f");
        assertThat(f.pending()).isZero();
        assertThat(f.wpending()).isZero();
        assertThat(f.eof()).isFalse();
        assertThat(f.flush()).isEqualTo(1);
        assertThat(f.reset()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- callbacks

    @Test
    void beforeCallbackVetoSkipsTheOperation() {
        QueueBio q = new QueueBio("q");
        q.feed("data");
        q.setCallback(
                new BioCallback() {
                    @Override
                    public long before(Bio bio, BioOperation op, byte[] buf, int off, int len) {
                        return -3;
                    }
                });
        assertThat(q.read(new byte[4], 0, 4)).isEqualTo(-3);
        assertThat(q.write(ascii("x"))).isEqualTo(-3);
        assertThat(q.flush()).isEqualTo(-3);
        assertThat(q.pending()).isEqualTo(-3);
        assertThat(q.implCalls).isZero();
        assertThat(q.bytesRead()).isZero();
        assertThat(q.bytesWritten()).isZero();
        assertThat(q.unread()).isEqualTo("data");
    }

    @Test
    void callbacksSeeTheArgumentsAndTheResultAndMayReplaceIt() {
        QueueBio q = new QueueBio("q");
        q.feed("hello");
        List<String> seen = new ArrayList<>();
        q.setCallback(
                new BioCallback() {
                    @Override
                    public long before(Bio bio, BioOperation op, byte[] buf, int off, int len) {
                        seen.add("before " + op + " off=" + off + " len=" + len + " bio=" + bio);
                        return 1;
                    }

                    @Override
                    public long after(
                            Bio bio, BioOperation op, byte[] buf, int off, int len, long ret) {
                        String got =
                                op == BioOperation.READ && ret > 0
                                        ? new String(buf, off, (int) ret, StandardCharsets.US_ASCII)
                                        : "";
                        seen.add("after " + op + " ret=" + ret + " " + got);
                        return op == BioOperation.READ ? ret - 1 : ret;
                    }
                });
        byte[] b = new byte[10];
        assertThat(q.read(b, 2, 8)).as("replaced by the after callback").isEqualTo(4);
        assertThat(q.bytesRead()).as("counts what the BIO moved").isEqualTo(5);
        assertThat(seen).containsExactly("before READ off=2 len=8 bio=q", "after READ ret=5 hello");
    }

    @Test
    void zeroLengthCallsNeitherTheHookNorTheCallback() {
        QueueBio q = new QueueBio("q");
        List<BioOperation> seen = new ArrayList<>();
        q.setCallback(
                new BioCallback() {
                    @Override
                    public long before(Bio bio, BioOperation op, byte[] buf, int off, int len) {
                        seen.add(op);
                        return 1;
                    }
                });
        q.read(new byte[1], 0, 1);
        assertThat(q.shouldRead()).isTrue();
        assertThat(q.read(new byte[1], 1, 0)).isZero();
        assertThat(q.write(new byte[1], 0, 0)).isZero();
        assertThat(q.shouldRead()).as("a zero-length call leaves the flags alone").isTrue();
        assertThat(q.implCalls).isEqualTo(1);
        assertThat(seen).containsExactly(BioOperation.READ);
    }

    // ---------------------------------------------------------------- ByteBuffer variants

    @Test
    void directBufferReadMovesBytesAndPositionInChunks() {
        QueueBio q = new QueueBio("q");
        byte[] big = new byte[40_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        q.write(big);
        ByteBuffer dst = ByteBuffer.allocateDirect(50_000);
        dst.position(10);
        int total = 0;
        for (int i = 0; i < 10 && total < big.length; i++) {
            int n = dst.hasRemaining() ? q.read(dst) : -1;
            assertThat(n)
                    .as("a single call moves at most one pooled bounce array")
                    .isBetween(1, BufferPool.ARRAY_SIZE);
            total += n;
        }
        assertThat(total).isEqualTo(big.length);
        assertThat(dst.position()).isEqualTo(10 + big.length);
        byte[] got = new byte[big.length];
        dst.flip().position(10);
        dst.get(got);
        assertThat(got).isEqualTo(big);
    }

    @Test
    void directBufferCallsDoNotAllocateAnArrayEach() {
        // a fixed-array BIO that allocates nothing itself
        Bio q =
                new Bio() {
                    private final byte[] held = new byte[16 * 1024];
                    private int size;

                    @Override
                    protected int implRead(byte[] b, int off, int len) {
                        int n = Math.min(len, size);
                        System.arraycopy(held, 0, b, off, n);
                        size -= n;
                        return n;
                    }

                    @Override
                    protected int implWrite(byte[] b, int off, int len) {
                        int n = Math.min(len, held.length - size);
                        System.arraycopy(b, off, held, size, n);
                        size += n;
                        return n;
                    }
                };
        ByteBuffer src = ByteBuffer.allocateDirect(16 * 1024);
        ByteBuffer dst = ByteBuffer.allocateDirect(16 * 1024);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)
                        java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200; i++) {
            src.clear();
            assertThat(q.write(src)).isEqualTo(16 * 1024);
            dst.clear();
            assertThat(q.read(dst)).isEqualTo(16 * 1024);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // the old bounce allocated 16 KiB per call (6.5 MB here); the pool's first array is what
        // remains
        assertThat(allocated)
                .as("bytes allocated by 400 direct-buffer calls")
                .isLessThan(256 * 1024L);
    }

    @Test
    void directBufferWriteAdvancesByTheAcceptedCountOnly() {
        QueueBio q = new QueueBio("q");
        q.writeQuota = 3;
        ByteBuffer src = ByteBuffer.allocateDirect(8).put(ascii("abcdefgh")).flip();
        assertThat(q.write(src)).isEqualTo(3);
        assertThat(src.position()).isEqualTo(3);
        q.writeQuota = 0;
        assertThat(q.write(src)).isEqualTo(-1);
        assertThat(src.position()).as("nothing accepted, nothing consumed").isEqualTo(3);
        q.writeQuota = Integer.MAX_VALUE;
        assertThat(q.write(src)).isEqualTo(5);
        assertThat(src.hasRemaining()).isFalse();
        assertThat(q.unread()).isEqualTo("abcdefgh");
        assertThat(q.write(src)).as("nothing remaining").isZero();
    }

    @Test
    void heapBufferSlicesUseTheirOwnOffsets() {
        QueueBio q = new QueueBio("q");
        q.feed("0123456789");
        ByteBuffer backing = ByteBuffer.allocate(20);
        backing.position(5);
        ByteBuffer slice = backing.slice();
        slice.position(2);
        assertThat(q.read(slice)).isEqualTo(10);
        assertThat(slice.position()).isEqualTo(12);
        assertThat(new String(backing.array(), 7, 10, StandardCharsets.US_ASCII))
                .isEqualTo("0123456789");
        ByteBuffer src = ByteBuffer.wrap(ascii("xxABCxx"), 2, 3).slice();
        assertThat(q.write(src)).isEqualTo(3);
        assertThat(q.unread()).isEqualTo("ABC");
    }

    @Test
    void readIntoAReadOnlyBufferIsRejected() {
        QueueBio q = new QueueBio("q");
        q.feed("x");
        ByteBuffer ro = ByteBuffer.allocate(4).asReadOnlyBuffer();
        assertThatThrownBy(() -> q.read(ro))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read-only");
        assertThat(q.unread()).isEqualTo("x");
    }

    // ---------------------------------------------------------------- argument checks

    @Test
    void argumentChecksNameTheValues() {
        QueueBio q = new QueueBio("q");
        assertThatThrownBy(() -> q.read((byte[]) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> q.write((ByteBuffer) null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> q.write(new byte[3], 2, 2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("off=2, len=2 out of bounds for array length 3");
        assertThatThrownBy(() -> q.read(new byte[3], Integer.MAX_VALUE, 1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("off=" + Integer.MAX_VALUE);
        assertThatThrownBy(() -> Bio.checkRange(new byte[0], 0, -1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("len=-1");
        assertThat(q.implCalls).isZero();
    }

    @Test
    void countersCountOnlyBytesMoved() {
        QueueBio q = new QueueBio("q");
        q.read(new byte[4], 0, 4);
        assertThat(q.write(ascii("abcd"))).isEqualTo(4);
        assertThat(q.read(new byte[3], 0, 3)).isEqualTo(3);
        q.writeQuota = 0;
        q.write(ascii("e"));
        assertThat(q.bytesWritten()).isEqualTo(4);
        assertThat(q.bytesRead()).isEqualTo(3);
    }
}
