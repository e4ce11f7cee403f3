package io.tlsbio.ssl.internal;

import io.tlsbio.ssl.CertCallback;
import io.tlsbio.ssl.ClientCertCallback;
import io.tlsbio.ssl.ServerNameCallback;

/**
 * The application's certificate callbacks as the bctls peers reach them; the connection implements
 * it, passing itself to the callbacks of its current context. Each returns the callback's answer,
 * or the answer OpenSSL assumes when none is set.
 */
public interface CertificateCallbacks {

    /**
     * Server: the ClientHello named {@code name} (null without SNI); the servername callback, NOACK
     * without one.
     */
    ServerNameCallback.Result serverName(String name);

    /** Either role: the cert callback ({@code SSL_CTX_set_cert_cb}), OK without one. */
    CertCallback.Result certificate();

    /** Client: the client-cert callback ({@code SSL_CTX_set_client_cert_cb}), none without one. */
    ClientCertCallback.Answer clientCertificate();

    /** No callbacks at all: OpenSSL's behaviour without them. */
    CertificateCallbacks NONE =
            new CertificateCallbacks() {
                @Override
                public ServerNameCallback.Result serverName(String name) {
                    return ServerNameCallback.Result.NOACK;
                }

                @Override
                public CertCallback.Result certificate() {
                    return CertCallback.Result.OK;
                }

                @Override
                public ClientCertCallback.Answer clientCertificate() {
                    return ClientCertCallback.Answer.none();
                }
            };
}
