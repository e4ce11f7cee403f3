package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.SslReason;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * OpenSSL 3.0's limits on what a peer may send, which bctls does not apply (docs/hostile-input.md):
 * a first record that is not TLS at all (an HTTP request, garbage) fails with no alert; more than
 * 32 consecutive empty records or 5 consecutive warning alerts are unexpected_message; a handshake
 * message longer than OpenSSL accepts for its type is illegal_parameter, checked on its header; a
 * TLS 1.3 KeyUpdate must end its record. One per connection, fed by the protocol subclasses.
 */
final class RecordGuard {

    /** A peer's input refused before or outside bctls, with OpenSSL's reason and no alert. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        final transient SslReason reason;

        Refused(SslReason reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    static final int MAX_EMPTY_RECORDS = 32;
    static final int MAX_WARN_ALERTS = 5;

    /**
     * OpenSSL's CLIENT_HELLO_MAX_LENGTH, and the largest handshake message of any type we accept.
     */
    static final int MAX_CLIENT_HELLO = 131396;

    /** OpenSSL's default max_cert_list. */
    static final int MAX_CERT_LIST = 102400;

    /** The protocol's bctls {@code raiseAlertFatal} (protected there). */
    @FunctionalInterface
    interface AlertHook {
        void raiseAlertFatal(short description, String message, Throwable cause) throws IOException;
    }

    /** The protocol's bctls {@code handleFailure} (protected there). */
    @FunctionalInterface
    interface FailHook {
        void handleFailure() throws IOException;
    }

    private final boolean server;
    private final int maxMessage;
    private final Engine engine;
    private final AlertHook alert;
    private final FailHook fail;
    private int firstRecordVersion = -1;
    private int lastRecordType = -1;
    private int lastRecordVersion = -1;
    private int forcedAlertVersion = -1;
    private int messagesSeen;
    private boolean helloNotOnRecordBoundary;
    private boolean versionSettled;
    private boolean overflowPending;
    private TlsFatalAlert deferredOversize;
    private int sslv2HelloLength = -1;
    private boolean keyUpdateRequested;
    private int emptyRecords;
    private int warnAlerts;
    private final HandshakeHeaders handshake = new HandshakeHeaders();

    /**
     * @param maxMessage the context's largest handshake message, which bounds every type's limit
     * @param engine the protocol this guard stands in front of
     * @param alert how the protocol sends a fatal alert, and {@code fail} how it fails itself, for
     *     a refusal made outside bctls's own processing
     */
    RecordGuard(boolean server, int maxMessage, Engine engine, AlertHook alert, FailHook fail) {
        this.server = server;
        this.maxMessage = maxMessage;
        this.engine = engine;
        this.alert = alert;
        this.fail = fail;
    }

    /**
     * The engine's {@link RecordReader.Sink#recordSize}: the guard's size where it decides it
     * ({@link #recordSize(byte[])}), else bctls's preview; a refusal sends its alert and fails
     * bctls.
     */
    int guardedRecordSize(byte[] header) throws IOException {
        int size = -1;
        try {
            size = recordSize(header);
        } catch (TlsFatalAlert a) {
            refuse(a);
        }
        return size >= 0 ? size : engine.previewInputRecord(header).getRecordSize();
    }

    /**
     * The engine's {@link RecordReader.Sink#record}: the record goes to bctls unless {@link #skip}
     * says otherwise.
     */
    void guardedRecord(byte[] b, int off, int len) throws IOException {
        boolean skip = false;
        try {
            skip = skip(b, off, len);
        } catch (TlsFatalAlert a) {
            refuse(a);
        }
        if (!skip) {
            engine.offerInput(b, off, len);
        }
    }

    /**
     * {@link #onRecord} for a record the protocol is about to process, in the engine's current
     * state.
     */
    void onRecord(short type, byte[] buf, int off, int len) throws IOException {
        onRecord(
                type,
                buf,
                off,
                len,
                !engine.isHandshaking() && ConnectionInfo.isTls13(engine.context()));
    }

    /**
     * Sends {@code a}'s alert and fails bctls, for a refusal made outside bctls's own processing.
     */
    private void refuse(TlsFatalAlert a) throws IOException {
        alert.raiseAlertFatal(a.getAlertDescription(), a.getMessage(), a);
        fail.handleFailure();
        throw a;
    }

