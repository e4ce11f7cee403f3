package io.tlsbio.ssl.internal;

import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server's session cache: OpenSSL's internal store of an SSL_CTX (ssl_sess.c), sessions by id,
 * the least recently used dropped first when it is full. A size of 0 means no limit, as in {@code
 * SSL_CTX_sess_set_cache_size}. Expired sessions are removed when looked up or when room is needed.
 * Thread-safe: the connections of a context share it.
 */
public final class SessionCache {

    private final int maxSize;
    private final Map<String, SessionData> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private long hits;
    private long misses;
    private long timeouts;
    private long cacheFull;

    /**
     * @param maxSize the most sessions kept (0: no limit)
     */
    public SessionCache(int maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize < 0: " + maxSize);
        }
        this.maxSize = maxSize;
    }

    /**
     * {@code SSL_CTX_add_session}: keeps {@code s} under its id (replacing one with the same id).
     */
    public synchronized void add(SessionData s, long now) {
        if (s.sessionId().length == 0) {
            return;
        }
        sessions.put(key(s.sessionId()), s);
        if (maxSize > 0 && sessions.size() > maxSize) {
            flush(now);
            Iterator<SessionData> it = sessions.values().iterator();
            while (sessions.size() > maxSize && it.hasNext()) {
                it.next();
                it.remove();
                cacheFull++;
            }
        }
    }

    /**
     * The session with this id if it is there and not expired ({@code lookup_sess_in_cache}); an
     * expired one is removed and counted as a timeout, a missing one as a miss.
     */
    public synchronized SessionData lookup(byte[] id, long now) {
        if (id.length == 0 || id.length > SessionData.MAX_SESSION_ID) {
            return null;
        }
        String k = key(id);
        SessionData s = sessions.get(k);
        if (s == null) {
            misses++;
            return null;
        }
        if (s.expiredAt(now)) {
            sessions.remove(k);
            timeouts++;
            return null;
        }
        return s;
    }

    /** Counts a resumption, from the cache or a ticket ({@code SSL_CTX_sess_hits}). */
    public synchronized void hit() {
        hits++;
    }

    /** {@code SSL_CTX_remove_session}. */
    public synchronized void remove(byte[] id) {
        sessions.remove(key(id));
    }

    /** {@code SSL_CTX_flush_sessions}: drops every session expired at {@code now}. */
    public synchronized void flush(long now) {
        sessions.values().removeIf(s -> s.expiredAt(now));
    }

    /** {@code SSL_CTX_sess_number}. */
    public synchronized int size() {
        return sessions.size();
    }

    /**
     * {@code SSL_CTX_sess_hits}, {@code _misses}, {@code _timeouts}, {@code _cache_full}, in that
     * order.
     */
    public synchronized long[] stats() {
        return new long[] {hits, misses, timeouts, cacheFull};
    }

    private static String key(byte[] id) {
        return HexFormat.of().formatHex(id);
    }
}
