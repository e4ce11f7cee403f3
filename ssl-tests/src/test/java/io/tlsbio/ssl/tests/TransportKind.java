package io.tlsbio.ssl.tests;

import io.tlsbio.harness.Transport;

/**
 * Every transport of the handshake matrix: the shared {@link Transport}s, with the sizes the matrix
 * tries.
 */
enum TransportKind {
    MEM_CROSS_WIRED,
    PAIR_DEFAULT,
    PAIR_1_BYTE,
    PAIR_256_BYTES,
    BUFFER_OVER_PAIR,
    SOCKET_BLOCKING,
    SOCKET_NONBLOCKING,
    BUFFER_OVER_SOCKET_NONBLOCKING,
    CONNECT_ACCEPT_NONBLOCKING;

    /** A fresh, unattached transport of this kind. */
    Transport create() {
        return switch (this) {
            case MEM_CROSS_WIRED -> Transport.mem();
            case PAIR_DEFAULT -> Transport.pair(0, false);
            case PAIR_1_BYTE -> Transport.pair(1, false);
            case PAIR_256_BYTES -> Transport.pair(256, false);
            case BUFFER_OVER_PAIR -> Transport.pair(0, true);
            case SOCKET_BLOCKING -> Transport.sockets(false, false);
            case SOCKET_NONBLOCKING -> Transport.sockets(true, false);
            case BUFFER_OVER_SOCKET_NONBLOCKING -> Transport.sockets(true, true);
            case CONNECT_ACCEPT_NONBLOCKING -> Transport.connectAccept();
        };
    }
}
