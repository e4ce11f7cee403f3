package io.tlsbio.cli;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.socket.AcceptBio;
import io.tlsbio.bio.socket.BioSelector;
import io.tlsbio.bio.socket.SocketBio;
import java.io.Closeable;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One thread serving many non-blocking {@link Session}s from one {@link BioSelector}:
 * {@code s_server -nbio} (the listening socket registered too, so connections are accepted as
 * they come), and the data phase of a blocking {@code s_server}'s relay (one session, no
 * listener). stdin, when relayed, goes to every open session.
 *
 * <p>The selector waits at most 250 ms, so close waits with a deadline end on time and a session
 * whose write is blocked is stepped again even if its socket only became readable.
 */
final class ServerLoop implements Closeable {

    private static final Duration TICK = Duration.ofMillis(250);

    private final BioSelector<Session> selector = BioSelector.open();
    private final List<Session> live = new ArrayList<>();
    private final Consumer<Session> ended;
    private StdinPump stdin;
    private AcceptBio acceptor;
    private int acceptsLeft;
    private Function<SocketBio, Session> sessions;

    /** {@code ended} is told about each session once it has ended and been released. */
    ServerLoop(Consumer<Session> ended) {
        this.ended = ended;
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
        selector.register(acceptor, null);
    }

    /** Takes over a non-blocking session and steps it. */
    void add(Session s) {
        live.add(s);
        selector.register(s.bio(), s);
        step(s);
    }

    /** Runs until no session is live and no more connections will be accepted. */
    void run() {
        while (acceptor != null || !live.isEmpty()) {
            for (BioSelector.Ready<Session> r : selector.select(TICK)) {
                if (r.attachment() == null) {
                    acceptAll();
                } else if (live.contains(r.attachment())) {
                    step(r.attachment());
                }
            }
            feedStdin();
            for (Session s : List.copyOf(live)) {
                // the selector watches the direction of the last retry only: a blocked write is
                // retried every tick; an expired close wait ends
                if (s.closeWaitExpired() || s.hasQueued()) {
                    step(s);
                }
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
        while (acceptor != null) {
            SocketBio socket = acceptor.accept();
            if (socket == null) {
                if (acceptor.shouldRetry()) {
                    return;
                }
                BioError e = acceptor.lastError();
                throw new CliException("accept failed: " + (e == null ? "unknown error" : e.message()
                        + (e.cause() == null ? "" : ": " + CliException.why(e.cause()))));
            }
            add(sessions.apply(socket));
            if (acceptsLeft > 0 && --acceptsLeft == 0) {
                // -naccept reached: stop listening, finish the sessions we have
                selector.unregister(acceptor);
                acceptor.close();
                acceptor = null;
            }
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
        if (s.step() != Session.Status.WAITING) {
            finish(s);
        }
    }

    private void finish(Session s) {
        live.remove(s);
        selector.unregister(s.bio());
        s.release();
        ended.accept(s);
    }
}
