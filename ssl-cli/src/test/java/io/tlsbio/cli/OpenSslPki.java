package io.tlsbio.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Certificates made by the real {@code openssl} (the oracle makes its own test data): a root CA
 * {@code O = Test, CN = Root CA}, an intermediate {@code O = Test, CN = Intermediate}, and under it
 * server certificates for {@code localhost}/{@code 127.0.0.1}: a good one, an expired one, a
 * revoked one (with the intermediate's CRL), one for clientAuth only; an intermediate that is not a
 * CA ({@code CA:FALSE}) with a leaf under it; a leaf of another root; a self-signed leaf. All keys
 * are EC P-256 and unencrypted; {@link #encryptedKey} adds an encrypted copy.
 */
final class OpenSslPki {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String EXTENSIONS =
            """
            [ca]
            basicConstraints=critical,CA:true
            keyUsage=critical,keyCertSign,cRLSign
            subjectKeyIdentifier=hash
            authorityKeyIdentifier=keyid
            [leaf]
            basicConstraints=CA:false
            subjectAltName=DNS:localhost,IP:127.0.0.1
            [clientonly]
            basicConstraints=CA:false
            extendedKeyUsage=clientAuth
            subjectAltName=DNS:localhost
            [notca]
            basicConstraints=critical,CA:false
            keyUsage=critical,keyCertSign,cRLSign,digitalSignature
            """;

    final Path dir;

    private OpenSslPki(Path dir) {
        this.dir = dir;
    }

    /** Makes every certificate in {@code dir} (about 30 openssl runs, well under a second each). */
    static OpenSslPki create(Path dir) throws IOException, InterruptedException, TimeoutException {
        OpenSslPki pki = new OpenSslPki(dir);
        pki.make();
        return pki;
    }

    Path root() {
        return file("root.pem");
    }

    Path intermediate() {
        return file("int.pem");
    }

    /** The good server certificate, signed by the intermediate. */
    Path leaf() {
        return file("leaf.pem");
    }

    /** The key of every leaf here (they share it). */
    Path leafKey() {
        return file("leaf-key.pem");
    }

    Path expired() {
        return file("expired.pem");
    }

    Path revoked() {
        return file("revoked.pem");
    }

    /** The intermediate's CRL, listing {@link #revoked()}. */
    Path crl() {
        return file("int.crl");
    }

    /** A leaf whose extendedKeyUsage is clientAuth only. */
    Path clientOnly() {
        return file("clientonly.pem");
    }

    /** An "intermediate" with CA:FALSE. */
    Path notCa() {
        return file("notca.pem");
    }

    /** A leaf signed by {@link #notCa()}. */
    Path underNotCa() {
        return file("undernotca.pem");
    }

    /** A leaf for localhost signed by another root, which nobody trusts. */
    Path otherLeaf() {
        return file("otherleaf.pem");
    }

    /** The other root itself. */
    Path otherRoot() {
        return file("other.pem");
    }

    /** A self-signed certificate for localhost with {@link #leafKey()}. */
    Path selfSigned() {
        return file("self.pem");
    }

    /**
     * A -CApath directory trusting {@link #root()}: a copy of it, hashed by {@code openssl rehash}.
     */
    Path hashedRootDirectory() throws IOException, InterruptedException, TimeoutException {
        Path d = file("capath");
        if (!Files.isDirectory(d)) {
            Files.createDirectories(d);
            Files.copy(root(), d.resolve("root.pem"));
            openssl("rehash", d.toString());
        }
        return d;
    }

    /**
     * {@link #leafKey()} encrypted with {@code password} (PKCS#8, AES-256), written once per
     * password.
     */
    Path encryptedKey(String password) throws IOException, InterruptedException, TimeoutException {
        Path out = file("leaf-key-" + Integer.toHexString(password.hashCode()) + ".pem");
        if (!Files.exists(out)) {
            openssl(
                    "pkey",
                    "-in",
                    s(leafKey()),
                    "-aes256",
                    "-passout",
                    "pass:" + password,
                    "-out",
                    s(out));
        }
        return out;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    private void make() throws IOException, InterruptedException, TimeoutException {
        Files.writeString(file("ext.cnf"), EXTENSIONS);
        Path db = Files.createDirectories(file("cadb"));
        Files.writeString(db.resolve("index.txt"), "");
        Files.writeString(db.resolve("serial"), "1000\n");
        Files.writeString(
                file("ca.cnf"),
                """
                [ca]
                default_ca=myca
                [myca]
                dir=%s
                database=$dir/index.txt
                serial=$dir/serial
                new_certs_dir=$dir
                default_md=sha256
                policy=anything
                unique_subject=no
                default_crl_days=30
                [anything]
                commonName=supplied
                [leaf]
                basicConstraints=CA:false
                subjectAltName=DNS:localhost,IP:127.0.0.1
                """
                        .formatted(db.toAbsolutePath()));

        for (String k : List.of("root-key", "int-key", "leaf-key", "notca-key", "other-key")) {
            openssl(
                    "genpkey",
                    "-algorithm",
                    "EC",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-out",
                    s(file(k + ".pem")));
        }
        root("root", "/O=Test/CN=Root CA");
        root("other", "/CN=Other Root");
        issue("int", "/O=Test/CN=Intermediate", "int-key", "root", "root-key", "ca");
        issue("leaf", "/CN=localhost", "leaf-key", "int", "int-key", "leaf");
        issue("clientonly", "/CN=client only", "leaf-key", "int", "int-key", "clientonly");
        issue("notca", "/O=Test/CN=Not a CA", "notca-key", "root", "root-key", "notca");
        issue("undernotca", "/CN=localhost", "leaf-key", "notca", "notca-key", "leaf");
        issue("otherleaf", "/CN=localhost", "leaf-key", "other", "other-key", "leaf");
        openssl(
                "req",
                "-x509",
                "-new",
                "-key",
                s(leafKey()),
                "-subj",
                "/CN=localhost",
                "-days",
                "30",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-out",
                s(selfSigned()));

        // openssl ca for what x509 -req cannot do in 3.0: a validity in the past, a revocation
        openssl(
                "req",
                "-new",
                "-key",
                s(leafKey()),
                "-subj",
                "/CN=localhost",
                "-out",
                s(file("ca-leaf.csr")));
        ca(
                "-in",
                s(file("ca-leaf.csr")),
                "-startdate",
                "20200101000000Z",
                "-enddate",
                "20200201000000Z",
                "-extensions",
                "leaf",
                "-notext",
                "-out",
                s(expired()));
        ca(
                "-in",
                s(file("ca-leaf.csr")),
                "-days",
                "30",
                "-extensions",
                "leaf",
                "-notext",
                "-out",
                s(revoked()));
        ca("-revoke", s(revoked()));
        ca("-gencrl", "-out", s(crl()));
    }

    private void root(String name, String subject)
            throws IOException, InterruptedException, TimeoutException {
        openssl(
                "req",
                "-x509",
                "-new",
                "-key",
                s(file(name + "-key.pem")),
                "-subj",
                subject,
                "-days",
                "30",
                "-addext",
                "basicConstraints=critical,CA:true",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
                "-out",
                s(file(name + ".pem")));
    }

    private void issue(
            String name, String subject, String key, String ca, String caKey, String extensions)
            throws IOException, InterruptedException, TimeoutException {
        Path csr = file(name + ".csr");
        openssl("req", "-new", "-key", s(file(key + ".pem")), "-subj", subject, "-out", s(csr));
        openssl(
                "x509",
                "-req",
                "-in",
                s(csr),
                "-CA",
                s(file(ca + ".pem")),
                "-CAkey",
                s(file(caKey + ".pem")),
                "-CAcreateserial",
                "-days",
                "30",
                "-extfile",
                s(file("ext.cnf")),
                "-extensions",
                extensions,
                "-out",
                s(file(name + ".pem")));
    }

    private void ca(String... args) throws IOException, InterruptedException, TimeoutException {
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "ca",
                                "-batch",
                                "-config",
                                s(file("ca.cnf")),
                                "-cert",
                                s(intermediate()),
                                "-keyfile",
                                s(file("int-key.pem"))));
        all.addAll(List.of(args));
        openssl(all.toArray(String[]::new));
    }

    /** Runs openssl to the end; fails with its output unless it exits 0. */
    static String openssl(String... args)
            throws IOException, InterruptedException, TimeoutException {
        try (ChildProcess p = ChildProcess.openssl(args)) {
            p.stdin("");
            int code = p.exitCode(LIMIT);
            if (code != 0) {
                throw new IOException(
                        "openssl " + String.join(" ", args) + " exited " + code + ":\n" + p.err);
            }
            return p.out.toString();
        }
    }

    private static String s(Path p) {
        return p.toString();
    }
}
