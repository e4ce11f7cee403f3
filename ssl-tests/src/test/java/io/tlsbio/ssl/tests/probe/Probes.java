package io.tlsbio.ssl.tests.probe;

import static io.tlsbio.ssl.tests.probe.ClientHelloBuilder.*;
import static io.tlsbio.ssl.tests.probe.TlsBytes.ALERT;
import static io.tlsbio.ssl.tests.probe.TlsBytes.APPLICATION_DATA;
import static io.tlsbio.ssl.tests.probe.TlsBytes.CHANGE_CIPHER_SPEC;
import static io.tlsbio.ssl.tests.probe.TlsBytes.HANDSHAKE;
import static io.tlsbio.ssl.tests.probe.TlsBytes.HEARTBEAT;
import static io.tlsbio.ssl.tests.probe.TlsBytes.TLS10;
import static io.tlsbio.ssl.tests.probe.TlsBytes.TLS12;
import static io.tlsbio.ssl.tests.probe.TlsBytes.TLS13;
import static io.tlsbio.ssl.tests.probe.TlsBytes.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The probes of the differential suite (docs/hostile-input.md), by group. Every probe is a fixed
 * byte string (the builders use fixed randoms, fixed or JDK-generated valid key shares and seeded
 * garbage), so the same run gives the same outcomes.
 */
final class Probes {

    private final List<Probe> all = new ArrayList<>();
    private final Set<String> ids = new LinkedHashSet<>();

    private Probes() {}

    /** Every probe, in group order. */
    static List<Probe> all() {
        Probes p = new Probes();
        p.valid();
        p.truncation();
        p.badLength();
        p.trailing();
        p.paddingSizes();
        p.version();
        p.notTls();
        p.zeroLength();
        p.interleave();
        p.oversizedRecord();
        p.badKeyShares();
        p.missingExtension();
        p.duplicateExtension();
        p.oddExtensions();
        p.cipherSuiteLists();
        p.compressionLists();
        p.sessionIds();
        p.large();
        p.contentType();
        p.handshakeType();
        return List.copyOf(p.all);
    }

    // ------------------------------------------------------------------ helpers

    private void add(String group, String name, byte[] bytes) {
        add(group, name, bytes, null);
    }

    private void add(String group, String name, byte[] bytes, byte[] followUp) {
        Probe p = new Probe(group, name, bytes, followUp);
        if (!ids.add(p.id())) {
            throw new IllegalStateException("duplicate probe " + p.id());
        }
        all.add(p);
    }

    /** A hello derived from the TLS 1.3 base, in records. */
    private void h13(String group, String name, Consumer<ClientHelloBuilder> change) {
        add(group, name, tls13().with(change).records());
    }

    private void h12(String group, String name, Consumer<ClientHelloBuilder> change) {
        add(group, name, tls12().with(change).records());
    }

    /** One handshake record carrying {@code message}. */
    private static byte[] inRecord(byte[] message) {
        return record(HANDSHAKE, TLS10, message);
    }

    /** A handshake message whose header declares the actual length of {@code body}. */
    private static byte[] helloMessage(byte[] body) {
        return TlsBytes.handshake(TlsBytes.CLIENT_HELLO, body);
    }

    private static String hex4(int v) {
        return String.format("%04x", v);
    }

    // ------------------------------------------------------------------ groups

    /** Valid hellos: what each side negotiates (version, suite, group). */
    private void valid() {
        String g = "valid";
        h13(g, "tls13-default", b -> {});
        h12(g, "tls12-default", b -> {});
        h13(g, "tls13-record-version-0303", b -> b.recordVersion = TLS12);
        h13(g, "tls13-p256-share", b -> b.set(keyShare(SECP256R1, P256_PUBLIC)));
        h13(
                g,
                "tls13-two-shares",
                b ->
                        b.set(
                                keyShare(
                                        new KeyShare(SECP256R1, P256_PUBLIC),
                                        new KeyShare(X25519, X25519_PUBLIC))));
        h13(g, "tls13-alpn-http11", b -> b.add(alpn("http/1.1")));
        h13(g, "tls13-no-session-id", b -> b.sessionId = new byte[0]);
        for (int group :
                new int[] {
                    X25519, SECP256R1, SECP384R1, SECP521R1, X448, FFDHE2048, FFDHE3072, FFDHE4096
                }) {
            h13(
                    g,
                    "tls13-share-only-" + groupName(group),
                    b -> b.set(supportedGroups(group)).set(keyShare(group, validShare(group))));
        }
        for (int group :
                new int[] {
                    X25519, SECP256R1, SECP384R1, SECP521R1, X448, FFDHE2048, FFDHE3072, FFDHE4096,
                    FFDHE6144, FFDHE8192
                }) {
            h13(
                    g,
                    "tls13-hrr-for-" + groupName(group),
                    b -> b.set(supportedGroups(group)).set(keyShare()));
        }
        h13(
                g,
                "tls13-hrr-prefers-client-order",
                b -> b.set(supportedGroups(SECP384R1, X25519)).set(keyShare()));
        for (int s : TLS13_SUITES) {
            h13(g, "tls13-suite-" + suiteName(s), b -> b.suites(s));
        }
        for (int s : TLS12_SUITES) {
            if (s != 0xc02c && s != 0xc02b && s != 0xcca9) {
                h12(
                        g,
                        "tls12-suite-" + suiteName(s),
                        b -> b.suites(s, TLS_EMPTY_RENEGOTIATION_INFO_SCSV));
            }
        }
        h12(g, "tls12-ecdsa-suites-only-rsa-cert", b -> b.suites(0xc02c, 0xc02b, 0xcca9));
        h12(
                g,
                "tls12-client-order-aes128-first",
                b -> b.suites(0xc02f, 0xc030, TLS_EMPTY_RENEGOTIATION_INFO_SCSV));
        // neither the SCSV nor renegotiation_info: a client that does not support RFC 5746
        h12(g, "tls12-no-renegotiation-indication", b -> b.suites(TLS12_SUITES));
        h13(
                g,
                "tls13-sv-tls12-only-no-renegotiation-indication",
                b -> b.set(supportedVersions(TLS12)).suites(concat(TLS13_SUITES, TLS12_SUITES)));
        h12(
                g,
                "tls12-renegotiation-info-ext-instead-of-scsv",
                b -> b.suites(TLS12_SUITES).add(raw(EXT_RENEGOTIATION_INFO, new byte[] {0})));
        h12(g, "tls12-groups-p384-only", b -> b.set(supportedGroups(SECP384R1)));
    }

    private static String groupName(int group) {
        return ProbeOutcome.groupName(group);
    }

    private static String suiteName(int s) {
        return ProbeOutcome.suiteName(s);
    }

