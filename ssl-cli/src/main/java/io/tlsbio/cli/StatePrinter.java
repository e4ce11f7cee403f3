package io.tlsbio.cli;

import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslInfoCallback;
import java.io.PrintStream;

/**
 * Prints state changes and alerts as OpenSSL's {@code -state} does ({@code
 * apps_ssl_info_callback}): {@code SSL_connect:SSLv3/TLS write client hello}, {@code SSL3 alert
 * read:fatal:...}, and {@code SSL_connect:error in <state>} for a handshake call that returned
 * without finishing.
 */
final class StatePrinter implements SslInfoCallback {

    private final PrintStream out;

    StatePrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onInfo(Ssl ssl, Event event, String detail) {
        switch (event) {
            case STATE -> out.println(where(ssl) + ":" + detail);
            case ALERT_READ -> out.println("SSL3 alert read:" + detail.replaceFirst(" ", ":"));
            case ALERT_WRITE -> out.println("SSL3 alert write:" + detail.replaceFirst(" ", ":"));
            // STATE already reports "before SSL initialization" and "SSL negotiation finished
            // successfully"
            case HANDSHAKE_START, HANDSHAKE_DONE -> {}
        }
    }

    /** The line OpenSSL prints when SSL_connect/SSL_accept returns -1 (a retry or a failure). */
    void handshakeReturned(Ssl ssl, int ret) {
        if (ret <= 0) {
            out.println(where(ssl) + ":error in " + ssl.stateStringLong());
        }
    }

    private static String where(Ssl ssl) {
        return ssl.isServer() ? "SSL_accept" : "SSL_connect";
    }
}
