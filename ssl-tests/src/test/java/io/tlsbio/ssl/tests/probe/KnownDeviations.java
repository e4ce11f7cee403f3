package io.tlsbio.ssl.tests.probe;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ONE list of differences between tlsbio and {@code openssl s_server} that {@link
 * ProbeSuiteTest} currently expects: probe-id pattern → reason. Every difference not listed here
 * fails the suite; fix tlsbio, then delete the line (the suite reports entries whose probes now
 * agree as "listed but equal").
 *
 * <p>Patterns are globs over {@link Probe#id()} ({@code group/name}): {@code *} matches any
 * characters, everything else literally. Entries are grouped by cause. A pattern whose probes all
 * agree again is reported in {@code target/probe-report.txt}; with {@code -Dprobes.strict=true} it
 * fails the suite.
 */
final class KnownDeviations {

    private KnownDeviations() {}

    private static final Map<String, String> MAP = new LinkedHashMap<>();

    /** pattern → reason, in the order listed. */
    static final Map<String, String> DEVIATIONS = Collections.unmodifiableMap(MAP);

    private static void cause(String reason, String... patterns) {
        for (String p : patterns) {
            if (MAP.put(p, reason) != null) {
                throw new IllegalStateException("pattern listed twice: " + p);
            }
        }
    }

    static {
        cause(
                "signature_algorithms_cert not honoured: OpenSSL refuses (handshake_failure) when its chain is signed"
                        + " with a scheme outside the list; bctls sends the chain anyway",
                "extensions/signature-algorithms-cert");

        // hellos larger than tlsbio accepted (group 2): padding/size-65000, large/* answered
        // internal_error
        // ("maxHandshakeMessageSize 32768") in the ssl-core of 23:21:00; equal since the ssl-core
        // of 23:21:26.

        // ---------------------------------------------------------- versions
        cause(
                "legacy_version above 0x0303 in the ClientHello ((3,254) aside): OpenSSL treats it as 'TLS 1.2 or later'"
                        + " and negotiates; tlsbio answers illegal_parameter, or decode_error for (254,254) (bctls"
                        + " rejects DTLS-reserved versions while parsing)",
                "version/tls1*-hello-version-(254,254)",
                "version/tls1*-hello-version-(4,1)",
                "version/tls1*-hello-version-(6,3)",
                "version/tls1*-hello-version-(255,255)");
        cause(
                "TLS 1.0/1.1/SSLv3-only client: OpenSSL 3.0 has TLS 1.0/1.1 enabled but no usable suite at security"
                        + " level 1 (internal_error, or handshake_failure for SSLv3, in a record of the client's version);"
                        + " tlsbio answers protocol_version (its minimum is TLS 1.2) - an OpenSSL quirk not to copy",
                "version/tls12-hello-version-(3,0)",
                "version/tls12-hello-version-(3,1)",
                // the same in an SSLv2-format hello
                "not-tls/sslv2-hello-version-0301",
                "version/tls12-hello-version-(3,2)",
                "version/sv-tls11-only",
                "version/sv-tls10-only");

        // ---------------------------------------------------------- wrong alert (group 4)

        // ---------------------------------------------------------- lenient where OpenSSL is
        // strict

        // ---------------------------------------------------------- strict where OpenSSL is
        // lenient
        cause(
                "extension contents bctls refuses and OpenSSL accepts or ignores: ec_point_formats (empty, bad length,"
                        + " no uncompressed), padding with non-zero bytes, an unknown extension twice, a malformed"
                        + " pre_shared_key, an empty host name, a non-empty encrypt_then_mac",
                "bad-length/point-formats-empty",
                "bad-length/point-formats-length-plus1",
                "missing-ext/tls12-point-formats-without-uncompressed",
                "padding/size-300-nonzero-content",
                "duplicate-ext/tls13-unknown-twice",
                "extensions/psk-malformed",
                "extensions/sni-empty-name",
                "extensions/tls12-encrypt-then-mac-nonempty");
    }

    /** The reason a probe's difference is expected, if its id matches a listed pattern. */
    static Optional<String> reason(String probeId) {
        return MAP.entrySet().stream()
                .filter(e -> matches(e.getKey(), probeId))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** The first listed pattern matching the probe, if any. */
    static Optional<String> pattern(String probeId) {
        return MAP.keySet().stream().filter(p -> matches(p, probeId)).findFirst();
    }

    static boolean matches(String glob, String id) {
        String regex =
                Arrays.stream(glob.split("\\*", -1))
                        .map(Pattern::quote)
                        .collect(Collectors.joining(".*"));
        return Pattern.compile(regex, Pattern.DOTALL).matcher(id).matches();
    }
}
