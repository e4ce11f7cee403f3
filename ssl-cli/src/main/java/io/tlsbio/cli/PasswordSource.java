package io.tlsbio.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The {@code -pass ARG} password, read as OpenSSL's {@code app_passwd}/{@code app_get_pass} read
 * it: {@code pass:PASSWORD}, {@code env:VAR} (the variable's value), {@code file:PATH} (the file's
 * first line) or {@code stdin} (the first line of standard input, read byte by byte so that the
 * rest stays for the session). A line ends at its {@code \n}, which is dropped; at most 1023 bytes
 * are read, as OpenSSL's {@code APP_PASS_LEN} buffer holds. Any other form is an error that names
 * {@code -pass} and does not echo the argument past its {@code :}.
 */
final class PasswordSource {

    /** OpenSSL's APP_PASS_LEN, less the terminating NUL. */
    private static final int MAX = 1023;

    /** OpenSSL's PASS_SOURCE_SIZE_MAX: the longest source name before the ':'. */
    private static final int SOURCE_MAX = 4;

    private final UnaryOperator<String> env;
    private final InputStream stdin;

    /**
     * @param env the environment ({@code System::getenv}); returns null for an unset variable
     * @param stdin the standard input {@code stdin} reads a line from
     */
    PasswordSource(UnaryOperator<String> env, InputStream stdin) {
        this.env = env;
        this.stdin = stdin;
    }

    /**
     * The password {@code arg} names; the caller clears the array after use.
     *
     * @throws CliException "-pass: ..." when the source is unknown, unset or unreadable
     */
    char[] read(String arg) {
        if (arg.startsWith("pass:")) {
            return arg.substring(5).toCharArray();
        }
        if (arg.startsWith("env:")) {
            String value = env.apply(arg.substring(4));
            if (value == null) {
                throw new CliException("-pass: no environment variable " + arg.substring(4));
            }
            return value.toCharArray();
        }
        if (arg.startsWith("file:")) {
            Path file = Path.of(arg.substring(5));
            try (InputStream in = Files.newInputStream(file)) {
                return firstLine(in, "-pass: " + file + ": empty file");
            } catch (IOException e) {
                throw new CliException(
                        "-pass: can't open file " + file + ": " + CliException.why(e), e);
            }
        }
        if (arg.equals("stdin")) {
            try {
                return firstLine(stdin, "-pass stdin: no password on standard input");
            } catch (IOException e) {
                throw new CliException("-pass stdin: " + CliException.why(e), e);
            }
        }
        int colon = arg.indexOf(':');
        String why =
                colon < 0 || colon > SOURCE_MAX
                        ? "invalid password argument, missing ':' within the first "
                                + (SOURCE_MAX + 1)
                                + " chars"
                        : "invalid password argument, starting with \""
                                + arg.substring(0, colon + 1)
                                + "\"";
        throw new CliException(
                "-pass: " + why + " (use pass:PASSWORD, env:VAR, file:PATH or stdin)");
    }

    /** BIO_gets: up to the first newline (dropped) or MAX bytes; nothing at all is an error. */
    private static char[] firstLine(InputStream in, String whenEmpty) throws IOException {
        byte[] line = new byte[MAX];
        int n = 0;
        int b = 0;
        while (n < MAX && (b = in.read()) >= 0 && b != '\n') {
            line[n++] = (byte) b;
        }
        if (n == 0 && b < 0) {
            throw new CliException(whenEmpty);
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(line, 0, n));
        char[] exact = new char[chars.remaining()];
        chars.get(exact);
        // no copy of the password stays behind in the buffers
        Arrays.fill(line, (byte) 0);
        Arrays.fill(chars.array(), '\0');
        return exact;
    }
}
