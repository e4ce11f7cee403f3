package io.tlsbio.ssl;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import io.tlsbio.ssl.internal.BcClientProtocol;
import io.tlsbio.ssl.internal.BcServerProtocol;
import io.tlsbio.ssl.internal.CipherNames;
import io.tlsbio.ssl.internal.ClientPeer;
import io.tlsbio.ssl.internal.Engine;
import io.tlsbio.ssl.internal.EngineListener;
import io.tlsbio.ssl.internal.PeerConfig;
import io.tlsbio.ssl.internal.PeerVerifier;
import io.tlsbio.ssl.internal.ServerPeer;
import io.tlsbio.ssl.internal.StateNames;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.RecordPreview;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TLS connection over a pair of {@link Bio}s: OpenSSL's {@code SSL}. It never touches the
 * network itself; its calls behave according to the BIOs plugged under it.
 *
 * <h2>Return values (SSL_do_handshake(3), SSL_read(3), SSL_write(3), SSL_shutdown(3))</h2>
 * {@code > 0} success; {@code 0} a controlled shutdown (the peer's close_notify); {@code < 0} a
 * fatal error or, on a non-blocking BIO, a retry. {@link #getError(int)} tells which, from the
 * call's own error state and the BIOs' retry flags at the time it is asked. After
 * {@link SslError#WANT_READ}/{@link SslError#WANT_WRITE} call the same method again, with the same
 * arguments, once the BIO is ready; nothing is lost or sent twice.
 *
 * <h2>Errors</h2>
 * Per connection, never thread-global: cleared at the start of every call; {@link #lastError()}
 * says why the last call failed. After a fatal error every call fails the same way. Nothing a
 * peer sends makes these methods throw; exceptions are for API misuse only.
 *
 * <h2>Ownership and threads</h2>
 * The BIOs stay the caller's: {@link #free()} does not close them. An {@code Ssl} is used by one
 * thread at a time.
 */
public final class Ssl {

    private static final Logger log = LoggerFactory.getLogger(Ssl.class);
    private static final int HEADER = 5;
    /** Plaintext bytes per record we encrypt (the TLS maximum). */
    private static final int MAX_FRAGMENT = 16384;
    /** Room for the largest record bctls accepts (its own check rejects anything longer). */
    private static final int READ_AHEAD_BUFFER = HEADER + MAX_FRAGMENT + 2048 + 256;

    private enum Role { NONE, CLIENT, SERVER }

    private enum RwState { NOTHING, READING, WRITING }

    /** What a record read produced. */
    private enum ReadResult { RECORD, RETRY, NEED_MORE, EOF, ERROR }

    private final SslContext context;
    private final Listener listener = new Listener();
    private Role role = Role.NONE;
    private boolean roleUndefined;
    private String hostOverride;
    private Bio rbio;
    private Bio wbio;
    private Engine engine;

    private RwState rwstate = RwState.NOTHING;
    private SslFailure callError;
    private SslFailure fatal;
    private boolean peerClosedInHandshake;
    private boolean engineComplete;
    private boolean handshakeDone;
    private boolean needsFlush;

    // record input: in[inStart, inEnd) holds bytes read but not yet offered to bctls
    private byte[] in = new byte[HEADER];
    private int inStart;
    private int inEnd;
    private int recordSize = -1;
    private final byte[] header = new byte[HEADER];

    /**
     * Staging for output on its way from bctls's queue to the wbio. It holds nothing between calls
     * (what the wbio refuses stays in bctls's queue), so one per thread serves every connection
     * and an idle connection keeps no 16 KiB output buffer. Borrowed and returned, so that a BIO
     * callback driving another connection on the same thread gets its own.
     */
    private static final ThreadLocal<byte[]> OUTPUT_STAGING = new ThreadLocal<>();
    private static final int OUTPUT_STAGING_SIZE = MAX_FRAGMENT + HEADER + 256;
    // plaintext taken from bctls for peek, served first by read
    private byte[] peeked = new byte[0];
    private int peekedStart;
    private int peekedEnd;

    // SSL_write retry state: the length being written and how much bctls has taken
    private int writeLen = -1;
    private int writeDone;
    // SSL_key_update scheduled: -1 none, 0 not requesting the peer's, 1 requesting it
    private int keyUpdate = -1;

    // events
    private List<X509Certificate> peerCertificates = List.of();
    private PeerVerifier.VerifyException verifyFailure;
    private boolean peerCertMissing;
    private String stateShort = "PINIT";
    private String stateLong = "before SSL initialization";
    private SslInfoCallback infoCallback;
    private SslMessageCallback messageCallback;
    private int outHandshakeRemaining;

    Ssl(SslContext context) {
        this.context = context;
    }

    // ------------------------------------------------------------------ setup

    /**
     * Sets the read and write BIOs: {@code SSL_set_bio}. They may be the same object. The BIOs
     * stay owned by the caller. May be called again to swap transports between calls.
     */
    public void setBio(Bio rbio, Bio wbio) {
        this.rbio = rbio;
        this.wbio = wbio;
    }

    /** The read BIO, or null: {@code SSL_get_rbio}. */
    public Bio rbio() {
        return rbio;
    }

    /** The write BIO, or null: {@code SSL_get_wbio}. */
    public Bio wbio() {
        return wbio;
    }

    /** Makes this a client: {@code SSL_set_connect_state}. Must precede the first handshake step. */
    public void setConnectState() {
        setRole(Role.CLIENT);
    }

    /** Makes this a server: {@code SSL_set_accept_state}. Must precede the first handshake step. */
    public void setAcceptState() {
        setRole(Role.SERVER);
    }

    private void setRole(Role r) {
        if (engine != null) {
            throw new IllegalStateException("role cannot change after the handshake started (role " + role + ")");
        }
        role = r;
        // a role the context's method cannot play behaves like OpenSSL's ssl_undefined_function
        roleUndefined = (r == Role.SERVER && context.method() == SslMethod.CLIENT)
                || (r == Role.CLIENT && context.method() == SslMethod.SERVER);
        setState("PINIT", "before SSL initialization");
    }

    /** Whether the server role is set: {@code SSL_is_server}. */
    public boolean isServer() {
        return role == Role.SERVER;
    }

    /** The host name a client checks and sends as SNI, overriding the context's: {@code SSL_set1_host}. */
    public void setHostName(String hostName) {
        Objects.requireNonNull(hostName, "hostName");
        if (engine != null) {
            throw new IllegalStateException("host name cannot change after the handshake started");
        }
        this.hostOverride = hostName;
    }

    /** Installs the info callback ({@code SSL_set_info_callback}); null removes it. */
    public void setInfoCallback(SslInfoCallback callback) {
        this.infoCallback = callback;
    }

    /** Installs the message callback ({@code SSL_set_msg_callback}); null removes it. */
    public void setMessageCallback(SslMessageCallback callback) {
        this.messageCallback = callback;
    }

    // ------------------------------------------------------------------ handshake

    /**
     * Runs the handshake as far as the BIOs allow: {@code SSL_do_handshake}.
     *
     * @return 1 when the handshake is complete (again on later calls, with no I/O); 0 when the peer
     *         sent close_notify during the handshake ({@link SslError#ZERO_RETURN}); -1 on a retry
     *         ({@code WANT_READ}, {@code WANT_WRITE}, {@code WANT_CONNECT}, {@code WANT_ACCEPT}) or a
     *         fatal error ({@code SSL}, {@code SYSCALL}; see {@link #lastError()})
     */
    public int doHandshake() {
        beginCall();
        if (role == Role.NONE) {
            return callFail(SslReason.CONNECTION_TYPE_NOT_SET, SslError.SSL, "connection type not set");
        }
        return handshakeStep();
    }

    /**
     * {@code SSL_connect}: sets the client role if no role is set yet, then {@link #doHandshake()}.
     * On a server-only context it returns 0 with {@link SslError#SSL}.
     */
    public int connect() {
        if (role == Role.NONE) {
            setConnectState();
        }
        return doHandshake();
    }

    /**
     * {@code SSL_accept}: sets the server role if no role is set yet, then {@link #doHandshake()}.
     * On a client-only context it returns 0 with {@link SslError#SSL}.
     */
    public int accept() {
        if (role == Role.NONE) {
            setAcceptState();
        }
        return doHandshake();
    }

    private int handshakeStep() {
        if (fatal != null) {
            return replayFatal();
        }
        if (peerClosedInHandshake) {
            return 0;
        }
        if (roleUndefined) {
            callError = new SslFailure(SslReason.SHOULD_NOT_HAVE_BEEN_CALLED, SslError.SSL, -1,
                    "this context's method cannot play the " + role + " role", null);
            return 0;
        }
        if (handshakeDone) {
            boolean idle = keyUpdate < 0 && engine.outputAvailable() == 0 && !needsFlush;
            return idle ? 1 : sendScheduledKeyUpdate();
        }
        if (wbio == null) {
            return callFail(SslReason.WRITE_BIO_NOT_SET, SslError.SYSCALL, "write BIO not set");
        }
        if (rbio == null) {
            return callFail(SslReason.READ_BIO_NOT_SET, SslError.SSL, "read BIO not set");
        }
        try {
            if (engine == null) {
                startEngine();
            }
            while (true) {
                // write what the wbio takes; a blocked write still lets us read what has arrived,
                // so two peers on tiny buffers never wait on each other's writes
                boolean blocked = drainOutput() <= 0;
                if (fatal != null || (blocked && wbio.shouldIoSpecial())) {
                    // failed, or a connect/accept BIO is still connecting: WANT_CONNECT/ACCEPT
                    return -1;
                }
                if (engineComplete) {
                    if (blocked || (needsFlush && flushWbio() <= 0)) {
                        return -1;
                    }
                    handshakeDone = true;
                    if (inStart == inEnd && !context.readAhead()) {
                        // the handshake's largest record (the certificate) needs no room any more
                        in = new byte[HEADER];
                        inStart = 0;
                        inEnd = 0;
                    }
                    setState("SSLOK", "SSL negotiation finished successfully");
                    info(SslInfoCallback.Event.HANDSHAKE_DONE, version() + " " + cipher());
                    return 1;
                }
                ReadResult r = readRecord(blocked);
                if (r == ReadResult.NEED_MORE) {
                    // retry the blocked write: it either goes through now, or its retry flags are
                    // set afresh on the wbio for getError
                    if (drainOutput() > 0) {
                        continue;
                    }
                    return -1;
                }
                if (r != ReadResult.RECORD) {
                    return -1;
                }
            }
        } catch (IOException | RuntimeException e) {
            return engineFailure(e);
        }
    }

    private void startEngine() throws IOException {
        PeerConfig config = context.peerConfig(role == Role.SERVER, hostOverride);
        if (role == Role.CLIENT) {
            engine = new BcClientProtocol(new ClientPeer(config, listener), listener);
        } else {
            engine = new BcServerProtocol(new ServerPeer(config, listener), listener);
        }
        if (context.readAhead()) {
            in = new byte[READ_AHEAD_BUFFER];
        }
        info(SslInfoCallback.Event.HANDSHAKE_START, role == Role.CLIENT ? "connect" : "accept");
        setState("PINIT", "before SSL initialization");
        engine.start();
    }

    /**
     * Schedules a TLS 1.3 KeyUpdate, sent by the next {@link #write} or {@link #doHandshake()}:
     * {@code SSL_key_update}.
     *
     * @param requestPeerUpdate ask the peer to update its keys too (SSL_KEY_UPDATE_REQUESTED)
     * @return 1 when scheduled; 0 when not possible now (see {@link #lastError()}: before the
     *         handshake or not TLS 1.3 → INTERNAL_ERROR; a write waiting for its retry → BAD_WRITE_RETRY)
     */
    public int keyUpdate(boolean requestPeerUpdate) {
        beginCall();
        if (!handshakeDone || version() != TlsVersion.TLS1_3 || fatal != null) {
            callFail(SslReason.INTERNAL_ERROR, SslError.SSL, "key update needs an established TLS 1.3 connection");
            return 0;
        }
        if (writeLen >= 0) {
            callFail(SslReason.BAD_WRITE_RETRY, SslError.SSL, "bad write retry: a write is waiting to be retried");
            return 0;
        }
        keyUpdate = requestPeerUpdate ? 1 : 0;
        return 1;
    }

    /** Sends a scheduled KeyUpdate and anything still queued; 1 when all is out. */
    private int sendScheduledKeyUpdate() {
        try {
            if (keyUpdate >= 0 && !engine.closeNotifySent()) {
                engine.sendKeyUpdate(keyUpdate == 1);
            }
            keyUpdate = -1;
            return flushAll() ? 1 : -1;
        } catch (IOException | RuntimeException e) {
            return engineFailure(e);
        }
    }

    // ------------------------------------------------------------------ application data

    /**
     * Reads decrypted application data: {@code SSL_read}. Runs the handshake first if needed.
     *
     * @return bytes read ({@code > 0}); 0 when the peer sent close_notify ({@link SslError#ZERO_RETURN})
     *         or the transport ended without one ({@link SslError#SYSCALL}, reason UNEXPECTED_EOF);
     *         -1 on a retry or a fatal error
     */
    public int read(byte[] b, int off, int len) {
        Bio.checkRange(b, off, len);
        return readOrPeek(b, off, len, true);
    }

    /** Like {@link #read} but leaves the bytes to be read again: {@code SSL_peek}. */
    public int peek(byte[] b, int off, int len) {
        Bio.checkRange(b, off, len);
        return readOrPeek(b, off, len, false);
    }

    private int readOrPeek(byte[] b, int off, int len, boolean consume) {
        int ready = beginDataCall();
        if (ready <= 0) {
            return ready;
        }
        if (len == 0) {
            return 0;
        }
        try {
            while (true) {
                if (peekedEnd > peekedStart) {
                    int n = Math.min(len, peekedEnd - peekedStart);
                    System.arraycopy(peeked, peekedStart, b, off, n);
                    if (consume) {
                        peekedStart += n;
                    }
                    return n;
                }
                int avail = engine.getAvailableInputBytes();
                if (avail > 0) {
                    if (consume) {
                        return engine.readInput(b, off, len);
                    }
                    if (peeked.length < avail) {
                        peeked = new byte[avail];
                    }
                    peekedStart = 0;
                    peekedEnd = engine.readInput(peeked, 0, avail);
                    continue;
                }
                if (engine.closeNotifyReceived()) {
                    return 0;
                }
                // queued output goes first, but a blocked write does not stop a read
                if (drainOutput() <= 0 && fatal != null) {
                    return -1;
                }
                ReadResult r = readRecord(false);
                if (r == ReadResult.EOF) {
                    return 0;
                }
                if (r != ReadResult.RECORD) {
                    return -1;
                }
            }
        } catch (IOException | RuntimeException e) {
            return engineFailure(e);
        }
    }

    /**
     * Encrypts and sends {@code len} bytes: {@code SSL_write}, without partial writes. Runs the
     * handshake first if needed. After {@link SslError#WANT_WRITE} call again with the same
     * arguments (at least the same {@code len}); the data is sent exactly once.
     *
     * @return {@code len} when all was sent; -1 on a retry or an error
     */
    public int write(byte[] b, int off, int len) {
        Bio.checkRange(b, off, len);
        int ready = beginDataCall();
        if (ready <= 0) {
            return ready;
        }
        if (engine.closeNotifySent() || engine.closeNotifyReceived()) {
            return callFail(SslReason.PROTOCOL_IS_SHUTDOWN, SslError.SSL,
                    engine.closeNotifySent() ? "protocol is shutdown" : "peer sent close_notify; bctls cannot write after it");
        }
        if (len == 0) {
            return 0;
        }
        if (writeLen >= 0) {
            if (len < writeLen) {
                return callFail(SslReason.BAD_WRITE_RETRY, SslError.SSL,
                        "bad write retry: len " + len + " < " + writeLen);
            }
        } else {
            writeLen = len;
            writeDone = 0;
        }
        try {
            if (keyUpdate >= 0) {
                engine.sendKeyUpdate(keyUpdate == 1);
                keyUpdate = -1;
            }
            // one record at a time, so bctls never holds more than one record of ours
            while (true) {
                if (drainOutput() <= 0) {
                    return -1;
                }
                if (writeDone == writeLen) {
                    break;
                }
                int chunk = Math.min(MAX_FRAGMENT, writeLen - writeDone);
                engine.writeApplicationData(b, off + writeDone, chunk);
                writeDone += chunk;
            }
            if (needsFlush && flushWbio() <= 0) {
                return -1;
            }
        } catch (IOException | RuntimeException e) {
            return engineFailure(e);
        }
        int n = writeLen;
        writeLen = -1;
        return n;
    }

    /**
     * The common start of SSL_read/SSL_peek/SSL_write: a role is needed, the handshake runs first
     * if unfinished, and a failed connection answers its error again.
     *
     * @return 1 to go on, else the value the call returns
     */
    private int beginDataCall() {
        beginCall();
        if (role == Role.NONE) {
            return callFail(SslReason.UNINITIALIZED, SslError.SSL, "uninitialized");
        }
        if (!handshakeDone) {
            return handshakeStep();
        }
        return fatal != null ? replayFatal() : 1;
    }

    /**
     * Decrypted bytes buffered and readable without I/O: {@code SSL_pending}.
     */
    public int pending() {
        return (peekedEnd - peekedStart) + (engine == null ? 0 : engine.getAvailableInputBytes());
    }

    /** Whether any bytes, decrypted or not, wait in this object: {@code SSL_has_pending}. */
    public boolean hasPending() {
        return pending() > 0 || inEnd > inStart;
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Closes the TLS session: {@code SSL_shutdown}, in OpenSSL's two steps.
     *
     * @return 0 once our close_notify has been sent and the peer's has not arrived; 1 once both
     *         have; -1 on a retry ({@code WANT_WRITE} while ours goes out, {@code WANT_READ} while
     *         waiting for the peer's) or an error (SHUTDOWN_WHILE_IN_INIT, UNEXPECTED_EOF,
     *         APPLICATION_DATA_AFTER_CLOSE_NOTIFY)
     */
    public int shutdown() {
        beginCall();
        if (role == Role.NONE) {
            return callFail(SslReason.UNINITIALIZED, SslError.SSL, "uninitialized");
        }
        if (fatal != null) {
            return replayFatal();
        }
        if (!handshakeDone) {
            return callFail(SslReason.SHUTDOWN_WHILE_IN_INIT, SslError.SSL, "shutdown while in init");
        }
        try {
            if (!engine.closeNotifySent()) {
                engine.sendCloseNotify();
                log.debug("{} sent close_notify", this);
                if (!flushAll()) {
                    return -1;
                }
            } else if (engine.outputAvailable() > 0 || needsFlush) {
                if (!flushAll()) {
                    return -1;
                }
            } else if (!engine.closeNotifyReceived()) {
                while (!engine.closeNotifyReceived()) {
                    if (pending() > 0) {
                        return callFail(SslReason.APPLICATION_DATA_AFTER_CLOSE_NOTIFY, SslError.SSL,
                                "application data after close notify");
                    }
                    ReadResult r = readRecord(false);
                    if (r != ReadResult.RECORD) {
                        return -1;
                    }
                }
                if (pending() > 0) {
                    return callFail(SslReason.APPLICATION_DATA_AFTER_CLOSE_NOTIFY, SslError.SSL,
                            "application data after close notify");
                }
            }
        } catch (IOException | RuntimeException e) {
            return engineFailure(e);
        }
        return engine.closeNotifyReceived() ? 1 : 0;
    }

    private boolean flushAll() {
        return drainOutput() > 0 && (!needsFlush || flushWbio() > 0);
    }

    // ------------------------------------------------------------------ errors

    /**
     * Classifies the result {@code ret} of the last call: {@code SSL_get_error}. Decided now, from
     * that call's error and the BIOs' current retry flags (OpenSSL's order).
     */
    public SslError getError(int ret) {
        if (ret > 0) {
            return SslError.NONE;
        }
        if (callError != null) {
            return callError.error();
        }
        SslError fromBio = switch (rwstate) {
            case READING -> fromRetryFlags(rbio);
            case WRITING -> fromRetryFlags(wbio);
            case NOTHING -> null;
        };
        if (fromBio != null) {
            return fromBio;
        }
        if (engine != null && engine.closeNotifyReceived()) {
            return SslError.ZERO_RETURN;
        }
        return SslError.SYSCALL;
    }

    private static SslError fromRetryFlags(Bio bio) {
        if (bio == null) {
            return null;
        }
        if (bio.shouldRead()) {
            return SslError.WANT_READ;
        }
        if (bio.shouldWrite()) {
            return SslError.WANT_WRITE;
        }
        if (bio.shouldIoSpecial()) {
            return switch (bio.retryReason()) {
                case CONNECT -> SslError.WANT_CONNECT;
                case ACCEPT -> SslError.WANT_ACCEPT;
                default -> SslError.SYSCALL;
            };
        }
        return null;
    }

    /** Why the last call failed, or null if it did not: the per-connection error queue. */
    public SslFailure lastError() {
        return callError;
    }

    private void beginCall() {
        callError = null;
        rwstate = RwState.NOTHING;
    }

    private int callFail(SslReason reason, SslError error, String message) {
        callError = new SslFailure(reason, error, -1, message, null);
        return -1;
    }

    private int fail(SslFailure f) {
        if (fatal == null) {
            fatal = f;
            setState("error", "error");
            log.debug("{} failed: {}", this, f);
        }
        callError = fatal;
        rwstate = RwState.NOTHING;
        return -1;
    }

    private int replayFatal() {
        callError = fatal;
        return -1;
    }

    /** Turns anything bctls threw into the contract's return value. */
    private int engineFailure(Exception e) {
        if (engine != null && engine.closeNotifyReceived() && !engineComplete) {
            peerClosedInHandshake = true;
            rwstate = RwState.NOTHING;
            setState("error", "peer closed during handshake");
            log.debug("{} close_notify during handshake", this);
            return 0;
        }
        if (e instanceof TlsFatalAlertReceived r) {
            short d = r.getAlertDescription();
            return fail(new SslFailure(SslReason.ALERT_RECEIVED, SslError.SSL, d,
                    "peer sent fatal alert " + AlertDescription.getText(d), e));
        }
        SslFailure f;
        if (e instanceof TlsFatalAlert a) {
            short d = a.getAlertDescription();
            SslReason reason = verifyFailure != null ? SslReason.CERTIFICATE_VERIFY_FAILED
                    : peerCertMissing ? SslReason.PEER_DID_NOT_RETURN_A_CERTIFICATE
                    : d == AlertDescription.record_overflow ? SslReason.RECORD_TOO_LARGE
                    : d == AlertDescription.internal_error ? SslReason.INTERNAL_ERROR
                    : SslReason.ALERT_SENT;
            String msg = verifyFailure != null ? verifyFailure.getMessage()
                    : a.getMessage() != null ? a.getMessage() : AlertDescription.getText(d);
            f = new SslFailure(reason, SslError.SSL, d, msg, e);
        } else {
            // bctls answers any other failure with internal_error
            f = new SslFailure(SslReason.INTERNAL_ERROR, SslError.SSL, AlertDescription.internal_error,
                    String.valueOf(e.getMessage()), e);
        }
        int r = fail(f);
        sendAlertBestEffort();
        return r;
    }

    /** Pushes a queued fatal alert to the wbio, ignoring retries: the connection is dead anyway. */
    private void sendAlertBestEffort() {
        if (engine == null || wbio == null) {
            return;
        }
        SslFailure keep = callError;
        RwState keepState = rwstate;
        try {
            if (drainOutput() > 0 && needsFlush) {
                wbio.flush();
            }
        } catch (RuntimeException ignored) {
            // best effort only
        }
        callError = keep;
        rwstate = keepState;
    }

    // ------------------------------------------------------------------ record I/O

    /**
     * Moves everything bctls has queued into the wbio, removing only what the wbio took.
     *
     * @return 1 when the queue is empty, -1 when the wbio refused (rwstate or failure set)
     */
    private int drainOutput() {
        if (engine.outputAvailable() == 0) {
            return 1;
        }
        byte[] out = OUTPUT_STAGING.get();
        OUTPUT_STAGING.set(null);
        if (out == null) {
            out = new byte[OUTPUT_STAGING_SIZE];
        }
        try {
            while (engine.outputAvailable() > 0) {
                int n = engine.peekOutput(out, 0, out.length);
                int w = wbio.write(out, 0, n);
                if (w > 0) {
                    engine.removeOutput(w);
                    needsFlush = true;
                    continue;
                }
                if (wbio.shouldRetry()) {
                    rwstate = RwState.WRITING;
                    return -1;
                }
                return bioFailure(wbio, "write");
            }
            return 1;
        } finally {
            OUTPUT_STAGING.set(out);
        }
    }

    /** {@code BIO_flush} at the end of a flight; a retry is WANT_WRITE (DESIGN.md decision 4). */
    private int flushWbio() {
        int f = wbio.flush();
        if (f > 0) {
            needsFlush = false;
            return 1;
        }
        if (wbio.shouldRetry()) {
            rwstate = RwState.WRITING;
            return -1;
        }
        return bioFailure(wbio, "flush");
    }

    private int bioFailure(Bio bio, String op) {
        BioError be = bio.lastError();
        return fail(new SslFailure(SslReason.BIO_ERROR, SslError.SYSCALL, -1,
                op + " BIO failed" + (be == null ? "" : ": " + be), be == null ? null : be.cause()));
    }

    /**
     * Reads exactly one record (header, then exactly its body, or more with read-ahead) and offers
     * it to bctls. A partial record stays here across retries. With {@code onlyAvailable} it reads
     * only what the rbio reports pending, and answers NEED_MORE instead of touching retry flags.
     */
    private ReadResult readRecord(boolean onlyAvailable) throws IOException {
        ReadResult r = fill(HEADER, onlyAvailable);
        if (r != ReadResult.RECORD) {
            return r;
        }
        if (recordSize < 0) {
            System.arraycopy(in, inStart, header, 0, HEADER);
            // rejects an oversized length from the header alone (record_overflow)
            RecordPreview preview = engine.previewInputRecord(header);
            recordSize = preview.getRecordSize();
        }
        r = fill(recordSize, onlyAvailable);
        if (r != ReadResult.RECORD) {
            return r;
        }
        int size = recordSize;
        int start = inStart;
        inStart += size;
        recordSize = -1;
        if (inStart == inEnd) {
            inStart = 0;
            inEnd = 0;
        }
        engine.offerInput(in, start, size);
        return ReadResult.RECORD;
    }

    /** Reads until {@code need} bytes are buffered; flushes our pending flight before waiting. */
    private ReadResult fill(int need, boolean onlyAvailable) {
        if (inEnd - inStart >= need) {
            return ReadResult.RECORD;
        }
        makeRoom(need);
        while (inEnd - inStart < need) {
            if (onlyAvailable && rbio.pending() <= 0) {
                return ReadResult.NEED_MORE;
            }
            if (needsFlush && rbio.pending() == 0) {
                // about to wait for the peer, which may be waiting for our flight
                if (flushWbio() <= 0) {
                    return rwstate == RwState.WRITING ? ReadResult.RETRY : ReadResult.ERROR;
                }
            }
            int ask = context.readAhead() ? in.length - inEnd : need - (inEnd - inStart);
            int n = rbio.read(in, inEnd, ask);
            if (n > 0) {
                inEnd += n;
                continue;
            }
            if (rbio.shouldRetry()) {
                rwstate = RwState.READING;
                return ReadResult.RETRY;
            }
            BioError be = rbio.lastError();
            if (be != null) {
                bioFailure(rbio, "read");
                return ReadResult.ERROR;
            }
            fail(new SslFailure(SslReason.UNEXPECTED_EOF,
                    context.ignoreUnexpectedEof() ? SslError.ZERO_RETURN : SslError.SYSCALL, -1,
                    "unexpected eof while reading", null));
            return ReadResult.EOF;
        }
        return ReadResult.RECORD;
    }

    private void makeRoom(int need) {
        if (in.length - inStart >= need) {
            return;
        }
        int have = inEnd - inStart;
        byte[] target = in.length >= need ? in : new byte[Math.max(need, context.readAhead() ? READ_AHEAD_BUFFER : need)];
        System.arraycopy(in, inStart, target, 0, have);
        in = target;
        inStart = 0;
        inEnd = have;
    }

    // ------------------------------------------------------------------ state and info

    /** Whether the handshake has completed: {@code SSL_is_init_finished}. */
    public boolean isInitFinished() {
        return handshakeDone;
    }

    /** A short state code, as {@code SSL_state_string} ("PINIT", "TWCH", "SSLOK"...). */
    public String stateString() {
        return stateShort;
    }

    /** A readable state, as {@code SSL_state_string_long} ("SSLv3/TLS write client hello"...). */
    public String stateStringLong() {
        return stateLong;
    }

    /** The negotiated version, or null before it is known: {@code SSL_version}. */
    public TlsVersion version() {
        TlsContext c = engine == null ? null : engine.context();
        return c == null || c.getServerVersion() == null ? null : TlsVersion.of(c.getServerVersion());
    }

    /** OpenSSL's name of the negotiated suite, or null: {@code SSL_CIPHER_get_name(SSL_get_current_cipher)}. */
    public String cipher() {
        SecurityParameters p = securityParameters();
        return p == null || p.getCipherSuite() < 0 ? null : CipherNames.name(p.getCipherSuite());
    }

    /** The ALPN protocol selected, or null: {@code SSL_get0_alpn_selected}. */
    public String selectedAlpn() {
        SecurityParameters p = securityParameters();
        ProtocolName n = p == null ? null : p.getApplicationProtocol();
        return n == null ? null : n.getUtf8Decoding();
    }

    /** The peer's certificate chain as received, leaf first, or empty: {@code SSL_get_peer_cert_chain}. */
    public List<X509Certificate> peerCertificates() {
        return peerCertificates;
    }

    /** Whether the session was resumed: {@code SSL_session_reused} (tlsbio keeps no session cache yet). */
    public boolean sessionReused() {
        SecurityParameters p = securityParameters();
        return p != null && p.isResumedSession();
    }

    private SecurityParameters securityParameters() {
        TlsContext c = engine == null ? null : engine.context();
        return c == null ? null : c.getSecurityParametersConnection();
    }

    /** Releases buffers: {@code SSL_free}. The BIOs are not closed; they belong to the caller. */
    public void free() {
        in = new byte[0];
        inStart = 0;
        inEnd = 0;
        peeked = new byte[0];
        peekedStart = 0;
        peekedEnd = 0;
    }

    private void setState(String s, String l) {
        stateShort = s;
        stateLong = l;
        if (log.isDebugEnabled()) {
            log.debug("{} state {}", this, l);
        }
        info(SslInfoCallback.Event.STATE, l);
    }

    private void info(SslInfoCallback.Event event, String detail) {
        if (infoCallback != null) {
            infoCallback.onInfo(this, event, detail);
        }
    }

    private void message(boolean write, int contentType, int handshakeType, int length, String description) {
        if (messageCallback != null) {
            messageCallback.onMessage(this, new SslMessage(write, contentType, handshakeType, length, description));
        }
    }

    @Override
    public String toString() {
        return "Ssl[" + role.name().toLowerCase() + "@" + Integer.toHexString(System.identityHashCode(this)) + "]";
    }

    /** Receives bctls's events for this connection. */
    private final class Listener implements EngineListener {
        @Override
        public void handshakeComplete() {
            engineComplete = true;
        }

        @Override
        public void alertRaised(short level, short description, String message, Throwable cause) {
            String text = AlertLevel.getText(level) + " " + AlertDescription.getText(description);
            log.debug("{} alert sent: {}{}", Ssl.this, text, message == null ? "" : " (" + message + ")");
            info(SslInfoCallback.Event.ALERT_WRITE, text);
        }

        @Override
        public void alertReceived(short level, short description) {
            String text = AlertLevel.getText(level) + " " + AlertDescription.getText(description);
            log.debug("{} alert received: {}", Ssl.this, text);
            info(SslInfoCallback.Event.ALERT_READ, text);
            message(false, ContentType.alert, -1, 2, "alert " + text);
        }

        @Override
        public void verifyFailed(PeerVerifier.VerifyException e) {
            verifyFailure = e;
        }

        @Override
        public void peerCertificateMissing() {
            peerCertMissing = true;
        }

        @Override
        public void peerCertificates(List<X509Certificate> chain) {
            peerCertificates = List.copyOf(chain);
        }

        @Override
        public void recordOut(short contentType, byte[] buf, int off, int len) {
            if (contentType == ContentType.handshake) {
                // messages may span records; only headers at message starts are parsed
                int p = off;
                int end = off + len;
                while (p < end) {
                    if (outHandshakeRemaining > 0) {
                        int skip = Math.min(outHandshakeRemaining, end - p);
                        outHandshakeRemaining -= skip;
                        p += skip;
                        continue;
                    }
                    if (end - p < 4) {
                        break;
                    }
                    short type = (short) (buf[p] & 0xff);
                    int mlen = ((buf[p + 1] & 0xff) << 16) | ((buf[p + 2] & 0xff) << 8) | (buf[p + 3] & 0xff);
                    p += 4;
                    outHandshakeRemaining = mlen;
                    handshakeMessage(true, type, mlen);
                }
            } else if (contentType == ContentType.alert && len >= 2) {
                message(true, contentType, -1, 2, "alert " + AlertLevel.getText(buf[off])
                        + " " + AlertDescription.getText(buf[off + 1]));
            } else if (contentType == ContentType.change_cipher_spec) {
                message(true, contentType, -1, len, "ChangeCipherSpec");
            }
        }

        @Override
        public void handshakeIn(short type, int len) {
            handshakeMessage(false, type, len);
        }

        @Override
        public void changeCipherSpecIn() {
            message(false, ContentType.change_cipher_spec, -1, 1, "ChangeCipherSpec");
        }

        private void handshakeMessage(boolean write, short type, int len) {
            setState(StateNames.shortName(write, role == Role.SERVER, type), StateNames.longName(write, type));
            message(write, ContentType.handshake, type, len, StateNames.messageName(type));
        }
    }
}
