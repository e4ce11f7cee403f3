package io.tlsbio.ssl.internal;

import static io.tlsbio.ssl.internal.Lifecycle.BEFORE;
import static io.tlsbio.ssl.internal.Lifecycle.CLOSED;
import static io.tlsbio.ssl.internal.Lifecycle.CLOSED_IN_INIT;
import static io.tlsbio.ssl.internal.Lifecycle.ESTABLISHED;
import static io.tlsbio.ssl.internal.Lifecycle.FAILED;
import static io.tlsbio.ssl.internal.Lifecycle.FREED;
import static io.tlsbio.ssl.internal.Lifecycle.HANDSHAKING;
import static io.tlsbio.ssl.internal.Lifecycle.NEW;
import static io.tlsbio.ssl.internal.Lifecycle.RECEIVED_SHUTDOWN;
import static io.tlsbio.ssl.internal.Lifecycle.SENT_SHUTDOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.ssl.SslShutdown;
import io.tlsbio.ssl.internal.Lifecycle.Event;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleTest {

    /** The table of Lifecycle's javadoc, written out independently: anything missing must throw. */
    private static final Map<Lifecycle, Map<Event, Lifecycle>> TABLE =
            new EnumMap<>(Lifecycle.class);

    private static void row(Lifecycle from, Event e, Lifecycle to) {
        TABLE.computeIfAbsent(from, k -> new EnumMap<>(Event.class)).put(e, to);
    }

    static {
        row(NEW, Event.ROLE_SET, BEFORE);
        row(BEFORE, Event.ROLE_SET, BEFORE);
        row(BEFORE, Event.ENGINE_STARTED, HANDSHAKING);
        row(HANDSHAKING, Event.HANDSHAKE_DONE, ESTABLISHED);
        row(HANDSHAKING, Event.PEER_CLOSED_IN_INIT, CLOSED_IN_INIT);
        row(ESTABLISHED, Event.CLOSE_NOTIFY_SENT, SENT_SHUTDOWN);
        row(ESTABLISHED, Event.CLOSE_NOTIFY_RECEIVED, RECEIVED_SHUTDOWN);
        row(SENT_SHUTDOWN, Event.CLOSE_NOTIFY_RECEIVED, CLOSED);
        row(RECEIVED_SHUTDOWN, Event.CLOSE_NOTIFY_SENT, CLOSED);
        row(CLOSED, Event.CLOSE_NOTIFY_RECEIVED, CLOSED);
        for (Lifecycle s : List.of(ESTABLISHED, SENT_SHUTDOWN, RECEIVED_SHUTDOWN, CLOSED)) {
            row(s, Event.QUIET_SHUTDOWN, CLOSED);
        }
        for (Lifecycle s : Lifecycle.values()) {
            if (s != FREED) {
                row(s, Event.FATAL, FAILED);
            }
            row(s, Event.FREE, FREED);
        }
    }

    static Stream<Arguments> everyPair() {
        List<Arguments> all = new ArrayList<>();
        for (Lifecycle s : Lifecycle.values()) {
            for (Event e : Event.values()) {
                all.add(Arguments.of(s, e));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everyPair")
    void everyStateAndEventFollowsTheTable(Lifecycle from, Event e) {
        Lifecycle expected = TABLE.getOrDefault(from, Map.of()).get(e);
        if (expected == null) {
            assertThatThrownBy(() -> from.on(e))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(from.name())
                    .hasMessageContaining(e.name());
        } else {
            assertThat(from.on(e)).isEqualTo(expected);
        }
    }

    @Test
    void theTableHasTheDocumentedNumberOfRows() {
        // 10 single rows + 4 quiet shutdowns + 9 FATAL + 10 FREE
        assertThat(TABLE.values().stream().mapToInt(Map::size).sum()).isEqualTo(33);
    }

    @Test
    void aWholeLifeWalksThroughTheTable() {
        Lifecycle s = NEW;
        s = s.on(Event.ROLE_SET).on(Event.ENGINE_STARTED).on(Event.HANDSHAKE_DONE);
        assertThat(s).isEqualTo(ESTABLISHED);
        s = s.on(Event.CLOSE_NOTIFY_SENT).on(Event.CLOSE_NOTIFY_RECEIVED);
        assertThat(s).isEqualTo(CLOSED);
        assertThat(s.on(Event.FREE)).isEqualTo(FREED);
    }

    @ParameterizedTest
    @EnumSource(Lifecycle.class)
    void initFinishedOnlyFromEstablishedToClosed(Lifecycle s) {
        boolean expected =
                s == ESTABLISHED || s == SENT_SHUTDOWN || s == RECEIVED_SHUTDOWN || s == CLOSED;
        assertThat(s.initFinished()).isEqualTo(expected);
    }

    @Test
    void shutdownFlagsPerState() {
        assertThat(SENT_SHUTDOWN.shutdownFlags()).containsExactly(SslShutdown.SENT);
        assertThat(RECEIVED_SHUTDOWN.shutdownFlags()).containsExactly(SslShutdown.RECEIVED);
        assertThat(CLOSED_IN_INIT.shutdownFlags()).containsExactly(SslShutdown.RECEIVED);
        assertThat(CLOSED.shutdownFlags())
                .containsExactlyInAnyOrder(SslShutdown.SENT, SslShutdown.RECEIVED);
        for (Lifecycle s : List.of(NEW, BEFORE, HANDSHAKING, ESTABLISHED, FAILED, FREED)) {
            assertThat(s.shutdownFlags()).as(s.name()).isEqualTo(Set.of());
        }
    }

    @ParameterizedTest
    @EnumSource(Lifecycle.class)
    void receivedCloseNotifyOnlyAfterThePeersCloseNotify(Lifecycle s) {
        boolean expected = s == RECEIVED_SHUTDOWN || s == CLOSED || s == CLOSED_IN_INIT;
        assertThat(s.receivedCloseNotify()).isEqualTo(expected);
        assertThat(s.receivedCloseNotify())
                .isEqualTo(s.shutdownFlags().contains(SslShutdown.RECEIVED));
    }
}
