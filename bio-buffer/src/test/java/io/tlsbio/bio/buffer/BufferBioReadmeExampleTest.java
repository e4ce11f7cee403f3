package io.tlsbio.bio.buffer;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import org.junit.jupiter.api.Test;

/** The README's BufferBio example, compiled and run. Keep the two in step. */
class BufferBioReadmeExampleTest {

    @Test
    void readmeExample() {
        // --- README begin
        MemBio sink = MemBio.create();
        BufferBio buf = BufferBio.create(); // 4096 bytes each way; any size >= 1 works
        buf.push(sink);
        buf.write("hello".getBytes(US_ASCII)); // 5, held: sink.pending() == 0
        long before = sink.pending();
        int flushed = buf.flush(); // 1: sink.pending() == 5
        // over a non-blocking next BIO, flush() may return -1 with shouldWrite(): call it again
        // later
        long after = sink.pending();
        buf.closeAll(); // closes buf and sink
        // --- README end
        assertThat(before).isZero();
        assertThat(flushed).isEqualTo(1);
        assertThat(after).isEqualTo(5);
        assertThat(sink.isClosed()).isTrue();
    }
}
