package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.SslInfoCallback;
import java.io.IOException;

/**
 * Runs the handshake of a connection whose role, BIOs and engine are set: starts the engine on the
 * first step, drives it through the record pump until bctls has finished and our last flight is
 * flushed, then reports the connection established ({@code SSL_do_handshake}'s work).
 */
public final class HandshakePath {

    private final RecordPump pump;
    private final HandshakeTracker tracker;
    private final ReceivePath receive;

    public HandshakePath(RecordPump pump, HandshakeTracker tracker, ReceivePath receive) {
        this.pump = pump;
        this.tracker = tracker;
        this.receive = receive;
    }

    /**
     * One handshake step, as far as the BIOs allow.
     *
     * @param client whether the connection is the client (for the info callback)
     * @return 1 when established; -1 on a retry or a failure; 0 when the peer closed during it
     */
    public int step(Connection c, boolean client) {
        Engine engine = c.engine();
        try {
            if (c.state() == Lifecycle.BEFORE) {
                c.on(Lifecycle.Event.ENGINE_STARTED);
                tracker.info(SslInfoCallback.Event.HANDSHAKE_START, client ? "connect" : "accept");
                tracker.state("PINIT", "before SSL initialization");
                engine.start();
            }
            RecordPump.Step step = pump.handshake(engine, tracker);
            if (step != RecordPump.Step.DONE) {
                return c.stalled(step);
            }
        } catch (IOException | RuntimeException e) {
            return c.engineFailure(e);
        }
        c.on(Lifecycle.Event.HANDSHAKE_DONE);
        receive.noteCloseNotify(c);
        // the handshake's buffers (its largest record, its largest flight) need no room any more
        pump.shrink(engine);
        ConnectionNonces.release(engine.context().getNonceGenerator());
        tracker.state("SSLOK", "SSL negotiation finished successfully");
        tracker.info(
                SslInfoCallback.Event.HANDSHAKE_DONE,
                ConnectionInfo.version(engine) + " " + ConnectionInfo.cipher(engine));
        return 1;
    }
}
