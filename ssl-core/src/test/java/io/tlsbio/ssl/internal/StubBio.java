package io.tlsbio.ssl.internal;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A scriptable BIO for ssl-core's own tests (ssl-core may not depend on a concrete BIO module).
 * Input: bytes fed with {@link #feed}, handed out at most {@link #maxPerRead} per read; once they
 * are gone a read does what {@link #whenEmpty} says. Output: recorded, accepted up to {@link
 * #writeCapacity} (then retry-write, or a failure / io-special retry if scripted). Flush: scripted
 * results, OK by default. Every {@code len} the hooks were called with is recorded.
 */
final class StubBio extends Bio {

    /** What a read does when no fed byte is left. */
    enum Then {
        RETRY,
        EOF,
        ERROR
    }

    /** One flush outcome. */
    enum Flush {
        OK,
        RETRY,
        FAIL
    }

    /**
     * Optional event log ("read N", "write N", "flush"), shareable between two stubs to see order.
     */
    List<String> log = new ArrayList<>();

    // ---- input
    private byte[] in = new byte[0];
    private int inPos;
    int maxPerRead = Integer.MAX_VALUE;
    Then whenEmpty = Then.RETRY;
    BioError.Reason readErrorReason = BioError.Reason.IO_ERROR;
    final List<Integer> readLens = new ArrayList<>();

    // ---- output
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    int writeCapacity = Integer.MAX_VALUE;
    int maxPerWrite = Integer.MAX_VALUE;

    /**
     * When set, a write that cannot proceed fails with this reason instead of asking for a retry.
     */
    BioError.Reason writeErrorReason;

    /** When set (CONNECT/ACCEPT), a write that cannot proceed asks for an io-special retry. */
    RetryReason writeSpecial;

    final List<Integer> writeLens = new ArrayList<>();

    // ---- flush
    final Deque<Flush> flushScript = new ArrayDeque<>();
    int flushCount;

    /** Makes {@code bytes} readable after what is already fed. */
    StubBio feed(byte[] bytes) {
        byte[] rest = Arrays.copyOfRange(in, inPos, in.length);
        in = new byte[rest.length + bytes.length];
        System.arraycopy(rest, 0, in, 0, rest.length);
        System.arraycopy(bytes, 0, in, rest.length, bytes.length);
        inPos = 0;
        return this;
    }

    int unread() {
        return in.length - inPos;
    }

    byte[] writtenBytes() {
        return written.toByteArray();
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        readLens.add(len);
        log.add("read " + len);
        int n = Math.min(Math.min(len, maxPerRead), unread());
        if (n > 0) {
            System.arraycopy(in, inPos, b, off, n);
            inPos += n;
            return n;
        }
        switch (whenEmpty) {
            case RETRY:
                setRetryRead();
                return -1;
            case EOF:
                return 0;
            default:
                setError(
                        readErrorReason,
                        "scripted read failure",
                        new java.io.IOException("read boom"));
                return -1;
        }
    }

    /**
     * When set, {@link #readInPlace} lends the unread bytes (up to maxPerRead), as a MemBio does.
     */
    boolean lendsInPlace;

    int inPlaceCalls;

    @Override
    protected int implReadInPlace(InPlaceReader reader) {
        if (!lendsInPlace) {
            return -2;
        }
        inPlaceCalls++;
        int n = Math.min(maxPerRead, unread());
        if (n == 0) {
            return -1;
        }
        int took = reader.consume(in, inPos, n);
        inPos += took;
        return took;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        writeLens.add(len);
        log.add("write " + len);
        int n = Math.min(Math.min(len, maxPerWrite), writeCapacity);
        if (n > 0) {
            written.write(b, off, n);
            if (writeCapacity != Integer.MAX_VALUE) {
                writeCapacity -= n;
            }
            return n;
        }
        if (writeErrorReason != null) {
            setError(writeErrorReason, "scripted write failure", null);
        } else if (writeSpecial != null) {
            setRetrySpecial(writeSpecial);
        } else {
            setRetryWrite();
        }
        return -1;
    }

    @Override
    protected int implFlush() {
        flushCount++;
        log.add("flush");
        Flush f = flushScript.isEmpty() ? Flush.OK : flushScript.poll();
        switch (f) {
            case OK:
                return 1;
            case RETRY:
                setRetryWrite();
                return -1;
            default:
                setError(BioError.Reason.IO_ERROR, "scripted flush failure", null);
                return 0;
        }
    }

    @Override
    protected long implPending() {
        return unread();
    }

    // ---- direct flag control for classification tests

    void forceRetryRead() {
        setRetryRead();
    }

    void forceRetryWrite() {
        setRetryWrite();
    }

    void forceRetrySpecial(RetryReason r) {
        setRetrySpecial(r);
    }

    void forceError(BioError.Reason reason, Throwable cause) {
        setError(reason, "forced " + reason, cause);
    }
}
