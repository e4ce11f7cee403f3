package io.tlsbio.bio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one contract every {@link Bio} type honours (Netty's {@code SSLEngineTest} shape): each BIO
 * module subclasses it once per configuration and supplies a {@link Fixture}.
 */
public abstract class BioContractTest {

    /** A BIO under test plus a way to feed it input and collect its output. */
    protected interface Fixture extends AutoCloseable {
        /** The BIO under test. */
        Bio bio();

        /** Arranges for {@code data} to become readable from {@link #bio()}. */
        void supply(byte[] data);

        /**
         * Returns exactly {@code n} bytes that {@link #bio()} wrote (and flushed), waiting a
         * bounded time.
         */
        byte[] collect(int n);

        /**
         * Whether a read with nothing supplied returns -1 with retry-read (false: it would block).
         */
        default boolean emptyReadRetries() {
            return true;
        }

        /** Whether {@link #bio()} accepts writes at all. */
        default boolean writable() {
            return true;
        }

        @Override
        default void close() {
            bio().closeAll();
        }
    }

    protected abstract Fixture createFixture() throws Exception;

    protected Fixture f;

    @BeforeEach
    void setUpFixture() throws Exception {
        f = createFixture();
    }

    @AfterEach
    void tearDownFixture() throws Exception {
        f.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads exactly n bytes with a bounded number of reads. */
    protected static byte[] readFully(Bio bio, int n) {
        byte[] out = new byte[n];
        int got = 0;
        for (int i = 0; got < n && i < 10_000; i++) {
            int r = bio.read(out, got, n - got);
            if (r > 0) {
                got += r;
            } else if (!bio.shouldRetry()) {
                throw new AssertionError(
                        "read failed after "
                                + got
                                + " of "
                                + n
                                + " bytes: "
                                + r
                                + " "
                                + bio.lastError());
            }
        }
        assertThat(got).as("bytes read").isEqualTo(n);
        return out;
    }

    /** Writes all of data (bounded loop) and flushes. */
    protected static void writeFully(Bio bio, byte[] data) {
        int done = 0;
        for (int i = 0; done < data.length && i < 10_000; i++) {
            int r = bio.write(data, done, data.length - done);
            if (r > 0) {
                done += r;
            } else if (!bio.shouldRetry()) {
                throw new AssertionError("write failed: " + r + " " + bio.lastError());
            }
        }
        assertThat(done).isEqualTo(data.length);
        for (int i = 0; i < 10_000; i++) {
            if (bio.flush() > 0) {
                return;
            }
        }
        throw new AssertionError("flush never completed");
    }

    @Test
    void nullArrayThrowsNullPointerException() {
        assertThatThrownBy(() -> f.bio().read(null, 0, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> f.bio().write((byte[]) null, 0, 1))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> f.bio().read((ByteBuffer) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void badRangeThrowsIndexOutOfBoundsNamingTheValues() {
        byte[] b = new byte[4];
        assertThatThrownBy(() -> f.bio().read(b, 0, -1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("len=-1");
        assertThatThrownBy(() -> f.bio().read(b, -2, 1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("off=-2");
        assertThatThrownBy(() -> f.bio().write(b, 3, 2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("len=2");
    }

    @Test
    void zeroLengthReturnsZeroAndMovesNothing() {
        byte[] b = new byte[4];
        assertThat(f.bio().read(b, 0, 0)).isZero();
        assertThat(f.bio().write(b, 2, 0)).isZero();
        assertThat(f.bio().bytesRead()).isZero();
        assertThat(f.bio().bytesWritten()).isZero();
    }

    @Test
    void suppliedBytesAreReadInOrderAndCounted() {
        f.supply(ascii("hello world"));
        byte[] got = readFully(f.bio(), 11);
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(f.bio().bytesRead()).isEqualTo(11);
        assertThat(f.bio().shouldRetry()).isFalse();
        assertThat(f.bio().retryReason()).isEqualTo(RetryReason.NONE);
    }

    @Test
    void writtenBytesArriveInOrderAndAreCounted() {
        if (!f.writable()) {
            return;
        }
        writeFully(f.bio(), ascii("abc"));
        writeFully(f.bio(), ascii("defg"));
        assertThat(new String(f.collect(7), StandardCharsets.US_ASCII)).isEqualTo("abcdefg");
        assertThat(f.bio().bytesWritten()).isEqualTo(7);
    }

    @Test
    void byteBufferVariantsMoveBytesAndPositions() {
        f.supply(ascii("0123456789"));
        ByteBuffer heap = ByteBuffer.allocate(4);
        ByteBuffer direct = ByteBuffer.allocateDirect(6);
        for (int i = 0; heap.hasRemaining() && i < 1000; i++) {
            f.bio().read(heap);
        }
        for (int i = 0; direct.hasRemaining() && i < 1000; i++) {
            f.bio().read(direct);
        }
        heap.flip();
        direct.flip();
        assertThat(StandardCharsets.US_ASCII.decode(heap).toString()).isEqualTo("0123");
        assertThat(StandardCharsets.US_ASCII.decode(direct).toString()).isEqualTo("456789");
        if (f.writable()) {
            ByteBuffer src = ByteBuffer.allocateDirect(3).put(ascii("xyz")).flip();
            for (int i = 0; src.hasRemaining() && i < 1000; i++) {
                f.bio().write(src);
            }
            assertThat(src.remaining()).isZero();
            writeFully(f.bio(), new byte[0]);
            assertThat(new String(f.collect(3), StandardCharsets.US_ASCII)).isEqualTo("xyz");
        }
    }

    @Test
    void retryFlagsAreClearedAtTheStartOfEveryCall() {
        if (!f.emptyReadRetries()) {
            return;
        }
        byte[] b = new byte[8];
        assertThat(f.bio().read(b, 0, 8)).isEqualTo(-1);
        assertThat(f.bio().shouldRetry()).isTrue();
        assertThat(f.bio().shouldRead()).isTrue();
        assertThat(f.bio().shouldWrite()).isFalse();
        assertThat(f.bio().retryReason()).isEqualTo(RetryReason.READ);
        // queries leave the flags alone
        f.bio().pending();
        f.bio().eof();
        assertThat(f.bio().shouldRead()).isTrue();
        f.supply(ascii("x"));
        assertThat(f.bio().read(b, 0, 8)).isEqualTo(1);
        assertThat(f.bio().shouldRetry()).isFalse();
        assertThat(f.bio().shouldRead()).isFalse();
        assertThat(f.bio().retryReason()).isEqualTo(RetryReason.NONE);
    }

    record Event(String when, BioOperation op, int len, long ret) {}

    @Test
    void callbackSeesBeforeAndAfterOfEveryOperationInOrder() {
        List<Event> events = new ArrayList<>();
        f.bio()
                .setCallback(
                        new BioCallback() {
                            @Override
                            public long before(
                                    Bio bio, BioOperation op, byte[] buf, int off, int len) {
                                events.add(new Event("before", op, len, 1));
                                return 1;
                            }

                            @Override
                            public long after(
                                    Bio bio,
                                    BioOperation op,
                                    byte[] buf,
                                    int off,
                                    int len,
                                    long ret) {
                                events.add(new Event("after", op, len, ret));
                                return ret;
                            }
                        });
        f.supply(ascii("ab"));
        events.clear();
        byte[] b = new byte[2];
        int r = f.bio().read(b, 0, 2);
        assertThat(events)
                .startsWith(
                        new Event("before", BioOperation.READ, 2, 1),
                        new Event("after", BioOperation.READ, 2, r));
        events.clear();
        long p = f.bio().pending();
        assertThat(events)
                .containsExactly(
                        new Event("before", BioOperation.PENDING, 0, 1),
                        new Event("after", BioOperation.PENDING, 0, p));
        if (f.writable()) {
            events.clear();
            int w = f.bio().write(ascii("xyz"), 0, 3);
            assertThat(events)
                    .containsExactly(
                            new Event("before", BioOperation.WRITE, 3, 1),
                            new Event("after", BioOperation.WRITE, 3, w));
            events.clear();
            int fl = f.bio().flush();
            assertThat(events)
                    .containsExactly(
                            new Event("before", BioOperation.FLUSH, 0, 1),
                            new Event("after", BioOperation.FLUSH, 0, fl));
        }
    }

    @Test
    void callbackCanVetoAndReplaceResults() {
        f.bio()
                .setCallback(
                        new BioCallback() {
                            @Override
                            public long before(
                                    Bio bio, BioOperation op, byte[] buf, int off, int len) {
                                return (op == BioOperation.WRITE || op == BioOperation.READ)
                                                && len == 1
                                                && buf[off] == 'A'
                                        ? -7
                                        : 1;
                            }
                        });
        if (f.writable()) {
            assertThat(f.bio().write(ascii("A"), 0, 1)).isEqualTo(-7);
            assertThat(f.bio().bytesWritten()).isZero();
            writeFully(f.bio(), ascii("B"));
            assertThat(f.collect(1)).containsExactly('B');
        }
        f.bio()
                .setCallback(
                        new BioCallback() {
                            @Override
                            public long after(
                                    Bio bio,
                                    BioOperation op,
                                    byte[] buf,
                                    int off,
                                    int len,
                                    long ret) {
                                return op == BioOperation.EOF ? 1 : ret;
                            }
                        });
        assertThat(f.bio().eof()).isTrue();
        f.bio().setCallback(null);
        assertThat(f.bio().callback()).isNull();
    }

    @Test
    void operationsAfterCloseThrowNamingTheBio() {
        Bio bio = f.bio();
        bio.close();
        bio.close(); // idempotent
        assertThat(bio.isClosed()).isTrue();
        assertThatThrownBy(() -> bio.read(new byte[1], 0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> bio.write(new byte[1], 0, 1))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(bio::flush).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(bio::pending).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void freeCallbackCanVetoClose() {
        f.bio()
                .setCallback(
                        new BioCallback() {
                            @Override
                            public long before(
                                    Bio bio, BioOperation op, byte[] buf, int off, int len) {
                                return op == BioOperation.FREE ? 0 : 1;
                            }
                        });
        f.bio().close();
        assertThat(f.bio().isClosed()).isFalse();
        f.bio().setCallback(null);
    }
}
