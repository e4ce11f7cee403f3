package io.tlsbio.ssl.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NamedGroup;

/**
 * OpenSSL's names for the cipher suites and groups tlsbio supports, mapped to bctls ids, with the
 * defaults of {@code openssl s_client}: TLS 1.3 AES-GCM and CHACHA20; TLS 1.2 ECDHE with AES-GCM,
 * CHACHA20-POLY1305 and AES-CBC; groups X25519, P-256, P-384, ffdhe2048.
 */
public final class CipherNames {

    private static final Map<String, Integer> TLS13 = new LinkedHashMap<>();
    private static final Map<String, Integer> TLS12 = new LinkedHashMap<>();
    private static final Map<String, Integer> GROUPS = new LinkedHashMap<>();

    static {
        TLS13.put("TLS_AES_256_GCM_SHA384", CipherSuite.TLS_AES_256_GCM_SHA384);
        TLS13.put("TLS_CHACHA20_POLY1305_SHA256", CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        TLS13.put("TLS_AES_128_GCM_SHA256", CipherSuite.TLS_AES_128_GCM_SHA256);

        TLS12.put("ECDHE-ECDSA-AES256-GCM-SHA384", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384);
        TLS12.put("ECDHE-RSA-AES256-GCM-SHA384", CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
        TLS12.put("ECDHE-ECDSA-CHACHA20-POLY1305", CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256);
        TLS12.put("ECDHE-RSA-CHACHA20-POLY1305", CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256);
        TLS12.put("ECDHE-ECDSA-AES128-GCM-SHA256", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
        TLS12.put("ECDHE-RSA-AES128-GCM-SHA256", CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
        TLS12.put("ECDHE-ECDSA-AES256-SHA384", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384);
        TLS12.put("ECDHE-RSA-AES256-SHA384", CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384);
        TLS12.put("ECDHE-ECDSA-AES128-SHA256", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256);
        TLS12.put("ECDHE-RSA-AES128-SHA256", CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256);
        TLS12.put("ECDHE-ECDSA-AES256-SHA", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA);
        TLS12.put("ECDHE-RSA-AES256-SHA", CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA);
        TLS12.put("ECDHE-ECDSA-AES128-SHA", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA);
        TLS12.put("ECDHE-RSA-AES128-SHA", CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA);
        TLS12.put("DHE-RSA-AES256-GCM-SHA384", CipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384);
        TLS12.put("DHE-RSA-AES128-GCM-SHA256", CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256);

        GROUPS.put("X25519", NamedGroup.x25519);
        GROUPS.put("P-256", NamedGroup.secp256r1);
        GROUPS.put("P-384", NamedGroup.secp384r1);
        GROUPS.put("X448", NamedGroup.x448);
        GROUPS.put("P-521", NamedGroup.secp521r1);
        GROUPS.put("ffdhe2048", NamedGroup.ffdhe2048);
        GROUPS.put("ffdhe3072", NamedGroup.ffdhe3072);
        GROUPS.put("ffdhe4096", NamedGroup.ffdhe4096);
    }

    private CipherNames() {
    }

    /** Default TLS 1.3 suites, OpenSSL's order. */
    public static int[] defaultTls13() {
        return TLS13.values().stream().mapToInt(Integer::intValue).toArray();
    }

    /** Default TLS 1.2 suites (ECDHE only, no DHE), OpenSSL's order. */
    public static int[] defaultTls12() {
        return TLS12.entrySet().stream().filter(e -> e.getKey().startsWith("ECDHE"))
                .mapToInt(Map.Entry::getValue).toArray();
    }

    /** Default groups: X25519, P-256, P-384, ffdhe2048 (as s_client offers). */
    public static int[] defaultGroups() {
        return new int[] { NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1, NamedGroup.ffdhe2048 };
    }

    /** Parses an OpenSSL TLS 1.3 list ({@code -ciphersuites}), colon-separated. */
    public static int[] parseTls13(String list) {
        return parse(list, TLS13, "TLS 1.3 cipher suite");
    }

    /** Parses an OpenSSL TLS 1.2 cipher list ({@code -cipher}) of explicit names, colon-separated. */
    public static int[] parseTls12(String list) {
        return parse(list, TLS12, "cipher");
    }

    /** Parses an OpenSSL groups list ({@code -groups}), colon-separated; also takes prime256v1/secp384r1. */
    public static int[] parseGroups(String list) {
        String norm = list.replace("prime256v1", "P-256").replace("secp256r1", "P-256")
                .replace("secp384r1", "P-384").replace("secp521r1", "P-521");
        List<Integer> out = new ArrayList<>();
        for (String name : split(norm)) {
            out.add(lookup(GROUPS, name, "group"));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] parse(String list, Map<String, Integer> table, String what) {
        List<Integer> out = new ArrayList<>();
        for (String name : split(list)) {
            out.add(lookup(table, name, what));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int lookup(Map<String, Integer> table, String name, String what) {
        for (Map.Entry<String, Integer> e : table.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("unknown " + what + ": " + name + " (known: " + table.keySet() + ")");
    }

    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split("[:,\\s]+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty list: '" + list + "'");
        }
        return out;
    }

    /** OpenSSL's name of a suite ({@code SSL_CIPHER_get_name}), or the bctls id in hex. */
    public static String name(int suite) {
        for (Map<String, Integer> m : List.of(TLS13, TLS12)) {
            for (Map.Entry<String, Integer> e : m.entrySet()) {
                if (e.getValue() == suite) {
                    return e.getKey();
                }
            }
        }
        return String.format("0x%04X", suite);
    }

    /** OpenSSL's name of a group, or its id. */
    public static String groupName(int group) {
        for (Map.Entry<String, Integer> e : GROUPS.entrySet()) {
            if (e.getValue() == group) {
                return e.getKey();
            }
        }
        return NamedGroup.getName(group);
    }
}
