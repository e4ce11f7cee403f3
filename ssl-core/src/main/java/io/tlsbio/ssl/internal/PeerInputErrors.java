package io.tlsbio.ssl.internal;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * What a parse failure inside a peer's handshake message is: bctls answers any exception that is
 * not a {@link TlsFatalAlert} with internal_error, but a message that runs short or holds bytes
 * that do not parse is the peer's mistake. OpenSSL calls it decode_error, and bad_certificate for a
 * certificate that does not parse. {@code internal_error} stays for failures of our own: a runtime
 * exception thrown from tlsbio's code (or anything not thrown by a BouncyCastle parser) passes
 * through unchanged.
 */
final class PeerInputErrors {

    private PeerInputErrors() {}

    /**
     * The exception to throw instead of {@code e}, raised while handling a message of {@code type}.
     */
    static IOException classify(short type, Exception e) {
        if (e instanceof TlsFatalAlert a) {
            return a;
        }
        if (e instanceof IOException || thrownByBouncyCastle(e)) {
            short alert =
                    type == HandshakeType.certificate
                            ? AlertDescription.bad_certificate
                            : AlertDescription.decode_error;
            // say what was wrong with the input, not which Java exception found it
            String why =
                    e instanceof java.io.EOFException || e.getMessage() == null
                            ? "message too short"
                            : e.getMessage();
            return new TlsFatalAlert(
                    alert, "malformed " + HandshakeType.getName(type) + ": " + why, e);
        }
        return null;
    }

    private static boolean thrownByBouncyCastle(Exception e) {
        if (e instanceof NullPointerException) {
            return false;
        }
        StackTraceElement[] trace = e.getStackTrace();
        if (trace.length == 0) {
            // HotSpot drops the trace of an implicit exception once its site has thrown often
            // (-XX:+OmitStackTraceInFastThrow): the same malformed input then arrives here without
            // one, so a traceless exception raised while parsing the peer's message is taken for
            // the peer's (the first throws of a bug of ours still carry their trace, and are
            // logged or, in strict mode, thrown as bugs)
            return true;
        }
        return trace[0].getClassName().startsWith("org.bouncycastle.");
    }

    /** Runs a handler, turning a peer's malformed input into the right fatal alert. */
    static void handle(short type, CloseLogic.IoAction handler) throws IOException {
        try {
            handler.run();
        } catch (IOException | RuntimeException e) {
            IOException mapped = classify(type, e);
            if (mapped == null) {
                throw (RuntimeException) e;
            }
            throw mapped;
        }
    }
}
