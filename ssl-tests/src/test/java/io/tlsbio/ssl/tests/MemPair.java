package io.tlsbio.ssl.tests;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;

/**
 * A client and a server cross-wired over two memory BIOs (create_ssl_objects with eof_return -1).
 */
final class MemPair {
    final MemBio c2s = MemBio.create();
    final MemBio s2c = MemBio.create();
    final Ssl client;
    final Ssl server;

    MemPair(TlsVersion v) {
        this(Contexts.client(v), Contexts.server(KeyType.ECDSA, v));
    }

    MemPair(SslContext clientCtx, SslContext serverCtx) {
        client = clientCtx.newSsl();
        server = serverCtx.newSsl();
        client.setBio(s2c, c2s);
        server.setBio(c2s, s2c);
        client.setConnectState();
        server.setAcceptState();
    }

    /** create_bare_ssl_connection: both handshakes to 1. */
    MemPair connect() {
        new Driver().handshake(client, server, () -> {});
        return this;
    }
}
