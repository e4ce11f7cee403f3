/**
 * OpenSSL's {@code SSL_CTX}/{@code SSL} over BIOs, on bctls: {@link io.tlsbio.ssl.SslContext},
 * {@link io.tlsbio.ssl.Ssl}. Only {@code io.tlsbio.ssl} is API; {@code io.tlsbio.ssl.internal} is
 * neither exported nor opened (tests that use it run on the class path).
 */
module io.tlsbio.ssl {
    // Bio is in the signatures of Ssl (SSL_set_bio) and the bctls TlsCrypto in those of TlsCryptos
    requires transitive io.tlsbio.bio;
    requires transitive org.bouncycastle.tls;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.util;
    requires org.bouncycastle.pkix;
    requires org.slf4j;

    exports io.tlsbio.ssl;
}
