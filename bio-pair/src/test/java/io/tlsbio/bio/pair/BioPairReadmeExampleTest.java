package io.tlsbio.bio.pair;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The README's BioPair example, compiled and run. Keep the two in step. */
class BioPairReadmeExampleTest {

    @Test
    void readmeExample() {
        // --- README begin
        BioPair pair = BioPair.create(0, 0); // two 17408-byte buffers, as BIO_new_bio_pair
        BioPair.End client = pair.first();
        BioPair.End server = pair.second();
        client.write("ping".getBytes(US_ASCII)); // 4: held in client's buffer
        byte[] buf = new byte[16];
        int n = server.read(buf, 0, buf.length); // 4
        int again = server.read(buf, 0, buf.length); // -1 and server.shouldRead(): nothing yet
        client.shutdownWrite(); // server drains, then reads 0 (EOF)
        int eof = server.read(buf, 0, buf.length); // 0
        pair.close();
        // --- README end
        assertThat(n).isEqualTo(4);
        assertThat(again).isEqualTo(-1);
        assertThat(eof).isZero();
    }
}
