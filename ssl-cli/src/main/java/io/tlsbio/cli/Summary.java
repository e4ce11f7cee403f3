package io.tlsbio.cli;

import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslSession;
import io.tlsbio.ssl.TlsVersion;
import io.tlsbio.ssl.TmpKey;
import io.tlsbio.ssl.VerifyResult;
import java.io.PrintStream;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * The connection summaries {@code s_client} and {@code s_server} print, in the shape of OpenSSL's
 * ({@code print_stuff}, {@code print_ssl_summary}, the {@code -www} page), reduced to what tlsbio
 * knows: version, cipher, ALPN, the peer's certificates, the verify result and the session.
 */
final class Summary {

    private Summary() {}

    /** OpenSSL's version name ({@code TLSv1.3}), or {@code NONE} before it is negotiated. */
    static String version(Ssl ssl) {
        TlsVersion v = ssl.version();
        return v == null ? "NONE" : v.openSslName();
    }

    /**
     * The subject of the peer's certificate ({@code CN = localhost}), or null when it sent none.
     */
    static String peerSubject(Ssl ssl) {
        List<X509Certificate> chain = ssl.peerCertificates();
        return chain.isEmpty() ? null : name(chain.get(0).getSubjectX500Principal());
    }

    /**
     * {@code -brief}: OpenSSL's {@code print_ssl_summary}, on stderr; with a peer certificate, its
     * verify result ({@code print_verify_detail}).
     */
    static void brief(PrintStream err, Ssl ssl) {
        err.println("CONNECTION ESTABLISHED");
        err.println("Protocol version: " + version(ssl));
        err.println("Ciphersuite: " + ssl.cipher());
        String peer = peerSubject(ssl);
        if (peer == null) {
            err.println("No peer certificate");
        } else {
            err.println("Peer certificate: " + peer);
            printIfKnown(err, "Hash used: ", ssl.peerSignatureDigest());
            printIfKnown(err, "Signature type: ", ssl.peerSignatureType());
            VerifyResult v = ssl.verifyResult();
            err.println(
                    v == VerifyResult.OK ? "Verification: OK" : "Verification error: " + v.text());
        }
        if (!ssl.isServer()) {
            printIfKnown(err, "Server Temp Key: ", tmpKey(ssl.peerTmpKey()));
        }
        if (ssl.selectedAlpn() != null) {
            err.println("ALPN protocol: " + ssl.selectedAlpn());
        }
    }

    /**
     * {@code s_client}'s summary after the handshake (OpenSSL's {@code print_stuff}), on stdout;
     * {@code Verify return code} is {@code SSL_get_verify_result}.
     */
    static void client(PrintStream out, Ssl ssl) {
        client(out, ssl, null);
    }

    /**
     * As {@link #client(PrintStream, Ssl)}, with the {@code -keymatexport} block (when not null) at
     * its end.
     */
    static void client(PrintStream out, Ssl ssl, KeyMaterialExport export) {
        out.println("---");
        out.println("Certificate chain");
        List<X509Certificate> chain = ssl.peerCertificates();
        for (int i = 0; i < chain.size(); i++) {
            out.println(" " + i + " s:" + name(chain.get(i).getSubjectX500Principal()));
            out.println("   i:" + name(chain.get(i).getIssuerX500Principal()));
        }
        out.println("---");
        boolean signed = peerSignatureLines(out, ssl);
        boolean tmpKey = printIfKnown(out, "Server Temp Key: ", tmpKey(ssl.peerTmpKey()));
        if (signed || tmpKey) {
            out.println("---");
        }
        sessionLines(out, ssl);
        out.println("Verify return code: " + ssl.verifyResult());
        if (export != null) {
            export.print(out, ssl);
        }
        out.println("---");
    }

    /** {@code s_server}'s lines for a new connection, on stdout. */
    static void server(PrintStream out, Ssl ssl, String peer) {
        server(out, ssl, peer, null);
    }

    /**
     * As {@link #server(PrintStream, Ssl, String)}, with the {@code -keymatexport} block (when not
     * null) at its end.
     */
    static void server(PrintStream out, Ssl ssl, String peer, KeyMaterialExport export) {
        out.println("ACCEPTED " + peer);
        out.println("Protocol version: " + version(ssl));
        peerSignatureLines(out, ssl);
        out.println("CIPHER is " + ssl.cipher());
        if (ssl.sessionReused()) {
            out.println("Reused session-id");
        }
        if (ssl.selectedAlpn() != null) {
            out.println("ALPN protocol: " + ssl.selectedAlpn());
        }
        String client = peerSubject(ssl);
        out.println(
                client == null
                        ? "no client certificate available"
                        : "Client certificate: " + client);
        if (export != null) {
            export.print(out, ssl);
        }
    }

