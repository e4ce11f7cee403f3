package io.tlsbio.ssl.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NamedGroup;

/**
 * OpenSSL's names for the cipher suites and groups tlsbio supports, mapped to bctls ids, with
 * OpenSSL 3.0's defaults:
 *
 * <ul>
 *   <li>TLS 1.3 ({@code SSL_CTX_set_ciphersuites}): TLS_AES_256_GCM_SHA384,
 *       TLS_CHACHA20_POLY1305_SHA256, TLS_AES_128_GCM_SHA256 (TLS_AES_128_CCM_SHA256 and
 *       TLS_AES_128_CCM_8_SHA256 can be named too);
 *   <li>TLS 1.2 ({@code SSL_CTX_set_cipher_list}): OpenSSL's cipher-list language, evaluated by
 *       {@link OpenSslCipherList}; the default is {@code DEFAULT} ({@code
 *       ALL:!COMPLEMENTOFDEFAULT:!eNULL}), 27 suites: ECDHE-ECDSA, ECDHE-RSA, DHE-RSA and RSA key
 *       exchange with AES-GCM, CHACHA20-POLY1305 and AES-CBC, the list of {@code openssl ciphers -v
 *       'DEFAULT:!PSK:!SRP'};
 *   <li>groups ({@code SSL_CTX_set1_groups_list}): x25519, secp256r1, x448, secp521r1, secp384r1,
 *       ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144, ffdhe8192.
 * </ul>
 */
public final class CipherNames {

    /** A TLS 1.3 suite: OpenSSL name, bctls id, the {@code Enc=} column and strength bits. */
    record Tls13(String name, int id, String enc, int bits) {}

    private static final List<Tls13> TLS13 =
            List.of(
                    new Tls13(
                            "TLS_AES_256_GCM_SHA384",
                            CipherSuite.TLS_AES_256_GCM_SHA384,
                            "AESGCM(256)",
                            256),
                    new Tls13(
                            "TLS_CHACHA20_POLY1305_SHA256",
                            CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                            "CHACHA20/POLY1305(256)",
                            256),
                    new Tls13(
                            "TLS_AES_128_GCM_SHA256",
                            CipherSuite.TLS_AES_128_GCM_SHA256,
                            "AESGCM(128)",
                            128),
                    new Tls13(
                            "TLS_AES_128_CCM_SHA256",
                            CipherSuite.TLS_AES_128_CCM_SHA256,
                            "AESCCM(128)",
                            128),
                    new Tls13(
                            "TLS_AES_128_CCM_8_SHA256",
                            CipherSuite.TLS_AES_128_CCM_8_SHA256,
                            "AESCCM8(128)",
                            128));

    /** OpenSSL's default TLS 1.3 suites ({@code OSSL_default_ciphersuites()}). */
    private static final int DEFAULT_TLS13_COUNT = 3;

    /**
     * Group names OpenSSL accepts (case-insensitive), each mapped to the group; the first name per
     * group is OpenSSL's.
     */
    private static final Map<String, Integer> GROUPS = new LinkedHashMap<>();

    static {
        group(NamedGroup.x25519, "X25519", "x25519");
        group(NamedGroup.secp256r1, "P-256", "secp256r1", "prime256v1");
        group(NamedGroup.x448, "X448", "x448");
        group(NamedGroup.secp521r1, "P-521", "secp521r1");
        group(NamedGroup.secp384r1, "P-384", "secp384r1");
        group(NamedGroup.ffdhe2048, "ffdhe2048");
        group(NamedGroup.ffdhe3072, "ffdhe3072");
        group(NamedGroup.ffdhe4096, "ffdhe4096");
        group(NamedGroup.ffdhe6144, "ffdhe6144");
        group(NamedGroup.ffdhe8192, "ffdhe8192");
        group(NamedGroup.brainpoolP256r1, "brainpoolP256r1");
        group(NamedGroup.brainpoolP384r1, "brainpoolP384r1");
        group(NamedGroup.brainpoolP512r1, "brainpoolP512r1");
    }

    private static void group(int id, String... names) {
        for (String n : names) {
            GROUPS.put(n.toLowerCase(Locale.ROOT), id);
        }
    }

    private static final int[] DEFAULT_GROUPS = {
        NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.x448, NamedGroup.secp521r1,
                NamedGroup.secp384r1,
        NamedGroup.ffdhe2048, NamedGroup.ffdhe3072, NamedGroup.ffdhe4096, NamedGroup.ffdhe6144,
                NamedGroup.ffdhe8192
    };

    private static final int[] DEFAULT_TLS12 = ids(OpenSslCipherList.evaluate("DEFAULT").suites());

    private CipherNames() {}

    private static int[] ids(List<OpenSslCipherList.Suite> suites) {
        return suites.stream().mapToInt(OpenSslCipherList.Suite::id).toArray();
    }

    /** Default TLS 1.3 suites, OpenSSL's order. */
    public static int[] defaultTls13() {
        return TLS13.stream().limit(DEFAULT_TLS13_COUNT).mapToInt(Tls13::id).toArray();
    }

    /** Default TLS 1.2 suites: {@code DEFAULT} evaluated, OpenSSL's order (27 suites). */
    public static int[] defaultTls12() {
        return DEFAULT_TLS12.clone();
    }

