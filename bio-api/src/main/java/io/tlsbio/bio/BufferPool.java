package io.tlsbio.bio;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small JVM-wide pool of record-sized byte arrays, shared by every thread and capped (Okio's
 * segment pool is the model, not a thread-local cache): a memory BIO that drains, or a TLS record
 * reader that has delivered its record, gives its array back, so an idle connection holds none and
 * a busy one reuses them instead of allocating one per record (docs/ssl-lifecycle.md, "Buffers").
 * OpenSSL's {@code SSL_MODE_RELEASE_BUFFERS} freelist played this part.
 *
 * <p>At most {@link #SLOTS} arrays of {@link #ARRAY_SIZE} bytes are held, so the pool never holds
 * more than {@value #SLOTS} x {@value #ARRAY_SIZE} bytes. Arrays come back with whatever bytes
 * their last user left in them: a user reads only what it wrote itself. Thread-safe, lock-free.
 */
public final class BufferPool {

    /**
     * Bytes per pooled array: the largest TLS record a peer may send (5-byte header, 2^14 plaintext
     * plus 2,048 of expansion, and 256 more as bctls allows), rounded up.
     */
    public static final int ARRAY_SIZE = 19 * 1024;

    /** Arrays the pool holds at most. */
    public static final int SLOTS = 16;

    private static final AtomicReferenceArray<byte[]> POOL = new AtomicReferenceArray<>(SLOTS);

    private BufferPool() {}

    /**
     * An array of exactly {@link #ARRAY_SIZE} bytes: a pooled one, or a new one when none is free.
     *
     * @return an array of {@link #ARRAY_SIZE} bytes holding arbitrary content
     */
    public static byte[] take() {
        int start = home();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (POOL.getPlain(slot) != null) {
                byte[] b = POOL.getAndSet(slot, null);
                if (b != null) {
                    return b;
                }
            }
        }
        return new byte[ARRAY_SIZE];
    }

    /**
     * Gives {@code b} back: it is kept if it is a pool-sized array and a slot is free, else left to
     * the garbage collector. The caller must not use {@code b} afterwards.
     *
     * @param b the array to return; {@code null} or a wrong-sized array is ignored
     */
    public static void give(byte[] b) {
        if (b == null || b.length != ARRAY_SIZE) {
            return;
        }
        int start = home();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (POOL.getPlain(slot) == null && POOL.compareAndSet(slot, null, b)) {
                return;
            }
        }
    }

    /**
     * Arrays held now (for tests and measurements).
     *
     * @return arrays in the pool now, {@code 0..SLOTS}
     */
    public static int pooled() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (POOL.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Where a thread starts looking, so threads mostly use different slots (no false sharing of
     * work).
     */
    private static int home() {
        return (int) (Thread.currentThread().getId() * 0x9E3779B9L >>> 16) & (SLOTS - 1);
    }
}
