package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.TlsVersion;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsUtils;

/** What the engine negotiated, in tlsbio's and OpenSSL's terms; null (or false) before it is known. */
public final class ConnectionInfo {

    private ConnectionInfo() {
    }

    /** Whether TLS 1.3 was negotiated (false before a version is). */
    public static boolean isTls13(TlsContext context) {
        ProtocolVersion v = context.getServerVersion();
        return v != null && TlsUtils.isTLSv13(v);
    }

    /** {@code SSL_version}. */
    public static TlsVersion version(Engine engine) {
        TlsContext c = engine == null ? null : engine.context();
        ProtocolVersion v = c == null ? null : c.getServerVersion();
        return ProtocolVersion.TLSv13.equals(v) ? TlsVersion.TLS1_3
                : ProtocolVersion.TLSv12.equals(v) ? TlsVersion.TLS1_2 : null;
    }

    /** OpenSSL's name of the suite. */
    public static String cipher(Engine engine) {
        SecurityParameters p = parameters(engine);
        return p == null || p.getCipherSuite() < 0 ? null : CipherNames.name(p.getCipherSuite());
    }

    /** {@code SSL_get0_alpn_selected}. */
    public static String selectedAlpn(Engine engine) {
        SecurityParameters p = parameters(engine);
        ProtocolName n = p == null ? null : p.getApplicationProtocol();
        return n == null ? null : n.getUtf8Decoding();
    }

    /** {@code SSL_session_reused}. */
    public static boolean sessionReused(Engine engine) {
        SecurityParameters p = parameters(engine);
        return p != null && p.isResumedSession();
    }

    private static SecurityParameters parameters(Engine engine) {
        TlsContext c = engine == null ? null : engine.context();
        return c == null ? null : c.getSecurityParametersConnection();
    }
}
