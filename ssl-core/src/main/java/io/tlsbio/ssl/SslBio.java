package io.tlsbio.ssl;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioError;
import io.tlsbio.bio.RetryReason;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * An {@link Ssl} as a filter BIO: OpenSSL's {@code BIO_f_ssl} ({@code ssl/bio_ssl.c}), so a TLS
 * connection sits in a chain like any BIO, e.g. {@code BufferBio -> SslBio -> SocketBio}.
 *
 * <h2>Data</h2>
 *
 * {@link #read} is {@link Ssl#read} ({@code SSL_read}) and {@link #write} is {@link Ssl#write}
 * ({@code SSL_write}); either runs the handshake first when it is not finished, as {@link
 * #doHandshake()} ({@code BIO_do_handshake}) does on its own. The result is the {@code Ssl}'s:
 * bytes moved; {@code 0} from a read once the peer's close_notify arrived (or the transport ended
 * without one, or a fatal alert came: {@code ssl().getError(0)} tells which); {@code -1} on a retry
 * or a failure. A write follows {@code SSL_write}'s retry rule: retry with the same array and
 * offset (or set {@link SslMode#ACCEPT_MOVING_WRITE_BUFFER}).
 *
 * <h2>Retry flags ({@code ssl_read}, {@code ssl_write}, {@code BIO_C_DO_STATE_MACHINE})</h2>
 *
 * Set from {@link Ssl#getError(int)} right after the call: {@code WANT_READ} is {@link
 * #shouldRead()}, {@code WANT_WRITE} is {@link #shouldWrite()}, {@code WANT_CONNECT} and {@code
 * WANT_ACCEPT} are {@link #shouldIoSpecial()} with {@link RetryReason#CONNECT} / {@link
 * RetryReason#ACCEPT}. {@code ZERO_RETURN}, {@code SSL} and {@code SYSCALL} set none; a failure's
 * {@link #lastError()} is the transport's own error when the {@code Ssl} failed because its BIO
 * did, else {@link BioError.Reason#IO_ERROR} with an {@link SSLException} naming {@link
 * Ssl#lastError()}. Two differences from OpenSSL 3.0 (docs/ssl-bio.md): its {@code ssl_write} and
 * {@code BIO_do_handshake} drop {@code WANT_ACCEPT} (the caller sees a failure that is a retry);
 * this BIO reports it in all three. {@code WANT_X509_LOOKUP} is io-special with {@link
 * RetryReason#SSL_X509_LOOKUP}, as OpenSSL's {@code BIO_RR_SSL_X509_LOOKUP}.
 *
 * <h2>The chain</h2>
 *
 * The next BIO is the {@code Ssl}'s transport. {@link #create} makes the {@code Ssl}'s read BIO, if
 * it has one, this BIO's next ({@code BIO_set_ssl}). When the next BIO changes afterwards ({@link
 * #push}, {@link #pop}), the next call on this BIO (or {@link #ssl()}) hands the new next BIO to
 * the {@code Ssl} as both read and write BIO, or takes the {@code Ssl}'s BIOs away when there is no
 * next BIO any more: what OpenSSL does on {@code BIO_CTRL_PUSH} / {@code BIO_CTRL_POP}, applied
 * lazily because {@link Bio#push} announces nothing. Code holding the {@code Ssl} itself sees the
 * change after that call.
 *
 * <h2>Control</h2>
 *
 * {@link #pending()} is {@code SSL_pending}, or when that is 0 the read BIO's pending (raw bytes
 * not yet decrypted), as OpenSSL's. {@link #wpending()}, {@link #flush()} and {@link #eof()} ask
 * the write BIO, the write BIO and the read BIO; flush takes the write BIO's retry flags. {@link
 * #reset()} returns 0 and changes nothing: OpenSSL's resets the connection with {@code SSL_clear},
 * which tlsbio does not have.
 *
 * <h2>Ownership ({@code BIO_CLOSE} / {@code BIO_NOCLOSE})</h2>
 *
 * With {@link CloseFlag#CLOSE} this BIO owns the {@code Ssl}: {@link #close()} ({@code BIO_free})
 * sends close_notify once if the handshake has finished (one {@code SSL_shutdown} step, whatever
 * the transport accepts) and frees the {@code Ssl}; do not free it yourself. With {@link
 * CloseFlag#NOCLOSE} close leaves the {@code Ssl} as it is. Neither closes the next BIO: {@link
 * #closeAll()} ({@code BIO_free_all}) does, after this one's close_notify went out. (In OpenSSL the
 * {@code SSL} holds a reference to its BIOs, so with {@code BIO_NOCLOSE} a {@code BIO_free_all}
 * leaves the transport open; Java BIOs have no reference count: close only this BIO, or {@link
 * #pop()} it first, to keep the transport.)
 *
 * <p>Not thread-safe, like the {@code Ssl} under it.
 */
public final class SslBio extends Bio {

    /**
     * Who owns the {@code Ssl}: OpenSSL's {@code BIO_CLOSE} / {@code BIO_NOCLOSE} on an SSL BIO.
     */
    public enum CloseFlag {
        /**
         * {@link SslBio#close()} sends close_notify (when established) and frees the {@code Ssl}.
         */
        CLOSE,
        /** {@link SslBio#close()} leaves the {@code Ssl} alone; the caller frees it. */
        NOCLOSE
    }

    /**
     * The role {@link #newSsl} gives the new {@code Ssl}: the {@code client} argument of {@code
     * BIO_new_ssl}.
     */
    public enum Role {
        /** {@code SSL_set_connect_state}. */
        CLIENT,
        /** {@code SSL_set_accept_state}. */
        SERVER
    }

    private final Ssl ssl;
    private CloseFlag closeFlag;

    /** The next BIO as of the last call: a change is a push or pop the {@code Ssl} has not seen. */
    private Bio seenNext;

    private SslBio(Ssl ssl, CloseFlag closeFlag) {
        this.ssl = ssl;
        this.closeFlag = closeFlag;
    }

    /**
     * An SSL filter over {@code ssl}: {@code BIO_new(BIO_f_ssl())} then {@code BIO_set_ssl(b, ssl,
     * flag)}. If {@code ssl} already has a read BIO, it becomes this BIO's next.
     *
     * @param ssl the connection the filter reads and writes through
     * @param closeFlag {@link CloseFlag#CLOSE} if freeing the filter frees {@code ssl} too
     * @return the new filter, with {@code ssl}'s read BIO (if any) pushed after it
     * @throws IllegalArgumentException if {@code ssl}'s read BIO already follows another BIO
     */
    public static SslBio create(Ssl ssl, CloseFlag closeFlag) {
        Objects.requireNonNull(ssl, "ssl");
        Objects.requireNonNull(closeFlag, "closeFlag");
        SslBio b = new SslBio(ssl, closeFlag);
        if (ssl.rbio() != null) {
            b.push(ssl.rbio());
        }
        b.seenNext = b.next();
        return b;
    }

    /**
     * A new {@code Ssl} of {@code ctx} in {@code role}, owned by a new SSL filter: {@code
     * BIO_new_ssl(ctx, client)}, which uses {@link CloseFlag#CLOSE}. Push the transport after it.
     *
     * @param ctx the context of the new {@code Ssl}
     * @param role {@link Role#CLIENT} for connect state, else accept state
     * @return the new filter, owning its new {@code Ssl}, with no BIO after it yet
     */
    public static SslBio newSsl(SslContext ctx, Role role) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(role, "role");
        Ssl ssl = ctx.newSsl();
        if (role == Role.CLIENT) {
            ssl.setConnectState();
        } else {
            ssl.setAcceptState();
        }
        return create(ssl, CloseFlag.CLOSE);
    }

    /**
     * The first SSL filter in {@code chain} from its head on, or null: {@code BIO_find_type(chain,
     * BIO_TYPE_SSL)}, e.g. under a {@code BufferBio}.
     *
     * @param chain the head of the chain to search, or null
     * @return the first SSL filter at or after {@code chain}, or null if there is none
     */
    public static SslBio find(Bio chain) {
        for (Bio b = chain; b != null; b = b.next()) {
            if (b instanceof SslBio s) {
                return s;
            }
        }
        return null;
    }

    /**
     * Calls {@link Ssl#shutdown()} once on the {@code Ssl} of every SSL filter in {@code chain}:
     * {@code BIO_ssl_shutdown}. Like OpenSSL's it reports nothing; call {@code ssl().shutdown()}
     * for a result.
     *
     * @param chain the head of the chain; SSL filters already freed are skipped
     */
    public static void sslShutdown(Bio chain) {
        for (Bio b = chain; b != null; b = b.next()) {
            if (b instanceof SslBio s && !s.isClosed()) {
                s.followChain();
                s.ssl.shutdown();
            }
        }
    }

    /**
     * The connection under this filter: {@code BIO_get_ssl}. A push or pop since the last call is
     * applied first, so the {@code Ssl}'s BIOs are the chain's as OpenSSL's would be.
     *
     * @return the filter's {@code Ssl} (still returned after the filter is freed)
     */
    public Ssl ssl() {
        if (!isClosed()) {
            followChain();
        }
        return ssl;
    }

    /**
     * {@code BIO_get_close}.
     *
     * @return {@link CloseFlag#CLOSE} if freeing the filter frees its {@code Ssl}, else {@link
     *     CloseFlag#NOCLOSE}
     */
    public CloseFlag closeFlag() {
        return closeFlag;
    }

    /**
     * {@code BIO_set_close}: who owns the {@code Ssl} from now on.
     *
     * @param closeFlag {@link CloseFlag#CLOSE} if freeing the filter is to free its {@code Ssl}
     */
    public void setCloseFlag(CloseFlag closeFlag) {
        this.closeFlag = Objects.requireNonNull(closeFlag, "closeFlag");
    }

    /**
     * Runs the handshake: {@code BIO_do_handshake} on an SSL BIO ({@code SSL_do_handshake}). Clears
     * the retry flags and error first and sets them as a read does (class doc).
     *
     * @return the result of {@link Ssl#doHandshake()}: 1 done, 0 the peer closed during the
     *     handshake, -1 a retry or a failure
     * @throws IllegalStateException if this BIO is closed
     */
    public int doHandshake() {
        ensureOpen();
        clearRetryFlags();
        clearError();
        followChain();
        return after(ssl.doHandshake());
    }

    // ---------------------------------------------------------------- data

    /** {@code ssl_read}: {@link Ssl#read}, flags from its {@code getError}. */
    @Override
    protected int implRead(byte[] b, int off, int len) {
        followChain();
        return after(ssl.read(b, off, len));
    }

    /** {@code ssl_write}: {@link Ssl#write}, flags from its {@code getError}. */
    @Override
    protected int implWrite(byte[] b, int off, int len) {
        followChain();
        return after(ssl.write(b, off, len));
    }

    /** Sets the retry flags or the error from {@code ssl.getError(ret)}; returns {@code ret}. */
    private int after(int ret) {
        if (ret > 0) {
            return ret;
        }
        SslError e = ssl.getError(ret);
        switch (e) {
            case WANT_READ -> setRetryRead();
            case WANT_WRITE -> setRetryWrite();
            case WANT_CONNECT -> setRetrySpecial(RetryReason.CONNECT);
            case WANT_ACCEPT -> setRetrySpecial(RetryReason.ACCEPT);
            case SSL, SYSCALL -> recordFailure();
            case WANT_X509_LOOKUP -> setRetrySpecial(RetryReason.SSL_X509_LOOKUP);
            default -> {}
        }
        return ret;
    }

    /**
     * The failure's BioError: the transport's own when the transport failed, else the TLS failure.
     */
    private void recordFailure() {
        SslFailure f = ssl.lastError();
        if (f == null) {
            return;
        }
        if (f.reason() == SslReason.BIO_ERROR) {
            for (Bio b : new Bio[] {ssl.wbio(), ssl.rbio()}) {
                if (b != null && b.lastError() != null) {
                    BioError be = b.lastError();
                    setError(be.reason(), be.message(), be.cause());
                    return;
                }
            }
        }
        SSLException cause = new SSLException(f.toString(), f.cause());
        setError(BioError.Reason.IO_ERROR, "SSL " + f.error() + ": " + f, cause);
    }

    // ---------------------------------------------------------------- control

    /** {@code SSL_pending}, else the read BIO's pending. */
    @Override
    protected long implPending() {
        followChain();
        int decrypted = ssl.pending();
        if (decrypted > 0) {
            return decrypted;
        }
        Bio r = ssl.rbio();
        return r == null ? 0 : r.pending();
    }

    /** The write BIO's wpending (0 without one). */
    @Override
    protected long implWpending() {
        followChain();
        Bio w = ssl.wbio();
        return w == null ? 0 : w.wpending();
    }

    /** Flushes the write BIO and takes its retry flags (0 without one). */
    @Override
    protected int implFlush() {
        followChain();
        Bio w = ssl.wbio();
        if (w == null) {
            return 0;
        }
        int r = w.flush();
        copyRetryFrom(w);
        return r;
    }

    /** The read BIO's eof (false without one): the transport's end, not close_notify. */
    @Override
    protected boolean implEof() {
        followChain();
        Bio r = ssl.rbio();
        return r != null && r.eof();
    }

    /** Returns 0, changing nothing: OpenSSL's reset needs {@code SSL_clear}, which tlsbio lacks. */
    @Override
    protected int implReset() {
        return 0;
    }

    /** {@code ssl_free}: with CLOSE, one shutdown step when established, then {@code SSL_free}. */
    @Override
    protected void implClose() {
        if (closeFlag != CloseFlag.CLOSE) {
            return;
        }
        followChain();
        if (ssl.isInitFinished()) {
            ssl.shutdown();
        }
        ssl.free();
    }

    // ---------------------------------------------------------------- helpers

    /** BIO_CTRL_PUSH / BIO_CTRL_POP, seen late: a new next BIO becomes the Ssl's transport. */
    private void followChain() {
        Bio n = next();
        if (n == seenNext) {
            return;
        }
        seenNext = n;
        if (n == null) {
            ssl.setBio(null, null);
        } else if (n != ssl.rbio()) {
            ssl.setBio(n, n);
        }
    }

    /** {@code BIO_copy_next_retry} from {@code b}, which need not be the next BIO. */
    private void copyRetryFrom(Bio b) {
        switch (b.retryReason()) {
            case READ -> setRetryRead();
            case WRITE -> setRetryWrite();
            case CONNECT, ACCEPT, SSL_X509_LOOKUP -> setRetrySpecial(b.retryReason());
            case NONE -> clearRetryFlags();
        }
        BioError be = b.lastError();
        if (be != null) {
            setError(be.reason(), be.message(), be.cause());
        }
    }

    @Override
    public String toString() {
        return "SslBio[" + ssl + ", " + closeFlag + "]";
    }
}
