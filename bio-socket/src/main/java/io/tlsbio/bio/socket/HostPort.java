package io.tlsbio.bio.socket;

import java.util.Objects;

/**
 * A parsed {@code "host:port"} string as {@code BIO_new_connect} and {@code BIO_new_accept} take
 * it. {@code host} is {@code null} for "any address" (accept side only).
 */
record HostPort(String host, int port) {

    /**
     * Parses a connect target: {@code "host:port"} or {@code "[v6addr]:port"}, port 1..65535 in
     * decimal (service names are not looked up).
     *
     * @throws IllegalArgumentException naming {@code value} if it does not have that shape
     */
    static HostPort forConnect(String value) {
        HostPort hp = parse(value, false);
        if (hp.port == 0) {
            throw bad(value, "port 0 cannot be connected to");
        }
        return hp;
    }

    /**
     * Parses a listen address: {@code "host:port"}, {@code "[v6addr]:port"}, {@code "*:port"} or
     * {@code "port"} (the last two bind every address); port 0..65535, 0 meaning ephemeral.
     *
     * @throws IllegalArgumentException naming {@code value} if it does not have that shape
     */
    static HostPort forAccept(String value) {
        return parse(value, true);
    }

    private static HostPort parse(String value, boolean accept) {
        Objects.requireNonNull(value, "hostPort");
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
                throw bad(value, "expected [address]:port");
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                if (!accept) {
                    throw bad(value, "expected host:port");
                }
                host = "*";
                port = value;
            } else {
                host = value.substring(0, colon);
                port = value.substring(colon + 1);
                if (host.indexOf(':') >= 0) {
                    throw bad(value, "an IPv6 address needs brackets: [address]:port");
                }
            }
        }
        if (host.isEmpty()) {
            throw bad(value, "empty host");
        }
        if (host.equals("*")) {
            if (!accept) {
                throw bad(value, "'*' can only be listened on");
            }
            host = null;
        }
        return new HostPort(host, parsePort(value, port));
    }

    private static int parsePort(String value, String port) {
        if (port.isEmpty()
                || port.length() > 5
                || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(value, "port must be a number 0..65535");
        }
        int p = Integer.parseInt(port);
        if (p > 65535) {
            throw bad(value, "port must be a number 0..65535");
        }
        return p;
    }

    private static IllegalArgumentException bad(String value, String why) {
        return new IllegalArgumentException("bad host:port \"" + value + "\": " + why);
    }

    @Override
    public String toString() {
        String h = host == null ? "*" : host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return h + ":" + port;
    }
}
