package io.tlsbio.bench;

/** Guards every measurement: a variant that negotiated something else would compare nothing. */
final class Checks {

    private Checks() {}

    /**
     * Fails unless both ends of {@code c} negotiated TLS 1.3 with TLS_AES_128_GCM_SHA256 (and
     * X25519 where visible).
     */
    static void expectSuite(String variant, Connection c) {
        String n = c.negotiated();
        String[] ends = n.split(" \\| ");
        for (String end : ends) {
            if (!end.startsWith("TLSv1.3/" + Fixtures.SUITE)
                    && !end.startsWith("TLS 1.3/" + Fixtures.SUITE)) {
                throw new IllegalStateException(variant + " negotiated " + n);
            }
            if (end.split("/").length > 2 && !end.endsWith("/x25519")) {
                throw new IllegalStateException(variant + " negotiated group " + n);
            }
        }
    }
}
