package io.tlsbio.ssl;

import io.tlsbio.ssl.internal.CertificateCallbacks;

/**
 * One connection's certificate callbacks: those of its current context (which the servername
 * callback may change), each handed the connection, as OpenSSL hands them the {@code SSL}.
 */
final class SslCallbacks implements CertificateCallbacks {

    private final Ssl ssl;

    SslCallbacks(Ssl ssl) {
        this.ssl = ssl;
    }

    @Override
    public ServerNameCallback.Result serverName(String name) {
        ssl.receivedServerName(name);
        ServerNameCallback cb = ssl.getSslContext().serverNameCallback();
        return cb == null
                ? ServerNameCallback.Result.NOACK
                : require(cb.onServerName(ssl), "servername callback");
    }

    @Override
    public CertCallback.Result certificate() {
        CertCallback cb = ssl.getSslContext().certCallback();
        return cb == null
                ? CertCallback.Result.OK
                : require(cb.onCertificate(ssl), "cert callback");
    }

    @Override
    public ClientCertCallback.Answer clientCertificate() {
        ClientCertCallback cb = ssl.getSslContext().clientCertCallback();
        return cb == null
                ? ClientCertCallback.Answer.none()
                : require(cb.onCertificateRequest(ssl), "client cert callback");
    }

    private static <T> T require(T answer, String who) {
        if (answer == null) {
            // a bug of the application's, not of the peer's: surfaces as internal_error
            throw new IllegalStateException("the " + who + " returned null");
        }
        return answer;
    }
}
