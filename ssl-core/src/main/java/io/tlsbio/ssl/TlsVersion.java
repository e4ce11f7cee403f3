package io.tlsbio.ssl;

import org.bouncycastle.tls.ProtocolVersion;

/** The protocol versions tlsbio speaks: TLS 1.2 and TLS 1.3, nothing older. */
public enum TlsVersion {
    /** TLS 1.2 (TLS1_2_VERSION). */
    TLS1_2("TLSv1.2", ProtocolVersion.TLSv12),
    /** TLS 1.3 (TLS1_3_VERSION). */
    TLS1_3("TLSv1.3", ProtocolVersion.TLSv13);

    private final String openSslName;

    @SuppressWarnings(
            "ImmutableEnumChecker") // bctls's ProtocolVersion is immutable, just not annotated so
    private final ProtocolVersion bc;

    TlsVersion(String openSslName, ProtocolVersion bc) {
        this.openSslName = openSslName;
        this.bc = bc;
    }

    /**
     * The name OpenSSL's {@code SSL_get_version} prints: {@code "TLSv1.2"}, {@code "TLSv1.3"}.
     *
     * @return the version's OpenSSL name
     */
    public String openSslName() {
        return openSslName;
    }

    ProtocolVersion bc() {
        return bc;
    }
}
