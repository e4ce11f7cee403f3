package io.tlsbio.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void printsOneRatePerSliceForTheVariant() {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            WarmUp.main(new String[] {Variants.TLSBIO_HYBRID, "2"});
        } finally {
            System.setOut(out);
        }
        String line = buf.toString(StandardCharsets.UTF_8).trim();
        assertThat(line).matches("tlsbio-hybrid MB/s per 0\\.5 s: [1-9][0-9]* [1-9][0-9]*");
    }

    @Test
    void refusesANonsenseSliceCount() {
        assertThatThrownBy(() -> WarmUp.main(new String[] {Variants.SSLENGINE, "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
