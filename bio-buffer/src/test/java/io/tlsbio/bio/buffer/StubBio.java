package io.tlsbio.bio.buffer;

import io.tlsbio.bio.Bio;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-only source/sink with scripted limits that records how a filter called it: the length of
 * every read and write asked for, the bytes accepted, the number of flushes.
 */
final class StubBio extends Bio {

    /** The {@code len} of every read call, in order. */
    final List<Integer> readCalls = new ArrayList<>();

    /** The {@code len} of every write call, in order. */
    final List<Integer> writeCalls = new ArrayList<>();

    int flushCalls;

    /** Most bytes one write accepts; 0 makes writes return -1 with retry-write. */
    int writeQuota = Integer.MAX_VALUE;

    /** Most bytes one read returns. */
    int readQuota = Integer.MAX_VALUE;

    /** How many upcoming flushes return 0 with retry-write. */
    int flushRetries;

    private final ByteArrayOutputStream accepted = new ByteArrayOutputStream();
    private byte[] input = new byte[0];
    private int inputPos;

    /** Makes {@code data} readable after what is already there. */
    void feed(byte[] data) {
        byte[] rest = Arrays.copyOfRange(input, inputPos, input.length);
        input = Arrays.copyOf(rest, rest.length + data.length);
        System.arraycopy(data, 0, input, rest.length, data.length);
        inputPos = 0;
    }

    /** Everything writes have accepted so far. */
    byte[] accepted() {
        return accepted.toByteArray();
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        readCalls.add(len);
        int n = Math.min(Math.min(len, readQuota), input.length - inputPos);
        if (n == 0) {
            setRetryRead();
            return -1;
        }
        System.arraycopy(input, inputPos, b, off, n);
        inputPos += n;
        return n;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        writeCalls.add(len);
        if (writeQuota == 0) {
            setRetryWrite();
            return -1;
        }
        int n = Math.min(len, writeQuota);
        accepted.write(b, off, n);
        return n;
    }

    @Override
    protected int implFlush() {
        flushCalls++;
        if (flushRetries > 0) {
            flushRetries--;
            setRetryWrite();
            return 0;
        }
        return 1;
    }

    @Override
    protected long implPending() {
        return input.length - inputPos;
    }

    @Override
    protected long implWpending() {
        return 0;
    }

    @Override
    protected boolean implEof() {
        return inputPos == input.length;
    }

    @Override
    protected int implReset() {
        input = new byte[0];
        inputPos = 0;
        return 1;
    }

    @Override
    public String toString() {
        return "StubBio[pending=" + (input.length - inputPos) + "]";
    }
}
