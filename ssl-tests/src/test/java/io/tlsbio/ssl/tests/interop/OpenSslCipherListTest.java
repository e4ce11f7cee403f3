package io.tlsbio.ssl.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code SslContext.Builder.cipherList} against the real thing: for each cipher string the TLS 1.2
 * list tlsbio computes equals {@code openssl ciphers -v 'EXPR'} run now (its TLS 1.3 lines dropped,
 * filtered to tlsbio's universe: no PSK/SRP suites, no NULL-MD5), same suites, same order; a string
 * OpenSSL rejects is rejected with an IllegalArgumentException naming it.
 */
class OpenSslCipherListTest {

    /** tlsbio's universe: every TLS 1.2 suite {@code ALL:COMPLEMENTOFALL} can produce. */
    private static Set<String> universe;

    @BeforeAll
    static void universe() {
        OpenSslProcess.requireOpenssl();
        SslContext all = SslContext.builder().cipherList("ALL:COMPLEMENTOFALL").build();
        universe =
                Arrays.stream(all.ciphers())
                        .mapToObj(SslContext::cipherName)
                        .collect(Collectors.toSet());
    }

    /** {@code openssl ciphers FLAGS -- EXPR}: the lines of stdout, or null if it exits non-zero. */
    static List<String> openssl(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(OpenSslProcess.OPENSSL.toString());
        cmd.add("ciphers");
        cmd.addAll(List.of(args).subList(0, args.length - 1));
        cmd.add("--"); // the expression may start with '-'
        cmd.add(args[args.length - 1]);
        try {
            Process p =
                    new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("openssl ciphers hung: " + cmd);
            }
            if (p.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.US_ASCII).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * OpenSSL's TLS 1.2 list for {@code args} (verbose), filtered to tlsbio's universe, or null if
     * rejected.
     */
    private static List<String> oracle(String... args) {
        List<String> lines = openssl(args);
        if (lines == null) {
            return null;
        }
        return lines.stream()
                .filter(l -> !l.contains(" TLSv1.3 "))
                .map(l -> l.split(" ")[0])
                .filter(universe::contains)
                .toList();
    }

    private static List<String> names(int[] ids) {
        return Arrays.stream(ids)
                .mapToObj(SslContext::cipherName)
                .filter(n -> !n.startsWith("TLS_"))
                .toList();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DEFAULT",
                "ALL",
                "HIGH",
                "HIGH:!aNULL",
                "HIGH:!aNULL:!MD5",
                "ECDHE+AESGCM",
                "kRSA",
                "AESGCM:-DHE",
                "ALL:+RSA",
                "ALL:@STRENGTH",
                "DEFAULT:@SECLEVEL=2",
                "!kRSA:DEFAULT",
                "DEFAULT:!kRSA",
                "ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA",
                "COMPLEMENTOFDEFAULT",
                "COMPLEMENTOFALL",
                "ALL:COMPLEMENTOFALL",
                "eNULL",
                "NULL",
                "aNULL",
                "RSA",
                "aRSA",
                "kECDHE",
                "kEECDH",
                "ECDHE",
                "EECDH",
                "kDHE",
                "kEDH",
                "DHE",
                "EDH",
                "DH",
                "ECDH",
                "aECDSA",
                "ECDSA",
                "aDSS",
                "DSS",
                "ADH:AECDH",
                "AES",
                "AES128",
                "AES256",
                "AESGCM",
                "AESCCM",
                "AESCCM8",
                "CHACHA20",
                "CAMELLIA",
                "CAMELLIA128",
                "ARIA",
                "ARIA256",
                "CBC",
                "SHA1",
                "SHA",
                "SHA256",
                "SHA384",
                "TLSv1.2",
                "TLSv1",
                "TLSv1.0",
                "SSLv3",
                "FIPS",
                "ECDHE:!ECDSA",
                "AES256:-ECDHE:AES128",
                "-ALL:ECDHE",
                "ALL:-AES:AES",
                "ALL:!AES:AES",
                "DEFAULT:+SHA1",
                "DEFAULT:+aRSA:@STRENGTH",
                "@STRENGTH:ALL",
                "kRSA+AES128",
                "RSA+AESGCM+SHA384",
                "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM",
                "ECDHE-ECDSA-AES128-GCM-SHA256 AES128-SHA,DHE-RSA-AES256-SHA;CAMELLIA128-SHA",
                "FOO:AES128-SHA",
                "HIGH:DEFAULT",
                "LOW:HIGH",
                "3DES:ALL",
                "ALL:!DHE:kDHE",
                "ECDHE+AES+SHA256",
                "TLSv1.2+ECDHE",
                "ALL:+AESCCM8:+kRSA:-SHA1",
                "CHACHA20:ALL:-CHACHA20:+CHACHA20",
                "ALL+HIGH",
                "AES128-SHA+RSA",
                "ALL:!aNULL:!eNULL:@STRENGTH:+SHA1",
                "DEFAULT:-kRSA:kRSA+AESGCM",
                "SUITEB128",
                "SUITEB192",
                "DEFAULT:@SECLEVEL=3",
                "DEFAULT,HIGH",
                "eNULL:ALL:@STRENGTH",
                "ECDHE-RSA-NULL-SHA:NULL-SHA256",
                "AES:!SHA1:!SHA256:@STRENGTH",
                "kRSA:kRSA",
                "+ALL",
                "-kRSA",
                "ALL:-ALL",
                "ALL:!ALL",
                "!ALL",
                "FOO",
                "",
                "aes128-sha",
                "TLS_RSA_WITH_AES_128_CBC_SHA",
                "TLS_AES_128_GCM_SHA256",
                "MEDIUM",
                "LOW",
                "ALL:&FOO",
                "@FOO:ALL",
                "ALL:@SECLEVEL=9",
                "ALL:@SECLEVEL=",
                "ECDHE+",
                "ALL:!",
                "DEFAULTX",
                "ALL:@STRENGTH+AES",
                "CAMELLIA:@SECLEVEL=0:+CAMELLIA128"
            })
    void sameListAsOpenSsl(String expr) {
        List<String> expected = oracle("-v", expr);
        if (expected == null || expected.isEmpty()) {
            // OpenSSL's "no cipher match" (or a list of suites outside tlsbio's universe)
            assertThatThrownBy(() -> SslContext.builder().cipherList(expr))
                    .as(expr)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + expr + "'");
            return;
        }
        SslContext ctx = SslContext.builder().cipherList(expr).build();
        assertThat(names(ctx.ciphers())).as(expr).isEqualTo(expected);
    }

    /**
     * {@code @SECLEVEL=n} is recorded, and {@code -s} drops what the level forbids, as OpenSSL's
     * callback does.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void securityLevelFiltersLikeOpenSsl(int level) {
        String expr = "ALL:COMPLEMENTOFALL:@SECLEVEL=" + level;
        SslContext ctx = SslContext.builder().cipherList(expr).build();
        assertThat(ctx.securityLevel()).isEqualTo(level);
        assertThat(names(ctx.supportedCiphers())).as(expr).isEqualTo(oracle("-s", "-v", expr));
        List<String> tls13 =
                openssl("-s", expr)
                        .get(0)
                        .lines()
                        .flatMap(l -> Arrays.stream(l.split(":")))
                        .filter(n -> n.startsWith("TLS_"))
                        .toList();
        List<String> ours =
                Arrays.stream(ctx.supportedCiphers())
                        .mapToObj(SslContext::cipherName)
                        .filter(n -> n.startsWith("TLS_"))
                        .toList();
        assertThat(ours).as("TLS 1.3 at level " + level).isEqualTo(tls13);
    }

    @Test
    void defaultSecurityLevelIsOne() {
        assertThat(SslContext.builder().build().securityLevel()).isEqualTo(1);
        assertThat(SslContext.builder().cipherList("DEFAULT:@SECLEVEL=2").build().securityLevel())
                .isEqualTo(2);
        assertThat(
                        SslContext.builder()
                                .cipherList("DEFAULT:@SECLEVEL=2")
                                .cipherList("HIGH")
                                .build()
                                .securityLevel())
                .isEqualTo(2);
        assertThatThrownBy(() -> SslContext.builder().securityLevel(6))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The default TLS 1.2 list is OpenSSL's DEFAULT without the PSK/SRP suites tlsbio cannot use:
     * 27 suites.
     */
    @Test
    void defaultsAreOpenSsls() {
        SslContext ctx = SslContext.builder().build();
        List<String> expected = oracle("-v", "DEFAULT:!PSK:!SRP");
        assertThat(expected).hasSize(27);
        assertThat(names(ctx.ciphers())).isEqualTo(expected);
        List<String> tls13 =
                openssl("-v", "DEFAULT").stream()
                        .filter(l -> l.contains(" TLSv1.3 "))
                        .map(l -> l.split(" ")[0])
                        .toList();
        assertThat(
                        Arrays.stream(ctx.ciphers())
                                .mapToObj(SslContext::cipherName)
                                .filter(n -> n.startsWith("TLS_")))
                .containsExactlyElementsOf(tls13);
    }

    /** The verbose lines are OpenSSL's, byte for byte. */
    @Test
    void descriptionsMatchOpenSsl() {
        List<String> lines = openssl("-v", "ALL:COMPLEMENTOFALL");
        SslContext ctx = SslContext.builder().cipherList("ALL:COMPLEMENTOFALL").build();
        List<String> ours =
                Arrays.stream(ctx.ciphers()).mapToObj(SslContext::cipherDescription).toList();
        List<String> theirs =
                lines.stream()
                        .filter(l -> universe.contains(l.split(" ")[0]) || l.contains(" TLSv1.3 "))
                        .toList();
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void tls12OnlyContextStillListsTls13SuitesButDoesNotSupportThem() {
        SslContext ctx =
                SslContext.builder().versions(TlsVersion.TLS1_2, TlsVersion.TLS1_2).build();
        assertThat(Arrays.stream(ctx.ciphers()).mapToObj(SslContext::cipherName))
                .contains("TLS_AES_128_GCM_SHA256");
        assertThat(Arrays.stream(ctx.supportedCiphers()).mapToObj(SslContext::cipherName))
                .doesNotContain("TLS_AES_128_GCM_SHA256");
    }
}
