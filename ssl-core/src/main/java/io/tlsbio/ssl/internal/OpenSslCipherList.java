package io.tlsbio.ssl.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenSSL 3.0's cipher-list language ({@code ciphers(1)}, {@code SSL_CTX_set_cipher_list}) over the
 * TLS 1.2 suites tlsbio can negotiate: a port of {@code ssl_create_cipher_list} and {@code
 * ssl_cipher_process_rulestr} from {@code ssl/ssl_ciph.c}.
 *
 * <p>The universe is every TLS 1.2 suite of {@code openssl ciphers -v ALL:COMPLEMENTOFALL} that
 * bctls 1.84 implements (88 suites: RSA, DHE-RSA, DHE-DSS, ECDHE-RSA, ECDHE-ECDSA and the anonymous
 * ADH/AECDH key exchanges with AES-CBC/GCM/CCM/CCM8, CHACHA20-POLY1305, CAMELLIA, ARIA-GCM, and the
 * NULL ciphers), minus the PSK and SRP suites (tlsbio has no PSK or SRP configuration, so it could
 * never negotiate them) and NULL-MD5 (bctls has no MD5 suites). 3DES, RC4, SEED and IDEA suites are
 * absent because OpenSSL 3.0 builds them only with {@code enable-weak-ssl-ciphers}/legacy options,
 * and bctls would not offer them either.
 *
 * <p>{@link #TABLE} is in the order OpenSSL's default sort leaves its list before the rule string
 * is applied (the order of {@code openssl ciphers -v ALL:COMPLEMENTOFALL}, with the eNULL suites
 * where OpenSSL's sort puts them); every rule is then applied exactly as OpenSSL applies it: one
 * list of all suites with an active flag, {@code ADD} appending inactive matches to the tail,
 * {@code -} moving active matches to the head and deactivating them, {@code +} moving active
 * matches to the tail, {@code !} removing them for good, {@code @STRENGTH} a stable sort by
 * strength bits, {@code @SECLEVEL=n} recording the level.
 */
public final class OpenSslCipherList {

    // key exchange
    static final int K_RSA = 1;
    static final int K_DHE = 2;
    static final int K_ECDHE = 4;
    // authentication
    static final int A_RSA = 1;
    static final int A_DSS = 2;
    static final int A_NULL = 4;
    static final int A_ECDSA = 8;
    // encryption
    static final int E_AES128 = 1;
    static final int E_AES256 = 1 << 1;
    static final int E_AES128GCM = 1 << 2;
    static final int E_AES256GCM = 1 << 3;
    static final int E_AES128CCM = 1 << 4;
    static final int E_AES256CCM = 1 << 5;
    static final int E_AES128CCM8 = 1 << 6;
    static final int E_AES256CCM8 = 1 << 7;
    static final int E_CHACHA20 = 1 << 8;
    static final int E_CAMELLIA128 = 1 << 9;
    static final int E_CAMELLIA256 = 1 << 10;
    static final int E_ARIA128GCM = 1 << 11;
    static final int E_ARIA256GCM = 1 << 12;
    static final int E_NULL = 1 << 13;
    static final int E_AES =
            E_AES128
                    | E_AES256
                    | E_AES128GCM
                    | E_AES256GCM
                    | E_AES128CCM
                    | E_AES256CCM
                    | E_AES128CCM8
                    | E_AES256CCM8;
    // MAC
    static final int M_MD5 = 1;
    static final int M_SHA1 = 2;
    static final int M_SHA256 = 4;
    static final int M_SHA384 = 8;
    static final int M_AEAD = 16;
    // protocol versions (min_tls)
    static final int V_SSL3 = 0x0300;
    static final int V_TLS1 = 0x0301;
    static final int V_TLS1_2 = 0x0303;
    static final int V_TLS1_3 = 0x0304;
    // algo_strength: SSL_STRONG_MASK bits and SSL_DEFAULT_MASK
    static final int S_NONE = 1;
    static final int S_LOW = 2;
    static final int S_MEDIUM = 4;
    static final int S_HIGH = 8;
    static final int S_FIPS = 16;
    static final int STRONG_MASK = 31;
    static final int NOT_DEFAULT = 32;
    static final int DEFAULT_MASK = 32;

    /** OpenSSL 3.0's {@code OSSL_default_cipher_list()}. */
    public static final String DEFAULT_RULE = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

    /** One TLS 1.2 suite with OpenSSL's algorithm bits ({@code SSL_CIPHER}). */
    public record Suite(
            String name,
            String standardName,
            int id,
            int mkey,
            int auth,
            int enc,
            int mac,
            int minTls,
            int bits,
            int strength) {

        /** The {@code Kx=} column of {@code SSL_CIPHER_description}. */
        public String kx() {
            return switch (mkey) {
                case K_RSA -> "RSA";
                case K_DHE -> "DH";
                case K_ECDHE -> "ECDH";
                default -> "unknown";
            };
        }

        /** The {@code Au=} column. */
        public String au() {
            return switch (auth) {
                case A_RSA -> "RSA";
                case A_DSS -> "DSS";
                case A_ECDSA -> "ECDSA";
                case A_NULL -> "None";
                default -> "unknown";
            };
        }

        /** The {@code Enc=} column. */
        public String encName() {
            return switch (enc) {
                case E_AES128 -> "AES(128)";
                case E_AES256 -> "AES(256)";
                case E_AES128GCM -> "AESGCM(128)";
                case E_AES256GCM -> "AESGCM(256)";
                case E_AES128CCM -> "AESCCM(128)";
                case E_AES256CCM -> "AESCCM(256)";
                case E_AES128CCM8 -> "AESCCM8(128)";
                case E_AES256CCM8 -> "AESCCM8(256)";
                case E_CHACHA20 -> "CHACHA20/POLY1305(256)";
                case E_CAMELLIA128 -> "Camellia(128)";
                case E_CAMELLIA256 -> "Camellia(256)";
                case E_ARIA128GCM -> "ARIAGCM(128)";
                case E_ARIA256GCM -> "ARIAGCM(256)";
                case E_NULL -> "None";
                default -> "unknown";
            };
        }

        /** The {@code Mac=} column. */
        public String macName() {
            return switch (mac) {
                case M_MD5 -> "MD5";
                case M_SHA1 -> "SHA1";
                case M_SHA256 -> "SHA256";
                case M_SHA384 -> "SHA384";
                case M_AEAD -> "AEAD";
                default -> "unknown";
            };
        }

        /** The version column: the suite's minimum protocol ({@code SSL_CIPHER_get_version}). */
        public String version() {
            return versionName(minTls);
        }
    }

    /** The universe, in OpenSSL's pre-rule order. */
    static final List<Suite> TABLE;

    private static final Map<String, Suite> BY_NAME = new HashMap<>();
    private static final Map<String, int[]> ALIASES = new LinkedHashMap<>();
    private static final List<Suite> ROWS = new ArrayList<>();

    private static void c(
            String name,
            String std,
            int id,
            int mkey,
            int auth,
            int enc,
            int mac,
            int minTls,
            int bits,
            int strength) {
        Suite s = new Suite(name, std, id, mkey, auth, enc, mac, minTls, bits, strength);
        ROWS.add(s);
        BY_NAME.put(name, s);
    }

    /** An alias of {@code cipher_aliases[]}: mkey, auth, enc, mac, min_tls, algo_strength. */
    private static void alias(
            String name, int mkey, int auth, int enc, int mac, int minTls, int strength) {
        ALIASES.put(name, new int[] {mkey, auth, enc, mac, minTls, strength});
    }

    static {
        c(
                "ECDHE-ECDSA-AES256-GCM-SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                0xC02C,
                K_ECDHE,
                A_ECDSA,
                E_AES256GCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | S_FIPS);
        c(
                "ECDHE-RSA-AES256-GCM-SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                0xC030,
                K_ECDHE,
                A_RSA,
                E_AES256GCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | S_FIPS);
        c(
                "DHE-DSS-AES256-GCM-SHA384",
                "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384",
                0x00A3,
                K_DHE,
                A_DSS,
                E_AES256GCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "DHE-RSA-AES256-GCM-SHA384",
                "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
                0x009F,
                K_DHE,
                A_RSA,
                E_AES256GCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | S_FIPS);
        c(
                "ECDHE-ECDSA-CHACHA20-POLY1305",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                0xCCA9,
                K_ECDHE,
                A_ECDSA,
                E_CHACHA20,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH);
        c(
                "ECDHE-RSA-CHACHA20-POLY1305",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                0xCCA8,
                K_ECDHE,
                A_RSA,
                E_CHACHA20,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH);
        c(
                "DHE-RSA-CHACHA20-POLY1305",
                "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                0xCCAA,
                K_DHE,
                A_RSA,
                E_CHACHA20,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH);
        c(
                "ECDHE-ECDSA-AES256-CCM8",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8",
                0xC0AF,
                K_ECDHE,
                A_ECDSA,
                E_AES256CCM8,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "ECDHE-ECDSA-AES256-CCM",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
                0xC0AD,
                K_ECDHE,
                A_ECDSA,
                E_AES256CCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-RSA-AES256-CCM8",
                "TLS_DHE_RSA_WITH_AES_256_CCM_8",
                0xC0A3,
                K_DHE,
                A_RSA,
                E_AES256CCM8,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-RSA-AES256-CCM",
                "TLS_DHE_RSA_WITH_AES_256_CCM",
                0xC09F,
                K_DHE,
                A_RSA,
                E_AES256CCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "ECDHE-ECDSA-ARIA256-GCM-SHA384",
                "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384",
                0xC05D,
                K_ECDHE,
                A_ECDSA,
                E_ARIA256GCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "ECDHE-ARIA256-GCM-SHA384",
                "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384",
                0xC061,
                K_ECDHE,
                A_RSA,
                E_ARIA256GCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-DSS-ARIA256-GCM-SHA384",
                "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384",
                0xC057,
                K_DHE,
                A_DSS,
                E_ARIA256GCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-RSA-ARIA256-GCM-SHA384",
                "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384",
                0xC053,
                K_DHE,
                A_RSA,
                E_ARIA256GCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "ADH-AES256-GCM-SHA384",
                "TLS_DH_anon_WITH_AES_256_GCM_SHA384",
                0x00A7,
                K_DHE,
                A_NULL,
                E_AES256GCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "ECDHE-ECDSA-AES128-GCM-SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                0xC02B,
                K_ECDHE,
                A_ECDSA,
                E_AES128GCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | S_FIPS);
        c(
                "ECDHE-RSA-AES128-GCM-SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                0xC02F,
                K_ECDHE,
                A_RSA,
                E_AES128GCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | S_FIPS);
        c(
                "DHE-DSS-AES128-GCM-SHA256",
                "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256",
                0x00A2,
                K_DHE,
                A_DSS,
                E_AES128GCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "DHE-RSA-AES128-GCM-SHA256",
                "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                0x009E,
                K_DHE,
                A_RSA,
                E_AES128GCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | S_FIPS);
        c(
                "ECDHE-ECDSA-AES128-CCM8",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
                0xC0AE,
                K_ECDHE,
                A_ECDSA,
                E_AES128CCM8,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "ECDHE-ECDSA-AES128-CCM",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
                0xC0AC,
                K_ECDHE,
                A_ECDSA,
                E_AES128CCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-RSA-AES128-CCM8",
                "TLS_DHE_RSA_WITH_AES_128_CCM_8",
                0xC0A2,
                K_DHE,
                A_RSA,
                E_AES128CCM8,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-RSA-AES128-CCM",
                "TLS_DHE_RSA_WITH_AES_128_CCM",
                0xC09E,
                K_DHE,
                A_RSA,
                E_AES128CCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "ECDHE-ECDSA-ARIA128-GCM-SHA256",
                "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256",
                0xC05C,
                K_ECDHE,
                A_ECDSA,
                E_ARIA128GCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "ECDHE-ARIA128-GCM-SHA256",
                "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256",
                0xC060,
                K_ECDHE,
                A_RSA,
                E_ARIA128GCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-DSS-ARIA128-GCM-SHA256",
                "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256",
                0xC056,
                K_DHE,
                A_DSS,
                E_ARIA128GCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-RSA-ARIA128-GCM-SHA256",
                "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256",
                0xC052,
                K_DHE,
                A_RSA,
                E_ARIA128GCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "ADH-AES128-GCM-SHA256",
                "TLS_DH_anon_WITH_AES_128_GCM_SHA256",
                0x00A6,
                K_DHE,
                A_NULL,
                E_AES128GCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "ECDHE-ECDSA-AES256-SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                0xC024,
                K_ECDHE,
                A_ECDSA,
                E_AES256,
                M_SHA384,
                V_TLS1_2,
                256,
                S_HIGH | S_FIPS);
        c(
                "ECDHE-RSA-AES256-SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
                0xC028,
                K_ECDHE,
                A_RSA,
                E_AES256,
                M_SHA384,
                V_TLS1_2,
                256,
                S_HIGH | S_FIPS);
        c(
                "DHE-RSA-AES256-SHA256",
                "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
                0x006B,
                K_DHE,
                A_RSA,
                E_AES256,
                M_SHA256,
                V_TLS1_2,
                256,
                S_HIGH | S_FIPS);
        c(
                "DHE-DSS-AES256-SHA256",
                "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
                0x006A,
                K_DHE,
                A_DSS,
                E_AES256,
                M_SHA256,
                V_TLS1_2,
                256,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "ECDHE-ECDSA-CAMELLIA256-SHA384",
                "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384",
                0xC073,
                K_ECDHE,
                A_ECDSA,
                E_CAMELLIA256,
                M_SHA384,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "ECDHE-RSA-CAMELLIA256-SHA384",
                "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384",
                0xC077,
                K_ECDHE,
                A_RSA,
                E_CAMELLIA256,
                M_SHA384,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-RSA-CAMELLIA256-SHA256",
                "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256",
                0x00C4,
                K_DHE,
                A_RSA,
                E_CAMELLIA256,
                M_SHA256,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-DSS-CAMELLIA256-SHA256",
                "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256",
                0x00C3,
                K_DHE,
                A_DSS,
                E_CAMELLIA256,
                M_SHA256,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "ADH-AES256-SHA256",
                "TLS_DH_anon_WITH_AES_256_CBC_SHA256",
                0x006D,
                K_DHE,
                A_NULL,
                E_AES256,
                M_SHA256,
                V_TLS1_2,
                256,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "ADH-CAMELLIA256-SHA256",
                "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256",
                0x00C5,
                K_DHE,
                A_NULL,
                E_CAMELLIA256,
                M_SHA256,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "ECDHE-ECDSA-AES128-SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                0xC023,
                K_ECDHE,
                A_ECDSA,
                E_AES128,
                M_SHA256,
                V_TLS1_2,
                128,
                S_HIGH | S_FIPS);
        c(
                "ECDHE-RSA-AES128-SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                0xC027,
                K_ECDHE,
                A_RSA,
                E_AES128,
                M_SHA256,
                V_TLS1_2,
                128,
                S_HIGH | S_FIPS);
        c(
                "DHE-RSA-AES128-SHA256",
                "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
                0x0067,
                K_DHE,
                A_RSA,
                E_AES128,
                M_SHA256,
                V_TLS1_2,
                128,
                S_HIGH | S_FIPS);
        c(
                "DHE-DSS-AES128-SHA256",
                "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
                0x0040,
                K_DHE,
                A_DSS,
                E_AES128,
                M_SHA256,
                V_TLS1_2,
                128,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "ECDHE-ECDSA-CAMELLIA128-SHA256",
                "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256",
                0xC072,
                K_ECDHE,
                A_ECDSA,
                E_CAMELLIA128,
                M_SHA256,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "ECDHE-RSA-CAMELLIA128-SHA256",
                "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",
                0xC076,
                K_ECDHE,
                A_RSA,
                E_CAMELLIA128,
                M_SHA256,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-RSA-CAMELLIA128-SHA256",
                "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",
                0x00BE,
                K_DHE,
                A_RSA,
                E_CAMELLIA128,
                M_SHA256,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-DSS-CAMELLIA128-SHA256",
                "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256",
                0x00BD,
                K_DHE,
                A_DSS,
                E_CAMELLIA128,
                M_SHA256,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "ADH-AES128-SHA256",
                "TLS_DH_anon_WITH_AES_128_CBC_SHA256",
                0x006C,
                K_DHE,
                A_NULL,
                E_AES128,
                M_SHA256,
                V_TLS1_2,
                128,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "ADH-CAMELLIA128-SHA256",
                "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256",
                0x00BF,
                K_DHE,
                A_NULL,
                E_CAMELLIA128,
                M_SHA256,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "ECDHE-ECDSA-AES256-SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
                0xC00A,
                K_ECDHE,
                A_ECDSA,
                E_AES256,
                M_SHA1,
                V_TLS1,
                256,
                S_HIGH | S_FIPS);
        c(
                "ECDHE-RSA-AES256-SHA",
                "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                0xC014,
                K_ECDHE,
                A_RSA,
                E_AES256,
                M_SHA1,
                V_TLS1,
                256,
                S_HIGH | S_FIPS);
        c(
                "DHE-RSA-AES256-SHA",
                "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
                0x0039,
                K_DHE,
                A_RSA,
                E_AES256,
                M_SHA1,
                V_SSL3,
                256,
                S_HIGH | S_FIPS);
        c(
                "DHE-DSS-AES256-SHA",
                "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
                0x0038,
                K_DHE,
                A_DSS,
                E_AES256,
                M_SHA1,
                V_SSL3,
                256,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "DHE-RSA-CAMELLIA256-SHA",
                "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA",
                0x0088,
                K_DHE,
                A_RSA,
                E_CAMELLIA256,
                M_SHA1,
                V_SSL3,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-DSS-CAMELLIA256-SHA",
                "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA",
                0x0087,
                K_DHE,
                A_DSS,
                E_CAMELLIA256,
                M_SHA1,
                V_SSL3,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "AECDH-AES256-SHA",
                "TLS_ECDH_anon_WITH_AES_256_CBC_SHA",
                0xC019,
                K_ECDHE,
                A_NULL,
                E_AES256,
                M_SHA1,
                V_TLS1,
                256,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "ADH-AES256-SHA",
                "TLS_DH_anon_WITH_AES_256_CBC_SHA",
                0x003A,
                K_DHE,
                A_NULL,
                E_AES256,
                M_SHA1,
                V_SSL3,
                256,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "ADH-CAMELLIA256-SHA",
                "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA",
                0x0089,
                K_DHE,
                A_NULL,
                E_CAMELLIA256,
                M_SHA1,
                V_SSL3,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "ECDHE-ECDSA-AES128-SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
                0xC009,
                K_ECDHE,
                A_ECDSA,
                E_AES128,
                M_SHA1,
                V_TLS1,
                128,
                S_HIGH | S_FIPS);
        c(
                "ECDHE-RSA-AES128-SHA",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                0xC013,
                K_ECDHE,
                A_RSA,
                E_AES128,
                M_SHA1,
                V_TLS1,
                128,
                S_HIGH | S_FIPS);
        c(
                "DHE-RSA-AES128-SHA",
                "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
                0x0033,
                K_DHE,
                A_RSA,
                E_AES128,
                M_SHA1,
                V_SSL3,
                128,
                S_HIGH | S_FIPS);
        c(
                "DHE-DSS-AES128-SHA",
                "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
                0x0032,
                K_DHE,
                A_DSS,
                E_AES128,
                M_SHA1,
                V_SSL3,
                128,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "DHE-RSA-CAMELLIA128-SHA",
                "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA",
                0x0045,
                K_DHE,
                A_RSA,
                E_CAMELLIA128,
                M_SHA1,
                V_SSL3,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "DHE-DSS-CAMELLIA128-SHA",
                "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA",
                0x0044,
                K_DHE,
                A_DSS,
                E_CAMELLIA128,
                M_SHA1,
                V_SSL3,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "AECDH-AES128-SHA",
                "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
                0xC018,
                K_ECDHE,
                A_NULL,
                E_AES128,
                M_SHA1,
                V_TLS1,
                128,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "ADH-AES128-SHA",
                "TLS_DH_anon_WITH_AES_128_CBC_SHA",
                0x0034,
                K_DHE,
                A_NULL,
                E_AES128,
                M_SHA1,
                V_SSL3,
                128,
                S_HIGH | S_FIPS | NOT_DEFAULT);
        c(
                "ADH-CAMELLIA128-SHA",
                "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA",
                0x0046,
                K_DHE,
                A_NULL,
                E_CAMELLIA128,
                M_SHA1,
                V_SSL3,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "ECDHE-ECDSA-NULL-SHA",
                "TLS_ECDHE_ECDSA_WITH_NULL_SHA",
                0xC006,
                K_ECDHE,
                A_ECDSA,
                E_NULL,
                M_SHA1,
                V_TLS1,
                0,
                S_NONE);
        c(
                "ECDHE-RSA-NULL-SHA",
                "TLS_ECDHE_RSA_WITH_NULL_SHA",
                0xC010,
                K_ECDHE,
                A_RSA,
                E_NULL,
                M_SHA1,
                V_TLS1,
                0,
                S_NONE);
        c(
                "AES256-GCM-SHA384",
                "TLS_RSA_WITH_AES_256_GCM_SHA384",
                0x009D,
                K_RSA,
                A_RSA,
                E_AES256GCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | S_FIPS);
        c(
                "AES256-CCM8",
                "TLS_RSA_WITH_AES_256_CCM_8",
                0xC0A1,
                K_RSA,
                A_RSA,
                E_AES256CCM8,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "AES256-CCM",
                "TLS_RSA_WITH_AES_256_CCM",
                0xC09D,
                K_RSA,
                A_RSA,
                E_AES256CCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "ARIA256-GCM-SHA384",
                "TLS_RSA_WITH_ARIA_256_GCM_SHA384",
                0xC051,
                K_RSA,
                A_RSA,
                E_ARIA256GCM,
                M_AEAD,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "AES128-GCM-SHA256",
                "TLS_RSA_WITH_AES_128_GCM_SHA256",
                0x009C,
                K_RSA,
                A_RSA,
                E_AES128GCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | S_FIPS);
        c(
                "AES128-CCM8",
                "TLS_RSA_WITH_AES_128_CCM_8",
                0xC0A0,
                K_RSA,
                A_RSA,
                E_AES128CCM8,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "AES128-CCM",
                "TLS_RSA_WITH_AES_128_CCM",
                0xC09C,
                K_RSA,
                A_RSA,
                E_AES128CCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "ARIA128-GCM-SHA256",
                "TLS_RSA_WITH_ARIA_128_GCM_SHA256",
                0xC050,
                K_RSA,
                A_RSA,
                E_ARIA128GCM,
                M_AEAD,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "AES256-SHA256",
                "TLS_RSA_WITH_AES_256_CBC_SHA256",
                0x003D,
                K_RSA,
                A_RSA,
                E_AES256,
                M_SHA256,
                V_TLS1_2,
                256,
                S_HIGH | S_FIPS);
        c(
                "CAMELLIA256-SHA256",
                "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256",
                0x00C0,
                K_RSA,
                A_RSA,
                E_CAMELLIA256,
                M_SHA256,
                V_TLS1_2,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "AES128-SHA256",
                "TLS_RSA_WITH_AES_128_CBC_SHA256",
                0x003C,
                K_RSA,
                A_RSA,
                E_AES128,
                M_SHA256,
                V_TLS1_2,
                128,
                S_HIGH | S_FIPS);
        c(
                "CAMELLIA128-SHA256",
                "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256",
                0x00BA,
                K_RSA,
                A_RSA,
                E_CAMELLIA128,
                M_SHA256,
                V_TLS1_2,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "AECDH-NULL-SHA",
                "TLS_ECDH_anon_WITH_NULL_SHA",
                0xC015,
                K_ECDHE,
                A_NULL,
                E_NULL,
                M_SHA1,
                V_TLS1,
                0,
                S_NONE);
        c(
                "NULL-SHA256",
                "TLS_RSA_WITH_NULL_SHA256",
                0x003B,
                K_RSA,
                A_RSA,
                E_NULL,
                M_SHA256,
                V_TLS1_2,
                0,
                S_NONE);
        c(
                "AES256-SHA",
                "TLS_RSA_WITH_AES_256_CBC_SHA",
                0x0035,
                K_RSA,
                A_RSA,
                E_AES256,
                M_SHA1,
                V_SSL3,
                256,
                S_HIGH | S_FIPS);
        c(
                "CAMELLIA256-SHA",
                "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA",
                0x0084,
                K_RSA,
                A_RSA,
                E_CAMELLIA256,
                M_SHA1,
                V_SSL3,
                256,
                S_HIGH | NOT_DEFAULT);
        c(
                "AES128-SHA",
                "TLS_RSA_WITH_AES_128_CBC_SHA",
                0x002F,
                K_RSA,
                A_RSA,
                E_AES128,
                M_SHA1,
                V_SSL3,
                128,
                S_HIGH | S_FIPS);
        c(
                "CAMELLIA128-SHA",
                "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA",
                0x0041,
                K_RSA,
                A_RSA,
                E_CAMELLIA128,
                M_SHA1,
                V_SSL3,
                128,
                S_HIGH | NOT_DEFAULT);
        c(
                "NULL-SHA",
                "TLS_RSA_WITH_NULL_SHA",
                0x0002,
                K_RSA,
                A_RSA,
                E_NULL,
                M_SHA1,
                V_SSL3,
                0,
                S_NONE);
        TABLE = Collections.unmodifiableList(ROWS);

        int allAuth = A_RSA | A_DSS | A_ECDSA | A_NULL;
        alias("ALL", 0, 0, ~E_NULL, 0, 0, 0);
        alias("COMPLEMENTOFALL", 0, 0, E_NULL, 0, 0, 0);
        alias("COMPLEMENTOFDEFAULT", 0, 0, 0, 0, 0, NOT_DEFAULT);
        alias("kRSA", K_RSA, 0, 0, 0, 0, 0);
        alias("kEDH", K_DHE, 0, 0, 0, 0, 0);
        alias("kDHE", K_DHE, 0, 0, 0, 0, 0);
        alias("DH", K_DHE, 0, 0, 0, 0, 0);
        alias("kEECDH", K_ECDHE, 0, 0, 0, 0, 0);
        alias("kECDHE", K_ECDHE, 0, 0, 0, 0, 0);
        alias("ECDH", K_ECDHE, 0, 0, 0, 0, 0);
        alias("aRSA", 0, A_RSA, 0, 0, 0, 0);
        alias("aDSS", 0, A_DSS, 0, 0, 0, 0);
        alias("DSS", 0, A_DSS, 0, 0, 0, 0);
        alias("aNULL", 0, A_NULL, 0, 0, 0, 0);
        alias("aECDSA", 0, A_ECDSA, 0, 0, 0, 0);
        alias("ECDSA", 0, A_ECDSA, 0, 0, 0, 0);
        alias("EDH", K_DHE, allAuth & ~A_NULL, 0, 0, 0, 0);
        alias("DHE", K_DHE, allAuth & ~A_NULL, 0, 0, 0, 0);
        alias("EECDH", K_ECDHE, allAuth & ~A_NULL, 0, 0, 0, 0);
        alias("ECDHE", K_ECDHE, allAuth & ~A_NULL, 0, 0, 0, 0);
        alias("NULL", 0, 0, E_NULL, 0, 0, 0);
        alias("RSA", K_RSA, A_RSA, 0, 0, 0, 0);
        alias("ADH", K_DHE, A_NULL, 0, 0, 0, 0);
        alias("AECDH", K_ECDHE, A_NULL, 0, 0, 0, 0);
        alias("eNULL", 0, 0, E_NULL, 0, 0, 0);
        alias("AES128", 0, 0, E_AES128 | E_AES128GCM | E_AES128CCM | E_AES128CCM8, 0, 0, 0);
        alias("AES256", 0, 0, E_AES256 | E_AES256GCM | E_AES256CCM | E_AES256CCM8, 0, 0, 0);
        alias("AES", 0, 0, E_AES, 0, 0, 0);
        alias("AESGCM", 0, 0, E_AES128GCM | E_AES256GCM, 0, 0, 0);
        alias("AESCCM", 0, 0, E_AES128CCM | E_AES256CCM | E_AES128CCM8 | E_AES256CCM8, 0, 0, 0);
        alias("AESCCM8", 0, 0, E_AES128CCM8 | E_AES256CCM8, 0, 0, 0);
        alias("CAMELLIA128", 0, 0, E_CAMELLIA128, 0, 0, 0);
        alias("CAMELLIA256", 0, 0, E_CAMELLIA256, 0, 0, 0);
        alias("CAMELLIA", 0, 0, E_CAMELLIA128 | E_CAMELLIA256, 0, 0, 0);
        alias("CHACHA20", 0, 0, E_CHACHA20, 0, 0, 0);
        alias("ARIA", 0, 0, E_ARIA128GCM | E_ARIA256GCM, 0, 0, 0);
        alias("ARIAGCM", 0, 0, E_ARIA128GCM | E_ARIA256GCM, 0, 0, 0);
        alias("ARIA128", 0, 0, E_ARIA128GCM, 0, 0, 0);
        alias("ARIA256", 0, 0, E_ARIA256GCM, 0, 0, 0);
        alias("CBC", 0, 0, E_AES128 | E_AES256 | E_CAMELLIA128 | E_CAMELLIA256, 0, 0, 0);
        alias("MD5", 0, 0, 0, M_MD5, 0, 0);
        alias("SHA1", 0, 0, 0, M_SHA1, 0, 0);
        alias("SHA", 0, 0, 0, M_SHA1, 0, 0);
        alias("SHA256", 0, 0, 0, M_SHA256, 0, 0);
        alias("SHA384", 0, 0, 0, M_SHA384, 0, 0);
        alias("SSLv3", 0, 0, 0, 0, V_SSL3, 0);
        alias("TLSv1", 0, 0, 0, 0, V_TLS1, 0);
        alias("TLSv1.0", 0, 0, 0, 0, V_TLS1, 0);
        alias("TLSv1.2", 0, 0, 0, 0, V_TLS1_2, 0);
        alias("LOW", 0, 0, 0, 0, 0, S_LOW);
        alias("MEDIUM", 0, 0, 0, 0, 0, S_MEDIUM);
        alias("HIGH", 0, 0, 0, 0, 0, S_HIGH);
        alias("FIPS", 0, 0, ~E_NULL, 0, 0, S_FIPS);
    }

    /** The outcome of one cipher string: the TLS 1.2 list, in order, and any {@code @SECLEVEL}. */
    public record Result(List<Suite> suites, Integer securityLevel) {}

    private static final class Node {
        final Suite suite;
        boolean active;

        Node(Suite suite) {
            this.suite = suite;
        }
    }

    private enum Rule {
        ADD,
        DEL,
        ORD,
        KILL,
        BUMP,
        SPECIAL
    }

    private final String expr;
    private final List<Node> list = new ArrayList<>();
    private Integer secLevel;

    private OpenSslCipherList(String expr) {
        this.expr = expr;
        for (Suite s : TABLE) {
            list.add(new Node(s));
        }
    }

    /** The suite with this OpenSSL name (case-sensitive, as OpenSSL), or null. */
    public static Suite byName(String name) {
        return BY_NAME.get(name);
    }

    /** The suite with this bctls/IANA id, or null. */
    public static Suite byId(int id) {
        for (Suite s : TABLE) {
            if (s.id() == id) {
                return s;
            }
        }
        return null;
    }

    /** Every suite of the universe, in OpenSSL's pre-rule order. */
    public static List<Suite> universe() {
        return TABLE;
    }

    /**
     * Evaluates a cipher string as {@code SSL_CTX_set_cipher_list} does.
     *
     * @throws IllegalArgumentException naming the expression when OpenSSL would fail: a character
     *     that is neither a name nor a separator, an unknown {@code @} command, or no TLS 1.2 suite
     *     left ("no cipher match")
     */
    public static Result evaluate(String expr) {
        OpenSslCipherList l = new OpenSslCipherList(expr);
        String rule = suiteB(expr);
        if (rule.startsWith("DEFAULT")) {
            l.process(DEFAULT_RULE);
            rule = rule.substring(7);
            if (rule.startsWith(":")) {
                rule = rule.substring(1);
            }
        }
        if (!rule.isEmpty()) {
            l.process(rule);
        }
        List<Suite> out = new ArrayList<>();
        for (Node n : l.list) {
            if (n.active) {
                out.add(n.suite);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no cipher match: '" + expr + "'");
        }
        return new Result(List.copyOf(out), l.secLevel);
    }

    /**
     * {@code check_suiteb_cipher_list}: a SUITEB keyword at the start replaces the whole string.
     */
    private static String suiteB(String rule) {
        if (rule.startsWith("SUITEB128ONLY")) {
            return "ECDHE-ECDSA-AES128-GCM-SHA256";
        }
        if (rule.startsWith("SUITEB128C2")) {
            return "ECDHE-ECDSA-AES256-GCM-SHA384";
        }
        if (rule.startsWith("SUITEB128")) {
            return "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384";
        }
        if (rule.startsWith("SUITEB192")) {
            return "ECDHE-ECDSA-AES256-GCM-SHA384";
        }
        return rule;
    }

    private static boolean sep(char c) {
        return c == ':' || c == ' ' || c == ';' || c == ',';
    }

    private static boolean word(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '.'
                || c == '=';
    }

    /** {@code ssl_cipher_process_rulestr}. */
    private void process(String s) {
        int n = s.length();
        int l = 0;
        String failure = null;
        while (true) {
            char ch = l < n ? s.charAt(l) : '\0';
            if (ch == '\0') {
                break;
            }
            Rule rule;
            if (ch == '-') {
                rule = Rule.DEL;
                l++;
            } else if (ch == '+') {
                rule = Rule.ORD;
                l++;
            } else if (ch == '!') {
                rule = Rule.KILL;
                l++;
            } else if (ch == '@') {
                rule = Rule.SPECIAL;
                l++;
            } else {
                rule = Rule.ADD;
            }
            if (sep(ch)) {
                l++;
                continue;
            }
            int mkey = 0;
            int auth = 0;
            int enc = 0;
            int mac = 0;
            int minTls = 0;
            int strength = 0;
            int cipherId = 0;
            boolean found = false;
            String buf;
            while (true) {
                ch = l < n ? s.charAt(l) : '\0';
                int start = l;
                while (word(ch)) {
                    l++;
                    ch = l < n ? s.charAt(l) : '\0';
                }
                buf = s.substring(start, l);
                if (buf.isEmpty()) {
                    throw new IllegalArgumentException(
                            "invalid command at offset "
                                    + start
                                    + " of cipher list '"
                                    + expr
                                    + "'");
                }
                if (rule == Rule.SPECIAL) {
                    break;
                }
                boolean multi = ch == '+';
                if (multi) {
                    l++;
                }
                cipherId = 0;
                Suite suite = BY_NAME.get(buf);
                int[] a;
                boolean explicit = suite != null;
                if (explicit) {
                    a =
                            new int[] {
                                suite.mkey(),
                                suite.auth(),
                                suite.enc(),
                                suite.mac(),
                                suite.minTls(),
                                suite.strength()
                            };
                } else {
                    a = ALIASES.get(buf);
                }
                found = a != null;
                if (!found) {
                    break;
                }
                if (a[0] != 0) {
                    mkey = mkey != 0 ? mkey & a[0] : a[0];
                    if (mkey == 0) {
                        found = false;
                        break;
                    }
                }
                if (a[1] != 0) {
                    auth = auth != 0 ? auth & a[1] : a[1];
                    if (auth == 0) {
                        found = false;
                        break;
                    }
                }
                if (a[2] != 0) {
                    enc = enc != 0 ? enc & a[2] : a[2];
                    if (enc == 0) {
                        found = false;
                        break;
                    }
                }
                if (a[3] != 0) {
                    mac = mac != 0 ? mac & a[3] : a[3];
                    if (mac == 0) {
                        found = false;
                        break;
                    }
                }
                if ((a[5] & STRONG_MASK) != 0) {
                    if ((strength & STRONG_MASK) != 0) {
                        strength &= (a[5] & STRONG_MASK) | ~STRONG_MASK;
                        if ((strength & STRONG_MASK) == 0) {
                            found = false;
                            break;
                        }
                    } else {
                        strength = a[5] & STRONG_MASK;
                    }
                }
                if ((a[5] & DEFAULT_MASK) != 0) {
                    if ((strength & DEFAULT_MASK) != 0) {
                        strength &= (a[5] & DEFAULT_MASK) | ~DEFAULT_MASK;
                        if ((strength & DEFAULT_MASK) == 0) {
                            found = false;
                            break;
                        }
                    } else {
                        strength |= a[5] & DEFAULT_MASK;
                    }
                }
                if (explicit) {
                    cipherId = suite.id();
                } else if (a[4] != 0) {
                    if (minTls != 0 && minTls != a[4]) {
                        found = false;
                        break;
                    }
                    minTls = a[4];
                }
                if (!multi) {
                    break;
                }
            }
            if (rule == Rule.SPECIAL) {
                boolean ok = false;
                if (buf.equals("STRENGTH")) {
                    strengthSort();
                    ok = true;
                } else if (buf.length() == 10 && buf.startsWith("SECLEVEL=")) {
                    int level = buf.charAt(9) - '0';
                    if (level >= 0 && level <= 5) {
                        secLevel = level;
                        ok = true;
                    }
                }
                if (!ok && failure == null) {
                    failure = "invalid command '@" + buf + "' in cipher list '" + expr + "'";
                }
                while (l < n && !sep(s.charAt(l))) {
                    l++;
                }
            } else if (found) {
                apply(cipherId, mkey, auth, enc, mac, minTls, strength, rule, -1);
            } else {
                while (l < n && !sep(s.charAt(l))) {
                    l++;
                }
            }
            if (l >= n) {
                break;
            }
        }
        if (failure != null) {
            throw new IllegalArgumentException(failure);
        }
    }

    /** {@code ssl_cipher_apply_rule}. */
    private void apply(
            int cipherId,
            int mkey,
            int auth,
            int enc,
            int mac,
            int minTls,
            int strength,
            Rule rule,
            int strengthBits) {
        List<Node> order = new ArrayList<>(list);
        if (rule == Rule.DEL || rule == Rule.BUMP) {
            Collections.reverse(order);
        }
        for (Node node : order) {
            Suite c = node.suite;
            if (strengthBits >= 0) {
                if (strengthBits != c.bits()) {
                    continue;
                }
            } else {
                if (cipherId != 0 && cipherId != c.id()) {
                    continue;
                }
                if (mkey != 0 && (mkey & c.mkey()) == 0) {
                    continue;
                }
                if (auth != 0 && (auth & c.auth()) == 0) {
                    continue;
                }
                if (enc != 0 && (enc & c.enc()) == 0) {
                    continue;
                }
                if (mac != 0 && (mac & c.mac()) == 0) {
                    continue;
                }
                if (minTls != 0 && minTls != c.minTls()) {
                    continue;
                }
                if ((strength & STRONG_MASK) != 0 && (strength & STRONG_MASK & c.strength()) == 0) {
                    continue;
                }
                if ((strength & DEFAULT_MASK) != 0
                        && (strength & DEFAULT_MASK & c.strength()) == 0) {
                    continue;
                }
            }
            switch (rule) {
                case ADD -> {
                    if (!node.active) {
                        list.remove(node);
                        list.add(node);
                        node.active = true;
                    }
                }
                case ORD -> {
                    if (node.active) {
                        list.remove(node);
                        list.add(node);
                    }
                }
                case DEL -> {
                    if (node.active) {
                        list.remove(node);
                        list.add(0, node);
                        node.active = false;
                    }
                }
                case BUMP -> {
                    if (node.active) {
                        list.remove(node);
                        list.add(0, node);
                    }
                }
                case KILL -> {
                    list.remove(node);
                    node.active = false;
                }
                default -> throw new IllegalStateException(rule.name());
            }
        }
    }

    /**
     * {@code ssl_cipher_strength_sort}: a stable sort of the active suites by strength bits,
     * strongest first.
     */
    private void strengthSort() {
        int max = 0;
        for (Node n : list) {
            if (n.active) {
                max = Math.max(max, n.suite.bits());
            }
        }
        int[] uses = new int[max + 1];
        for (Node n : list) {
            if (n.active) {
                uses[n.suite.bits()]++;
            }
        }
        for (int i = max; i >= 0; i--) {
            if (uses[i] > 0) {
                apply(0, 0, 0, 0, 0, 0, 0, Rule.ORD, i);
            }
        }
    }

    /** The minimum strength bits of a security level ({@code ssl_get_security_level_bits}). */
    public static int minBits(int level) {
        return switch (level) {
            case 0 -> 0;
            case 1 -> 80;
            case 2 -> 112;
            case 3 -> 128;
            case 4 -> 192;
            default -> 256;
        };
    }

    /**
     * Whether {@code ssl_security_default_callback} allows a TLS 1.2 suite at {@code level}: enough
     * strength bits, not anonymous, no MD5, no SHA-1 MAC above 160 bits, forward secrecy from level
     * 3.
     */
    public static boolean allowed(Suite c, int level) {
        if (level <= 0) {
            return true;
        }
        int min = minBits(level);
        if (c.bits() < min || c.auth() == A_NULL || c.mac() == M_MD5) {
            return false;
        }
        if (min > 160 && c.mac() == M_SHA1) {
            return false;
        }
        return level < 3 || (c.mkey() & (K_DHE | K_ECDHE)) != 0;
    }

    /** The version column for a protocol number. */
    public static String versionName(int v) {
        return switch (v) {
            case V_SSL3 -> "SSLv3";
            case V_TLS1 -> "TLSv1";
            case V_TLS1_2 -> "TLSv1.2";
            case V_TLS1_3 -> "TLSv1.3";
            default -> "unknown";
        };
    }

    /**
     * One line of {@code openssl ciphers -v}: {@code SSL_CIPHER_description} without the newline.
     */
    public static String describe(
            String name, String version, String kx, String au, String enc, String mac) {
        return String.format(
                "%-30s %-7s Kx=%-8s Au=%-5s Enc=%-22s Mac=%-4s", name, version, kx, au, enc, mac);
    }
}
