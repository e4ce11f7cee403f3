package io.tlsbio.bio.testkit;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import java.util.SplittableRandom;

/**
 * A filter that makes reads and writes fail with a retry that the next BIO never asked for:
 * "spurious retries in both directions". An injected retry returns without calling the next BIO, so
 * no byte is ever lost or duplicated; calling again makes progress as the next BIO allows.
 *
 * <p>Three modes, each the analogue of a test BIO of BoringSSL or OpenSSL:
 *
 * <ul>
 *   <li><b>random</b> ({@link #RetryInjectingBio(long, double, double)}): before each read (write,
 *       flush) a seeded draw injects a retry with the read (write) probability.
 *   <li><b>quota</b> ({@link #quota()}): BoringSSL's {@code async_bio}: reads (and writes, if
 *       enforced) are cut to the quota that {@link #allowRead}/{@link #allowWrite} granted and
 *       retry when it is used up; a harness grants 1 after each WANT_READ/WANT_WRITE.
 *   <li><b>always</b> ({@link #alwaysRetry()}): OpenSSL's {@code bio_s_always_retry} ({@code
 *       test/helpers/ssltestlib.c}): every read and write retries, flush returns 0 with
 *       retry-write, pending and wpending are 0.
 * </ul>
 *
 * An injected read retry returns {@link #retryReturn()} (-1 unless set to 0) with retry-read set; a
 * write retry the same with retry-write; a flush retry returns 0 with retry-write. Otherwise the
 * call goes to the next BIO and its result, flags and error are passed up. {@link #setActive
 * setActive(false)} turns the filter into a plain pass-through, which is how a test "restores" a
 * BIO it had made always-retry. With no next BIO, passed-through calls return 0 with {@link
 * BioError.Reason#NO_NEXT_BIO}. Not thread-safe.
 */
public final class RetryInjectingBio extends Bio {

    private enum Mode {
        RANDOM,
        QUOTA,
        ALWAYS
    }

    private final Mode mode;
    private final SplittableRandom readRandom;
    private final SplittableRandom writeRandom;
    private final double readProbability;
    private final double writeProbability;
    private long readQuota;
    private long writeQuota;
    private boolean enforceWriteQuota = true;
    private boolean active = true;
    private int retryReturn = -1;
    private long injectedReads;
    private long injectedWrites;
    private long injectedFlushes;

    /**
     * Random mode, the same probability {@code p} for reads, writes and flushes.
     *
     * @param seed the random seed; one seed replays one run
     * @param p chance, in {@code [0, 1)}, that an operation gets a retry instead of reaching the
     *     next BIO
     * @throws IllegalArgumentException unless {@code 0 <= p < 1}
     */
    public RetryInjectingBio(long seed, double p) {
        this(seed, p, p);
    }

    /**
     * Random mode: before each read a retry is injected with {@code readProbability}, before each
     * write and each flush with {@code writeProbability}; the read and the write direction draw
     * from separate streams of {@code seed}.
     *
     * @param seed the random seed; one seed replays one run
     * @param readProbability chance, in {@code [0, 1)}, that a read gets a retry
     * @param writeProbability chance, in {@code [0, 1)}, that a write or flush gets a retry
     * @throws IllegalArgumentException unless both are in {@code [0, 1)} (1 would never progress:
     *     use {@link #alwaysRetry()})
     */
    public RetryInjectingBio(long seed, double readProbability, double writeProbability) {
        this(
                Mode.RANDOM,
                checkProbability("readProbability", readProbability),
                checkProbability("writeProbability", writeProbability),
                new SplittableRandom(seed),
                new SplittableRandom(~seed * 0x9E3779B97F4A7C15L));
    }

    private RetryInjectingBio(
            Mode mode,
            double readProbability,
            double writeProbability,
            SplittableRandom readRandom,
            SplittableRandom writeRandom) {
        this.mode = mode;
        this.readProbability = readProbability;
        this.writeProbability = writeProbability;
        this.readRandom = readRandom;
        this.writeRandom = writeRandom;
    }

    /**
     * Quota mode, BoringSSL's {@code async_bio_create}: both quotas start at 0, so the first read
     * and the first write retry until {@link #allowRead}/{@link #allowWrite} grant bytes.
     *
     * @return a filter in quota mode with no bytes granted
     */
    public static RetryInjectingBio quota() {
        return new RetryInjectingBio(Mode.QUOTA, 0, 0, null, null);
    }

    /**
     * Always mode, OpenSSL's {@code BIO_new(bio_s_always_retry())}: nothing ever gets through while
     * active. Works without a next BIO.
     *
     * @return a filter that answers every read, write and flush with a retry
     */
    public static RetryInjectingBio alwaysRetry() {
        return new RetryInjectingBio(Mode.ALWAYS, 0, 0, null, null);
    }

    /**
     * Quota mode: lets {@code n} more bytes be read ({@code AsyncBioAllowRead}).
     *
     * @param n bytes to add to the read quota, {@code >= 0}
     */
    public void allowRead(long n) {
        requireQuotaMode();
        if (n < 0) {
            throw new IllegalArgumentException("n < 0: " + n);
        }
        readQuota = saturatedAdd(readQuota, n);
    }

    /**
     * Quota mode: lets {@code n} more bytes be written ({@code AsyncBioAllowWrite}).
     *
     * @param n bytes to add to the write quota, {@code >= 0}
     */
    public void allowWrite(long n) {
        requireQuotaMode();
        if (n < 0) {
            throw new IllegalArgumentException("n < 0: " + n);
        }
        writeQuota = saturatedAdd(writeQuota, n);
    }

