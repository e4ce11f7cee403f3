package io.tlsbio.bench;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.bio.pair.BioPair;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;

/**
 * A tlsbio client and server {@link Ssl} over two cross-wired {@link MemBio}s or one {@link
 * BioPair}.
 */
public final class TlsbioConnection implements Connection {

    /** The transport between the two ends. */
    public enum Transport {
        /** Two MemBios: the client writes into one the server reads, and the other way round. */
        MEM,
        /**
         * One BioPair of the default size (17 KiB per direction): the client on one end, the server
         * on the other.
         */
        PAIR
    }

    private static final int MAX_ROUNDS = 10_000;

    private final Ssl client;
    private final Ssl server;

    public TlsbioConnection(
            SslContext clientContext, SslContext serverContext, Transport transport) {
        client = clientContext.newSsl();
        server = serverContext.newSsl();
        if (transport == Transport.MEM) {
            MemBio toServer = MemBio.create();
            MemBio toClient = MemBio.create();
            client.setBio(toClient, toServer);
            server.setBio(toServer, toClient);
        } else {
            BioPair pair = BioPair.create(0, 0);
            client.setBio(pair.first(), pair.first());
            server.setBio(pair.second(), pair.second());
        }
        client.setConnectState();
        server.setAcceptState();
    }

    public Ssl client() {
        return client;
    }

    public Ssl server() {
        return server;
    }

    @Override
    public void handshake() {
        boolean clientDone = false;
        boolean serverDone = false;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (!clientDone) {
                clientDone = step(client, client.doHandshake());
            }
            if (!serverDone) {
                serverDone = step(server, server.doHandshake());
            }
            if (clientDone && serverDone) {
                return;
            }
        }
        throw new IllegalStateException("handshake did not finish in " + MAX_ROUNDS + " rounds");
    }

    @Override
    public void clientToServer(byte[] data, byte[] sink) {
        int len = data.length;
        boolean written = false;
        int got = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (!written) {
                int w = client.write(data, 0, len);
                written = w == len || step(client, w);
            }
            int r = server.read(sink, got, len - got);
            if (r > 0) {
                got += r;
                if (got == len) {
                    return;
                }
            } else {
                step(server, r);
            }
        }
        throw new IllegalStateException("transfer stuck at " + got + " of " + len);
    }

    /** True when {@code ret} is success; false on a retry; throws on anything else. */
    private static boolean step(Ssl ssl, int ret) {
        if (ret > 0) {
            return true;
        }
        SslError e = ssl.getError(ret);
        if (e == SslError.WANT_READ || e == SslError.WANT_WRITE) {
            return false;
        }
        throw new IllegalStateException(ssl + " failed: " + ret + "/" + e + " " + ssl.lastError());
    }

    @Override
    public String negotiated() {
        return client.version().openSslName()
                + "/"
                + client.cipher()
                + " | "
                + server.version().openSslName()
                + "/"
                + server.cipher();
    }

    @Override
    public Object retained() {
        // the Ssl objects hold their BIOs, which a deployment keeps per connection too
        return new Object[] {client, server};
    }
}
