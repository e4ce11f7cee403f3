package io.tlsbio.bio.socket;

import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket BIO that makes its own connection: {@code BIO_s_connect} / {@code BIO_new_connect}.
 *
 * <h2>Connecting</h2>
 *
 * {@link #doConnect()} ({@code BIO_do_connect}) resolves the host, then tries each resolved address
 * in turn until one connects. In blocking mode it returns when connected ({@code 1}) or when every
 * address failed ({@code 0}). In non-blocking mode ({@link #setNonBlocking(boolean)} before the
 * first call, as {@code BIO_set_nbio}) it starts the connect and returns {@code 0} with
 * retry-special and {@link #retryReason()} {@link RetryReason#CONNECT}; each later call checks the
 * connection once ({@code finishConnect}) and returns {@code 1} when it completed. It never spins:
 * wait with {@link BioWait#waitFor} or a {@link BioSelector} between calls (OpenSSL 3.0 busy-waits
 * here).
 *
 * <p>Failure (refused, unreachable, no address) returns {@code 0} without a retry flag and {@link
 * #lastError()} with reason {@link BioError.Reason#CONNECT_ERROR} (or {@link
 * BioError.Reason#LOOKUP_FAILED}) and the last {@link IOException} as cause. The failure is sticky:
 * every later call reports it again until {@link #reset()}. On success the retry flags are clear
 * (OpenSSL leaves stale ones set). Name resolution blocks, in either mode, as {@code BIO_lookup}
 * does. {@link #lastError()} is cleared when each {@code doConnect}, read, write or flush starts.
 *
 * <h2>Reading and writing</h2>
 *
 * {@link #read} and {@link #write} on a BIO that is not connected yet run the connect step first.
 * While it is in progress they return {@code -1} with the same retry-special/CONNECT flags; if it
 * failed, {@code -1} without retry and the same error. (OpenSSL's {@code conn_read} returns the
 * state machine's {@code 0}; in tlsbio's Bio contract {@code 0} from read means end of stream, so
 * this BIO returns {@code -1}.) Once connected it behaves as a {@link SocketBio}.
 *
 * <p>Each socket it opens gets {@code TCP_NODELAY} unless {@link #setTcpNoDelay(boolean)
 * setTcpNoDelay(false)} was called first ({@code BIO_set_conn_mode(b, BIO_SOCK_NODELAY)} is
 * OpenSSL's opt-in; here it is the default, see {@link SocketBio}).
 *
 * <p>{@link #reset()} ({@code BIO_reset}) closes the socket and returns to the state before the
 * first {@code doConnect}; it returns 0 as OpenSSL's does. {@link #close()} closes the socket. Not
 * thread-safe.
 */
public final class ConnectBio extends SocketBio {

    /** Name resolution, replaceable by tests in this package. */
    interface Resolver {
        List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException;
    }

    private static final Resolver DNS =
            (host, port) -> {
                List<InetSocketAddress> out = new ArrayList<>();
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    out.add(new InetSocketAddress(a, port));
                }
                return out;
            };

    private enum State {
        BEFORE,
        CONNECTING,
        CONNECTED,
        FAILED
    }

    private final HostPort target;
    private final Resolver resolver;
    private State state = State.BEFORE;
    private List<InetSocketAddress> addresses = List.of();
    private int nextAddress;
    private IOException lastFailure;
    private BioError failure;

    private ConnectBio(HostPort target, Resolver resolver) {
        super(null, true, false, true);
        this.target = target;
        this.resolver = resolver;
    }

    /**
     * A connect BIO for {@code hostPort}: {@code BIO_new_connect("host:port")}. Nothing is resolved
     * or connected until {@link #doConnect()}, {@link #read} or {@link #write}. The BIO starts in
     * blocking mode.
     *
     * @param hostPort {@code "host:port"} or {@code "[ipv6]:port"}, port 1..65535 in decimal
     * @return an unconnected connect BIO in blocking mode
     * @throws IllegalArgumentException naming {@code hostPort} if it is not of that shape
     */
    public static ConnectBio create(String hostPort) {
        return new ConnectBio(HostPort.forConnect(hostPort), DNS);
    }

    /** As {@link #create(String)} with a custom resolver (tests). */
    static ConnectBio create(String hostPort, Resolver resolver) {
        return new ConnectBio(HostPort.forConnect(hostPort), resolver);
    }

    /**
     * The host name or address to connect to: {@code BIO_get_conn_hostname}.
     *
     * @return the host part of {@code hostPort} given to {@link #create}
     */
    public String host() {
        return target.host();
    }

    /**
     * The port to connect to: {@code BIO_get_conn_port}.
     *
     * @return the port, 1..65535
     */
    public int port() {
        return target.port();
    }

    /**
     * Whether a connection is established (a read or write goes to the socket).
     *
     * @return {@code true} once the TCP connect has completed
     */
    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    /**
     * Advances the connection: {@code BIO_do_connect}. Clears the retry flags first.
     *
     * @return {@code 1} connected; {@code 0} with {@link #shouldRetry()} and {@link #retryReason()}
     *     CONNECT while a non-blocking connect is in progress (wait, then call again); {@code 0}
     *     without retry if it failed (see {@link #lastError()})
     * @throws IllegalStateException if the BIO is closed
     */
    public int doConnect() {
        ensureOpen();
        clearRetryFlags();
        clearError();
        return connectStep();
    }

    @Override
    protected int implRead(byte[] b, int off, int len) {
        if (state != State.CONNECTED && connectStep() <= 0) {
            return -1;
        }
        return super.implRead(b, off, len);
    }

    @Override
    protected int implWrite(byte[] b, int off, int len) {
        if (state != State.CONNECTED && connectStep() <= 0) {
            return -1;
        }
        return super.implWrite(b, off, len);
    }

    @Override
    protected int implReset() {
        SocketChannel ch = channel();
        setChannel(null);
        closeQuietly(ch);
        state = State.BEFORE;
        addresses = List.of();
        failure = null;
        lastFailure = null;
        return 0;
    }

    @Override
    public String toString() {
        return "ConnectBio["
                + target
                + ", "
                + state
                + (isNonBlocking() ? ", non-blocking" : "")
                + "]";
    }

    // ---------------------------------------------------------------- the state machine

    /** One step of {@code conn_state}: 1 connected, 0 with retry-special in progress, 0 failed. */
    private int connectStep() {
        switch (state) {
            case CONNECTED:
                return 1;
            case FAILED:
                // lastError was cleared when this call started; report the sticky failure again
                setError(failure.reason(), failure.message(), failure.cause());
                return 0;
            case BEFORE:
                try {
                    addresses = List.copyOf(resolver.resolve(target.host(), target.port()));
                } catch (UnknownHostException e) {
                    return fail(
                            BioError.Reason.LOOKUP_FAILED, "cannot resolve " + target.host(), e);
                }
                if (addresses.isEmpty()) {
                    return fail(
                            BioError.Reason.LOOKUP_FAILED, "no address for " + target.host(), null);
                }
                nextAddress = 0;
                return connectNext();
            case CONNECTING:
            default:
                return finishConnect();
        }
    }

    private int finishConnect() {
        try {
            if (channel().finishConnect()) {
                state = State.CONNECTED;
                return 1;
            }
            setRetrySpecial(RetryReason.CONNECT);
            return 0;
        } catch (IOException e) {
            dropChannel(e);
            return connectNext();
        }
    }

    /** Starts a connect to the next untried address; fails when none is left. */
    private int connectNext() {
        while (nextAddress < addresses.size()) {
            InetSocketAddress address = addresses.get(nextAddress++);
            try {
                SocketChannel ch = SocketChannel.open();
                setChannel(ch);
                ch.configureBlocking(!wantsNonBlocking());
                if (ch.connect(address)) {
                    state = State.CONNECTED;
                    return 1;
                }
                state = State.CONNECTING;
                setRetrySpecial(RetryReason.CONNECT);
                return 0;
            } catch (IOException e) {
                dropChannel(e);
            }
        }
        return fail(
                BioError.Reason.CONNECT_ERROR,
                "connect to "
                        + target
                        + " failed ("
                        + addresses.size()
                        + " address"
                        + (addresses.size() == 1 ? "" : "es")
                        + " tried)",
                lastFailure);
    }

    private void dropChannel(IOException why) {
        lastFailure = why;
        SocketChannel ch = channel();
        setChannel(null);
        closeQuietly(ch);
    }

    private int fail(BioError.Reason reason, String message, IOException cause) {
        state = State.FAILED;
        failure = new BioError(reason, message, cause);
        setError(reason, message, cause);
        return 0;
    }
}
