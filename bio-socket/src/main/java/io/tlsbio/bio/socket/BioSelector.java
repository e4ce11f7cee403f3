package io.tlsbio.bio.socket;

import io.tlsbio.bio.Bio;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Waits for many non-blocking socket BIOs at once on one thread: the multi-BIO form of {@link
 * BioWait}, and the building block of a non-blocking server loop (what {@code select()} over many
 * {@code BIO_get_fd}s is in C).
 *
 * <pre>{@code
 * try (BioSelector<Conn> selector = BioSelector.open()) {
 *     selector.register(acceptor, null);
 *     while (running) {
 *         for (BioSelector.Ready<Conn> r : selector.select(Duration.ofSeconds(1))) {
 *             // call r.bio() again: the call it asked to retry can now proceed
 *         }
 *     }
 * }
 * }</pre>
 *
 * <h2>Readiness follows the retry flags</h2>
 *
 * Each {@link #select} looks at every registered BIO's <em>current</em> retry flags and waits for
 * that direction only: readable for retry-read, writable for retry-write, connect finished for
 * CONNECT, a pending connection for ACCEPT. The socket is found through filters as {@link BioWait}
 * finds it. A BIO with no retry pending (it made progress, or failed, or has not been used yet) has
 * nothing to wait for and is returned at once, so the loop drives it until it asks for a retry; a
 * closed socket or a finished connect is returned at once too.
 *
 * <h2>Rules</h2>
 *
 * Sockets must be in non-blocking mode ({@link SocketBio#setNonBlocking}, {@link
 * AcceptBio#setNonBlocking}, {@link AcceptBio#setNonBlockingChildren}); a socket found in blocking
 * mode is reported ready at once (its calls wait by themselves). Register each connection once, by
 * the BIO the loop calls (the top of its chain). A registered BIO that is {@link Bio#close()
 * closed} is dropped at the next select; closing the selector closes no BIO.
 *
 * <h2>Deadlines: handshake and idle timeouts</h2>
 *
 * A server must drop a peer that connects and sends nothing, stops in the middle of the handshake,
 * or goes quiet for good; nothing in the BIOs' retry flags ever says so. Give each registered BIO a
 * deadline with {@link #setDeadline(Bio, Duration)}: once the selector's clock reaches it, {@link
 * #select} returns that BIO with {@link Ready#timedOut()} true (whether or not its socket is ready
 * too), exactly once; the deadline is then gone. {@code select} never waits past the earliest
 * deadline. Setting a deadline replaces the previous one, so both common timeouts are one call
 * each:
 *
 * <pre>{@code
 * selector.register(conn, c);
 * selector.setDeadline(conn, HANDSHAKE_TIMEOUT);      // at accept: the whole handshake
 * ...
 * for (BioSelector.Ready<Conn> r : selector.select(Duration.ofSeconds(1))) {
 *     if (r.timedOut()) {                            // the peer took too long: drop it
 *         selector.unregister(r.bio());
 *         r.bio().closeAll();
 *         continue;
 *     }
 *     boolean progressed = r.attachment().step();    // drive the Ssl as far as it goes
 *     if (progressed) {                               // bytes moved: the peer is alive
 *         selector.setDeadline(r.bio(), IDLE_TIMEOUT);
 *     }
 * }
 * }</pre>
 *
 * What counts as progress is the loop's choice ({@link Bio#bytesRead()} and {@link
 * Bio#bytesWritten()} of the socket BIO are a good measure). Deadlines are measured with the clock
 * given to {@link #open(LongSupplier)} ({@link System#nanoTime()} by default), so a test can move
 * time by hand; the selector still waits in real time, at most until the earliest deadline as that
 * clock sees it. {@link #unregister} and a closed BIO drop the deadline with the registration.
 *
 * <h2>Cost</h2>
 *
 * Nothing tells the selector when a BIO's retry flags change, so each select reads every registered
 * BIO's flags; for a BIO still waiting for what its key already waits for that is all it does (a
 * few field reads). The rest of a select, the deadlines and the list it returns, costs in
 * proportion to the BIOs ready or timed out.
 *
 * <h2>Threads</h2>
 *
 * One thread registers, selects, sets deadlines and closes; {@link #wakeup()} may be called from
 * any thread.
 *
 * @param <A> the type of the attachment each registration carries back
 */
public final class BioSelector<A> implements Closeable {

    /**
     * A registered BIO that is ready to be called again, with its attachment.
     *
     * @param bio the registered BIO
     * @param attachment what it was registered with
     * @param timedOut whether its {@linkplain #setDeadline deadline} has passed (its socket may be
     *     ready as well); the deadline is cleared once reported
     */
    public record Ready<A>(Bio bio, A attachment, boolean timedOut) {

        /**
         * A BIO that is ready for the call it asked to retry, with no deadline passed.
         *
         * @param bio the registered BIO that is ready
         * @param attachment what was registered with it, possibly {@code null}
         */
        public Ready(Bio bio, A attachment) {
            this(bio, attachment, false);
        }
    }

    /** One registered BIO and the selection keys its channels have had. */
    private static final class Registration<A> {
        final Bio bio;
        final A attachment;

        /** Registration order: select sorts what is ready by it. */
        final long seq;

        /** Where it is in {@link BioSelector#all}. */
        int index;

        final List<SelectionKey> keys = new ArrayList<>(1);
        SelectionKey current;

        /** The op {@link #current} waits for; 0 while it is parked (or there is none). */
        int watching;

        boolean hasDeadline;

        /**
         * Nanoseconds after the selector's {@link #origin}; meaningful only while {@link
         * #hasDeadline}.
         */
        long deadline;

        /** The last select that found it ready, and the last that found it past its deadline. */
        long readyIn;

        long expiredIn;

        Registration(Bio bio, A attachment, long seq) {
            this.bio = bio;
            this.attachment = attachment;
            this.seq = seq;
        }
    }

    private final Selector selector;
    private final LongSupplier nanoClock;

    /**
     * The clock's value at open: deadlines are kept as offsets from it, so that they sort as plain
     * longs (nanoTime values themselves may wrap).
     */
    private final long origin;

    private final IdentityHashMap<Bio, Registration<A>> registrations = new IdentityHashMap<>();

    /**
     * Every registration, in no particular order (removal swaps the last one in): each select walks
     * it once to refresh what every key waits for, and an array walks faster than linked nodes.
     */
    private final List<Registration<A>> all = new ArrayList<>();

    /**
     * The registrations with a deadline, earliest first: the wait and the expired ones come from
     * its head, not from a walk over every registration.
     */
    private final NavigableSet<Registration<A>> deadlines =
            new TreeSet<>(
                    Comparator.<Registration<A>>comparingLong(r -> r.deadline)
                            .thenComparingLong(r -> r.seq));

    private long registered;
    private long selects;

    private BioSelector(Selector selector, LongSupplier nanoClock) {
        this.selector = selector;
        this.nanoClock = nanoClock;
        this.origin = nanoClock.getAsLong();
    }

    /**
     * Opens a selector with nothing registered, measuring deadlines with {@link System#nanoTime()}.
     *
     * @param <A> the type of what the loop attaches to each registered BIO
     * @return a new, open selector; close it to release its descriptor
     * @throws UncheckedIOException if the underlying {@link Selector} cannot be opened
     */
    public static <A> BioSelector<A> open() {
        return open(System::nanoTime);
    }

    /**
     * Opens a selector with nothing registered, measuring {@linkplain #setDeadline deadlines} with
     * {@code nanoClock}: a monotonic nanosecond counter like {@link System#nanoTime()} (only
     * differences between its values matter). Tests pass a clock they advance by hand.
     *
     * @param <A> the type of what the loop attaches to each registered BIO
     * @param nanoClock the monotonic clock deadlines are measured on, in nanoseconds
     * @return a new, open selector; close it to release its descriptor
     * @throws UncheckedIOException if the underlying {@link Selector} cannot be opened
     */
    public static <A> BioSelector<A> open(LongSupplier nanoClock) {
        Objects.requireNonNull(nanoClock, "nanoClock");
        try {
            return new BioSelector<>(Selector.open(), nanoClock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    /**
     * Registers {@code bio} (the BIO the loop calls, possibly a filter over a socket BIO). {@link
     * #select} returns it with {@code attachment} whenever it is ready.
     *
     * @param attachment anything the loop needs for this BIO, may be {@code null}
     * @param bio the BIO to watch; its socket is switched to non-blocking if it is not already
     * @throws IllegalArgumentException if there is no socket, connect or accept BIO in its chain,
     *     if a socket already in its chain is in blocking mode, or if it is already registered
     * @throws IllegalStateException if this selector or {@code bio} is closed
     */
    public void register(Bio bio, A attachment) {
        Objects.requireNonNull(bio, "bio");
        checkOpen();
        if (bio.isClosed()) {
            throw new IllegalStateException("BIO is closed: " + bio);
        }
        if (!Readiness.hasSocket(bio)) {
            throw new IllegalArgumentException(
                    "no socket, connect or accept BIO in the chain of " + bio);
        }
        if (registrations.containsKey(bio)) {
            throw new IllegalArgumentException("already registered: " + bio);
        }
        for (Bio b = bio; b != null; b = b.next()) {
            if ((b instanceof SocketBio s && !s.isNonBlocking())
                    || (b instanceof AcceptBio a && !a.isNonBlocking())) {
                throw new IllegalArgumentException(
                        "socket is in blocking mode, call setNonBlocking(true) first: " + b);
            }
        }
        Registration<A> reg = new Registration<>(bio, attachment, registered++);
        registrations.put(bio, reg);
        reg.index = all.size();
        all.add(reg);
    }

    /**
     * Stops watching {@code bio}. Does not close it, and leaves its socket in non-blocking mode
     * (switch it back once the next select has run, or close it).
     *
     * @param bio a BIO given to {@link #register}
     * @return whether it was registered
     */
    public boolean unregister(Bio bio) {
        Registration<A> reg = registrations.remove(bio);
        if (reg == null) {
            return false;
        }
        drop(reg);
        return true;
    }

    /**
     * How many BIOs are registered.
     *
     * @return registered BIOs, {@code >= 0}
     */
    public int size() {
        return registrations.size();
    }

    /**
     * Gives the registered {@code bio} a deadline {@code timeout} from now on this selector's
     * clock, replacing any earlier one. Once the clock reaches it, {@link #select} returns the BIO
     * with {@link Ready#timedOut()} true, once, and the deadline is cleared. {@link Duration#ZERO}
     * makes it time out at the next select. Use it for handshake timeouts (set once when the
     * connection arrives) and idle timeouts (set again whenever the connection makes progress).
     *
     * @param bio a BIO given to {@link #register}
     * @param timeout time from now until the BIO times out, {@code >= 0}
     * @throws IllegalArgumentException if {@code bio} is not registered or {@code timeout} is
     *     negative
     * @throws IllegalStateException if this selector is closed
     */
    public void setDeadline(Bio bio, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout < 0: " + timeout);
        }
        checkOpen();
        Registration<A> reg = registrations.get(Objects.requireNonNull(bio, "bio"));
        if (reg == null) {
            throw new IllegalArgumentException("not registered: " + bio);
        }
        if (reg.hasDeadline) {
            deadlines.remove(reg);
        }
        reg.deadline = sinceOrigin() + saturatedNanos(timeout);
        reg.hasDeadline = true;
        deadlines.add(reg);
    }

    /**
     * Removes {@code bio}'s deadline, if it has one (a handshake that finished, with no idle
     * timeout to follow).
     *
     * @param bio a BIO given to {@link #register}
     * @return whether a deadline was pending
     */
    public boolean clearDeadline(Bio bio) {
        Registration<A> reg = registrations.get(bio);
        if (reg == null || !reg.hasDeadline) {
            return false;
        }
        deadlines.remove(reg);
        reg.hasDeadline = false;
        return true;
    }

    /**
     * How long until {@code bio}'s deadline on this selector's clock ({@link Duration#ZERO} if it
     * has passed but not been reported yet), or {@code null} if it has none or is not registered.
     *
     * @param bio the BIO to ask about
     * @return the time left ({@code >= 0}), or {@code null} for no deadline
     */
    public Duration timeLeft(Bio bio) {
        Registration<A> reg = registrations.get(bio);
        if (reg == null || !reg.hasDeadline) {
            return null;
        }
        return Duration.ofNanos(Math.max(0, reg.deadline - sinceOrigin()));
    }

    /**
     * Waits until at least one registered BIO is ready according to its current retry flags, or has
     * reached its {@linkplain #setDeadline deadline}, or {@code timeout} passes, and returns the
     * ready ones in registration order. Returns without waiting if some BIO has nothing to wait for
     * (see the class doc) or a deadline has passed; never waits past the earliest deadline. May
     * return an empty list early after {@link #wakeup()} or an interrupt.
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} polls
     * @return the ready BIOs, those past their deadline with {@link Ready#timedOut()} true; empty
     *     if the timeout passed
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException if this selector is closed, or one socket is shared by two
     *     registrations
     * @throws UncheckedIOException if the underlying selector fails
     */
    public List<Ready<A>> select(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout < 0: " + timeout);
        }
        checkOpen();
        long call = ++selects;
        List<Registration<A>> ready = new ArrayList<>();
        try {
            long wait = saturatedNanos(timeout);
            // the one walk over every registration the contract needs: a BIO's retry flags may
            // have changed since the last select, and nothing tells the selector when they do
            for (int i = 0; i < all.size(); ) {
                Registration<A> reg = all.get(i);
                if (reg.bio.isClosed()) {
                    // the last one moves into slot i: look at i again
                    drop(reg);
                    continue;
                }
                if (!watch(reg)) {
                    markReady(reg, call, ready);
                }
                i++;
            }
            if (!deadlines.isEmpty()) {
                wait = Math.min(wait, Math.max(0, deadlines.first().deadline - sinceOrigin()));
            }
            if (!ready.isEmpty() || wait == 0) {
                selector.selectNow();
            } else {
                selector.select(Readiness.selectMillis(wait));
            }
            long now = sinceOrigin();
            while (!deadlines.isEmpty() && deadlines.first().deadline - now <= 0) {
                Registration<A> reg = deadlines.pollFirst();
                reg.hasDeadline = false;
                reg.expiredIn = call;
                markReady(reg, call, ready);
            }
            Set<SelectionKey> selected = selector.selectedKeys();
            for (SelectionKey k : selected) {
                if (k.isValid() && (k.readyOps() & k.interestOps()) != 0) {
                    @SuppressWarnings("unchecked")
                    Registration<A> reg = (Registration<A>) k.attachment();
                    markReady(reg, call, ready);
                }
            }
            selected.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        }
        ready.sort(Comparator.comparingLong(r -> r.seq));
        List<Ready<A>> out = new ArrayList<>(ready.size());
        for (Registration<A> reg : ready) {
            out.add(new Ready<>(reg.bio, reg.attachment, reg.expiredIn == call));
        }
        return out;
    }

    /**
     * Makes a {@link #select} in progress (or the next one) return at once: {@link
     * Selector#wakeup()}.
     */
    public void wakeup() {
        selector.wakeup();
    }

    /**
     * Closes the selector; the registered BIOs stay open (their sockets stay non-blocking).
     * Idempotent.
     */
    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close selector", e);
        }
        registrations.clear();
        all.clear();
        deadlines.clear();
    }

    /**
     * Whether {@link #close()} has run.
     *
     * @return {@code true} once this selector is closed
     */
    public boolean isClosed() {
        return !selector.isOpen();
    }

    // ---------------------------------------------------------------- internals

    /**
     * Points the registration's key at the channel and op its retry flags wait for.
     *
     * @return false if the BIO has nothing to wait for (it is ready now)
     */
    private boolean watch(Registration<A> reg) throws IOException {
        int ops = Readiness.interestOps(reg.bio);
        SelectableChannel ch = ops == 0 ? null : Readiness.channelFor(reg.bio, ops);
        SelectionKey current = reg.current;
        if (ops != 0
                && ops == reg.watching
                && ops != SelectionKey.OP_CONNECT
                && current.channel() == ch
                && current.isValid()) {
            // already waiting for just that: a valid key means the channel is open and
            // non-blocking (closing cancels its keys; a registered channel cannot block), and only
            // a connect can end without the BIO being called
            return true;
        }
        if (ops == 0 || Readiness.readyWithoutWaiting(ch, ops) || ch.isBlocking()) {
            park(reg);
            return false;
        }
        SelectionKey key = ch.keyFor(selector);
        try {
            if (key == null || !key.isValid()) {
                key = register(ch, ops, reg);
            } else {
                if (key.attachment() != reg) {
                    throw new IllegalStateException(
                            "socket "
                                    + ch
                                    + " is registered for both "
                                    + ((Registration<?>) key.attachment()).bio
                                    + " and "
                                    + reg.bio);
                }
                key.interestOps(ops);
            }
        } catch (ClosedChannelException | CancelledKeyException e) {
            park(reg);
            return false;
        }
        if (reg.current != key) {
            park(reg);
            reg.current = key;
        }
        reg.watching = ops;
        return true;
    }

    private SelectionKey register(SelectableChannel ch, int ops, Registration<A> reg)
            throws IOException {
        SelectionKey key;
        try {
            key = ch.register(selector, ops, reg);
        } catch (CancelledKeyException stillDeregistering) {
            // a key cancelled since the last select is only dropped by the next selection operation
            selector.selectNow();
            key = ch.register(selector, ops, reg);
        }
        reg.keys.add(key);
        reg.keys.removeIf(k -> !k.isValid());
        return key;
    }

    /** Stops the registration's current key from selecting anything. */
    private void park(Registration<A> reg) {
        reg.watching = 0;
        if (reg.current != null && reg.current.isValid()) {
            try {
                reg.current.interestOps(0);
            } catch (CancelledKeyException ignored) {
                // closed meanwhile: nothing left to park
            }
        }
    }

    /** Adds {@code reg} to this select's ready list unless it is on it already. */
    private static <A> void markReady(Registration<A> reg, long call, List<Registration<A>> ready) {
        if (reg.readyIn != call) {
            reg.readyIn = call;
            ready.add(reg);
        }
    }

    /**
     * Forgets {@code reg}: out of the map, the list (the last registration takes its slot) and the
     * deadlines; its keys cancelled.
     */
    private void drop(Registration<A> reg) {
        Registration<A> last = all.remove(all.size() - 1);
        if (last != reg) {
            all.set(reg.index, last);
            last.index = reg.index;
        }
        registrations.remove(reg.bio);
        if (reg.hasDeadline) {
            deadlines.remove(reg);
            reg.hasDeadline = false;
        }
        for (SelectionKey k : reg.keys) {
            k.cancel();
        }
    }

    /** The selector's clock now, as an offset from {@link #origin}. */
    private long sinceOrigin() {
        return nanoClock.getAsLong() - origin;
    }

    private void checkOpen() {
        if (!selector.isOpen()) {
            throw new ClosedSelectorException();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }
}
