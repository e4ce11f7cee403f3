package io.tlsbio.ssl;

import io.tlsbio.bio.Bio;
import io.tlsbio.ssl.internal.BcClientProtocol;
import io.tlsbio.ssl.internal.BcServerProtocol;
import io.tlsbio.ssl.internal.ClientPeer;
import io.tlsbio.ssl.internal.ClientSessions;
import io.tlsbio.ssl.internal.Connection;
import io.tlsbio.ssl.internal.ConnectionInfo;
import io.tlsbio.ssl.internal.CredentialSet;
import io.tlsbio.ssl.internal.Engine;
import io.tlsbio.ssl.internal.ErrorState;
import io.tlsbio.ssl.internal.Failures;
import io.tlsbio.ssl.internal.HandshakeFacts;
import io.tlsbio.ssl.internal.HandshakePath;
import io.tlsbio.ssl.internal.HandshakeSecrets;
import io.tlsbio.ssl.internal.HandshakeTracker;
import io.tlsbio.ssl.internal.KeyingMaterialExporter;
import io.tlsbio.ssl.internal.Lifecycle;
import io.tlsbio.ssl.internal.Lifecycle.Event;
import io.tlsbio.ssl.internal.OwnCredentials;
import io.tlsbio.ssl.internal.PeerConfig;
import io.tlsbio.ssl.internal.ReceivePath;
import io.tlsbio.ssl.internal.RecordPump;
import io.tlsbio.ssl.internal.SendPath;
import io.tlsbio.ssl.internal.ServerPeer;
import io.tlsbio.ssl.internal.ServerSessions;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One TLS connection over a pair of {@link Bio}s: OpenSSL's {@code SSL}. It never touches the
 * network itself; its calls behave according to the BIOs plugged under it.
 *
 * <h2>Return values (SSL_do_handshake(3), SSL_read(3), SSL_write(3), SSL_shutdown(3))</h2>
 *
 * {@code > 0} success; {@code 0} a controlled shutdown (the peer's close_notify); {@code < 0} a
 * fatal error or, on a non-blocking BIO, a retry. {@link #getError(int)} tells which, from the
 * call's own error state and the BIOs' retry flags at the time it is asked. After {@link
 * SslError#WANT_READ}/{@link SslError#WANT_WRITE} call the same method again, with the same
 * arguments, once the BIO is ready; nothing is lost or sent twice.
 *
 * <h2>Errors</h2>
 *
 * Per connection, never thread-global: cleared at the start of every call; {@link #lastError()}
 * says why the last call failed. After a fatal error every call fails the same way. Nothing a peer
 * sends makes these methods throw; exceptions are for API misuse only, including any call after
 * {@link #free()}.
 *
 * <h2>Lifecycle</h2>
 *
 * One {@link Lifecycle} value says where the connection is; its javadoc is the transition table,
 * and this class makes every transition. The handshake tracker, the receive and send paths over the
 * record pump, and the error state do the work (docs/ssl-lifecycle.md).
 *
 * <h2>Ownership and threads</h2>
 *
 * The BIOs stay the caller's: {@link #free()} does not close them. An {@code Ssl} is used by one
 * thread at a time.
 */
public final class Ssl implements AutoCloseable {

    private enum Role {
        NONE,
        CLIENT,
        SERVER
    }

    private SslContext context;

    /**
     * The context of {@code SSL_new}: its verification parameters stay, as the SSL's own do in
     * OpenSSL.
     */
    private final SslContext firstContext;

    private final HandshakeTracker tracker = new HandshakeTracker(this);
    private final ErrorState errors = new ErrorState();
    private final RecordPump pump;
    private final ReceivePath receive;
    private final SendPath send;
    private final HandshakePath handshakes;
    private final Failures failures;
    private final Connection self = new Self();
    private final Set<SslMode> modes = EnumSet.noneOf(SslMode.class);
    private Lifecycle state = Lifecycle.NEW;
    private Set<SslShutdown> shutdownWhenFailed = Set.of();
    private Role role = Role.NONE;
    private boolean quietShutdown;
    private String hostOverride;
    private Bio rbio;
    private Bio wbio;
    private Engine engine;
    private String serverName;
    private CredentialSet ownCredentials;
    private ServerPeer serverPeer;
    private ClientPeer clientPeer;

    /**
     * What the handshake settled that bctls does not keep: secrets (key log, exporters), group,
     * peer signature.
     */
    private final HandshakeFacts facts = new HandshakeFacts(new HandshakeSecrets(this::keyLogSink));

    private SslSession offeredSession;
    private ClientSessions clientSessions;
    private ServerSessions serverSessions;

    Ssl(SslContext context) {
        this.context = context;
        this.firstContext = context;
        this.pump = new RecordPump(context.readAhead(), errors);
        this.receive = new ReceivePath(pump);
        this.send = new SendPath(pump);
        this.handshakes = new HandshakePath(pump, tracker, receive);
        this.failures =
                new Failures(
                        errors,
                        tracker,
                        pump,
                        context.ignoreUnexpectedEof(),
                        context.internalBugTracker());
        this.modes.addAll(context.modes());
        this.quietShutdown = context.quietShutdown();
    }

    // ------------------------------------------------------------------ setup

    /**
     * Sets the read and write BIOs: {@code SSL_set_bio}. They may be the same object. The BIOs stay
     * owned by the caller. May be called again to swap transports between calls.
     *
     * @param rbio the BIO records are read from, or null
     * @param wbio the BIO records are written to, or null; may be {@code rbio}
     */
    public void setBio(Bio rbio, Bio wbio) {
        live().pump.setBio(rbio, wbio);
        this.rbio = rbio;
        this.wbio = wbio;
    }

    /**
     * The read BIO, or null: {@code SSL_get_rbio}.
     *
     * @return the BIO set by {@link #setBio} to read from, or null if none is set
     */
    public Bio rbio() {
        return live().rbio;
    }

    /**
     * The write BIO, or null: {@code SSL_get_wbio}.
     *
     * @return the BIO set by {@link #setBio} to write to, or null if none is set
     */
    public Bio wbio() {
        return live().wbio;
    }

    /**
     * Makes this a client: {@code SSL_set_connect_state}. Must precede the first handshake step.
     */
    public void setConnectState() {
        setRole(Role.CLIENT);
    }

    /** Makes this a server: {@code SSL_set_accept_state}. Must precede the first handshake step. */
    public void setAcceptState() {
        setRole(Role.SERVER);
    }

    private void setRole(Role r) {
        if (live().state != Lifecycle.NEW && state != Lifecycle.BEFORE) {
            throw new IllegalStateException(
                    "role cannot change after the handshake started (state " + state + ")");
        }
        role = r;
        state = state.on(Event.ROLE_SET);
        tracker.setServer(r == Role.SERVER);
        tracker.state("PINIT", "before SSL initialization");
    }

    /**
     * Whether the server role is set: {@code SSL_is_server}.
     *
     * @return true after {@link #setAcceptState()} (or {@link #accept()}), false for a client or
     *     before a role is set
     */
    public boolean isServer() {
        return live().role == Role.SERVER;
    }

    /**
     * The host name a client checks and sends as SNI, overriding the context's: {@code
     * SSL_set1_host}.
     *
     * @param hostName the name to send as SNI and to match the server's certificate against
     * @throws IllegalStateException once the handshake has started
     */
    public void setHostName(String hostName) {
        Objects.requireNonNull(hostName, "hostName");
        if (live().engine != null) {
            throw new IllegalStateException(
                    "host name cannot change after the handshake started (state " + state + ")");
        }
        this.hostOverride = hostName;
    }

    /**
     * The server name ({@code SSL_get_servername}): on a server, the host_name the client sent as
     * SNI in its ClientHello (null when it sent none, or before it arrived); on a client, the name
     * it sends.
     *
     * @return the SNI name received (server) or to be sent (client), or null if there is none
     */
    public String serverName() {
        live();
        if (role == Role.SERVER) {
            return serverName;
        }
        return context.sniName(hostOverride);
    }

    /**
     * The OCSP response the server stapled, DER (a copy), or null when it sent none or the context
     * did not ask ({@link SslContext.Builder#statusRequest}): {@code
     * SSL_get_tlsext_status_ocsp_resp}.
     *
     * @return a copy of the stapled OCSP response's DER, or null
     */
    public byte[] ocspResponse() {
        byte[] r = live().tracker.ocspResponse();
        return r == null ? null : r.clone();
    }

    /**
     * The context this connection uses now: {@code SSL_get_SSL_CTX}.
     *
     * @return the context given at creation, or the one {@link #setSslContext} moved it to
     */
    public SslContext getSslContext() {
        return live().context;
    }

    /**
     * Moves the connection to another context: {@code SSL_set_SSL_CTX}, typically from a {@link
     * ServerNameCallback}. As in OpenSSL, what changes is the certificates, the trusted
     * certificates and CRLs a client certificate is verified against, and the callbacks taken from
     * the context from now on; versions, suites, verify mode and parameters, and modes stay those
     * the connection started with. Call it before the certificate is chosen: from the servername
     * callback, the cert callback, or before the handshake.
     *
     * @param ctx the context to take certificates, trust and callbacks from
     * @return {@code ctx}
     */
    public SslContext setSslContext(SslContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        live().context = ctx;
        useCredentials(ctx.ownCredentials());
        if (serverPeer != null) {
            serverPeer.useVerifier(firstContext.verifierWithStoreOf(ctx, true));
        }
        return ctx;
    }

    /**
     * This connection's own certificate chain (leaf first) and key, in place of the context's:
     * {@code SSL_use_certificate} + {@code SSL_use_PrivateKey}, before the handshake or from a
     * {@link CertCallback}.
     *
     * @param chain the certificate chain to send, leaf first
     * @param key the private key of the leaf certificate
     * @throws IllegalArgumentException when the key does not suit the certificate's kind
     */
    public void useCertificate(
            List<java.security.cert.X509Certificate> chain, java.security.PrivateKey key) {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(key, "key");
        live();
        CredentialSet base = ownCredentials != null ? ownCredentials : context.ownCredentials();
        // as SSL_use_certificate: the slot of this key's type is replaced, the others stay
        useCredentials(base.with(new OwnCredentials(chain, key)));
    }

    private void useCredentials(CredentialSet c) {
        ownCredentials = c;
        if (serverPeer != null) {
            serverPeer.useCredentials(c);
        } else if (clientPeer != null) {
            clientPeer.useCredentials(c);
        }
    }

    /** The SNI a ClientHello carried (null: none); set just before the servername callback runs. */
    void receivedServerName(String name) {
        serverName = name;
    }

    /**
     * Installs the info callback ({@code SSL_set_info_callback}); null removes it.
     *
     * @param callback the callback told of state changes and alerts, or null
     */
    public void setInfoCallback(SslInfoCallback callback) {
        live().tracker.setInfoCallback(callback);
    }

    /**
     * Installs the message callback ({@code SSL_set_msg_callback}); null removes it.
     *
     * @param callback the callback told of each message sent or received, or null
     */
    public void setMessageCallback(SslMessageCallback callback) {
        live().tracker.setMessageCallback(callback);
    }

    /**
     * Adds modes: {@code SSL_set_mode}. The context's modes are the starting set.
     *
     * @param add the modes to turn on
     */
    public void setMode(SslMode... add) {
        live().modes.addAll(List.of(add));
    }

    /**
     * Removes modes: {@code SSL_clear_mode}.
     *
     * @param remove the modes to turn off
     */
    public void clearMode(SslMode... remove) {
        live().modes.removeAll(List.of(remove));
    }

    /**
     * The modes in force: {@code SSL_get_mode}.
     *
     * @return a copy of the modes now set
     */
    public Set<SslMode> mode() {
        return Set.copyOf(live().modes);
    }

    /**
     * {@code SSL_set_quiet_shutdown}: {@link #shutdown()} sends nothing and returns 1.
     *
     * @param on true to make the shutdown quiet (no close_notify sent nor awaited)
     */
    public void setQuietShutdown(boolean on) {
        live().quietShutdown = on;
    }

    /**
     * {@code SSL_get_quiet_shutdown}.
     *
     * @return true if {@link #shutdown()} sends nothing and returns 1 (set here or by the context)
     */
    public boolean quietShutdown() {
        return live().quietShutdown;
    }

    // ------------------------------------------------------------------ handshake

    /**
     * Runs the handshake as far as the BIOs allow: {@code SSL_do_handshake}. Once it is complete,
     * sends a KeyUpdate scheduled by {@link #keyUpdate} and anything still queued.
     *
     * @return 1 when the handshake is complete (again on later calls); 0 when the peer sent
     *     close_notify during the handshake ({@link SslError#ZERO_RETURN}); -1 on a retry ({@code
     *     WANT_READ}, {@code WANT_WRITE}, {@code WANT_CONNECT}, {@code WANT_ACCEPT}) or a fatal
     *     error ({@code SSL}, {@code SYSCALL}; see {@link #lastError()})
     */
    public int doHandshake() {
        beginCall();
        if (state == Lifecycle.NEW) {
            return errors.callFail(
                    SslReason.CONNECTION_TYPE_NOT_SET, SslError.SSL, "connection type not set");
        }
        if (state.initFinished() && !send.idle(engine)) {
            return send.flush(self);
        }
        return handshake();
    }

    /**
     * {@code SSL_connect}: sets the client role if no role is set yet, then {@link #doHandshake()}.
     * On a server-only context it returns 0 with {@link SslError#SSL}.
     *
     * @return as {@link #doHandshake()}: 1 on success, 0 or -1 on failure: see {@link
     *     #getError(int)}
     */
    public int connect() {
        if (live().state == Lifecycle.NEW) {
            setConnectState();
        }
        return doHandshake();
    }

    /**
     * {@code SSL_accept}: sets the server role if no role is set yet, then {@link #doHandshake()}.
     * On a client-only context it returns 0 with {@link SslError#SSL}.
     *
     * @return as {@link #doHandshake()}: 1 on success, 0 or -1 on failure: see {@link
     *     #getError(int)}
     */
    public int accept() {
        if (live().state == Lifecycle.NEW) {
            setAcceptState();
        }
        return doHandshake();
    }

    /** The handshake step of every call: 1 when established, else the call's return value. */
    private int handshake() {
        if (state == Lifecycle.FAILED) {
            errors.replay();
            return -1;
        }
        if (state == Lifecycle.CLOSED_IN_INIT || state.initFinished()) {
            return state == Lifecycle.CLOSED_IN_INIT ? 0 : 1;
        }
        if ((role == Role.SERVER && context.method() == SslMethod.CLIENT)
                || (role == Role.CLIENT && context.method() == SslMethod.SERVER)) {
            // OpenSSL's ssl_undefined_function: 0 and SSL
            errors.callFail(
                    SslReason.SHOULD_NOT_HAVE_BEEN_CALLED,
                    SslError.SSL,
                    "this context's method cannot play the " + role + " role");
            return 0;
        }
        if (wbio == null) {
            return errors.callFail(
                    SslReason.WRITE_BIO_NOT_SET, SslError.SYSCALL, "write BIO not set");
        }
        if (rbio == null) {
            return errors.callFail(SslReason.READ_BIO_NOT_SET, SslError.SSL, "read BIO not set");
        }
        if (state == Lifecycle.BEFORE) {
            PeerConfig config = context.peerConfig(role == Role.SERVER, hostOverride);
            if (ownCredentials != null) {
                config = config.withCredentials(ownCredentials);
            }
            SslCallbacks callbacks = new SslCallbacks(this);
            if (role == Role.CLIENT) {
                clientPeer = new ClientPeer(config, tracker, callbacks);
                clientPeer.useSessions(clientSessions(config.sniName()));
                engine = new BcClientProtocol(clientPeer, tracker);
            } else {
                serverPeer = new ServerPeer(config, tracker, callbacks);
                serverPeer.useSessions(
                        serverSessions =
                                new ServerSessions(
                                        context.sessionSettings(),
                                        () -> tracker.verifyResult().code()));
                engine = new BcServerProtocol(serverPeer, tracker);
            }
            wireEngine();
        }
        return handshakes.step(self, role == Role.CLIENT);
    }

    /**
     * Schedules a TLS 1.3 KeyUpdate, sent by the next {@link #write} or {@link #doHandshake()}:
     * {@code SSL_key_update}.
     *
     * @param requestPeerUpdate ask the peer to update its keys too (SSL_KEY_UPDATE_REQUESTED)
     * @return 1 when scheduled; 0 when not possible now (see {@link #lastError()}: before the
     *     handshake or not TLS 1.3 → INTERNAL_ERROR; a write waiting for its retry →
     *     BAD_WRITE_RETRY)
     */
    public int keyUpdate(boolean requestPeerUpdate) {
        beginCall();
        if (!state.initFinished() || version() != TlsVersion.TLS1_3) {
            errors.callFail(
                    SslReason.INTERNAL_ERROR,
                    SslError.SSL,
                    "key update needs an established TLS 1.3 connection");
            return 0;
        }
        if (send.writePending()) {
            errors.callFail(
                    SslReason.BAD_WRITE_RETRY,
                    SslError.SSL,
                    "bad write retry: a write is waiting to be retried");
            return 0;
        }
        send.scheduleKeyUpdate(requestPeerUpdate);
        return 1;
    }

    // ------------------------------------------------------------------ application data

    /**
     * Reads decrypted application data: {@code SSL_read}. Runs the handshake first if needed. With
     * {@code len == 0} it reads until a record of data is decrypted (then {@link #pending()} shows
     * it) and returns 0, or returns -1 with {@code WANT_READ} while none has arrived.
     *
     * @param b the array the plaintext is copied into
     * @param off where in {@code b} the first byte goes
     * @param len the most bytes to read
     * @return bytes read ({@code > 0}); 0 once the peer sent close_notify ({@link
     *     SslError#ZERO_RETURN}) or a fatal alert ({@link SslError#SSL}), or the transport ended
     *     without close_notify ({@link SslError#SYSCALL}, reason UNEXPECTED_EOF); -1 on a retry or
     *     a fatal error
     */
    public int read(byte[] b, int off, int len) {
        Bio.checkRange(b, off, len);
        return readOrPeek(b, off, len, true);
    }

    /**
     * Like {@link #read} but leaves the bytes to be read again: {@code SSL_peek}.
     *
     * @param b the array the plaintext is copied into
     * @param off where in {@code b} the first byte goes
     * @param len the most bytes to peek at
     * @return as {@link #read}: bytes copied ({@code > 0}), or 0 or -1 on failure: see {@link
     *     #getError(int)}
     */
    public int peek(byte[] b, int off, int len) {
        Bio.checkRange(b, off, len);
        return readOrPeek(b, off, len, false);
    }

    private int readOrPeek(byte[] b, int off, int len, boolean consume) {
        int ready = beginDataCall();
        if (ready <= 0) {
            // OpenSSL's SSL_read answers 0 once the peer's close_notify or fatal alert arrived
            return getShutdown().contains(SslShutdown.RECEIVED) ? 0 : ready;
        }
        return receive.read(self, b, off, len, consume);
    }

    /**
     * Encrypts and sends {@code len} bytes: {@code SSL_write}. Runs the handshake first if needed.
     * After {@link SslError#WANT_WRITE} call again with the same array and offset and a length no
     * shorter than what was taken (a longer retry writes the longer length, as OpenSSL does); the
     * data is sent exactly once. A shorter retry fails with {@link SslReason#BAD_LENGTH}, another
     * array or offset with {@link SslReason#BAD_WRITE_RETRY} unless {@link
     * SslMode#ACCEPT_MOVING_WRITE_BUFFER} is set; both are fatal and send nothing.
     *
     * @param b the array holding the plaintext
     * @param off where in {@code b} the plaintext starts
     * @param len how many bytes to send; 0 returns 0 and sends nothing
     * @return {@code len} when all was sent, or with {@link SslMode#ENABLE_PARTIAL_WRITE} the bytes
     *     written once a record made by this call is out; -1 on a retry or an error
     */
    public int write(byte[] b, int off, int len) {
        Bio.checkRange(b, off, len);
        int ready = beginDataCall();
        if (ready <= 0) {
            return ready;
        }
        if (state == Lifecycle.SENT_SHUTDOWN
                || state == Lifecycle.CLOSED
                || engine.closeNotifyReceived()) {
            return errors.callFail(
                    SslReason.PROTOCOL_IS_SHUTDOWN,
                    SslError.SSL,
                    state == Lifecycle.SENT_SHUTDOWN || state == Lifecycle.CLOSED
                            ? "protocol is shutdown"
                            : "peer sent close_notify; bctls cannot write after it");
        }
        if (len == 0) {
            return 0;
        }
        return send.write(self, b, off, len, modes);
    }

    /**
     * The start of SSL_read/SSL_peek/SSL_write: a role is needed, then the handshake runs if
     * unfinished.
     */
    private int beginDataCall() {
        beginCall();
        return state == Lifecycle.NEW
                ? errors.callFail(SslReason.UNINITIALIZED, SslError.SSL, "uninitialized")
                : handshake();
    }

    /**
     * Decrypted bytes buffered and readable without I/O: {@code SSL_pending}.
     *
     * @return how many decrypted bytes {@link #read} can return without I/O; 0 if none
     */
    public int pending() {
        return live().receive.pending(engine);
    }

    /**
     * Whether any bytes, decrypted or not, wait in this object: {@code SSL_has_pending}.
     *
     * @return true if decrypted bytes or bytes of records not yet decrypted are buffered
     */
    public boolean hasPending() {
        return pending() > 0 || pump.buffered() > 0;
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Closes the TLS session: {@code SSL_shutdown}, in OpenSSL's two steps.
     *
     * @return 0 once our close_notify has been sent and the peer's has not arrived; 1 once both
     *     have (or the peer answered ours with a fatal alert, or the shutdown is quiet); -1 on a
     *     retry ({@code WANT_WRITE} while ours goes out, {@code WANT_READ} while waiting for the
     *     peer's) or an error (SHUTDOWN_WHILE_IN_INIT, UNEXPECTED_EOF, and
     *     APPLICATION_DATA_AFTER_CLOSE_NOTIFY, which is fatal and drops the data)
     */
    public int shutdown() {
        beginCall();
        if (state == Lifecycle.NEW) {
            return errors.callFail(SslReason.UNINITIALIZED, SslError.SSL, "uninitialized");
        }
        if (state == Lifecycle.FAILED) {
            errors.replay();
            return -1;
        }
        if (!state.initFinished()) {
            return errors.callFail(
                    SslReason.SHUTDOWN_WHILE_IN_INIT, SslError.SSL, "shutdown while in init");
        }
        if (quietShutdown) {
            state = state.on(Event.QUIET_SHUTDOWN);
            return 1;
        }
        if (state == Lifecycle.ESTABLISHED
                || state == Lifecycle.RECEIVED_SHUTDOWN
                || !send.idle(engine)) {
            // the first step: our close_notify (once), out to the wire
            int r = send.closeNotify(self);
            return r <= 0 ? r : state == Lifecycle.CLOSED ? 1 : 0;
        }
        return receive.awaitCloseNotify(self);
    }

    /**
     * The close_notify flags: {@code SSL_get_shutdown}. SENT once our close_notify is queued (or
     * the shutdown was quiet); RECEIVED once the peer's close_notify or fatal alert arrived, or an
     * EOF counted as close_notify ({@link SslContext.Builder#ignoreUnexpectedEof}).
     *
     * @return the {@link SslShutdown#SENT} and {@link SslShutdown#RECEIVED} flags now set; empty at
     *     first
     */
    public Set<SslShutdown> getShutdown() {
        return live().state == Lifecycle.FAILED ? shutdownWhenFailed : state.shutdownFlags();
    }

    // ------------------------------------------------------------------ errors

    /**
     * Classifies the result {@code ret} of the last call: {@code SSL_get_error}. Decided now, from
     * that call's error and the BIOs' current retry flags (OpenSSL's order).
     *
     * @param ret what the last call on this connection returned
     * @return {@link SslError#NONE} for a success, otherwise why it failed or what it waits for
     */
    public SslError getError(int ret) {
        return live().errors.classify(ret, rbio, wbio, state.receivedCloseNotify());
    }

    /**
     * Why the last call failed, or null if it did not: the per-connection error queue.
     *
     * @return the failure recorded by the last call, or null if it did not fail
     */
    public SslFailure lastError() {
        return live().errors.lastError();
    }

    /**
     * What the last call waited for: {@code SSL_want}.
     *
     * @return what the last call waits for: {@link SslWant#NOTHING} if it did not ask to be retried
     */
    public SslWant want() {
        return live().errors.want();
    }

    private void beginCall() {
        live().errors.beginCall();
    }

    private Ssl live() {
        if (state == Lifecycle.FREED) {
            throw new IllegalStateException(this + " is freed");
        }
        return this;
    }

    // ------------------------------------------------------------------ state and info

    /**
     * Whether the handshake has completed and no fatal error followed: {@code
     * SSL_is_init_finished}.
     *
     * @return true once the handshake is complete, false before and after a fatal error
     */
    public boolean isInitFinished() {
        return live().state.initFinished();
    }

    /**
     * {@code SSL_in_init}: true before and during the handshake and, as in OpenSSL, after a fatal
     * error.
     *
     * @return the opposite of {@link #isInitFinished()}
     */
    public boolean isInInit() {
        return !isInitFinished();
    }

    /**
     * A short state code, as {@code SSL_state_string} ("PINIT", "TWCH", "SSLOK"...).
     *
     * @return the handshake state's short code
     */
    public String stateString() {
        return live().tracker.stateString();
    }

    /**
     * A readable state, as {@code SSL_state_string_long} ("SSLv3/TLS write client hello"...).
     *
     * @return the handshake state in words
     */
    public String stateStringLong() {
        return live().tracker.stateStringLong();
    }

    /**
     * The negotiated version, or null before it is known: {@code SSL_version}.
     *
     * @return the negotiated version, or null before it is known
     */
    public TlsVersion version() {
        return ConnectionInfo.version(live().engine);
    }

    /**
     * OpenSSL's name of the negotiated suite, or null: {@code
     * SSL_CIPHER_get_name(SSL_get_current_cipher)}.
     *
     * @return the suite's OpenSSL name ("TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"),
     *     or null before it is negotiated
     */
    public String cipher() {
        return ConnectionInfo.cipher(live().engine);
    }

    /**
     * The ALPN protocol selected, or null: {@code SSL_get0_alpn_selected}.
     *
     * @return the negotiated application protocol, or null if none was
     */
    public String selectedAlpn() {
        return ConnectionInfo.selectedAlpn(live().engine);
    }

    /**
     * The peer's certificate chain as received, leaf first, or empty: {@code
     * SSL_get_peer_cert_chain}.
     *
     * @return the peer's chain, leaf first; empty if it sent none or before it arrived
     */
    public List<X509Certificate> peerCertificates() {
        return live().tracker.peerCertificates();
    }

    /**
     * What the check of the peer's certificate found: {@code SSL_get_verify_result}, with OpenSSL's
     * X509_V_ERR code and text. {@link VerifyResult#OK} when it passed or nothing was checked
     * (VerifyMode NONE, or no certificate yet).
     *
     * @return the verify result, {@link VerifyResult#OK} if it passed or nothing was checked
     */
    public VerifyResult verifyResult() {
        return live().tracker.verifyResult();
    }

    /**
     * Whether the handshake resumed a session: {@code SSL_session_reused}. TLS 1.2: by session id
     * or ticket; TLS 1.3: by a ticket's PSK. False before the handshake is complete.
     *
     * @return true if this handshake resumed a session
     */
    public boolean sessionReused() {
        if (live().clientSessions != null && clientSessions.pskSelected()) {
            return true;
        }
        if (serverSessions != null && serverSessions.reused()) {
            return true;
        }
        return ConnectionInfo.sessionReused(engine);
    }

    // ------------------------------------------------------------------ sessions

    /**
     * The session of this connection, to resume in a later one: {@code SSL_get1_session}. Null
     * before the handshake has made one. For a TLS 1.3 client it is the session of the latest
     * NewSessionTicket, which arrives after the handshake (during {@link #read}); until one has,
     * the session is not resumable ({@link SslSession#isResumable()}). After a resumption it is the
     * session resumed.
     *
     * @return the connection's session, or null before the handshake made one
     */
    public SslSession session() {
        live();
        io.tlsbio.ssl.internal.SessionData d =
                clientSessions != null
                        ? clientSessions.current()
                        : serverSessions != null ? serverSessions.current() : null;
        return d == null ? null : new SslSession(d);
    }

    /**
     * The session a client offers to resume: {@code SSL_set_session}; null offers none. Call before
     * the handshake. A TLS 1.2 session goes out by id and, if it has one, by ticket; a TLS 1.3 one
     * as a PSK, unless its ticket is too old for its lifetime hint. Whether the server took it is
     * {@link #sessionReused()}; if not, the handshake is a full one. A server ignores it.
     *
     * @param session a session from an earlier connection's {@link #session()}, or null
     * @throws IllegalStateException once the handshake has started
     */
    public void setSession(SslSession session) {
        if (live().engine != null) {
            throw new IllegalStateException(
                    "session cannot change after the handshake started (state " + state + ")");
        }
        this.offeredSession = session;
    }

    private ClientSessions clientSessions(String sniName) {
        NewSessionCallback cb = context.newSessionCallback();
        clientSessions =
                new ClientSessions(
                        context.sessionSettings(),
                        offeredSession == null ? null : offeredSession.data(),
                        sniName,
                        () -> tracker.verifyResult().code(),
                        d -> {
                            if (cb != null) {
                                cb.onNewSession(this, new SslSession(d));
                            }
                        });
        return clientSessions;
    }

    // ------------------------------------------------------------------ key exchange, peer
    // signature, secrets

    /**
     * OpenSSL's name of the key-exchange group ({@code
     * SSL_group_to_name(SSL_get_negotiated_group)}): x25519, secp256r1, x448, secp384r1, secp521r1,
     * ffdhe2048... The TLS 1.3 key share's group or the TLS 1.2 ECDHE curve; null before it is
     * known and, as in OpenSSL 3.0, for TLS 1.2 DHE and RSA key transport.
     *
     * @return the group's OpenSSL name, or null
     */
    public String negotiatedGroup() {
        return ConnectionInfo.negotiatedGroup(live().engine, facts);
    }

    /**
     * The peer's ephemeral key ({@code SSL_get_peer_tmp_key}): its key share in TLS 1.3 (either
     * role); in TLS 1.2 the server's ECDHE or DHE key, on the client only. Null otherwise.
     *
     * @return the peer's ephemeral key, or null
     */
    public TmpKey peerTmpKey() {
        return ConnectionInfo.peerTmpKey(live().engine, facts);
    }

    /**
     * The key type of the peer's signature ({@code SSL_get_peer_signature_type_nid}) as {@code
     * s_client} names it: "RSA", "RSA-PSS", "ECDSA", "Ed25519", "Ed448"; null when the peer signed
     * nothing (a TLS 1.2 RSA key transport, a client without a certificate).
     *
     * @return the key type of the peer's signature, or null
     */
    public String peerSignatureType() {
        return ConnectionInfo.peerSignatureType(live().facts);
    }

    /**
     * The digest of the peer's signature ({@code SSL_get_peer_signature_nid}): "SHA256",
     * "SHA384"...; null when it signed nothing or with EdDSA.
     *
     * @return the digest's OpenSSL name, or null
     */
    public String peerSignatureDigest() {
        return ConnectionInfo.peerSignatureDigest(live().facts);
    }

    /**
     * The TLS name of the peer's signature scheme ("ecdsa_secp256r1_sha256",
     * "rsa_pss_rsae_sha256"...), or null.
     *
     * @return the signature scheme's TLS name, or null if the peer signed nothing
     */
    public String peerSignatureScheme() {
        return ConnectionInfo.peerSignatureScheme(live().facts);
    }

    /**
     * Keying material for another protocol: {@code SSL_export_keying_material} (RFC 5705, RFC 8446
     * section 7.5), equal to what OpenSSL computes for the same connection on either side.
     *
     * @param label the exporter label (UTF-8)
     * @param context the context value, or null for none (OpenSSL's {@code use_context = 0}; TLS
     *     1.3 treats none as empty, TLS 1.2 does not)
     * @param length how many bytes
     * @return {@code length} bytes
     * @throws IllegalStateException before the handshake is complete, or when the context's crypto
     *     keeps its secrets where they cannot be copied
     * @throws IllegalArgumentException where OpenSSL fails too: in TLS 1.2 a label beginning with
     *     one TLS uses ("client finished", "server finished", "master secret", "extended master
     *     secret", "key expansion") or a length of 0; in TLS 1.3 a label over 249 bytes or more
     *     than 255 hash lengths; a context over 65535 bytes; a negative length
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        Objects.requireNonNull(label, "label");
        if (length < 0) {
            throw new IllegalArgumentException("length < 0: " + length);
        }
        KeyingMaterialExporter e = live().facts.exporter();
        if (e == null) {
            throw new IllegalStateException(
                    tracker.finished()
                            ? "this crypto's secrets cannot be exported"
                            : "no keying material before the handshake is complete");
        }
        return e.export(label, context == null ? null : context.clone(), length);
    }

    /**
     * The key-log sink of the current context's callback ({@code ssl->ctx->keylog_callback}), or
     * null.
     */
    private java.util.function.Consumer<String> keyLogSink() {
        KeyLogCallback cb = context.keyLogCallback();
        return cb == null ? null : line -> cb.onKeyLog(this, line);
    }

    /**
     * The current context's ALPN selection callback, asked with the client's protocols; null
     * without one.
     */
    private AlpnSelectCallback.Result selectAlpn(List<String> clientProtocols) {
        AlpnSelectCallback cb = context.alpnSelectCallback();
        if (cb == null) {
            return null;
        }
        AlpnSelectCallback.Result r = cb.onAlpnSelect(this, clientProtocols);
        if (r == null) {
            // a bug of the application's, not of the peer's: surfaces as internal_error
            throw new IllegalStateException("the ALPN select callback returned null");
        }
        return r;
    }

    /**
     * Hands the new engine what it reports into and asks: the handshake facts, the ALPN callback.
     */
    private void wireEngine() {
        facts.observe(engine);
        if (serverPeer != null) {
            serverPeer.alpnSelector(this::selectAlpn);
        }
    }

    /**
     * Releases the buffers and ends this object: {@code SSL_free}. Sends nothing; the BIOs are not
     * closed, they belong to the caller. Every later call but {@code free}/{@code close} throws
     * {@link IllegalStateException}.
     */
    public void free() {
        state = state.on(Event.FREE);
        if (engine != null) {
            engine.free();
        }
        engine = null;
        facts.destroy();
        if (clientSessions != null) {
            clientSessions.free();
        }
        send.free();
        receive.free();
        pump.free();
    }

    /** {@link #free()}, so a connection can live in try-with-resources. */
    @Override
    public void close() {
        free();
    }

    @Override
    public String toString() {
        return "Ssl["
                + role.name().toLowerCase(java.util.Locale.ROOT)
                + "@"
                + Integer.toHexString(System.identityHashCode(this))
                + "]";
    }

    /** The lifecycle as the send and receive paths see it; every transition still happens here. */
    private final class Self implements Connection {
        @Override
        public Lifecycle state() {
            return state;
        }

        @Override
        public void on(Event event) {
            state = state.on(event);
        }

        @Override
        public Set<SslShutdown> shutdownFlags() {
            return getShutdown();
        }

        @Override
        public Engine engine() {
            return engine;
        }

        @Override
        public void failed(Set<SslShutdown> shutdownFlags) {
            shutdownWhenFailed = shutdownFlags;
            state = state.on(Event.FATAL);
        }

        @Override
        public int fail(SslFailure f) {
            return failures.fail(this, f);
        }

        @Override
        public int stalled(RecordPump.Step step) {
            return failures.stalled(this, step);
        }

        @Override
        public int engineFailure(Exception e) {
            return failures.engineFailure(this, e);
        }

        @Override
        public String toString() {
            return Ssl.this.toString();
        }
    }
}