    /** A valid TLS 1.3 hello cut short at many offsets. */
    private void truncation() {
        String g = "truncation";
        ClientHelloBuilder base = tls13();
        byte[] body = base.body();
        byte[] message = base.message();
        // ~60 offsets across the body: every field boundary and evenly spaced ones
        Set<Integer> offsets = new TreeSet<>();
        int ext = base.bodyOffsetOfExtensions();
        for (int o :
                new int[] {
                    0,
                    1,
                    2,
                    3,
                    33,
                    34,
                    35,
                    36,
                    66,
                    67,
                    68,
                    69,
                    70,
                    ext - 3,
                    ext - 2,
                    ext - 1,
                    ext,
                    ext + 1,
                    ext + 2,
                    ext + 3,
                    ext + 4,
                    ext + 5,
                    ext + 6,
                    body.length - 1,
                    body.length - 2,
                    body.length - 3
                }) {
            offsets.add(o);
        }
        for (int i = 0; offsets.size() < 60; i++) {
            offsets.add(Math.min(body.length - 1, 4 + i * body.length / 40));
        }
        // the body cut at k, with handshake and record lengths that match the cut: a hello that
        // ends early
        for (int k : offsets) {
            add(
                    g,
                    "hello-ends-at-" + k + "-of-" + body.length,
                    inRecord(helloMessage(Arrays.copyOf(body, k))));
        }
        // the record cut short (its header declares the full length): the server must wait
        for (int k : new int[] {0, 1, 3, 4, 5, 40, 100, message.length / 2, message.length - 1}) {
            add(g, "record-cut-at-" + k, TlsBytes.truncate(base.records(), 5 + k));
        }
        // a record that holds only the start of the message (the handshake header declares all of
        // it)
        for (int k : new int[] {1, 2, 3, 4, 5, 40, message.length / 2, message.length - 1}) {
            add(g, "message-cut-at-" + k + "-in-whole-record", inRecord(Arrays.copyOf(message, k)));
        }
        // the same as a complete record, then the rest in a second record: valid
        add(g, "message-split-at-4-completed", TlsBytes.fragmented(TLS10, message, new byte[0], 4));
        add(
                g,
                "message-split-in-half-completed",
                TlsBytes.fragmented(TLS10, message, new byte[0], message.length / 2));
    }

    /** Each length field too long and too short. */
    private void badLength() {
        String g = "bad-length";
        ClientHelloBuilder base = tls13();
        int len = base.body().length;
        for (int d : new int[] {1, -1}) {
            String s = d > 0 ? "plus1" : "minus1";
            // the record header off by one: too long (the server waits for a byte) or too short
            // (the
            // hello's last byte becomes the start of the next record header)
            add(
                    g,
                    "record-length-" + s,
                    record(HANDSHAKE, TLS10, base.message().length + d, base.message()));
            add(
                    g,
                    "handshake-length-" + s,
                    inRecord(base.copy().with(b -> b.handshakeLength = len + d).message()));
            add(
                    g,
                    "session-id-length-" + s,
                    base.copy().with(b -> b.sessionIdLength = 32 + d).records());
            add(
                    g,
                    "cipher-suites-length-" + s,
                    base.copy()
                            .with(b -> b.cipherSuitesLength = b.cipherSuites.length + d)
                            .records());
            add(
                    g,
                    "cipher-suites-length-" + (d > 0 ? "plus2" : "minus2"),
                    base.copy()
                            .with(b -> b.cipherSuitesLength = b.cipherSuites.length + 2 * d)
                            .records());
            add(
                    g,
                    "compression-length-" + s,
                    base.copy().with(b -> b.compressionMethodsLength = 1 + d).records());
            add(
                    g,
                    "extensions-length-" + s,
                    base.copy()
                            .with(b -> b.extensionsLength = b.extensionBytes().length + d)
                            .records());
            for (ClientHelloBuilder.Ext e : base.extensions) {
                add(
                        g,
                        "ext-" + e.type() + "-length-" + s,
                        base.copy().map(e.type(), x -> x.withLengthDelta(d)).records());
            }
        }
        add(
                g,
                "handshake-length-zero",
                inRecord(base.copy().with(b -> b.handshakeLength = 0).message()));
        add(
                g,
                "handshake-length-ffffff",
                inRecord(base.copy().with(b -> b.handshakeLength = 0xffffff).message()));
        add(
                g,
                "extensions-length-ffff",
                base.copy().with(b -> b.extensionsLength = 0xffff).records());
        add(g, "extensions-length-zero", base.copy().with(b -> b.extensionsLength = 0).records());
        add(
                g,
                "cipher-suites-length-zero",
                base.copy().with(b -> b.cipherSuitesLength = 0).records());
        add(
                g,
                "cipher-suites-length-ffff",
                base.copy().with(b -> b.cipherSuitesLength = 0xffff).records());
        add(
                g,
                "cipher-suites-odd-content",
                base.copy().with(b -> b.cipherSuites = Arrays.copyOf(b.cipherSuites, 5)).records());
        add(
                g,
                "compression-length-zero",
                base.copy().with(b -> b.compressionMethodsLength = 0).records());
        add(g, "session-id-length-ff", base.copy().with(b -> b.sessionIdLength = 0xff).records());
        // inner lengths of the extensions
        byte[] host = TlsBytes.ascii("localhost");
        add(
                g,
                "sni-list-length-plus1",
                base.copy()
                        .set(
                                raw(
                                        EXT_SERVER_NAME,
                                        TlsBytes.create()
                                                .u16(host.length + 4)
                                                .u8(0)
                                                .vec16(host)
                                                .toBytes()))
                        .records());
        add(
                g,
                "sni-list-length-minus1",
                base.copy()
                        .set(
                                raw(
                                        EXT_SERVER_NAME,
                                        TlsBytes.create()
                                                .u16(host.length + 2)
                                                .u8(0)
                                                .vec16(host)
                                                .toBytes()))
                        .records());
        add(
                g,
                "sni-name-length-plus1",
                base.copy()
                        .set(
                                raw(
                                        EXT_SERVER_NAME,
                                        TlsBytes.create()
                                                .u16(host.length + 3)
                                                .u8(0)
                                                .u16(host.length + 1)
                                                .bytes(host)
                                                .toBytes()))
                        .records());
        add(
                g,
                "sni-name-length-minus1",
                base.copy()
                        .set(
                                raw(
                                        EXT_SERVER_NAME,
                                        TlsBytes.create()
                                                .u16(host.length + 3)
                                                .u8(0)
                                                .u16(host.length - 1)
                                                .bytes(host)
                                                .toBytes()))
                        .records());
        add(
                g,
                "groups-list-length-plus2",
                base.copy()
                        .set(
                                raw(
                                        EXT_SUPPORTED_GROUPS,
                                        TlsBytes.create()
                                                .u16(12)
                                                .bytes(
                                                        TlsBytes.u16s(
                                                                X25519, SECP256R1, X448, SECP521R1,
                                                                SECP384R1))
                                                .toBytes()))
                        .records());
        add(
                g,
                "groups-list-length-minus2",
                base.copy()
                        .set(
                                raw(
                                        EXT_SUPPORTED_GROUPS,
                                        TlsBytes.create()
                                                .u16(8)
                                                .bytes(
                                                        TlsBytes.u16s(
                                                                X25519, SECP256R1, X448, SECP521R1,
                                                                SECP384R1))
                                                .toBytes()))
                        .records());
        add(
                g,
                "groups-list-odd",
                base.copy()
                        .set(
                                raw(
                                        EXT_SUPPORTED_GROUPS,
                                        TlsBytes.create()
                                                .u16(3)
                                                .bytes(TlsBytes.u16s(X25519))
                                                .u8(0)
                                                .toBytes()))
                        .records());
        add(
                g,
                "groups-list-empty",
                base.copy().set(raw(EXT_SUPPORTED_GROUPS, TlsBytes.u16s(0))).records());
        add(
                g,
                "sigalgs-list-length-plus2",
                base.copy()
                        .set(
                                raw(
                                        EXT_SIGNATURE_ALGORITHMS,
                                        TlsBytes.create()
                                                .u16(6)
                                                .bytes(TlsBytes.u16s(0x0804, 0x0403))
                                                .toBytes()))
                        .records());
        add(
                g,
                "sigalgs-list-length-minus2",
                base.copy()
                        .set(
                                raw(
                                        EXT_SIGNATURE_ALGORITHMS,
                                        TlsBytes.create()
                                                .u16(2)
                                                .bytes(TlsBytes.u16s(0x0804, 0x0403))
                                                .toBytes()))
                        .records());
        add(
                g,
                "sigalgs-list-odd",
                base.copy()
                        .set(
                                raw(
                                        EXT_SIGNATURE_ALGORITHMS,
                                        TlsBytes.create()
                                                .u16(3)
                                                .bytes(TlsBytes.u16s(0x0804))
                                                .u8(4)
                                                .toBytes()))
                        .records());
        add(
                g,
                "sigalgs-list-empty",
                base.copy().set(raw(EXT_SIGNATURE_ALGORITHMS, TlsBytes.u16s(0))).records());
        add(
                g,
                "versions-list-length-plus2",
                base.copy()
                        .set(
                                raw(
                                        EXT_SUPPORTED_VERSIONS,
                                        TlsBytes.create()
                                                .u8(6)
                                                .bytes(TlsBytes.u16s(TLS13, TLS12))
                                                .toBytes()))
                        .records());
        add(
                g,
                "versions-list-length-minus2",
                base.copy()
                        .set(
                                raw(
                                        EXT_SUPPORTED_VERSIONS,
                                        TlsBytes.create()
                                                .u8(2)
                                                .bytes(TlsBytes.u16s(TLS13, TLS12))
                                                .toBytes()))
                        .records());
        add(
                g,
                "versions-list-odd",
                base.copy()
                        .set(
                                raw(
                                        EXT_SUPPORTED_VERSIONS,
                                        TlsBytes.create()
                                                .u8(3)
                                                .bytes(TlsBytes.u16s(TLS13))
                                                .u8(3)
                                                .toBytes()))
                        .records());
        add(
                g,
                "versions-list-empty",
                base.copy().set(raw(EXT_SUPPORTED_VERSIONS, TlsBytes.u8s(0))).records());
        byte[] share = X25519_PUBLIC;
        add(
                g,
                "key-share-list-length-plus1",
                base.copy()
                        .set(
                                raw(
                                        EXT_KEY_SHARE,
                                        TlsBytes.create()
                                                .u16(share.length + 5)
                                                .u16(X25519)
                                                .vec16(share)
                                                .toBytes()))
                        .records());
        add(
                g,
                "key-share-list-length-minus1",
                base.copy()
                        .set(
                                raw(
                                        EXT_KEY_SHARE,
                                        TlsBytes.create()
                                                .u16(share.length + 3)
                                                .u16(X25519)
                                                .vec16(share)
                                                .toBytes()))
                        .records());
        add(
                g,
                "key-exchange-length-plus1",
                base.copy()
                        .set(
                                raw(
                                        EXT_KEY_SHARE,
                                        TlsBytes.create()
                                                .u16(share.length + 4)
                                                .u16(X25519)
                                                .u16(share.length + 1)
                                                .bytes(share)
                                                .toBytes()))
                        .records());
        add(
                g,
                "key-exchange-length-minus1",
                base.copy()
                        .set(
                                raw(
                                        EXT_KEY_SHARE,
                                        TlsBytes.create()
                                                .u16(share.length + 4)
                                                .u16(X25519)
                                                .u16(share.length - 1)
                                                .bytes(share)
                                                .toBytes()))
                        .records());
        add(
                g,
                "psk-modes-length-plus1",
                base.copy().set(raw(EXT_PSK_KEY_EXCHANGE_MODES, TlsBytes.u8s(2, 1))).records());
        add(
                g,
                "psk-modes-empty",
                base.copy().set(raw(EXT_PSK_KEY_EXCHANGE_MODES, TlsBytes.u8s(0))).records());
        add(
                g,
                "point-formats-empty",
                base.copy().set(raw(EXT_EC_POINT_FORMATS, TlsBytes.u8s(0))).records());
        add(
                g,
                "point-formats-length-plus1",
                base.copy().set(raw(EXT_EC_POINT_FORMATS, TlsBytes.u8s(2, 0))).records());
    }