    /**
     * OpenSSL 3.0's default groups: x25519, secp256r1, x448, secp521r1, secp384r1,
     * ffdhe2048..ffdhe8192.
     */
    public static int[] defaultGroups() {
        return DEFAULT_GROUPS.clone();
    }

    /**
     * Parses an OpenSSL TLS 1.3 list ({@code -ciphersuites}), colon-separated; empty means none.
     */
    public static int[] parseTls13(String list) {
        List<Integer> out = new ArrayList<>();
        for (String name : list.split(":", -1)) {
            if (name.isEmpty()) {
                continue;
            }
            Tls13 t =
                    TLS13.stream()
                            .filter(s -> s.name().equals(name))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "unknown TLS 1.3 cipher suite: "
                                                            + name
                                                            + " in '"
                                                            + list
                                                            + "' (known: "
                                                            + TLS13.stream()
                                                                    .map(Tls13::name)
                                                                    .toList()
                                                            + ")"));
            if (!out.contains(t.id())) {
                out.add(t.id());
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Evaluates an OpenSSL cipher string ({@code -cipher}, {@code SSL_CTX_set_cipher_list}).
     *
     * @throws IllegalArgumentException naming the expression when OpenSSL would reject it
     */
    public static OpenSslCipherList.Result parseTls12(String expr) {
        return OpenSslCipherList.evaluate(expr);
    }

    /** Parses an OpenSSL groups list ({@code -groups}), colon-separated, names case-insensitive. */
    public static int[] parseGroups(String list) {
        List<Integer> out = new ArrayList<>();
        for (String name : list.split(":", -1)) {
            Integer id = GROUPS.get(name.toLowerCase(Locale.ROOT));
            if (id == null) {
                throw new IllegalArgumentException(
                        "unknown group: '"
                                + name
                                + "' in '"
                                + list
                                + "' (known: "
                                + GROUPS.keySet()
                                + ")");
            }
            if (!out.contains(id)) {
                out.add(id);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether {@code id} is a TLS 1.3 suite. */
    public static boolean isTls13(int id) {
        return TLS13.stream().anyMatch(t -> t.id() == id);
    }

    /** Strength bits of a suite (0 for the NULL ciphers, -1 if unknown). */
    public static int bits(int id) {
        for (Tls13 t : TLS13) {
            if (t.id() == id) {
                return t.bits();
            }
        }
        OpenSslCipherList.Suite s = OpenSslCipherList.byId(id);
        return s == null ? -1 : s.bits();
    }

    /** Whether a suite (TLS 1.2 or 1.3) is allowed at an OpenSSL security level. */
    public static boolean allowedAt(int id, int level) {
        for (Tls13 t : TLS13) {
            if (t.id() == id) {
                return t.bits() >= OpenSslCipherList.minBits(level) || level <= 0;
            }
        }
        OpenSslCipherList.Suite s = OpenSslCipherList.byId(id);
        return s != null && OpenSslCipherList.allowed(s, level);
    }

    /** The {@code openssl ciphers -v} line of a suite. */
    public static String describe(int id) {
        for (Tls13 t : TLS13) {
            if (t.id() == id) {
                return OpenSslCipherList.describe(
                        t.name(), "TLSv1.3", "any", "any", t.enc(), "AEAD");
            }
        }
        OpenSslCipherList.Suite s = OpenSslCipherList.byId(id);
        if (s == null) {
            return name(id);
        }
        return OpenSslCipherList.describe(
                s.name(), s.version(), s.kx(), s.au(), s.encName(), s.macName());
    }

    /** The IANA name of a suite ({@code SSL_CIPHER_standard_name}). */
    public static String standardName(int id) {
        for (Tls13 t : TLS13) {
            if (t.id() == id) {
                return t.name();
            }
        }
        OpenSslCipherList.Suite s = OpenSslCipherList.byId(id);
        return s == null ? name(id) : s.standardName();
    }

    /** OpenSSL's name of a suite ({@code SSL_CIPHER_get_name}), or the bctls id in hex. */
    public static String name(int suite) {
        for (Tls13 t : TLS13) {
            if (t.id() == suite) {
                return t.name();
            }
        }
        OpenSslCipherList.Suite s = OpenSslCipherList.byId(suite);
        return s != null ? s.name() : String.format("0x%04X", suite);
    }

    /** OpenSSL's name of a group, or its id. */
    public static String groupName(int group) {
        for (Map.Entry<String, Integer> e : GROUPS.entrySet()) {
            if (e.getValue() == group) {
                return DISPLAY.getOrDefault(group, e.getKey());
            }
        }
        return NamedGroup.getName(group);
    }

    private static final Map<Integer, String> DISPLAY =
            Map.of(
                    NamedGroup.x25519,
                    "X25519",
                    NamedGroup.x448,
                    "X448",
                    NamedGroup.secp256r1,
                    "P-256",
                    NamedGroup.secp384r1,
                    "P-384",
                    NamedGroup.secp521r1,
                    "P-521",
                    NamedGroup.brainpoolP256r1,
                    "brainpoolP256r1",
                    NamedGroup.brainpoolP384r1,
                    "brainpoolP384r1",
                    NamedGroup.brainpoolP512r1,
                    "brainpoolP512r1");
}