    /**
     * OpenSSL's answer to an SSLv2-format CLIENT-HELLO ({@code body} after the 2-byte header):
     * malformed lengths are decode_error, an SSL 2 version or one below TLS 1.2 protocol_version,
     * and a TLS 1.2+ one handshake_failure (it carries no signature_algorithms, which OpenSSL 3.0
     * needs). bctls has no SSLv2 parser; the alert goes out in a 0x0303 record.
     */
    static TlsFatalAlert sslv2Hello(byte[] b, int off, int len) {
        if (len < 9) {
            return new TlsFatalAlert(AlertDescription.decode_error, "length too short");
        }
        int version = ((b[off + 1] & 0xff) << 8) | (b[off + 2] & 0xff);
        int specs = ((b[off + 3] & 0xff) << 8) | (b[off + 4] & 0xff);
        int session = ((b[off + 5] & 0xff) << 8) | (b[off + 6] & 0xff);
        int challenge = ((b[off + 7] & 0xff) << 8) | (b[off + 8] & 0xff);
        if (9 + specs + session + challenge != len
                || specs % 3 != 0
                || challenge == 0
                || challenge > 32) {
            return new TlsFatalAlert(AlertDescription.decode_error, "record length mismatch");
        }
        if (version < 0x0303) {
            return new TlsFatalAlert(AlertDescription.protocol_version, "unsupported protocol");
        }
        return new TlsFatalAlert(AlertDescription.handshake_failure, "no shared cipher");
    }

    /**
     * Whether a KeyUpdate(update_requested) arrived since the last call: OpenSSL answers each at
     * once, where bctls would send one answer with the next application data.
     */
    boolean takeKeyUpdateRequest() {
        boolean r = keyUpdateRequested;
        keyUpdateRequested = false;
        return r;
    }

    /** Whether a KeyUpdate(update_requested) waits for {@link #takeKeyUpdateRequest()}. */
    boolean keyUpdateRequestPending() {
        return keyUpdateRequested;
    }

    /**
     * Whether a record of application data may bypass the guard and bctls ({@link AppRecords}):
     * nothing the guard decides on a whole record is pending, and no handshake message is split
     * across records.
     */
    boolean admitsApplicationData() {
        return versionSettled
                && !overflowPending
                && sslv2HelloLength < 0
                && deferredOversize == null
                && !handshake.midMessage();
    }

    /** A record of application data was served without bctls: it ends runs of empty records. */
    void onApplicationData() {
        emptyRecords = 0;
        warnAlerts = 0;
    }

    /** The ServerHello went out (server) or came in (client): from now on records are 0x0303. */
    void versionSettled() {
        versionSettled = true;
    }

    /** Whether {@link #versionSettled()} happened: records before it are plaintext. */
    boolean isVersionSettled() {
        return versionSettled;
    }

    /**
     * The whole size of the record {@code h} starts when the guard decides it rather than the
     * engine, else -1: an SSLv2 CLIENT-HELLO, or a plaintext record of 16,385..16,704 bytes, which
     * OpenSSL reads whole before it refuses it. Checks the header first ({@link #onHeader}); a
     * server refuses a longer plaintext record from its length before its type, as OpenSSL does.
     */
    int recordSize(byte[] h) throws IOException {
        onHeader(h);
        if (sslv2HelloLength >= 0) {
            return 2 + sslv2HelloLength;
        }
        int length = ((h[3] & 0xff) << 8) | (h[4] & 0xff);
        if (!versionSettled && server && length > 16704) {
            throw new TlsFatalAlert(AlertDescription.record_overflow, "encrypted length too long");
        }
        if (!versionSettled && length > 16384 && length <= 16704) {
            overflowPending = true;
            return 5 + length;
        }
        return -1;
    }

