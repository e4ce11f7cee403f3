package io.tlsbio.bench;

/**
 * One in-process client+server connection, both ends driven by the calling thread. Made fresh for
 * each handshake measurement; made once and reused for bulk.
 */
public interface Connection {

    /** Runs the full handshake on both ends (and consumes any post-handshake message in flight). */
    void handshake();

    /**
     * Sends {@code data} from the client and reads all of it on the server into {@code sink} (the
     * same length): encrypt on one end, decrypt on the other.
     */
    void clientToServer(byte[] data, byte[] sink);

    /**
     * The protocol and cipher suite each end negotiated, e.g. {@code
     * "TLSv1.3/TLS_AES_128_GCM_SHA256"}.
     */
    String negotiated();

    /**
     * What a deployment keeps per idle established connection (both ends), without the harness's
     * own transfer buffers: measured by {@link IdleMemory}.
     */
    Object retained();
}
