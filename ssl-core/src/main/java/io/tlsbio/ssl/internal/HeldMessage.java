package io.tlsbio.ssl.internal;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.HandshakeMessageInput;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * A handshake message bctls has read but not yet processed, held while a certificate callback is
 * not ready ({@code SSL_ERROR_WANT_X509_LOOKUP}). The input is bctls's view into its record buffer,
 * which stays intact because no record is offered while a message is held (docs/ssl-lifecycle.md,
 * "Certificate callbacks").
 */
record HeldMessage(short type, HandshakeMessageInput buf) {

    /** Asks whether the waiting callback is ready now. */
    interface Ready {
        boolean now() throws IOException;
    }

    /** Processes a message as the protocol would have. */
    interface Processor {
        void process(short type, HandshakeMessageInput buf) throws IOException;
    }

    /** The protocol's own failure handling (bctls's handleException: alert, then fail). */
    interface Failure {
        void handle(short alert, Throwable cause) throws IOException;
    }

    /**
     * Asks {@code ready} once; when it is, processes this message. A failure meets bctls's own
     * handling as if the message had been processed inside {@code offerInput}.
     *
     * @return whether the message was processed (it is no longer held)
     */
    boolean retry(Ready ready, Processor processor, Failure failure) throws IOException {
        try {
            if (!ready.now()) {
                return false;
            }
            processor.process(type, buf);
            return true;
        } catch (TlsFatalAlert e) {
            failure.handle(e.getAlertDescription(), e);
            throw e;
        } catch (IOException | RuntimeException e) {
            failure.handle(AlertDescription.internal_error, e);
            throw e;
        }
    }
}
