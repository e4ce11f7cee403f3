package io.tlsbio.cli;

import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslMessage;
import io.tlsbio.ssl.SslMessageCallback;
import io.tlsbio.ssl.TlsVersion;
import java.io.PrintStream;

/**
 * Prints each handshake message, alert and ChangeCipherSpec as it passes, in the shape of OpenSSL's
 * {@code -msg}: {@code >>> TLS 1.3, Handshake [length 00f5], ClientHello}. {@code >>>} is a message
 * we sent, {@code <<<} one we received; the length is the body's, in hex.
 */
final class MessagePrinter implements SslMessageCallback {

    private final PrintStream out;
    private final String prefix;

    /** Prints to {@code out}, each line starting with {@code prefix} (may be empty). */
    MessagePrinter(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    @Override
    public void onMessage(Ssl ssl, SslMessage message) {
        out.println(prefix + format(ssl.version(), message));
    }

    /** One {@code -msg} line; {@code version} is null while it is not negotiated yet. */
    static String format(TlsVersion version, SslMessage m) {
        String v = version == null ? "TLS" : version == TlsVersion.TLS1_3 ? "TLS 1.3" : "TLS 1.2";
        String type =
                switch (m.contentType()) {
                    case 20 -> "ChangeCipherSpec";
                    case 21 -> "Alert";
                    case 22 -> "Handshake";
                    default -> "content type " + m.contentType();
                };
        String line =
                (m.write() ? ">>> " : "<<< ")
                        + v
                        + ", "
                        + type
                        + " [length "
                        + String.format("%04x", m.length())
                        + "]";
        if (m.contentType() == 20) {
            return line;
        }
        String d = m.description();
        return line + ", " + (d.startsWith("alert ") ? d.substring("alert ".length()) : d);
    }
}
