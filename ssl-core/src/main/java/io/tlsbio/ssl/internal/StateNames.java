package io.tlsbio.ssl.internal;

import org.bouncycastle.tls.HandshakeType;

/**
 * Names for handshake states in OpenSSL's style: {@code SSL_state_string_long} ("SSLv3/TLS write
 * client hello") and {@code SSL_state_string} ("TWCH"), derived from the message just moved. A name
 * depends only on the direction, the role and the message type, so each is built once and kept in a
 * table.
 */
public final class StateNames {

    private static final int TYPES = 256;

    /** [write][type] */
    private static final String[][] LONG = new String[2][TYPES];

    /** [write][server][type] */
    private static final String[][][] SHORT = new String[2][2][TYPES];

    /** [type] */
    private static final String[] MESSAGE = new String[TYPES];

    private StateNames() {}

    /** "SSLv3/TLS read server hello", from the direction and the handshake type. */
    public static String longName(boolean write, short type) {
        int w = write ? 1 : 0;
        int t = type & 0xff;
        String n = LONG[w][t];
        if (n == null) {
            // a race builds an equal string twice; Strings are safe to publish so
            n = "SSLv3/TLS " + (write ? "write " : "read ") + words(type);
            LONG[w][t] = n;
        }
        return n;
    }

    /**
     * "TWCH", "TRSH"...: T, R/W, then the initials of the message name (server/client certificates
     * told apart).
     */
    public static String shortName(boolean write, boolean server, short type) {
        int w = write ? 1 : 0;
        int s = server ? 1 : 0;
        int t = type & 0xff;
        String n = SHORT[w][s][t];
        if (n == null) {
            n = buildShortName(write, server, type);
            SHORT[w][s][t] = n;
        }
        return n;
    }

    /** "ClientHello", "EncryptedExtensions"...: the RFC's message name. */
    public static String messageName(short type) {
        int t = type & 0xff;
        String n = MESSAGE[t];
        if (n == null) {
            n = buildMessageName(type);
            MESSAGE[t] = n;
        }
        return n;
    }

    private static String buildShortName(boolean write, boolean server, short type) {
        StringBuilder sb = new StringBuilder("T").append(write ? 'W' : 'R');
        String w = words(type);
        if (type == HandshakeType.certificate || type == HandshakeType.certificate_verify) {
            // whose certificate: the writer's when writing, the peer's when reading
            boolean serverCert = write == server;
            w = (serverCert ? "server " : "client ") + w;
        }
        for (String part : w.split(" ")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0)));
            }
        }
        return sb.toString();
    }

    private static String buildMessageName(short type) {
        StringBuilder sb = new StringBuilder();
        for (String part : HandshakeType.getName(type).split("_")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    private static String words(short type) {
        return HandshakeType.getName(type).replace('_', ' ');
    }
}
