package io.tlsbio.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check of the other tests can fail: a buffer dropped unreleased is reported. */
class LeakWatchTest {

    @Test
    void anUnreleasedBufferIsReported() {
        try (LeakWatch watch = new LeakWatch()) {
            leakOne();
            assertThat(watch.leaks()).isNotEmpty().first().asString().contains("LEAK");
        }
    }

    private static void leakOne() {
        ByteBufAllocator.DEFAULT.buffer(64).writeLong(42);
    }
}
