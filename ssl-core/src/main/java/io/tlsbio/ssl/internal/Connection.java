package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslShutdown;
import java.util.Set;

/**
 * What the send and receive paths need from the connection that owns them: its lifecycle and
 * engine, and the one way each kind of failure is recorded. Implemented by {@code Ssl}, which keeps
 * every lifecycle transition ({@link Lifecycle}).
 */
public interface Connection {

    /** The current state. */
    Lifecycle state();

    /** Applies a transition of the {@link Lifecycle} table. */
    void on(Lifecycle.Event event);

    /** {@code SSL_get_shutdown}. */
    Set<SslShutdown> shutdownFlags();

    /** The running TLS engine. */
    Engine engine();

    /**
     * Enters FAILED, keeping {@code shutdownFlags} as {@code SSL_get_shutdown}'s answer from now
     * on.
     */
    void failed(Set<SslShutdown> shutdownFlags);

    /** Enters FAILED with {@code f} (the first failure wins); returns -1. */
    int fail(SslFailure f);

    /** Records why a loop stopped short (a retry, a BIO failure, EOF); returns -1. */
    int stalled(RecordPump.Step step);

    /** Turns what the engine threw into the call's return value. */
    int engineFailure(Exception e);
}