    /**
     * Checks a whole record before the engine gets it; true when it is to be skipped. The overlong
     * record {@link #recordSize} let through is record_overflow, an SSLv2 hello gets OpenSSL's
     * answer; before the version is settled a server checks record types ({@link
     * #onPlaintextRecord}) and an empty handshake or CCS record is counted and skipped (bctls would
     * refuse it).
     */
    boolean skip(byte[] b, int off, int len) throws IOException {
        if (overflowPending) {
            throw new TlsFatalAlert(AlertDescription.record_overflow, "data length too long");
        }
        if (sslv2HelloLength >= 0) {
            throw sslv2Hello(b, off + 2, len - 2);
        }
        if (versionSettled) {
            return false;
        }
        if (server) {
            onPlaintextRecord(b[off] & 0xff, len - 5);
        }
        if (len == 5
                && (b[off] == ContentType.handshake || b[off] == ContentType.change_cipher_spec)) {
            onEmptyRecord();
            return true;
        }
        return false;
    }

    /**
     * Checks a record header as it arrives: the first record must be TLS (else no alert); once the
     * version is settled every record must say 0x0303 (OpenSSL: protocol_version, "wrong version
     * number"; bctls does not look).
     */
    void onHeader(byte[] h) throws IOException {
        if (versionSettled && ((h[1] & 0xff) != 3 || (h[2] & 0xff) != 3)) {
            throw new TlsFatalAlert(AlertDescription.protocol_version, "wrong version number");
        }
        if (firstRecordVersion < 0) {
            int v2Length = ((h[0] & 0x7f) << 8) | (h[1] & 0xff);
            if (server && (h[0] & 0x80) != 0 && h[2] == 1) {
                // OpenSSL reads a high-bit first byte before a CLIENT-HELLO (1) as an SSLv2 header
                if (v2Length > 16384) {
                    throw new TlsFatalAlert(
                            AlertDescription.record_overflow, "packet length too long");
                }
                sslv2HelloLength = v2Length;
                forceAlertVersion(0x0303);
                firstRecordVersion = 0x0002;
                return;
            }
            if ((h[1] & 0xff) != 3) {
                throw new Refused(notTls(h), notTlsText(h));
            }
            firstRecordVersion = ((h[1] & 0xff) << 8) | (h[2] & 0xff);
        }
        lastRecordType = h[0] & 0xff;
        lastRecordVersion = ((h[1] & 0xff) << 8) | (h[2] & 0xff);
    }

    /**
     * The record version of an alert sent before the version is negotiated, as OpenSSL 3.0 frames
     * it: a failure caused by a record that is not a handshake record (nor a CCS) echoes that
     * record's version (0x0304 written as 0x0303); a ClientHello with a legacy_version below TLS
     * gets its own version back ({@link #forceAlertVersion}); everything else is 0x0303.
     */
    int earlyAlertVersion() {
        if (forcedAlertVersion >= 0) {
            return forcedAlertVersion;
        }
        if (lastRecordType >= 0
                && lastRecordType != ContentType.handshake
                && lastRecordType != ContentType.change_cipher_spec) {
            return lastRecordVersion == 0x0304 ? 0x0303 : lastRecordVersion;
        }
        return 0x0303;
    }

    /**
     * The alert for an oversized message bctls found after the first hello in its record (bctls
     * says internal_error for it; OpenSSL illegal_parameter), or null.
     */
    TlsFatalAlert deferredOversize() {
        return deferredOversize;
    }

    /**
     * Whether more bytes followed the first ClientHello in its record (OpenSSL refuses that in TLS
     * 1.3).
     */
    boolean helloNotOnRecordBoundary() {
        return helloNotOnRecordBoundary;
    }

    /** Frames the next early alert with {@code version}. */
    void forceAlertVersion(int version) {
        forcedAlertVersion = version;
    }

