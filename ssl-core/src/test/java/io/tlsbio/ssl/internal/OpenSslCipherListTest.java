package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.ssl.SslContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cipher-list evaluator without openssl: fixed lists recorded from OpenSSL 3.0 and the
 * grammar's edges.
 */
class OpenSslCipherListTest {

    private static List<String> eval(String expr) {
        return OpenSslCipherList.evaluate(expr).suites().stream()
                .map(OpenSslCipherList.Suite::name)
                .toList();
    }

    @Test
    void defaultIsOpenSsl30sDefaultWithoutPskAndSrp() {
        assertThat(eval("DEFAULT"))
                .containsExactly(
                        "ECDHE-ECDSA-AES256-GCM-SHA384",
                        "ECDHE-RSA-AES256-GCM-SHA384",
                        "DHE-RSA-AES256-GCM-SHA384",
                        "ECDHE-ECDSA-CHACHA20-POLY1305",
                        "ECDHE-RSA-CHACHA20-POLY1305",
                        "DHE-RSA-CHACHA20-POLY1305",
                        "ECDHE-ECDSA-AES128-GCM-SHA256",
                        "ECDHE-RSA-AES128-GCM-SHA256",
                        "DHE-RSA-AES128-GCM-SHA256",
                        "ECDHE-ECDSA-AES256-SHA384",
                        "ECDHE-RSA-AES256-SHA384",
                        "DHE-RSA-AES256-SHA256",
                        "ECDHE-ECDSA-AES128-SHA256",
                        "ECDHE-RSA-AES128-SHA256",
                        "DHE-RSA-AES128-SHA256",
                        "ECDHE-ECDSA-AES256-SHA",
                        "ECDHE-RSA-AES256-SHA",
                        "DHE-RSA-AES256-SHA",
                        "ECDHE-ECDSA-AES128-SHA",
                        "ECDHE-RSA-AES128-SHA",
                        "DHE-RSA-AES128-SHA",
                        "AES256-GCM-SHA384",
                        "AES128-GCM-SHA256",
                        "AES256-SHA256",
                        "AES128-SHA256",
                        "AES256-SHA",
                        "AES128-SHA");
        assertThat(CipherNames.defaultTls12()).hasSize(27);
    }

    @Test
    void combinationsAndPrefixes() {
        assertThat(eval("ECDHE+AESGCM"))
                .containsExactly(
                        "ECDHE-ECDSA-AES256-GCM-SHA384",
                        "ECDHE-RSA-AES256-GCM-SHA384",
                        "ECDHE-ECDSA-AES128-GCM-SHA256",
                        "ECDHE-RSA-AES128-GCM-SHA256");
        // '-' deletes but allows re-adding (at the end); '!' deletes for good
        assertThat(eval("AESGCM:-ECDHE:ECDHE+AES256"))
                .endsWith(
                        "ECDHE-ECDSA-AES256-GCM-SHA384",
                        "ECDHE-RSA-AES256-GCM-SHA384",
                        "ECDHE-ECDSA-AES256-CCM8",
                        "ECDHE-ECDSA-AES256-CCM",
                        "ECDHE-ECDSA-AES256-SHA384",
                        "ECDHE-RSA-AES256-SHA384",
                        "ECDHE-ECDSA-AES256-SHA",
                        "ECDHE-RSA-AES256-SHA");
        assertThat(eval("AESGCM:!ECDHE:ECDHE+AES256"))
                .containsExactly(
                        "DHE-DSS-AES256-GCM-SHA384",
                        "DHE-RSA-AES256-GCM-SHA384",
                        "ADH-AES256-GCM-SHA384",
                        "DHE-DSS-AES128-GCM-SHA256",
                        "DHE-RSA-AES128-GCM-SHA256",
                        "ADH-AES128-GCM-SHA256",
                        "AES256-GCM-SHA384",
                        "AES128-GCM-SHA256");
        // '+' moves to the end, keeping order
        assertThat(eval("ECDHE-RSA-AES128-SHA:AES128-SHA:DHE-RSA-AES128-SHA:+kRSA"))
                .containsExactly("ECDHE-RSA-AES128-SHA", "DHE-RSA-AES128-SHA", "AES128-SHA");
        // separators ':' ',' ';' ' '
        assertThat(eval("AES128-SHA, AES256-SHA;CAMELLIA128-SHA AES128-SHA256"))
                .containsExactly("AES128-SHA", "AES256-SHA", "CAMELLIA128-SHA", "AES128-SHA256");
    }

    @Test
    void strengthSortIsStable() {
        assertThat(eval("AES128-SHA:AES256-SHA:CAMELLIA128-SHA:CAMELLIA256-SHA:@STRENGTH"))
                .containsExactly("AES256-SHA", "CAMELLIA256-SHA", "AES128-SHA", "CAMELLIA128-SHA");
    }

    @Test
    void secLevelIsRecordedAndFilters() {
        assertThat(OpenSslCipherList.evaluate("DEFAULT:@SECLEVEL=3").securityLevel()).isEqualTo(3);
        assertThat(OpenSslCipherList.evaluate("DEFAULT").securityLevel()).isNull();
        SslContext ctx = SslContext.builder().cipherList("ALL:COMPLEMENTOFALL:@SECLEVEL=3").build();
        assertThat(ctx.securityLevel()).isEqualTo(3);
        assertThat(java.util.Arrays.stream(ctx.supportedCiphers()).mapToObj(CipherNames::name))
                .noneMatch(n -> n.startsWith("AES") || n.startsWith("ADH"))
                .contains("ECDHE-RSA-AES128-SHA256");
        assertThat(SslContext.builder().build().securityLevel()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "FOO",
                "!kRSA:DEFAULT",
                "aes128-sha",
                "TLS_RSA_WITH_AES_128_CBC_SHA",
                "MEDIUM",
                "ALL:&X",
                "@FOO:ALL",
                "ALL:@SECLEVEL=6",
                "ECDHE+",
                "!ALL",
                "ALL:!ALL",
                "PSK",
                "eNULL+aECDSA+AESGCM"
            })
    void rejectedWithTheExpressionNamed(String expr) {
        assertThatThrownBy(() -> OpenSslCipherList.evaluate(expr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + expr + "'");
        assertThatThrownBy(() -> SslContext.builder().cipherList(expr))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void groupsHaveOpenSslsNamesAndDefaults() {
        assertThat(CipherNames.defaultGroups()).hasSize(10);
        assertThat(CipherNames.parseGroups("x25519:prime256v1:X448:secp521r1:P-384:ffdhe8192"))
                .containsExactly(29, 23, 30, 25, 24, 260);
        assertThatThrownBy(() -> CipherNames.parseGroups("P-999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("P-999");
    }

    @Test
    void descriptionLikeOpenSsl() {
        assertThat(CipherNames.describe(OpenSslCipherList.byName("ECDHE-RSA-AES128-SHA").id()))
                .isEqualTo(
                        "ECDHE-RSA-AES128-SHA           TLSv1   Kx=ECDH     Au=RSA   Enc=AES(128)               Mac=SHA1");
    }
}
