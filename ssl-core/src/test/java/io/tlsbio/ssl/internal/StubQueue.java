package io.tlsbio.ssl.internal;

import java.util.Arrays;

/** An {@link OutputQueue} over a growable array: what the tests queue, RecordWriter drains. */
class StubQueue implements OutputQueue {

    private byte[] q = new byte[0];
    int peeks;
    long removedTotal;

    void enqueue(byte[] b) {
        enqueue(b, 0, b.length);
    }

    void enqueue(byte[] b, int off, int len) {
        byte[] n = Arrays.copyOf(q, q.length + len);
        System.arraycopy(b, off, n, q.length, len);
        q = n;
    }

    byte[] queued() {
        return q.clone();
    }

    @Override
    public int outputAvailable() {
        return q.length;
    }

    @Override
    public int peekOutput(byte[] b, int off, int len) {
        peeks++;
        int n = Math.min(len, q.length);
        System.arraycopy(q, 0, b, off, n);
        return n;
    }

    @Override
    public void removeOutput(int n) {
        if (n < 0 || n > q.length) {
            throw new IllegalArgumentException("remove " + n + " of " + q.length);
        }
        q = Arrays.copyOfRange(q, n, q.length);
        removedTotal += n;
    }
}
