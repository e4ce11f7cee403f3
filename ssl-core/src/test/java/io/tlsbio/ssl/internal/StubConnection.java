package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslShutdown;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A connection for the paths and failure handling to drive: its lifecycle, over a stub engine. */
final class StubConnection implements Connection {

    final StubEngine engine;
    final Failures failures;
    Lifecycle state;
    Set<SslShutdown> failedFlags;
    final List<Lifecycle.Event> events = new ArrayList<>();

    StubConnection(Lifecycle state, StubEngine engine, Failures failures) {
        this.state = state;
        this.engine = engine;
        this.failures = failures;
    }

    @Override
    public Lifecycle state() {
        return state;
    }

    @Override
    public void on(Lifecycle.Event event) {
        events.add(event);
        state = state.on(event);
    }

    @Override
    public Set<SslShutdown> shutdownFlags() {
        return state == Lifecycle.FAILED ? failedFlags : state.shutdownFlags();
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public void failed(Set<SslShutdown> flags) {
        failedFlags = flags;
        on(Lifecycle.Event.FATAL);
    }

    @Override
    public int fail(SslFailure f) {
        return failures.fail(this, f);
    }

    @Override
    public int stalled(RecordPump.Step step) {
        return failures.stalled(this, step);
    }

    @Override
    public int engineFailure(Exception e) {
        return failures.engineFailure(this, e);
    }
}
