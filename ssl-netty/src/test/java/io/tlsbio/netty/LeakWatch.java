package io.tlsbio.netty;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what Netty's {@link ResourceLeakDetector} reports ("LEAK: ByteBuf.release() was not
 * called..."), which it logs through SLF4J when a tracked buffer is garbage-collected unreleased
 * and a later allocation polls its queue. The build runs the tests at PARANOID, so every buffer is
 * tracked. {@link #leaks()} forces that: collections and allocations until the queue is drained.
 */
final class LeakWatch implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LeakWatch() {
        assertThat(ResourceLeakDetector.getLevel())
                .as("-Dio.netty.leakDetection.level (set by the pom)")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
        appender.start();
        logger.addAppender(appender);
        if (!logger.isErrorEnabled()) {
            logger.setLevel(Level.ERROR);
        }
    }

    /**
     * The leak reports so far, after giving the collector and the detector a few chances to find
     * more.
     */
    List<String> leaks() {
        for (int round = 0; round < 5; round++) {
            System.gc();
            System.runFinalization();
            // each tracked allocation polls the detector's reference queue and logs what it finds
            for (int i = 0; i < 200; i++) {
                ByteBuf b = ByteBufAllocator.DEFAULT.buffer(8);
                b.release();
            }
        }
        synchronized (appender) {
            return appender.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("LEAK"))
                    .toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