    /**
     * The {@code -www} answer: OpenSSL's status page ({@code HTTP/1.0 200 ok}, an HTML page with
     * the session's protocol and cipher), complete with the header.
     */
    static String wwwPage(Ssl ssl) {
        String client = peerSubject(ssl);
        String alpn = ssl.selectedAlpn();
        return "HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n"
                + "<HTML><BODY BGCOLOR=\"#ffffff\">\n<pre>\n\ntlsbio s_server -www\n---\n"
                + reusedOrNew(ssl)
                + version(ssl)
                + ", Cipher is "
                + ssl.cipher()
                + "\n"
                + "SSL-Session:\n"
                + "    Protocol  : "
                + version(ssl)
                + "\n"
                + "    Cipher    : "
                + ssl.cipher()
                + "\n"
                + "    ALPN      : "
                + (alpn == null ? "none" : html(alpn))
                + "\n"
                + "---\n"
                + (client == null
                        ? "no client certificate available"
                        : "Client certificate: " + html(client))
                + "\n"
                + "</pre></BODY></HTML>\r\n\r\n";
    }

    private static void sessionLines(PrintStream out, Ssl ssl) {
        out.println(reusedOrNew(ssl) + version(ssl) + ", Cipher is " + ssl.cipher());
        out.println("Protocol  : " + version(ssl));
        out.println("Cipher    : " + ssl.cipher());
        out.println(
                ssl.selectedAlpn() == null
                        ? "No ALPN negotiated"
                        : "ALPN protocol: " + ssl.selectedAlpn());
        sessionBlock(out, ssl);
    }

    // ------------------------------------------------------------------ sessions

    /** print_stuff's {@code Reused, } or {@code New, } ({@code SSL_session_reused}). */
    private static String reusedOrNew(Ssl ssl) {
        return ssl.sessionReused() ? "Reused, " : "New, ";
    }

    /**
     * After a TLS 1.2 handshake s_client prints the session ({@code SSL_SESSION_print}); a TLS 1.3
     * session is printed as each ticket arrives instead ({@link #newTicket}).
     */
    private static void sessionBlock(PrintStream out, Ssl ssl) {
        SslSession session = ssl.session();
        if (ssl.version() == TlsVersion.TLS1_2 && session != null) {
            out.print(SessionPrinter.print(session));
        }
    }

    /**
     * s_client's new_session_cb for a TLS 1.3 ticket: {@code Post-Handshake New Session Ticket
     * arrived:} and the session.
     */
    static void newTicket(PrintStream out, SslSession session) {
        out.println("---");
        out.println("Post-Handshake New Session Ticket arrived:");
        out.print(SessionPrinter.print(session));
        out.println("---");
    }

    /**
     * {@code s_client -reconnect}'s summary of the connections after the first (print_stuff without
     * its full part): no certificate chain, then as {@link #client}.
     */
    static void reconnected(PrintStream out, Ssl ssl) {
        out.println("---");
        sessionLines(out, ssl);
        out.println("Verify return code: " + ssl.verifyResult());
        out.println("---");
    }

    /** As OpenSSL prints names: {@code O = Test, CN = Root CA}. */
    private static String name(X500Principal p) {
        return X509NamePrinter.oneLine(p);
    }

    /**
     * Escapes what a peer-chosen string (a certificate name, an ALPN id) could smuggle into the
     * page.
     */
    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * OpenSSL's {@code ssl_print_sigalgs} lines about the peer's signature: "Peer signing digest"
     * ({@code SSL_get_peer_signature_nid}; none for EdDSA) and "Peer signature type", when it
     * signed.
     *
     * @return whether a line was printed
     */
    private static boolean peerSignatureLines(PrintStream out, Ssl ssl) {
        boolean digest = printIfKnown(out, "Peer signing digest: ", ssl.peerSignatureDigest());
        boolean type = printIfKnown(out, "Peer signature type: ", ssl.peerSignatureType());
        return digest || type;
    }

    /**
     * OpenSSL's {@code ssl_print_tmp_key} text for the peer's ephemeral key: "X25519, 253 bits",
     * "ECDH, prime256v1, 256 bits", "DH, 2048 bits"; null for none.
     */
    static String tmpKey(TmpKey k) {
        if (k == null) {
            return null;
        }
        return switch (k.type()) {
            case X25519 -> "X25519, " + k.bits() + " bits";
            case X448 -> "X448, " + k.bits() + " bits";
            case DH -> "DH, " + k.bits() + " bits";
            // OpenSSL names the curve of P-256 by its X9.62 name
            case EC ->
                    "ECDH, "
                            + ("secp256r1".equals(k.group()) ? "prime256v1" : k.group())
                            + ", "
                            + k.bits()
                            + " bits";
        };
    }

    /** Prints {@code label + value} unless the value is null; says whether it printed. */
    private static boolean printIfKnown(PrintStream out, String label, String value) {
        if (value == null) {
            return false;
        }
        out.println(label + value);
        return true;
    }
}