    /** Bytes after the extensions; an extension running past the end. */
    private void trailing() {
        String g = "trailing";
        for (int n : new int[] {1, 2, 3, 4, 16}) {
            h13(g, "tls13-" + n + "-bytes-after-extensions", b -> b.trailing = new byte[n]);
        }
        h12(g, "tls12-1-byte-after-extensions", b -> b.trailing = new byte[1]);
        h12(g, "tls12-4-bytes-after-extensions", b -> b.trailing = TlsBytes.u8s(0, 0x17, 0, 0));
        h12(
                g,
                "tls12-no-extensions-block",
                b -> {
                    b.noExtensions = true;
                });
        h12(
                g,
                "tls12-no-extensions-block-1-byte",
                b -> {
                    b.noExtensions = true;
                    b.trailing = new byte[1];
                });
        for (int n : new int[] {1, 2, 10}) {
            // the last extension's length runs past the extensions block (whose length is right)
            h13(
                    g,
                    "tls13-last-ext-runs-past-end-by-" + n,
                    b -> b.map(EXT_KEY_SHARE, e -> e.withLengthDelta(n)));
        }
        // an extensions block that ends inside an extension header (2 bytes of a type, no length)
        ClientHelloBuilder b2 = tls13();
        b2.add(raw(0x1234, new byte[0]));
        byte[] body = b2.body();
        byte[] cut = Arrays.copyOf(body, body.length - 2);
        int extLenAt = b2.bodyOffsetOfExtensions();
        int extLen = ((cut[extLenAt] & 0xff) << 8 | (cut[extLenAt + 1] & 0xff)) - 2;
        cut[extLenAt] = (byte) (extLen >> 8);
        cut[extLenAt + 1] = (byte) extLen;
        add(g, "tls13-ext-block-ends-in-ext-header", inRecord(helloMessage(cut)));
        // the hello complete, then more bytes in the same record: the start of another message
        byte[] msg = tls13().message();
        add(g, "tls13-hello-then-1-byte-in-record", inRecord(TlsBytes.concat(msg, new byte[] {1})));
        add(
                g,
                "tls13-hello-then-4-byte-header-in-record",
                inRecord(TlsBytes.concat(msg, TlsBytes.u8s(1, 0, 0, 8))));
        add(
                g,
                "tls12-hello-then-1-byte-in-record",
                inRecord(TlsBytes.concat(tls12().message(), new byte[] {1})));
        add(
                g,
                "tls13-hello-then-ccs-record",
                TlsBytes.concat(
                        tls13().records(), record(CHANGE_CIPHER_SPEC, TLS12, new byte[] {1})));
    }

