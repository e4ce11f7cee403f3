package io.tlsbio.ssl.tests.interop;

import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys and leaf certificates made by the real {@code openssl} CLI, signed by the shared test CA
 * ({@link Interop#pki()}): for key types TestPki does not issue (Ed25519, Ed448) and for keys in
 * the encodings openssl writes (encrypted PKCS#8, traditional {@code Proc-Type: 4,ENCRYPTED}). Each
 * leaf has SAN {@code DNS:localhost, IP:127.0.0.1} and serverAuth + clientAuth, like TestPki's, and
 * the subject {@code CN=<name>} so that a peer's printout shows which one it got.
 */
final class OpenSslCerts {

    private OpenSslCerts() {}

    /** Writes the CA as {@code ca.pem} and {@code ca-key.pem} into {@code dir} (once is enough). */
    static Path ca(Path dir) {
        return Interop.pki().ca().writePem(dir, "ca").certificateChain();
    }

    /**
     * {@code openssl genpkey <genpkeyArgs> -out <name>.key}, then a certificate for it signed by
     * the CA ({@code openssl req -new} + {@code openssl x509 -req}) as {@code <name>.pem}.
     *
     * @param genpkeyArgs e.g. {@code "-algorithm", "ED25519"}
     */
    static PemFiles issue(Path dir, String name, String... genpkeyArgs) {
        ca(dir);
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".pem");
        List<String> gen = new ArrayList<>(List.of("genpkey"));
        gen.addAll(List.of(genpkeyArgs));
        gen.addAll(List.of("-out", key.toString()));
        run(dir, gen.toArray(new String[0]));
        boolean rsa = List.of(genpkeyArgs).contains("RSA");
        Path ext =
                write(
                        dir.resolve(name + ".ext"),
                        "basicConstraints=critical,CA:FALSE\n"
                                + "keyUsage=critical,digitalSignature"
                                + (rsa ? ",keyEncipherment" : "")
                                + "\n"
                                + "extendedKeyUsage=serverAuth,clientAuth\n"
                                + "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        Path csr = dir.resolve(name + ".csr");
        run(
                dir,
                "req",
                "-new",
                "-key",
                key.toString(),
                "-subj",
                "/CN=" + name,
                "-out",
                csr.toString());
        run(
                dir,
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca-key.pem",
                "-set_serial",
                String.valueOf(Math.abs((long) name.hashCode()) + 1),
                "-days",
                "30",
                "-extfile",
                ext.toString(),
                "-out",
                cert.toString());
        return new PemFiles(cert, key);
    }

    /**
     * {@code key} encrypted by openssl into {@code <out>}, {@code how} being e.g. {@code "pkey",
     * "-aes256"}.
     */
    static Path encrypt(Path dir, Path key, String out, String password, String... how) {
        Path target = dir.resolve(out);
        List<String> cmd = new ArrayList<>(List.of(how));
        cmd.addAll(
                List.of(
                        "-in",
                        key.toString(),
                        "-passout",
                        "pass:" + password,
                        "-out",
                        target.toString()));
        run(dir, cmd.toArray(new String[0]));
        return target;
    }

    /** Runs {@code openssl <args>} in {@code dir} and fails unless it exits 0. */
    static void run(Path dir, String... args) {
        try (OpenSslProcess p = OpenSslProcess.start(dir, args)) {
            p.closeStdin();
            int rc = p.awaitExit(OpenSslProcess.TIMEOUT);
            if (rc != 0) {
                throw new AssertionError(
                        "openssl " + String.join(" ", args) + " exited " + rc + "\n" + p.output());
            }
        }
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