    /**
     * Checks a plaintext record the engine is about to get, before bctls (server side, before our
     * ServerHello): an empty alert record, and a record of another type inside a handshake message,
     * are unexpected_message; an alert before the first handshake message too (OpenSSL: any alert
     * before the ClientHello).
     */
    void onPlaintextRecord(int type, int length) throws IOException {
        boolean midMessage = handshake.midMessage();
        if (type != ContentType.handshake && midMessage) {
            // OpenSSL answers in the offending record's own version while none is negotiated
            forceAlertVersion(lastRecordVersion == 0x0304 ? 0x0303 : lastRecordVersion);
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "unexpected record");
        }
        if (type == ContentType.alert && (length == 0 || (server && messagesSeen == 0))) {
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "unexpected message");
        }
    }

    /** Counts an empty record; the 33rd in a row is unexpected_message ("record too small"). */
    void onEmptyRecord() throws IOException {
        if (++emptyRecords > MAX_EMPTY_RECORDS) {
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "record too small");
        }
    }

    /** Sees every decrypted record before bctls processes it. */
    void onRecord(short type, byte[] buf, int off, int len, boolean tls13Established)
            throws IOException {
        if (len == 0) {
            onEmptyRecord();
            return;
        }
        emptyRecords = 0;
        if (type != ContentType.alert) {
            warnAlerts = 0;
        }
        if (type == ContentType.handshake) {
            onHandshakeBytes(buf, off, len, tls13Established);
        }
    }

    /**
     * Counts a warning alert (the 5th in a row, close_notify included, is unexpected_message) and
     * says whether to take it as fatal: in TLS 1.3 any warning but close_notify and user_canceled,
     * as OpenSSL takes it (answering nothing).
     */
    boolean onWarningAlert(short description, boolean tls13) throws IOException {
        if (++warnAlerts >= MAX_WARN_ALERTS) {
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "too many warn alerts");
        }
        return tls13
                && description != AlertDescription.close_notify
                && description != AlertDescription.user_canceled;
    }

    private void onHandshakeBytes(byte[] buf, int off, int len, boolean tls13Established)
            throws IOException {
        handshake.feed(
                buf,
                off,
                len,
                (type, length, b, p, end) ->
                        onHandshakeHeader(type, length, b, p, end, tls13Established));
    }

    private void onHandshakeHeader(
            short type, int length, byte[] buf, int p, int end, boolean tls13Established)
            throws TlsFatalAlert {
        if (server && messagesSeen == 0 && type != HandshakeType.client_hello) {
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "unexpected message");
        }
        if (length > maxLength(type)) {
            TlsFatalAlert excessive =
                    new TlsFatalAlert(
                            AlertDescription.illegal_parameter,
                            "excessive message size: "
                                    + HandshakeType.getName(type)
                                    + " of "
                                    + length
                                    + " bytes > "
                                    + maxLength(type));
            if (!(server && helloNotOnRecordBoundary && messagesSeen == 1)) {
                throw excessive;
            }
            // after the first hello in its record: judged once the hello has parsed, as bctls
            // reaches it only then
            deferredOversize = excessive;
        }
        if (server && messagesSeen == 0 && p + length < end) {
            // judged once the hello has parsed: TLS 1.3 wants it to end its record
            helloNotOnRecordBoundary = true;
        }
        messagesSeen++;
        if (type == HandshakeType.key_update && tls13Established && p + length != end) {
            throw new TlsFatalAlert(AlertDescription.unexpected_message, "not on record boundary");
        }
        if (type == HandshakeType.key_update && tls13Established && length == 1 && buf[p] == 1) {
            keyUpdateRequested = true;
        }
    }

    /**
     * OpenSSL's per-message limits (ossl_statem_server/client_max_message_size) where they differ.
     */
    private int maxLength(short type) {
        return Math.min(
                maxMessage,
                switch (type) {
                    case HandshakeType.certificate -> MAX_CERT_LIST;
                    case HandshakeType.client_key_exchange -> server ? 2048 : MAX_CLIENT_HELLO;
                    case HandshakeType.certificate_verify -> server ? 16384 : MAX_CLIENT_HELLO;
                    default -> MAX_CLIENT_HELLO;
                });
    }

    private static SslReason notTls(byte[] h) {
        String start = new String(h, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (start.equals("GET ")
                || start.equals("POST")
                || start.equals("HEAD")
                || start.equals("PUT ")) {
            return SslReason.HTTP_REQUEST;
        }
        if (start.equals("CONN")) {
            return SslReason.HTTPS_PROXY_REQUEST;
        }
        return SslReason.WRONG_VERSION_NUMBER;
    }

    private static String notTlsText(byte[] h) {
        return switch (notTls(h)) {
            case HTTP_REQUEST -> "http request";
            case HTTPS_PROXY_REQUEST -> "https proxy request";
            default -> "wrong version number";
        };
    }
}
