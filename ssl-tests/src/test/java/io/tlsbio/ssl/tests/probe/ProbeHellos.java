package io.tlsbio.ssl.tests.probe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Valid ClientHellos made by {@link ClientHelloBuilder}, for tests outside this package (the
 * mutation test starts from them). Every byte is fixed: same hellos on every run.
 */
public final class ProbeHellos {

    private ProbeHellos() {}

    /**
     * Named hellos, framed as records: the builder's TLS 1.3 and 1.2 defaults and a few variants.
     */
    public static Map<String, byte[]> records() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("probe-tls13", ClientHelloBuilder.tls13().records());
        m.put("probe-tls12", ClientHelloBuilder.tls12().records());
        m.put(
                "probe-tls13-fragmented-64",
                ClientHelloBuilder.tls13().with(b -> b.fragmentSize = 64).records());
        m.put(
                "probe-tls12-fragmented-7",
                ClientHelloBuilder.tls12().with(b -> b.fragmentSize = 7).records());
        m.put(
                "probe-tls13-record-0303",
                ClientHelloBuilder.tls13().with(b -> b.recordVersion = TlsBytes.TLS12).records());
        m.put(
                "probe-tls13-p256-share",
                ClientHelloBuilder.tls13()
                        .set(
                                ClientHelloBuilder.keyShare(
                                        ClientHelloBuilder.SECP256R1,
                                        ClientHelloBuilder.P256_PUBLIC))
                        .records());
        m.put(
                "probe-tls13-alpn-padding",
                ClientHelloBuilder.tls13()
                        .add(ClientHelloBuilder.alpn("h2", "http/1.1"))
                        .add(ClientHelloBuilder.padding(100))
                        .records());
        m.put(
                "probe-tls13-no-share",
                ClientHelloBuilder.tls13().set(ClientHelloBuilder.keyShare()).records());
        return m;
    }

    /** The TLS 1.2 hello as a handshake message (no record header): a renegotiation ClientHello. */
    public static byte[] tls12Message() {
        return ClientHelloBuilder.tls12().message();
    }
}