    /** The padding extension at many sizes. */
    private void paddingSizes() {
        String g = "padding";
        for (int n :
                new int[] {0, 1, 2, 3, 100, 255, 256, 511, 512, 1000, 4000, 16000, 20000, 65000}) {
            h13(g, "size-" + n, b -> b.add(padding(n)));
        }
        h13(
                g,
                "size-300-nonzero-content",
                b -> b.add(raw(EXT_PADDING, TlsBytes.repeat(0x55, 300))));
        h13(g, "size-300-not-last", b -> b.add(padding(300)).moveToEnd(EXT_KEY_SHARE));
        h12(g, "tls12-size-512", b -> b.add(padding(512)));
    }

    private static final int[][] VERSIONS = {
        {0, 0},
        {3, 254},
        {254, 254},
        {4, 1},
        {6, 3},
        {3, 0},
        {3, 1},
        {3, 2},
        {3, 3},
        {3, 4},
        {255, 255},
        {2, 0},
    };

    /** legacy_version in the record and in the hello; supported_versions contents. */
    private void version() {
        String g = "version";
        for (int[] v : VERSIONS) {
            int ver = v[0] << 8 | v[1];
            String n = "(" + v[0] + "," + v[1] + ")";
            h13(g, "tls13-record-version-" + n, b -> b.recordVersion = ver);
            h12(g, "tls12-record-version-" + n, b -> b.recordVersion = ver);
            h13(g, "tls13-hello-version-" + n, b -> b.legacyVersion = ver);
            h12(g, "tls12-hello-version-" + n, b -> b.legacyVersion = ver);
        }
        h13(g, "sv-drafts-and-tls12", b -> b.set(supportedVersions(0x7f1c, 0x7f17, TLS12)));
        h13(
                g,
                "sv-drafts-and-tls12-rsa-kx-suite",
                b ->
                        b.set(supportedVersions(0x7f1c, 0x7f17, TLS12))
                                .suites(
                                        TLS_AES_128_GCM_SHA256,
                                        0x002f,
                                        TLS_EMPTY_RENEGOTIATION_INFO_SCSV));
        h13(g, "sv-drafts-only", b -> b.set(supportedVersions(0x7f12, 0x7f1c)));
        h13(g, "sv-tls14-only", b -> b.set(supportedVersions(0x0305)));
        h13(g, "sv-tls14-and-tls13", b -> b.set(supportedVersions(0x0305, TLS13)));
        h13(g, "sv-tls13-only", b -> b.set(supportedVersions(TLS13)));
        h13(g, "sv-tls12-only", b -> b.set(supportedVersions(TLS12)));
        h13(g, "sv-tls12-then-tls13", b -> b.set(supportedVersions(TLS12, TLS13)));
        h13(g, "sv-tls11-only", b -> b.set(supportedVersions(0x0302)));
        h13(g, "sv-tls10-only", b -> b.set(supportedVersions(0x0301)));
        h13(g, "sv-ssl3-only", b -> b.set(supportedVersions(0x0300)));
        h13(g, "sv-grease-and-tls13", b -> b.set(supportedVersions(0x0a0a, TLS13, TLS12)));
        h13(g, "sv-tls13-hello-version-0304", b -> b.with(x -> x.legacyVersion = TLS13));
        h12(g, "tls12-hello-version-0304-no-sv", b -> b.legacyVersion = TLS13);
        h12(g, "tls12-hello-sv-tls12-only", b -> b.add(supportedVersions(TLS12)));
        h12(g, "tls12-hello-version-0303-sv-tls13-no-share", b -> b.add(supportedVersions(TLS13)));
    }