    /**
     * Quota mode: bytes that may still be read before a retry.
     *
     * @return the read quota left, {@code >= 0}
     */
    public long readQuota() {
        return readQuota;
    }

    /**
     * Quota mode: bytes that may still be written before a retry (if enforced).
     *
     * @return the write quota left, {@code >= 0}
     */
    public long writeQuota() {
        return writeQuota;
    }

    /**
     * Quota mode: whether writes are held to the quota (default true; {@code
     * AsyncBioEnforceWriteQuota}).
     *
     * @param enforce {@code true} to retry writes beyond the quota, {@code false} to let them all
     *     through
     */
    public void setEnforceWriteQuota(boolean enforce) {
        requireQuotaMode();
        this.enforceWriteQuota = enforce;
    }

    /**
     * With {@code false}, pass everything through untouched (no draws, no quotas); default true.
     *
     * @param active {@code false} to pass everything through, {@code true} to inject retries again
     */
    public void setActive(boolean active) {
        this.active = active;
    }

    /**
     * Whether retries are being injected.
     *
     * @return {@code true} unless {@link #setActive} turned it off
     */
    public boolean isActive() {
        return active;
    }

    /**
     * What an injected read or write retry returns: -1 (default) or 0, as OpenSSL's {@code
     * set_always_retry_err_val} (a BIO may report a retry with 0 as well as -1).
     *
     * @param value -1 or 0
     * @throws IllegalArgumentException for any other value
     */
    public void setRetryReturn(int value) {
        if (value != -1 && value != 0) {
            throw new IllegalArgumentException("retry return must be -1 or 0: " + value);
        }
        this.retryReturn = value;
    }

    /**
     * What an injected read or write retry returns (-1 or 0).
     *
     * @return -1 or 0
     */
    public int retryReturn() {
        return retryReturn;
    }

    /**
     * Reads that this BIO failed with a retry of its own.
     *
     * @return count of injected read retries since creation
     */
    public long injectedReadRetries() {
        return injectedReads;
    }

    /**
     * Writes that this BIO failed with a retry of its own.
     *
     * @return count of injected write retries since creation
     */
    public long injectedWriteRetries() {
        return injectedWrites;
    }

    /**
     * Flushes that this BIO failed with a retry of its own.
     *
     * @return count of injected flush retries since creation
     */
    public long injectedFlushRetries() {
        return injectedFlushes;
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        int n = len;
        if (active) {
            boolean inject =
                    switch (mode) {
                        case RANDOM -> readRandom.nextDouble() < readProbability;
                        case QUOTA -> readQuota == 0;
                        case ALWAYS -> true;
                    };
            if (inject) {
                injectedReads++;
                setRetryRead();
                return retryReturn;
            }
            if (mode == Mode.QUOTA) {
                n = (int) Math.min(len, readQuota);
            }
        }
        if (next() == null) {
            return noNext();
        }
        int r = next().read(b, off, n);
        copyNextRetry();
        if (active && mode == Mode.QUOTA && r > 0) {
            readQuota -= r;
        }
        return r;
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        int n = len;
        boolean quota = active && mode == Mode.QUOTA && enforceWriteQuota;
        if (active) {
            boolean inject =
                    switch (mode) {
                        case RANDOM -> writeRandom.nextDouble() < writeProbability;
                        case QUOTA -> quota && writeQuota == 0;
                        case ALWAYS -> true;
                    };
            if (inject) {
                injectedWrites++;
                setRetryWrite();
                return retryReturn;
            }
            if (quota) {
                n = (int) Math.min(len, writeQuota);
            }
        }
        if (next() == null) {
            return noNext();
        }
        int r = next().write(b, off, n);
        copyNextRetry();
        if (quota && r > 0) {
            writeQuota -= r;
        }
        return r;
    }

    @Override
    protected int implFlush() {
        if (active
                && (mode == Mode.ALWAYS
                        || mode == Mode.RANDOM && writeRandom.nextDouble() < writeProbability)) {
            injectedFlushes++;
            setRetryWrite();
            return 0;
        }
        return super.implFlush();
    }

    @Override
    protected long implPending() {
        return active && mode == Mode.ALWAYS ? 0 : super.implPending();
    }

    @Override
    protected long implWpending() {
        return active && mode == Mode.ALWAYS ? 0 : super.implWpending();
    }

    private int noNext() {
        setError(BioError.Reason.NO_NEXT_BIO, "RetryInjectingBio has no next BIO", null);
        return 0;
    }

    private void requireQuotaMode() {
        if (mode != Mode.QUOTA) {
            throw new IllegalStateException("not a quota-mode RetryInjectingBio: " + this);
        }
    }

    private static double checkProbability(String name, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + " not in [0, 1): " + p);
        }
        return p;
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    @Override
    public String toString() {
        return switch (mode) {
                    case RANDOM ->
                            "RetryInjectingBio[random, pRead="
                                    + readProbability
                                    + ", pWrite="
                                    + writeProbability;
                    case QUOTA ->
                            "RetryInjectingBio[quota, read=" + readQuota + ", write=" + writeQuota;
                    case ALWAYS -> "RetryInjectingBio[always";
                }
                + (active ? "" : ", inactive")
                + "]";
    }
}
