package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsbio.ssl.SslContext;

/**
 * Fuzz target: OpenSSL cipher strings ({@code -cipher}, {@code tlsbio ciphers}). Any string is
 * either a list of suites or an {@link IllegalArgumentException} naming the expression — never
 * another exception; {@code tlsbio ciphers -v STRING} exits 0 or 1, never with a stack trace. Fuzz
 * it with {@code JAZZER_FUZZ=1 mvn -pl ssl-cli -am test -Dtest='CipherStringFuzzTest#cipherList'
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.instrument='io.tlsbio.**'}.
 */
class CipherStringFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void cipherList(String expr) {
        if (expr == null) {
            // Jazzer's empty input: a null argument is API misuse (NullPointerException naming it)
            return;
        }
        try {
            SslContext ctx = SslContext.builder().cipherList(expr).build();
            assertThat(ctx.ciphers()).isNotEmpty();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        Capture out = new Capture();
        Capture err = new Capture();
        int code =
                Main.run(
                        new Terminal(
                                new java.io.ByteArrayInputStream(new byte[0]),
                                out.printStream(),
                                err.printStream()),
                        "ciphers",
                        "-v",
                        expr);
        assertThat(code).isIn(0, 1, 2);
        assertThat(err.toString()).doesNotContain("\tat ");
    }
}
