package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code tlsbio ciphers} prints what {@code openssl ciphers} prints, byte for byte, for strings
 * whose result holds no PSK/SRP suite (tlsbio has none): '!PSK:!SRP' keeps them out of OpenSSL's
 * list and means nothing to tlsbio's; {@code -s} drops them on OpenSSL's side by itself. NULL-MD5
 * (not in bctls) is kept out with '!MD5'.
 */
class CiphersCommandTest {

    @BeforeAll
    static void openssl() {
        assertThat(Path.of(ChildProcess.OPENSSL))
                .as("the openssl command (CI installs it with apt-get)")
                .isExecutable();
    }

    private static String openssl(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ChildProcess.OPENSSL, "ciphers"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl " + cmd).isZero();
        return out;
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                        | DEFAULT:!PSK:!SRP",
                "-v                        | DEFAULT:!PSK:!SRP",
                "-v                        | ECDHE+AESGCM",
                "-v                        | HIGH:!aNULL:!PSK:!SRP:@STRENGTH",
                "-v                        | ALL:!PSK:!SRP:+kRSA:-SHA1",
                "-V                        | kRSA:!PSK:!MD5",
                "-stdname                  | ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA:CAMELLIA:!PSK",
                "-s -v                     | ALL:COMPLEMENTOFALL:@SECLEVEL=1",
                "-s -v                     | ALL:COMPLEMENTOFALL:@SECLEVEL=3",
                "-s -tls1_2 -v             | DEFAULT",
                "-s -tls1_3 -v             | DEFAULT",
                "-s                        | DEFAULT:@SECLEVEL=4"
            })
    void sameOutputAsOpenSsl(String flags, String expr) throws Exception {
        List<String> args = new ArrayList<>();
        for (String f : flags.split(" ")) {
            if (!f.isEmpty()) {
                args.add(f);
            }
        }
        args.add(expr);
        InProcess.Result r = InProcess.run("", concat("ciphers", args));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(openssl(args));
    }

    @Test
    void ciphersuitesFlag() throws Exception {
        List<String> args =
                List.of(
                        "-v",
                        "-ciphersuites",
                        "TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256",
                        "AESCCM8:!PSK");
        InProcess.Result r = InProcess.run("", concat("ciphers", args));
        assertThat(r.out()).isEqualTo(openssl(args));
    }

    @Test
    void noCipherMatchIsOneLineAndStatusOne() throws Exception {
        InProcess.Result r = InProcess.run("", "ciphers", "-v", "!kRSA:DEFAULT");
        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.errLines())
                .containsExactly(
                        "tlsbio ciphers: Error in cipher list: no cipher match: '!kRSA:DEFAULT'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void expressionStartingWithMinusAfterDoubleDash() throws Exception {
        InProcess.Result r = InProcess.run("", "ciphers", "--", "-ALL:ECDHE+AESGCM");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(openssl(List.of("--", "-ALL:ECDHE+AESGCM")));
    }

    private static String[] concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }
}
