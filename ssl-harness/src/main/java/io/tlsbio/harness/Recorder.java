package io.tlsbio.harness;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the real, deterministic connection of a {@link HarnessConfig}: a client and a server from
 * {@link HarnessContexts} shake hands over memory BIOs, then each writes {@value #FIRST_WRITE}
 * bytes of data, in TLS 1.3 a KeyUpdate (the client's asks for one back), {@value #SECOND_WRITE}
 * more bytes, and its close_notify, without reading the other's. What each side wrote is what a
 * fuzz target feeds the other side ({@link TlsHarness}), and what the seed corpora are made of.
 * Same configuration, same bytes, in any JVM (bctls 1.84).
 */
public final class Recorder {

    /** Bytes of application data each side writes first. */
    public static final int FIRST_WRITE = 100;

    /** Bytes each side writes after its KeyUpdate. */
    public static final int SECOND_WRITE = 20;

    /** Handshake rounds allowed: a HelloRetryRequest handshake with client auth needs four. */
    private static final int MAX_ROUNDS = 16;

    private static final Map<HarnessConfig, Recording> CACHE = new ConcurrentHashMap<>();

    private Recorder() {}

    /**
     * The recording of {@code config}, made on first use and cached (recording costs a handshake
     * with RSA or ECDSA signatures; a fuzz target that mutates a recording asks for it per input).
     *
     * @param config the configuration to record
     * @return the cached recording, shared by every caller (its accessors return copies)
     */
    public static Recording recorded(HarnessConfig config) {
        Objects.requireNonNull(config, "config");
        Recording r = CACHE.get(config);
        return r != null ? r : CACHE.computeIfAbsent(config, Recorder::record);
    }

    /**
     * Records a fresh connection of {@code config}.
     *
     * @param config the configuration to record
     * @return a new recording of one complete connection
     * @throws IllegalStateException if the handshake or a post-handshake step fails (the harness's
     *     own configurations never do)
     */
    public static Recording record(HarnessConfig config) {
        Objects.requireNonNull(config, "config");
        Ssl client = HarnessContexts.client(config).newSsl();
        Ssl server = HarnessContexts.server(config).newSsl();
        MemBio toServer = MemBio.create();
        MemBio toClient = MemBio.create();
        MemBio clientOut = MemBio.create();
        MemBio serverOut = MemBio.create();
        try {
            client.setBio(toClient, clientOut);
            server.setBio(toServer, serverOut);
            client.setConnectState();
            server.setAcceptState();
            ByteArrayOutputStream c2s = new ByteArrayOutputStream();
            ByteArrayOutputStream s2c = new ByteArrayOutputStream();
            boolean clientDone = false;
            boolean serverDone = false;
            for (int round = 0; round < MAX_ROUNDS && !(clientDone && serverDone); round++) {
                clientDone = clientDone || step(client);
                relay(clientOut, c2s, toServer);
                serverDone = serverDone || step(server);
                relay(serverOut, s2c, toClient);
            }
            if (!(clientDone && serverDone)) {
                throw new IllegalStateException(
                        config.label()
                                + ": the handshake did not finish in "
                                + MAX_ROUNDS
                                + " rounds (client "
                                + client.lastError()
                                + ", server "
                                + server.lastError()
                                + ")");
            }
            // a TLS 1.3 client may still have its last flight to send after the server is done
            relay(clientOut, c2s, toServer);
            int clientHandshake = c2s.size();
            int serverHandshake = s2c.size();
            afterHandshake(client, true);
            afterHandshake(server, false);
            relay(clientOut, c2s, toServer);
            relay(serverOut, s2c, toClient);
            return new Recording(
                    config, c2s.toByteArray(), clientHandshake, s2c.toByteArray(), serverHandshake);
        } finally {
            client.free();
            server.free();
        }
    }

    /**
     * One handshake step: true once complete; a retry other than WANT_READ is a broken recording.
     */
    private static boolean step(Ssl ssl) {
        int r = ssl.doHandshake();
        if (r == 1) {
            return true;
        }
        SslError e = ssl.getError(r);
        if (e != SslError.WANT_READ) {
            throw new IllegalStateException(
                    ssl + ": handshake step " + r + " " + e + " " + ssl.lastError());
        }
        return false;
    }

    private static void relay(MemBio from, ByteArrayOutputStream transcript, MemBio to) {
        byte[] b = new byte[(int) from.pending()];
        if (b.length > 0) {
            from.read(b, 0, b.length);
            transcript.writeBytes(b);
            to.write(b);
        }
    }

    /** Data, a KeyUpdate in TLS 1.3 (the client asks for one back), more data, close_notify. */
    private static void afterHandshake(Ssl ssl, boolean client) {
        byte[] data = new byte[FIRST_WRITE];
        Arrays.fill(data, (byte) (client ? 'c' : 's'));
        require(ssl.write(data, 0, FIRST_WRITE) == FIRST_WRITE, ssl, "write");
        if (ssl.version() == TlsVersion.TLS1_3) {
            require(ssl.keyUpdate(client) == 1, ssl, "keyUpdate");
        }
        require(ssl.write(data, 0, SECOND_WRITE) == SECOND_WRITE, ssl, "write after keyUpdate");
        require(ssl.shutdown() == 0, ssl, "shutdown");
    }

    private static void require(boolean ok, Ssl ssl, String what) {
        if (!ok) {
            throw new IllegalStateException(ssl + ": " + what + " failed: " + ssl.lastError());
        }
    }
}
