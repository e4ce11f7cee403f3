package io.tlsbio.cli;

import io.tlsbio.ssl.AlpnSelectCallback;
import io.tlsbio.ssl.Ssl;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code s_server -alpn LIST}: OpenSSL 3.0's s_server ALPN callback ({@code alpn_cb}). It prints
 * the client's protocols, picks the first of ours the client offers ({@code SSL_select_next_proto}
 * in server order) and prints it; with no protocol in common the handshake fails with
 * no_application_protocol. Silent with {@code -quiet}/{@code -brief}, as s_server is.
 */
final class AlpnSelectPrinter implements AlpnSelectCallback {

    private final List<String> ours;
    private final PrintStream out;

    /**
     * @param out where the lines go, or null for none
     */
    AlpnSelectPrinter(List<String> ours, PrintStream out) {
        this.ours = List.copyOf(ours);
        this.out = out;
    }

    @Override
    public Result onAlpnSelect(Ssl ssl, List<String> clientProtocols) {
        if (out != null) {
            out.println(
                    "ALPN protocols advertised by the client: "
                            + String.join(", ", clientProtocols));
        }
        for (String p : ours) {
            if (clientProtocols.contains(p)) {
                if (out != null) {
                    out.println("ALPN protocols selected: " + p);
                }
                return Result.select(p);
            }
        }
        return Result.ALERT_FATAL;
    }
}