    /** SSLv2-style hellos, HTTP, and other non-TLS bytes. */
    private void notTls() {
        String g = "not-tls";
        int[] suites = {0xc02f, 0xc030, 0x009c, 0x002f};
        for (int ver : new int[] {0x0301, 0x0303, 0x0002}) {
            add(g, "sslv2-hello-version-" + hex4(ver), sslv2Hello(ver, suites, 16));
        }
        add(g, "sslv2-hello-32-byte-challenge", sslv2Hello(0x0303, suites, 32));
        add(g, "sslv2-hello-tls13-suites-only", sslv2Hello(0x0303, TLS13_SUITES, 16));
        byte[] v2 = sslv2Hello(0x0303, suites, 16);
        add(g, "sslv2-hello-truncated", Arrays.copyOf(v2, v2.length - 4));
        for (String req :
                new String[] {
                    "GET / HTTP/1.0\r\n\r\n",
                    "POST / HTTP/1.1\r\nHost: x\r\n\r\n",
                    "HEAD / HTTP/1.1\r\n\r\n",
                    "PUT /x HTTP/1.1\r\n\r\n",
                    "CONNECT localhost:443 HTTP/1.1\r\n\r\n",
                    "EHLO example.com\r\n",
                    "\r\n\r\n"
                }) {
            add(
                    g,
                    "text-"
                            + req.strip().split("[ \r\n]")[0].toLowerCase()
                            + (req.startsWith("\r") ? "crlf" : ""),
                    TlsBytes.ascii(req));
        }
        Random r = new Random(9);
        for (int n : new int[] {1, 5, 16, 100, 1000, 5000}) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            add(g, "random-" + n + "-bytes", b);
        }
        add(g, "zeros-5", new byte[5]);
        add(g, "zeros-100", new byte[100]);
        add(g, "ff-100", TlsBytes.repeat(0xff, 100));
        add(
                g,
                "tls-header-then-text",
                TlsBytes.concat(
                        TlsBytes.recordHeader(HANDSHAKE, TLS10, 18),
                        TlsBytes.ascii("GET / HTTP/1.0\r\n\r\n")));
    }

    private static byte[] sslv2Hello(int version, int[] suites, int challenge) {
        TlsBytes specs = TlsBytes.create();
        for (int s : suites) {
            specs.u8(0).u16(s);
        }
        byte[] sp = specs.toBytes();
        byte[] body =
                TlsBytes.create()
                        .u8(1)
                        .u16(version)
                        .u16(sp.length)
                        .u16(0)
                        .u16(challenge)
                        .bytes(sp)
                        .bytes(TlsBytes.repeat(0x42, challenge))
                        .toBytes();
        return TlsBytes.create().u16(0x8000 | body.length).bytes(body).toBytes();
    }

    /** Zero-length records of each type before (or inside) the hello. */
    private void zeroLength() {
        String g = "zero-length";
        int[] types = {CHANGE_CIPHER_SPEC, ALERT, HANDSHAKE, APPLICATION_DATA, HEARTBEAT, 25, 255};
        for (int t : types) {
            add(
                    g,
                    "type-" + t + "-before-tls13-hello",
                    TlsBytes.concat(record(t, TLS10, new byte[0]), tls13().records()));
            add(
                    g,
                    "type-" + t + "-before-tls12-hello",
                    TlsBytes.concat(record(t, TLS10, new byte[0]), tls12().records()));
        }
        byte[] msg = tls13().message();
        add(
                g,
                "app-data-between-hello-fragments",
                TlsBytes.fragmented(TLS10, msg, record(APPLICATION_DATA, TLS10, new byte[0]), 50));
        add(
                g,
                "handshake-between-hello-fragments",
                TlsBytes.fragmented(TLS10, msg, record(HANDSHAKE, TLS10, new byte[0]), 50));
        add(
                g,
                "ccs-between-hello-fragments",
                TlsBytes.fragmented(
                        TLS10, msg, record(CHANGE_CIPHER_SPEC, TLS10, new byte[0]), 50));
        for (int n : new int[] {10, 32, 33, 100}) {
            add(
                    g,
                    n + "-empty-handshake-records-before-hello",
                    TlsBytes.concat(
                            repeatBytes(record(HANDSHAKE, TLS10, new byte[0]), n),
                            tls13().records()));
        }
        add(g, "empty-handshake-record-alone", record(HANDSHAKE, TLS10, new byte[0]));
        add(g, "empty-app-data-alone", record(APPLICATION_DATA, TLS10, new byte[0]));
    }

    private static byte[] repeatBytes(byte[] b, int n) {
        TlsBytes out = TlsBytes.create();
        for (int i = 0; i < n; i++) {
            out.bytes(b);
        }
        return out.toBytes();
    }

    /** The hello in fragments, with other record types between them. */
    private void interleave() {
        String g = "interleave";
        byte[] msg = tls13().message();
        byte[] none = new byte[0];
        add(g, "split-at-1", TlsBytes.fragmented(TLS10, msg, none, 1));
        add(g, "split-at-2-and-3", TlsBytes.fragmented(TLS10, msg, none, 2, 3));
        add(g, "split-at-40-80-120", TlsBytes.fragmented(TLS10, msg, none, 40, 80, 120));
        add(g, "one-byte-records", TlsBytes.records(HANDSHAKE, TLS10, msg, 1));
        add(g, "seven-byte-records", TlsBytes.records(HANDSHAKE, TLS10, msg, 7));
        add(g, "tls12-one-byte-records", TlsBytes.records(HANDSHAKE, TLS10, tls12().message(), 1));
        add(
                g,
                "split-records-differing-versions",
                TlsBytes.concat(
                        record(HANDSHAKE, TLS10, Arrays.copyOf(msg, 60)),
                        record(HANDSHAKE, TLS12, Arrays.copyOfRange(msg, 60, msg.length))));
        byte[][] between = {
            record(CHANGE_CIPHER_SPEC, TLS12, new byte[] {1}),
            record(ALERT, TLS12, TlsBytes.alert(1, 112)),
            record(ALERT, TLS12, TlsBytes.alert(1, 0)),
            record(ALERT, TLS12, TlsBytes.alert(2, 40)),
            record(APPLICATION_DATA, TLS12, new byte[] {1, 2, 3}),
            record(HEARTBEAT, TLS12, TlsBytes.u8s(1, 0, 16)),
        };
        String[] names = {
            "ccs",
            "warning-unrecognized-name",
            "close-notify",
            "fatal-handshake-failure",
            "app-data-3-bytes",
            "heartbeat"
        };
        for (int i = 0; i < between.length; i++) {
            add(
                    g,
                    names[i] + "-between-fragments",
                    TlsBytes.fragmented(TLS10, msg, between[i], 50));
            add(g, names[i] + "-before-hello", TlsBytes.concat(between[i], tls13().records()));
        }
        add(
                g,
                "ccs-content-2-before-hello",
                TlsBytes.concat(
                        record(CHANGE_CIPHER_SPEC, TLS12, new byte[] {2}), tls13().records()));
        add(
                g,
                "ccs-2-bytes-before-hello",
                TlsBytes.concat(
                        record(CHANGE_CIPHER_SPEC, TLS12, new byte[] {1, 1}), tls13().records()));
        add(
                g,
                "alert-1-byte-before-hello",
                TlsBytes.concat(record(ALERT, TLS12, new byte[] {1}), tls13().records()));
        add(
                g,
                "alert-3-bytes-before-hello",
                TlsBytes.concat(record(ALERT, TLS12, new byte[] {1, 112, 0}), tls13().records()));
        add(g, "two-hellos-in-one-record", inRecord(TlsBytes.concat(msg, msg)));
        add(g, "two-hellos-in-two-records", TlsBytes.concat(tls13().records(), tls13().records()));
    }

    /** Record headers announcing more than 16384 bytes. */
    private void oversizedRecord() {
        String g = "oversized-record";
        for (int n : new int[] {16385, 16640, 16704, 16705, 16706, 16707, 18432, 18433, 65535}) {
            byte[] body = new byte[n];
            add(g, "header-" + n + "-then-body", TlsBytes.recordHeader(HANDSHAKE, TLS10, n), body);
            add(g, "record-" + n + "-at-once", record(HANDSHAKE, TLS10, body));
        }
        for (int n : new int[] {16385, 18433}) {
            add(
                    g,
                    "app-data-header-" + n + "-then-body",
                    TlsBytes.recordHeader(APPLICATION_DATA, TLS12, n),
                    new byte[n]);
            add(
                    g,
                    "alert-header-" + n + "-then-body",
                    TlsBytes.recordHeader(ALERT, TLS12, n),
                    new byte[n]);
        }
        // a valid hello padded to exactly 16384 bytes of record: the largest legal record
        ClientHelloBuilder b = tls13();
        int plain = b.message().length;
        b.add(padding(TlsBytes.MAX_FRAGMENT - plain - 4));
        add(g, "valid-hello-record-16384", b.oneRecord());
        ClientHelloBuilder b2 = tls13();
        b2.add(padding(TlsBytes.MAX_FRAGMENT - plain - 4 + 1));
        add(g, "valid-hello-record-16385", b2.oneRecord());
    }

    /** Bad key shares per group. */
    private void badKeyShares() {
        String g = "key-share";
        h13(g, "x25519-all-zero", b -> b.set(keyShare(X25519, new byte[32])));
        h13(
                g,
                "x25519-low-order-1",
                b -> b.set(keyShare(X25519, TlsBytes.concat(new byte[] {1}, new byte[31]))));
        for (int n : new int[] {0, 1, 31, 33, 64}) {
            h13(
                    g,
                    "x25519-length-" + n,
                    b -> b.set(keyShare(X25519, Arrays.copyOf(X25519_PUBLIC, n))));
        }
        byte[] offCurve = P256_PUBLIC.clone();
        offCurve[64] ^= 1;
        h13(
                g,
                "p256-not-on-curve",
                b -> b.set(supportedGroups(SECP256R1, X25519)).set(keyShare(SECP256R1, offCurve)));
        h13(
                g,
                "p256-compressed",
                b ->
                        b.set(supportedGroups(SECP256R1))
                                .set(
                                        keyShare(
                                                SECP256R1,
                                                TlsBytes.concat(
                                                        new byte[] {3},
                                                        Arrays.copyOfRange(P256_PUBLIC, 1, 33)))));
        h13(
                g,
                "p256-no-prefix-64",
                b ->
                        b.set(supportedGroups(SECP256R1))
                                .set(keyShare(SECP256R1, Arrays.copyOfRange(P256_PUBLIC, 1, 65))));
        h13(
                g,
                "p256-prefix-05",
                b ->
                        b.set(supportedGroups(SECP256R1))
                                .set(
                                        keyShare(
                                                SECP256R1,
                                                TlsBytes.concat(
                                                        new byte[] {5},
                                                        Arrays.copyOfRange(P256_PUBLIC, 1, 65)))));
        h13(
                g,
                "p256-infinity",
                b -> b.set(supportedGroups(SECP256R1)).set(keyShare(SECP256R1, new byte[] {0})));
        h13(
                g,
                "p256-all-zero-65",
                b ->
                        b.set(supportedGroups(SECP256R1))
                                .set(
                                        keyShare(
                                                SECP256R1,
                                                TlsBytes.concat(new byte[] {4}, new byte[64]))));
        h13(
                g,
                "p256-length-66",
                b ->
                        b.set(supportedGroups(SECP256R1))
                                .set(keyShare(SECP256R1, Arrays.copyOf(P256_PUBLIC, 66))));
        byte[] p384 = validShare(SECP384R1);
        p384[p384.length - 1] ^= 1;
        h13(
                g,
                "p384-not-on-curve",
                b -> b.set(supportedGroups(SECP384R1)).set(keyShare(SECP384R1, p384)));
        h13(
                g,
                "x448-all-zero",
                b -> b.set(supportedGroups(X448)).set(keyShare(X448, new byte[56])));
        h13(
                g,
                "x448-length-32",
                b -> b.set(supportedGroups(X448)).set(keyShare(X448, new byte[32])));
        h13(
                g,
                "ffdhe2048-value-1",
                b ->
                        b.set(supportedGroups(FFDHE2048))
                                .set(
                                        keyShare(
                                                FFDHE2048,
                                                TlsBytes.concat(new byte[255], new byte[] {1}))));
        h13(
                g,
                "ffdhe2048-short",
                b ->
                        b.set(supportedGroups(FFDHE2048))
                                .set(
                                        keyShare(
                                                FFDHE2048,
                                                Arrays.copyOf(validShare(FFDHE2048), 128))));
        h13(g, "group-not-offered-x25519", b -> b.set(supportedGroups(SECP256R1)));
        h13(
                g,
                "group-not-offered-p256",
                b -> b.set(supportedGroups(X25519)).set(keyShare(SECP256R1, P256_PUBLIC)));
        h13(g, "unknown-group-share-only", b -> b.set(keyShare(0x1234, new byte[32])));
        h13(
                g,
                "unknown-group-then-x25519",
                b ->
                        b.set(
                                keyShare(
                                        new KeyShare(0x1234, new byte[32]),
                                        new KeyShare(X25519, X25519_PUBLIC))));
        h13(
                g,
                "x25519-twice",
                b ->
                        b.set(
                                keyShare(
                                        new KeyShare(X25519, X25519_PUBLIC),
                                        new KeyShare(X25519, X25519_PUBLIC))));
        h13(
                g,
                "shares-out-of-group-order",
                b ->
                        b.set(supportedGroups(X25519, SECP256R1))
                                .set(
                                        keyShare(
                                                new KeyShare(SECP256R1, P256_PUBLIC),
                                                new KeyShare(X25519, X25519_PUBLIC))));
        h13(g, "empty-share-list", b -> b.set(keyShare()));
        h13(
                g,
                "empty-share-list-no-common-group",
                b -> b.set(supportedGroups(0x1234)).set(keyShare()));
        h13(
                g,
                "share-for-ffdhe-group-not-in-list",
                b -> b.set(keyShare(FFDHE2048, validShare(FFDHE2048))));
    }

    /** TLS 1.3 hellos without a required extension, TLS 1.2 hellos without the optional ones. */
    private void missingExtension() {
        String g = "missing-ext";
        h13(g, "tls13-no-key-share", b -> b.remove(EXT_KEY_SHARE));
        h13(g, "tls13-no-supported-groups", b -> b.remove(EXT_SUPPORTED_GROUPS));
        h13(g, "tls13-no-signature-algorithms", b -> b.remove(EXT_SIGNATURE_ALGORITHMS));
        h13(
                g,
                "tls13-no-key-share-no-groups",
                b -> b.remove(EXT_KEY_SHARE).remove(EXT_SUPPORTED_GROUPS));
        h13(g, "tls13-no-server-name", b -> b.remove(EXT_SERVER_NAME));
        h13(g, "tls13-no-psk-modes", b -> b.remove(EXT_PSK_KEY_EXCHANGE_MODES));
        h13(g, "tls13-no-point-formats", b -> b.remove(EXT_EC_POINT_FORMATS));
        h13(
                g,
                "tls13-only-supported-versions",
                b -> {
                    b.extensions.clear();
                    b.add(supportedVersions(TLS13));
                });
        h12(g, "tls12-no-signature-algorithms", b -> b.remove(EXT_SIGNATURE_ALGORITHMS));
        h12(g, "tls12-no-supported-groups", b -> b.remove(EXT_SUPPORTED_GROUPS));
        h12(
                g,
                "tls12-no-groups-ecdhe-only",
                b -> b.remove(EXT_SUPPORTED_GROUPS).suites(0xc030, 0xc02f));
        h12(g, "tls12-no-point-formats", b -> b.remove(EXT_EC_POINT_FORMATS));
        h12(g, "tls12-point-formats-without-uncompressed", b -> b.set(ecPointFormats(1, 2)));
    }

    /** Each extension twice. */
    private void duplicateExtension() {
        String g = "duplicate-ext";
        ClientHelloBuilder base = tls13();
        for (ClientHelloBuilder.Ext e : base.extensions) {
            add(
                    g,
                    "tls13-ext-" + e.type() + "-twice",
                    base.copy().add(e).moveToEnd(EXT_KEY_SHARE).records());
        }
        h13(g, "tls13-padding-twice", b -> b.add(padding(10)).add(padding(10)));
        h13(
                g,
                "tls13-unknown-twice",
                b -> b.add(raw(0x1234, new byte[0])).add(raw(0x1234, new byte[0])));
        h12(g, "tls12-ems-twice", b -> b.add(raw(EXT_EXTENDED_MASTER_SECRET, new byte[0])));
        h12(
                g,
                "tls12-reneg-info-twice",
                b ->
                        b.add(raw(EXT_RENEGOTIATION_INFO, new byte[] {0}))
                                .add(raw(EXT_RENEGOTIATION_INFO, new byte[] {0})));
    }

    /** Unknown, misplaced and malformed extensions. */
    private void oddExtensions() {
        String g = "extensions";
        h13(g, "unknown-1234-empty", b -> b.add(raw(0x1234, new byte[0])));
        h13(g, "unknown-1234-10-bytes", b -> b.add(raw(0x1234, new byte[10])));
        h13(g, "grease-fafa", b -> b.add(raw(0xfafa, new byte[0])));
        h13(g, "unknown-ffff", b -> b.add(raw(0xffff, new byte[1])));
        h13(
                g,
                "40-unknown-extensions",
                b -> {
                    for (int i = 0; i < 40; i++) {
                        b.add(raw(0x3000 + i, new byte[i % 5]));
                    }
                });
        byte[] psk =
                TlsBytes.create()
                        .vec16(TlsBytes.create().vec16(new byte[16]).u32(0).toBytes())
                        .vec16(TlsBytes.create().vec8(new byte[32]).toBytes())
                        .toBytes();
        h13(
                g,
                "psk-not-last",
                b -> b.add(raw(EXT_PRE_SHARED_KEY, psk)).add(raw(0x1234, new byte[0])));
        h13(g, "psk-unknown-identity", b -> b.add(raw(EXT_PRE_SHARED_KEY, psk)));
        h13(
                g,
                "psk-without-modes",
                b -> b.remove(EXT_PSK_KEY_EXCHANGE_MODES).add(raw(EXT_PRE_SHARED_KEY, psk)));
        h13(g, "psk-malformed", b -> b.add(raw(EXT_PRE_SHARED_KEY, new byte[3])));
        h13(g, "early-data-without-psk", b -> b.add(raw(EXT_EARLY_DATA, new byte[0])));
        h13(
                g,
                "cookie-in-first-hello",
                b -> b.add(raw(EXT_COOKIE, TlsBytes.create().vec16(new byte[20]).toBytes())));
        h13(g, "heartbeat-ext", b -> b.add(raw(EXT_HEARTBEAT, new byte[] {1})));
        h13(g, "encrypt-then-mac", b -> b.add(raw(EXT_ENCRYPT_THEN_MAC, new byte[0])));
        h13(g, "status-request", b -> b.add(raw(EXT_STATUS_REQUEST, TlsBytes.u8s(1, 0, 0, 0, 0))));
        h13(g, "status-request-malformed", b -> b.add(raw(EXT_STATUS_REQUEST, TlsBytes.u8s(1, 0))));
        h13(g, "post-handshake-auth", b -> b.add(raw(EXT_POST_HANDSHAKE_AUTH, new byte[0])));
        h13(
                g,
                "post-handshake-auth-nonempty",
                b -> b.add(raw(EXT_POST_HANDSHAKE_AUTH, new byte[1])));
        h13(
                g,
                "signature-algorithms-cert",
                b ->
                        b.add(
                                raw(
                                        EXT_SIGNATURE_ALGORITHMS_CERT,
                                        TlsBytes.create()
                                                .vec16(TlsBytes.u16s(0x0804, 0x0401))
                                                .toBytes())));
        h13(
                g,
                "signature-algorithms-unknown-only",
                b -> b.set(signatureAlgorithms(0x1234, 0xfefe)));
        h13(g, "signature-algorithms-ecdsa-only", b -> b.set(signatureAlgorithms(0x0403, 0x0503)));
        h12(
                g,
                "tls12-signature-algorithms-unknown-only",
                b -> b.set(signatureAlgorithms(0x1234, 0xfefe)));
        h12(
                g,
                "tls12-reneg-info-nonempty",
                b -> b.add(raw(EXT_RENEGOTIATION_INFO, TlsBytes.u8s(1, 0))));
        h12(g, "tls12-reneg-info-empty", b -> b.add(raw(EXT_RENEGOTIATION_INFO, new byte[] {0})));
        h12(g, "tls12-reneg-info-malformed", b -> b.add(raw(EXT_RENEGOTIATION_INFO, new byte[0])));
        h12(
                g,
                "tls12-encrypt-then-mac-nonempty",
                b -> b.add(raw(EXT_ENCRYPT_THEN_MAC, new byte[1])));
        h12(g, "tls12-ems-nonempty", b -> b.set(raw(EXT_EXTENDED_MASTER_SECRET, new byte[1])));
        h12(g, "tls12-session-ticket-garbage", b -> b.add(raw(EXT_SESSION_TICKET, new byte[40])));
        h13(g, "alpn-http11", b -> b.add(alpn("http/1.1")));
        h13(g, "alpn-empty-list", b -> b.add(raw(EXT_ALPN, TlsBytes.u16s(0))));
        h13(g, "alpn-empty-protocol", b -> b.add(raw(EXT_ALPN, TlsBytes.u8s(0, 1, 0))));
        for (int v : new int[] {0, 1, 4, 5}) {
            h13(
                    g,
                    "max-fragment-length-" + v,
                    b -> b.add(raw(EXT_MAX_FRAGMENT_LENGTH, new byte[] {(byte) v})));
        }
        for (int v : new int[] {63, 64, 16385}) {
            h13(
                    g,
                    "record-size-limit-" + v,
                    b -> b.add(raw(EXT_RECORD_SIZE_LIMIT, TlsBytes.u16s(v))));
        }
        h13(g, "sni-with-nul", b -> b.set(serverName("local\0host")));
        h13(g, "sni-empty-name", b -> b.set(serverName("")));
        h13(g, "sni-trailing-dot", b -> b.set(serverName("localhost.")));
        h13(g, "sni-ip-literal", b -> b.set(serverName("127.0.0.1")));
        h13(
                g,
                "sni-unknown-name-type",
                b ->
                        b.set(
                                raw(
                                        EXT_SERVER_NAME,
                                        TlsBytes.create()
                                                .vec16(
                                                        TlsBytes.create()
                                                                .u8(1)
                                                                .vec16(TlsBytes.ascii("localhost"))
                                                                .toBytes())
                                                .toBytes())));
        h13(
                g,
                "sni-two-host-names",
                b ->
                        b.set(
                                raw(
                                        EXT_SERVER_NAME,
                                        TlsBytes.create()
                                                .vec16(
                                                        TlsBytes.create()
                                                                .u8(0)
                                                                .vec16(TlsBytes.ascii("a.example"))
                                                                .u8(0)
                                                                .vec16(TlsBytes.ascii("b.example"))
                                                                .toBytes())
                                                .toBytes())));
        h13(g, "sni-16000-bytes", b -> b.set(serverName("a".repeat(16000))));
        h13(g, "sni-255-bytes", b -> b.set(serverName("a".repeat(255))));
    }

    /** Cipher suite lists. */
    private void cipherSuiteLists() {
        String g = "cipher-suites";
        h13(g, "tls13-null-only", b -> b.suites(0x0000));
        h13(g, "tls13-scsv-only", b -> b.suites(TLS_EMPTY_RENEGOTIATION_INFO_SCSV));
        h13(g, "tls13-unknown-only", b -> b.suites(0x1234, 0xfefe, 0x0a0a));
        h13(g, "tls13-tls12-suites-only", b -> b.suites(TLS12_SUITES));
        h12(g, "tls12-tls13-suites-only", b -> b.suites(TLS13_SUITES));
        h12(
                g,
                "tls12-fallback-scsv",
                b -> b.suites(concat(new int[] {TLS_FALLBACK_SCSV}, TLS12_SUITES)));
        h13(
                g,
                "tls13-fallback-scsv",
                b -> b.suites(concat(new int[] {TLS_FALLBACK_SCSV}, TLS13_SUITES)));
        h12(g, "tls12-rc4-only", b -> b.suites(0x0005, 0xc011));
        h12(g, "tls12-3des-only", b -> b.suites(0x000a, 0xc012));
        h12(g, "tls12-export-only", b -> b.suites(0x0003, 0x0008));
        h12(g, "tls12-anon-only", b -> b.suites(0x0034, 0xc018));
        h12(g, "tls12-psk-only", b -> b.suites(0x008c, 0x00a8));
        h12(
                g,
                "tls12-sha1-cbc-only",
                b -> b.suites(0xc013, 0xc014, 0x002f, 0x0035, TLS_EMPTY_RENEGOTIATION_INFO_SCSV));
        h12(g, "tls12-camellia-only", b -> b.suites(0x0041, 0x0084));
        h12(g, "tls12-aria-only", b -> b.suites(0xc061, 0xc060));
        h12(g, "tls12-ccm-only", b -> b.suites(0xc09c, 0xc09d));
        h12(
                g,
                "tls12-1000-unknown-then-one",
                b -> {
                    int[] s = new int[1001];
                    for (int i = 0; i < 1000; i++) {
                        s[i] = 0x2000 + i;
                    }
                    s[1000] = TLS_EMPTY_RENEGOTIATION_INFO_SCSV;
                    s[999] = 0xc02f;
                    b.suites(s);
                });
    }

    /** Compression methods. */
    private void compressionLists() {
        String g = "compression";
        h13(g, "tls13-null-and-deflate", b -> b.compressionMethods = new byte[] {0, 1});
        h13(g, "tls13-deflate-only", b -> b.compressionMethods = new byte[] {1});
        h13(g, "tls13-none", b -> b.compressionMethods = new byte[0]);
        h12(g, "tls12-null-and-deflate", b -> b.compressionMethods = new byte[] {1, 0});
        h12(g, "tls12-deflate-only", b -> b.compressionMethods = new byte[] {1});
        h12(g, "tls12-none", b -> b.compressionMethods = new byte[0]);
        h12(
                g,
                "tls12-255-methods",
                b -> {
                    b.compressionMethods = new byte[255];
                    for (int i = 0; i < 255; i++) {
                        b.compressionMethods[i] = (byte) (255 - i);
                    }
                });
    }

    /** Session id lengths. */
    private void sessionIds() {
        String g = "session-id";
        for (int n : new int[] {0, 1, 16, 32, 33, 255}) {
            h13(g, "tls13-length-" + n, b -> b.sessionId = TlsBytes.repeat(0x5a, n));
        }
        h12(g, "tls12-length-33", b -> b.sessionId = TlsBytes.repeat(0x5a, 33));
    }

    /** Large but valid hellos, and hellos over OpenSSL's size limit. */
    private void large() {
        String g = "large";
        int[] many = new int[10886];
        for (int i = 0; i < many.length - 1; i++) {
            many[i] = 0x0100 + i; // none of these is a known suite in OpenSSL's or bctls's tables
            // below 0x1301
            if (many[i] >= 0x1301 && many[i] <= 0x1305) {
                many[i] = 0xff00 - i;
            }
        }
        many[many.length - 1] = TLS_AES_128_GCM_SHA256;
        h13(g, "10886-suites", b -> b.suites(many));
        add(g, "10886-suites-one-oversized-record", tls13().suites(many).oneRecord());
        h13(g, "ext-65389-bytes", b -> b.add(raw(0x1234, new byte[65389])));
        h13(
                g,
                "ext-65389-bytes-in-1000-byte-records",
                b -> {
                    b.add(raw(0x1234, new byte[65389]));
                    b.fragmentSize = 1000;
                });
        // OpenSSL 3.0's CLIENT_HELLO_MAX_LENGTH is 131396 (the message body), which is also the
        // largest hello the format allows: 32767 suites, 255 compression methods, 65535 bytes of
        // extensions (TLS 1.2: TLS 1.3 allows only the null compression method)
        ClientHelloBuilder max = tls12();
        int[] suites = new int[32767];
        int filler = 0x0100;
        for (int i = 0; i < suites.length; i++) {
            // values no one assigned: 0x0100-0x12ff, 0x1400-0x55ff, 0x5700-0xbfff (skipping TLS
            // 1.3's and the fallback SCSV)
            filler = filler == 0x1300 ? 0x1400 : filler == 0x5600 ? 0x5700 : filler;
            suites[i] = filler++;
        }
        System.arraycopy(
                TLS12_SUITES,
                0,
                suites,
                suites.length - TLS12_SUITES.length - 1,
                TLS12_SUITES.length);
        suites[suites.length - 1] = TLS_EMPTY_RENEGOTIATION_INFO_SCSV;
        max.suites(suites);
        max.compressionMethods = new byte[255];
        for (int i = 0; i < 254; i++) {
            max.compressionMethods[i] = (byte) (i + 1);
        }
        max.add(raw(0x1234, new byte[40000]));
        max.add(padding(65535 - max.extensionBytes().length - 4));
        if (max.body().length != 131396) {
            throw new IllegalStateException("largest hello is " + max.body().length + " bytes");
        }
        add(g, "tls12-hello-body-131396", max.records());
        add(
                g,
                "tls12-hello-body-131397-trailing-byte",
                max.copy().with(b -> b.trailing = new byte[1]).records());
        h13(g, "hello-in-16384-byte-records-40k", b -> b.add(padding(40000)));
        h13(
                g,
                "hello-40k-in-512-byte-records",
                b -> {
                    b.add(padding(40000));
                    b.fragmentSize = 512;
                });
        h13(g, "hello-33k-in-16384-byte-records", b -> b.add(padding(33000)));
    }

    /** The hello in a record of another content type. */
    private void contentType() {
        String g = "content-type";
        byte[] msg = tls13().message();
        for (int t :
                new int[] {
                    0, 19, CHANGE_CIPHER_SPEC, ALERT, APPLICATION_DATA, HEARTBEAT, 25, 100, 255
                }) {
            add(g, "hello-in-type-" + t, record(t, TLS10, msg));
        }
        add(g, "hello-in-type-23-record-0303", record(APPLICATION_DATA, TLS12, msg));
        add(g, "hello-in-type-21-record-0303", record(ALERT, TLS12, msg));
        add(g, "hello-in-type-23-record-0300", record(APPLICATION_DATA, TlsBytes.SSL3, msg));
    }

    /** A first handshake message other than ClientHello. */
    private void handshakeType() {
        String g = "handshake-type";
        byte[] body = tls13().body();
        int[][] types = {
            {0, 0}, {2, 1}, {3, 1}, {4, 1}, {5, 0}, {8, 1}, {11, 1}, {12, 1}, {13, 1}, {14, 0},
            {15, 1}, {16, 1}, {20, 1}, {24, 1}, {99, 1}, {254, 1}
        };
        for (int[] t : types) {
            byte[] b = t[1] == 1 ? body : new byte[0];
            add(
                    g,
                    "type-" + t[0] + (t[1] == 1 ? "-with-hello-body" : "-empty"),
                    inRecord(TlsBytes.handshake(t[0], b)));
        }
        add(g, "client-hello-empty-body", inRecord(TlsBytes.handshake(1, new byte[0])));
    }
}
