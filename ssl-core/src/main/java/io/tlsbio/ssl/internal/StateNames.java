package io.tlsbio.ssl.internal;

import org.bouncycastle.tls.HandshakeType;

/**
 * Names for handshake states in OpenSSL's style: {@code SSL_state_string_long} ("SSLv3/TLS write
 * client hello") and {@code SSL_state_string} ("TWCH"), derived from the message just moved.
 */
public final class StateNames {

    private StateNames() {
    }

    /** "SSLv3/TLS read server hello", from the direction and the handshake type. */
    public static String longName(boolean write, short type) {
        return "SSLv3/TLS " + (write ? "write " : "read ") + words(type);
    }

    /** "TWCH", "TRSH"...: T, R/W, then the initials of the message name (server/client certificates told apart). */
    public static String shortName(boolean write, boolean server, short type) {
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

    /** "ClientHello", "EncryptedExtensions"...: the RFC's message name. */
    public static String messageName(short type) {
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
