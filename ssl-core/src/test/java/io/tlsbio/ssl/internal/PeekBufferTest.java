package io.tlsbio.ssl.internal;

import static io.tlsbio.ssl.internal.TestBytes.pattern;
import static io.tlsbio.ssl.internal.TestBytes.slice;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeekBufferTest {

    @Test
    void peekingLeavesTheBytesAndConsumingTakesThemInOrder() {
        StubEngine engine = new StubEngine();
        byte[] data = pattern(50, 1);
        engine.plain = data;
        PeekBuffer peek = new PeekBuffer();

        peek.fillFrom(engine);
        assertThat(engine.getAvailableInputBytes()).isZero();
        assertThat(peek.available()).isEqualTo(50);

        byte[] out = new byte[20];
        assertThat(peek.take(out, 0, 20, false)).isEqualTo(20);
        assertThat(out).isEqualTo(slice(data, 0, 20));
        assertThat(peek.available()).isEqualTo(50);

        assertThat(peek.take(out, 0, 20, true)).isEqualTo(20);
        assertThat(out).isEqualTo(slice(data, 0, 20));
        byte[] rest = new byte[100];
        assertThat(peek.take(rest, 5, 100 - 5, true)).isEqualTo(30);
        assertThat(slice(rest, 5, 35)).isEqualTo(slice(data, 20, 50));
        assertThat(peek.available()).isZero();
        assertThat(peek.take(rest, 0, 10, true)).isZero();
    }

    @Test
    void clearDropsEverything() {
        StubEngine engine = new StubEngine();
        engine.plain = pattern(10, 2);
        PeekBuffer peek = new PeekBuffer();
        peek.fillFrom(engine);

        peek.clear();
        assertThat(peek.available()).isZero();
        assertThat(peek.take(new byte[10], 0, 10, false)).isZero();
    }
}
