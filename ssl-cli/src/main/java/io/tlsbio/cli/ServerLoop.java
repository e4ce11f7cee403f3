package io.tlsbio.cli;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.BioSelector;
import io.tlsbio.bio.socket.SocketBio;
import java.io.Closeable;
import java.io.InputStream;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One thread serving many non-blocking {@link Session}s from one {@link BioSelector}: {@code
 * s_server -nbio} (the listening socket registered too, so connections are accepted as they come),
 * and the data phase of a blocking {@code s_server}'s relay (one session, no listener). stdin, when
 * relayed, goes to every open session.
 *
 * <p>The selector waits at most 250 ms, and once per 250 ms tick every session is looked at, so
 * close waits with a deadline end on time and a session whose write is blocked is stepped again
 * even if its socket only became readable.
 *
 * <p>At most {@link #MAX_HANDSHAKES} handshakes are in progress at once (one whose peer has sent
 * nothing for {@link #IDLE_GRACE} does not count); while that many are, new connections wait in the
 * listen backlog (not yet accepted, so not yet timed).
 *
 * <p>Timeouts are {@link BioSelector} deadlines: a session gets the handshake limit when it
 * arrives, the idle limit once its handshake is done, and the idle limit again whenever a byte has
 * moved on its socket; a session whose deadline passes ends with a one-line reason ({@link
 * Session#timedOut}). A failed {@code accept()} (descriptors exhausted, or any other error) never
 * ends the loop: the listener is set aside for an {@link AcceptBackoff} delay, the first failure of
 * a burst is logged, and live sessions are served meanwhile.
 */
final class ServerLoop implements Closeable {

    private static final Duration TICK = Duration.ofMillis(250);

    /**
     * The most handshakes in progress at once. Beyond it the listener is not watched and new
     * connections wait in the kernel's backlog, where no handshake timer runs: a burst of thousands
     * of clients is then served a slice at a time (as OpenSSL's one-at-a-time s_server serves it)
     * instead of every handshake crawling until most hit the handshake timeout. A connection that
     * has sent nothing for {@link #IDLE_GRACE} stops counting, so idle connections cannot keep the
     * server from accepting for longer than that.
     */
    static final int MAX_HANDSHAKES = 128;

    static final Duration IDLE_GRACE = Duration.ofSeconds(1);

    private final BioSelector<Session> selector = BioSelector.open();

    /**
     * Identity-keyed (Session keeps Object's equals): membership and removal in O(1) with thousands
     * live.
     */
    private final Set<Session> live = new LinkedHashSet<>();

    /**
     * The bytes a session had moved when its idle deadline was last set; -1 while it has the
     * handshake deadline.
     */
    private final IdentityHashMap<Session, Long> armed = new IdentityHashMap<>();

    private final Consumer<Session> ended;
    private final Timeouts timeouts;
    private final Consumer<String> log;
    private final AcceptBackoff backoff = new AcceptBackoff();
    private StdinPump stdin;
    private AcceptBio acceptor;

    /**
     * While accepting is backed off: when to listen again ({@link System#nanoTime()}); else 0 with
     * {@link #listening}.
     */
    private long resumeAccepting;

    private boolean listening;

    /** Whether the listener is registered with the selector now. */
    private boolean acceptorWatched;

    /**
     * Live sessions in their handshake, with when they were accepted ({@link System#nanoTime()}).
     */
    private final IdentityHashMap<Session, Long> handshaking = new IdentityHashMap<>();

    private int acceptsLeft;
    private Function<SocketBio, Session> sessions;

    /** When the sweep over every live session is due next ({@link System#nanoTime()}). */
    private long nextSweep = System.nanoTime();

    /**
     * @param ended told about each session once it has ended and been released
     * @param timeouts the handshake and idle limits of every session this loop steps
     * @param log takes the loop's own lines (accept failures), for stderr
     */
    ServerLoop(Consumer<Session> ended, Timeouts timeouts, Consumer<String> log) {
        this.ended = ended;
        this.timeouts = timeouts;
        this.log = log;
    }

    /** Relays {@code in} to every open session from now on. */
    void relayStdin(InputStream in) {
        if (stdin == null) {
            stdin = StdinPump.start(in, selector::wakeup);
        }
    }

    /**
     * Accepts connections from the non-blocking {@code acceptor} (listening already), at most
     * {@code naccept} of them ({@code < 0}: no limit), each made into a session by {@code factory}.
     */
    void listen(AcceptBio acceptor, int naccept, Function<SocketBio, Session> factory) {
        this.acceptor = acceptor;
        this.acceptsLeft = naccept;
        this.sessions = factory;
        listening = true;
        watchAcceptor();
    }

    /** Takes over a non-blocking session and steps it. */
    void add(Session s) {
        live.add(s);
        if (s.inHandshake()) {
            handshaking.put(s, System.nanoTime());
        }
        selector.register(s.bio(), s);
        rearm(s);
        step(s);
    }

    /** Runs until no session is live and no more connections will be accepted. */
    void run() {
        while (acceptor != null || !live.isEmpty()) {
            watchAcceptor();
            Duration wait = TICK;
            if (acceptor != null && !listening) {
                long left = resumeAccepting - System.nanoTime();
                if (left <= 0) {
                    // the back-off is over: the listener's next select tries accept() again
                    listening = true;
                } else {
                    wait = Duration.ofNanos(Math.min(left, TICK.toNanos()));
                }
            }
            for (BioSelector.Ready<Session> r : selector.select(wait)) {
                Session s = r.attachment();
                if (s == null) {
                    acceptAll();
                } else if (!live.contains(s)) {
                    continue;
                } else if (r.timedOut()) {
                    s.timedOut(s.inHandshake() ? timeouts.handshake() : timeouts.idle());
                    finish(s);
                } else {
                    step(s);
                }
            }
            feedStdin();
            if (System.nanoTime() - nextSweep >= 0) {
                sweep();
                nextSweep = System.nanoTime() + TICK.toNanos();
            }
        }
    }

    /**
     * Once a tick, not after every select: the selector watches the direction of the last retry
     * only, so a blocked write is retried here and an expired close wait ends here. Going over
     * thousands of sessions after each select would cost every event O(sessions).
     */
    private void sweep() {
        for (Session s : List.copyOf(live)) {
            if (s.closeWaitExpired() || s.hasQueued()) {
                step(s);
            }
        }
    }

    /** Releases every live session (the server is going down) and the selector. */
    @Override
    public void close() {
        for (Session s : List.copyOf(live)) {
            s.abort("server shutting down");
            finish(s);
        }
        selector.close();
    }

    private void acceptAll() {
        int inProgress = handshakesInProgress();
        while (acceptor != null && listening && inProgress++ < MAX_HANDSHAKES) {
            SocketBio socket = acceptor.accept();
            if (socket == null && !acceptor.shouldRetry()) {
                backOff(acceptor.lastError());
                return;
            }
            // an accept that works ends a burst of failures, whether or not anyone was waiting
            int failed = backoff.succeeded();
            if (failed > 0) {
                log.accept(AcceptBackoff.endLine(failed));
            }
            if (socket == null) {
                return;
            }
            add(sessions.apply(socket));
            if (acceptsLeft > 0 && --acceptsLeft == 0) {
                // -naccept reached: stop listening, finish the sessions we have
                selector.unregister(acceptor);
                acceptorWatched = false;
                acceptor.close();
                acceptor = null;
            }
        }
    }

    /** Sessions in their handshake, less those that have sent nothing for {@link #IDLE_GRACE}. */
    private int handshakesInProgress() {
        if (handshaking.size() < MAX_HANDSHAKES) {
            return handshaking.size();
        }
        long now = System.nanoTime();
        int n = 0;
        for (Map.Entry<Session, Long> e : handshaking.entrySet()) {
            if (e.getKey().bytesMoved() > 0 || now - e.getValue() < IDLE_GRACE.toNanos()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Watches the listener while accepting is wanted: not backed off, and fewer than {@link
     * #MAX_HANDSHAKES} handshakes going on. A listener with a pending connection is returned by
     * every select, so it is unregistered, not just skipped, while it must wait.
     */
    private void watchAcceptor() {
        boolean want = acceptor != null && listening && handshakesInProgress() < MAX_HANDSHAKES;
        if (want && !acceptorWatched) {
            selector.register(acceptor, null);
        } else if (!want && acceptorWatched && acceptor != null) {
            selector.unregister(acceptor);
        }
        acceptorWatched = want;
    }

    /**
     * A failed accept: stop watching the listener (its pending connection would make every select
     * return at once) until the back-off delay has passed; log the first of a burst.
     */
    private void backOff(BioError e) {
        Duration delay = backoff.failed();
        if (backoff.burstStarted()) {
            log.accept(AcceptBackoff.startLine(why(e)));
        }
        listening = false;
        watchAcceptor();
        resumeAccepting = System.nanoTime() + delay.toNanos();
    }

    /** The reason of a failed accept as the OS said it: "Too many open files". */
    static String why(BioError e) {
        if (e == null) {
            return "unknown error";
        }
        return e.cause() != null ? CliException.why(e.cause()) : e.message();
    }

    /**
     * Sets the session's deadline for the phase it is in: the handshake limit once, when it
     * arrives; the idle limit when its handshake is done and again whenever bytes have moved.
     */
    private void rearm(Session s) {
        if (s.isEnded()) {
            return;
        }
        Long last = armed.get(s);
        if (s.inHandshake()) {
            if (last == null) {
                armed.put(s, -1L);
                deadline(s, timeouts.handshake());
            }
            return;
        }
        long moved = s.bytesMoved();
        if (last == null || last < 0 || last != moved) {
            armed.put(s, moved);
            deadline(s, timeouts.idle());
        }
    }

    private void deadline(Session s, Duration limit) {
        if (limit == null) {
            selector.clearDeadline(s.bio());
        } else {
            selector.setDeadline(s.bio(), limit);
        }
    }

    private void feedStdin() {
        if (stdin == null || live.stream().noneMatch(Session::isOpen)) {
            return;
        }
        List<byte[]> chunks = stdin.drain();
        if (chunks.isEmpty()) {
            return;
        }
        for (Session s : List.copyOf(live)) {
            if (s.isOpen()) {
                chunks.forEach(s::send);
                step(s);
            }
        }
    }

    private void step(Session s) {
        Session.Status status = s.step();
        if (!s.inHandshake()) {
            handshaking.remove(s);
        }
        if (status != Session.Status.WAITING) {
            finish(s);
        } else {
            rearm(s);
        }
    }

    private void finish(Session s) {
        live.remove(s);
        handshaking.remove(s);
        armed.remove(s);
        selector.unregister(s.bio());
        s.release();
        ended.accept(s);
    }
}
