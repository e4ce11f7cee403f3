package io.tlsbio.cli;

import io.tlsbio.ssl.SslSession;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.VerifyResult;
import java.util.HexFormat;

/**
 * A session as OpenSSL prints it: {@code SSL_SESSION_print} (ssl_txt.c), the block that {@code
 * s_client} shows after a TLS 1.2 handshake and for each TLS 1.3 ticket, and that {@code openssl
 * sess_id -text} prints for a session file, byte for byte (tlsbio's sessions have no session id
 * context, PSK identity or SRP user name, so those lines say what OpenSSL's say for none).
 */
final class SessionPrinter {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private SessionPrinter() {}

    /** The {@code SSL-Session:} block, each line ending in a newline. */
    static String print(SslSession s) {
        boolean tls13 = s.version() == TlsVersion.TLS1_3;
        StringBuilder sb = new StringBuilder("SSL-Session:\n");
        sb.append("    Protocol  : ")
                .append(s.version() == null ? "unknown" : s.version().openSslName())
                .append('\n');
        sb.append("    Cipher    : ").append(s.cipher()).append('\n');
        sb.append("    Session-ID: ").append(HEX.formatHex(s.id()));
        sb.append("\n    Session-ID-ctx: ");
        sb.append(tls13 ? "\n    Resumption PSK: " : "\n    Master-Key: ")
                .append(HEX.formatHex(s.masterKey()));
        sb.append("\n    PSK identity: None");
        sb.append("\n    PSK identity hint: None");
        sb.append("\n    SRP username: None");
        if (s.ticketLifetimeHint() != 0) {
            sb.append("\n    TLS session ticket lifetime hint: ")
                    .append(s.ticketLifetimeHint())
                    .append(" (seconds)");
        }
        if (s.hasTicket()) {
            sb.append("\n    TLS session ticket:\n");
            dump(sb, s.ticket(), 4);
        }
        sb.append("\n    Start Time: ").append(s.time().getEpochSecond());
        sb.append("\n    Timeout   : ").append(s.timeout().toSeconds()).append(" (sec)");
        sb.append('\n');
        VerifyResult v = s.verifyResult();
        sb.append("    Verify return code: ")
                .append(v == null ? "? (unknown)" : v.toString())
                .append('\n');
        sb.append("    Extended master secret: ")
                .append(s.extendedMasterSecret() ? "yes" : "no")
                .append('\n');
        if (tls13) {
            sb.append("    Max Early Data: 0\n");
        }
        return sb.toString();
    }

    /**
     * {@code BIO_dump_indent}: 16 bytes a line, {@code 0010 - 1f 2e ...-... 7a ascii}, the eighth
     * byte followed by '-', unprintable bytes shown as '.'.
     */
    static void dump(StringBuilder sb, byte[] b, int indent) {
        for (int line = 0; line * 16 < b.length; line++) {
            sb.append(" ".repeat(indent)).append(String.format("%04x - ", line * 16));
            for (int j = 0; j < 16; j++) {
                int i = line * 16 + j;
                sb.append(
                        i < b.length
                                ? String.format("%02x%c", b[i] & 0xff, j == 7 ? '-' : ' ')
                                : "   ");
            }
            sb.append("  ");
            for (int j = 0; j < 16 && line * 16 + j < b.length; j++) {
                int c = b[line * 16 + j] & 0xff;
                sb.append(c >= ' ' && c <= '~' ? (char) c : '.');
            }
            sb.append('\n');
        }
    }
}
