package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -pass ARG} read as OpenSSL's app_passwd reads it. */
class PasswordSourceTest {

    @TempDir Path dir;

    private final Map<String, String> env = Map.of("KEY_PASS", "from env", "EMPTY", "");

    private PasswordSource source(String stdin) {
        return new PasswordSource(
                env::get, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void passTakesTheRestOfTheArgument() {
        assertThat(source("").read("pass:s3cret:with:colons"))
                .containsExactly("s3cret:with:colons".toCharArray());
        assertThat(source("").read("pass:")).isEmpty();
    }

    @Test
    void envTakesTheVariable() {
        assertThat(source("").read("env:KEY_PASS")).containsExactly("from env".toCharArray());
        assertThat(source("").read("env:EMPTY")).isEmpty();
        assertThatThrownBy(() -> source("").read("env:UNSET"))
                .isInstanceOf(CliException.class)
                .hasMessage("-pass: no environment variable UNSET");
    }

    @Test
    void fileTakesTheFirstLineWithoutItsNewline() throws Exception {
        Path f = Files.writeString(dir.resolve("pw"), "first line\r\nsecond line\n");
        // as BIO_gets and strchr('\n'): the \r stays
        assertThat(source("").read("file:" + f)).containsExactly("first line\r".toCharArray());
        Path noNewline = Files.writeString(dir.resolve("pw2"), "only");
        assertThat(source("").read("file:" + noNewline)).containsExactly("only".toCharArray());
        Path empty = Files.writeString(dir.resolve("pw3"), "");
        assertThatThrownBy(() -> source("").read("file:" + empty))
                .hasMessage("-pass: " + empty + ": empty file");
        assertThatThrownBy(() -> source("").read("file:" + dir.resolve("absent")))
                .hasMessage("-pass: can't open file " + dir.resolve("absent") + ": no such file");
    }

    @Test
    void stdinTakesOneLineAndLeavesTheRestForTheSession() throws Exception {
        InputStream in =
                new ByteArrayInputStream(
                        "pw from stdin\nGET / HTTP/1.0\r\n".getBytes(StandardCharsets.UTF_8));
        PasswordSource s = new PasswordSource(env::get, in);

        assertThat(s.read("stdin")).containsExactly("pw from stdin".toCharArray());
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("GET / HTTP/1.0\r\n");
        assertThatThrownBy(() -> source("").read("stdin"))
                .hasMessage("-pass stdin: no password on standard input");
    }

    @Test
    void anotherFormIsOneLineNamingPassWithoutTheSecret() {
        assertThatThrownBy(() -> source("").read("fd:3"))
                .isInstanceOf(CliException.class)
                .hasMessage(
                        "-pass: invalid password argument, starting with \"fd:\" (use pass:PASSWORD, env:VAR, file:PATH or stdin)");
        assertThatThrownBy(() -> source("").read("hunter2"))
                .isInstanceOf(CliException.class)
                .hasMessage(
                        "-pass: invalid password argument, missing ':' within the first 5 chars (use pass:PASSWORD, env:VAR, file:PATH or stdin)");
        assertThatThrownBy(() -> source("").read("password:hunter2"))
                .isInstanceOf(CliException.class)
                .message()
                .doesNotContain("hunter2");
    }
}
