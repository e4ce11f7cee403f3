package io.tlsbio.ssl.internal.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.ssl.VerifyResult;
import io.tlsbio.ssl.internal.x509.Pki.Cert;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * check_id: host names and IP addresses against the leaf, as OpenSSL 3.0.19's X509_check_host /
 * X509_check_ip_asc with default flags (-verify_hostname / -verify_ip). Note that 3.0 allows
 * partial-label wildcards such as {@code f*.example.com} by default.
 */
class HostCheckTest {

    private static final Cert ROOT = Pki.root("Root");

    private static VerifyResult check(Cert leaf, String host) {
        return new Scenario().trust(ROOT).host(host).run(leaf).error();
    }

    private static Cert withSans(String cn, String... dns) {
        return Pki.cert("CN=" + cn).issuer(ROOT).dns(dns).build();
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource({
        // pattern, host, matches (OpenSSL 3.0.19)
        "*.example.com, a.example.com, true",
        "*.example.com, A.EXAMPLE.COM, true",
        "*.example.com, example.com, false",
        "*.example.com, a.b.example.com, false",
        "*.example.com, xn--abc.example.com, true",
        "*.example.com, a.example.com., false",
        "*.example.com, .example.com, true",
        "*.com, a.com, false",
        "f*.example.com, foo.example.com, true",
        "f*.example.com, f.example.com, true",
        "f*.example.com, bar.example.com, false",
        "f*.example.com, xn--f.example.com, false",
        "*o.example.com, foo.example.com, true",
        "*o.example.com, o.example.com, true",
        "f*o.example.com, fo.example.com, false",
        "*.*.example.com, a.b.example.com, false",
        "a.*.example.com, a.x.example.com, false",
        "www.example.com., www.example.com., true",
        "www.example.com., www.example.com, false",
        "*.xn--bcher-kva.example, a.xn--bcher-kva.example, true",
        "www.example.com, .example.com, true",
        "www.example.com, .other.com, false",
    })
    void wildcardsAndCaseFollowOpenSsl(String pattern, String host, boolean matches) {
        assertThat(check(withSans("x", pattern), host))
                .isEqualTo(matches ? VerifyResult.OK : VerifyResult.HOSTNAME_MISMATCH);
    }

    @Test
    void theCommonNameCountsOnlyWithoutADnsName() {
        Cert cnOnly = Pki.cert("CN=www.example.com").issuer(ROOT).build();
        Cert cnAndEmail =
                Pki.cert("CN=www.example.com")
                        .issuer(ROOT)
                        .san(new GeneralName(GeneralName.rfc822Name, "a@b.com"))
                        .build();
        Cert cnAndDns = withSans("www.example.com", "other.example.com");
        Cert wildcardCn = Pki.cert("CN=*.example.com").issuer(ROOT).build();

        assertThat(check(cnOnly, "www.example.com")).isEqualTo(VerifyResult.OK);
        assertThat(check(cnAndEmail, "www.example.com")).isEqualTo(VerifyResult.OK);
        assertThat(check(cnAndDns, "www.example.com")).isEqualTo(VerifyResult.HOSTNAME_MISMATCH);
        assertThat(check(wildcardCn, "a.example.com")).isEqualTo(VerifyResult.OK);
    }

    @Test
    void ipAddressesMatchIpSansOnly() {
        Cert ipSan = Pki.cert("CN=1.2.3.4").issuer(ROOT).ip("1.2.3.4", "::1").build();
        Cert ipInCnOnly = Pki.cert("CN=1.2.3.4").issuer(ROOT).build();

        assertThat(check(ipSan, "1.2.3.4")).isEqualTo(VerifyResult.OK);
        assertThat(check(ipSan, "01.2.3.4")).isEqualTo(VerifyResult.OK);
        assertThat(check(ipSan, "0:0:0:0:0:0:0:1")).isEqualTo(VerifyResult.OK);
        assertThat(check(ipSan, "1.2.3.5")).isEqualTo(VerifyResult.IP_ADDRESS_MISMATCH);
        assertThat(check(ipSan, "::ffff:1.2.3.4")).isEqualTo(VerifyResult.IP_ADDRESS_MISMATCH);
        // an address is never looked for in the commonName
        assertThat(check(ipInCnOnly, "1.2.3.4")).isEqualTo(VerifyResult.IP_ADDRESS_MISMATCH);
    }

    @Test
    void aMismatchIsReportedForTheLeafAtDepthZero() {
        Scenario.Outcome o =
                new Scenario()
                        .trust(ROOT)
                        .host("b.example.com")
                        .runAcceptingAll(withSans("a", "a.example.com"));

        assertThat(o.calls()).startsWith("ok=0 depth=0 err=62 CN=a");
        assertThat(o.error()).isEqualTo(VerifyResult.HOSTNAME_MISMATCH);
    }

    @Test
    void noHostNameMeansNoCheck() {
        assertThat(check(withSans("a", "a.example.com"), null)).isEqualTo(VerifyResult.OK);
        assertThat(check(withSans("a", "a.example.com"), "")).isEqualTo(VerifyResult.OK);
    }

    @Test
    void validStarFindsTheOneLegalWildcard() {
        assertThat(HostCheck.validStar("*.a.com".getBytes())).isZero();
        assertThat(HostCheck.validStar("ab*.a.com".getBytes())).isEqualTo(2);
        assertThat(HostCheck.validStar("*.com".getBytes())).isEqualTo(-1);
        assertThat(HostCheck.validStar("a*b.a.com".getBytes())).isEqualTo(-1);
        assertThat(HostCheck.validStar("xn--*.a.com".getBytes())).isEqualTo(-1);
        assertThat(HostCheck.validStar("-*.a.com".getBytes())).isEqualTo(-1);
        assertThat(HostCheck.validStar("*.a.com.".getBytes())).isEqualTo(-1);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // text | address bytes in hex, or empty when OpenSSL 3.0.19's a2i_ipadd refuses it
                "1.2.3.4|01020304",
                "01.2.3.4|01020304",
                "' 1.2.3.4'|01020304",
                "'1.2.3.4 '|01020304",
                "+1.2.3.4|01020304",
                "1.2.3.4x|",
                "1.2.3|",
                "1.2.3.256|",
                "-0.1.2.3|00010203",
                "'1. 2.3.4'|01020304",
                "::1|00000000000000000000000000000001",
                "::|00000000000000000000000000000000",
                "1::|00010000000000000000000000000000",
                "::ffff:1.2.3.4|00000000000000000000ffff01020304",
                "1:2:3:4:5:6:7:8|00010002000300040005000600070008",
                "1:2:3:4:5:6:7:8:9|",
                ":::|",
                "1:::2|",
                "12345::|",
                "g::|",
            })
    void ipAddressTextIsReadAsOpenSsl30Does(String text, String hex) {
        byte[] b = IpAddresses.parse(text);
        if (hex == null) {
            assertThat(b).isNull();
        } else {
            assertThat(b).isNotNull();
            assertThat(java.util.HexFormat.of().formatHex(b)).isEqualTo(hex);
        }
    }
}
