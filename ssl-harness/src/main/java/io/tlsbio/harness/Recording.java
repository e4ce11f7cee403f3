package io.tlsbio.harness;

import java.util.Arrays;
import java.util.Objects;

/**
 * Both directions of one deterministic connection, as {@link Recorder} captured them: what the
 * client wrote and what the server wrote, each the handshake followed by the post-handshake part.
 * Feeding {@link #serverToClient()} to {@link TlsHarness#feedClient} (or {@link #clientToServer()}
 * to {@link TlsHarness#feedServer}) with the same configuration replays the connection: the fresh
 * deterministic peer writes the same bytes, so the recorded records decrypt. Arrays are copied in
 * and out.
 */
public final class Recording {

    private final HarnessConfig config;
    private final byte[] clientToServer;
    private final byte[] serverToClient;
    private final int clientHandshakeLength;
    private final int serverHandshakeLength;

    Recording(
            HarnessConfig config,
            byte[] clientToServer,
            int clientHandshakeLength,
            byte[] serverToClient,
            int serverHandshakeLength) {
        this.config = Objects.requireNonNull(config, "config");
        this.clientToServer = clientToServer.clone();
        this.serverToClient = serverToClient.clone();
        this.clientHandshakeLength = clientHandshakeLength;
        this.serverHandshakeLength = serverHandshakeLength;
    }

    /**
     * The configuration both sides were made from.
     *
     * @return the configuration of the recorded connection
     */
    public HarnessConfig config() {
        return config;
    }

    /**
     * Everything the client wrote: its handshake flights, then data, KeyUpdate (TLS 1.3) and
     * close_notify.
     *
     * @return the client's wire bytes
     */
    public byte[] clientToServer() {
        return clientToServer.clone();
    }

    /**
     * Everything the server wrote: its handshake flights, then data, KeyUpdate (TLS 1.3) and
     * close_notify.
     *
     * @return the server's wire bytes
     */
    public byte[] serverToClient() {
        return serverToClient.clone();
    }

    /**
     * What the client wrote in the handshake only (the first {@link #clientHandshakeLength()}
     * bytes).
     *
     * @return the client's handshake wire bytes
     */
    public byte[] clientHandshake() {
        return Arrays.copyOf(clientToServer, clientHandshakeLength);
    }

    /**
     * What the server wrote in the handshake only.
     *
     * @return the server's handshake wire bytes
     */
    public byte[] serverHandshake() {
        return Arrays.copyOf(serverToClient, serverHandshakeLength);
    }

    /**
     * Bytes of {@link #clientToServer()} written during the handshake.
     *
     * @return the client's handshake length in bytes
     */
    public int clientHandshakeLength() {
        return clientHandshakeLength;
    }

    /**
     * Bytes of {@link #serverToClient()} written during the handshake.
     *
     * @return the server's handshake length in bytes
     */
    public int serverHandshakeLength() {
        return serverHandshakeLength;
    }

    /**
     * What {@code role}'s peer wrote: the input that replays a connection of {@code role}.
     *
     * @param role the side to replay
     * @return the other side's wire bytes
     */
    public byte[] sentTo(Role role) {
        return role == Role.CLIENT ? serverToClient() : clientToServer();
    }

    @Override
    public String toString() {
        return "Recording["
                + config.label()
                + ", client wrote "
                + clientToServer.length
                + " ("
                + clientHandshakeLength
                + " in the handshake), server wrote "
                + serverToClient.length
                + " ("
                + serverHandshakeLength
                + ")]";
    }
}
