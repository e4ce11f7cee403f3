package io.tlsbio.harness;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@link TestCredential#writePem} put a credential: the files {@code openssl} takes as {@code
 * -cert} / {@code -key} (and {@code -CAfile} for a CA).
 *
 * @param certificateChain PEM certificates, leaf first ({@code <base>.pem})
 * @param privateKey the PKCS#8 {@code PRIVATE KEY} ({@code <base>-key.pem})
 */
public record PemFiles(Path certificateChain, Path privateKey) {

    /**
     * Checks that both paths are present.
     *
     * @param certificateChain PEM certificates, leaf first; not {@code null}
     * @param privateKey the PKCS#8 {@code PRIVATE KEY} file; not {@code null}
     */
    public PemFiles {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
