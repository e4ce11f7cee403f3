package io.tlsbio.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real openssl (/usr/bin/openssl) accepts what TestPki writes, and rejects the broken variants
 * for the right reason.
 */
class TestPkiOpensslTest {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final long TIMEOUT_SECONDS = 20;
    private static final TestPki PKI = TestPki.shared();

    @TempDir Path dir;

    /** Exit status and combined output of one openssl run. */
    record Result(int exit, String output) {}

    @BeforeAll
    static void needsOpenssl() {
        assumeTrue(Files.isExecutable(OPENSSL), "no " + OPENSSL);
    }

    /**
     * Runs openssl with args, output to a file (never blocks on a pipe), bounded wait, destroyed in
     * finally.
     */
    private Result openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(OPENSSL.toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "openssl", ".out");
        Process p =
                new ProcessBuilder(cmd)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                        .start();
        try {
            assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .as("openssl %s finished", cmd)
                    .isTrue();
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    private PemFiles write(TestCredential c, String name) {
        return c.writePem(dir, name);
    }

    private Path caFile() {
        return write(PKI.ca(), "ca").certificateChain();
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void serverVerifiesForLocalhostAnd127001(KeyType type) throws Exception {
        Path ca = caFile();
        PemFiles server = write(PKI.server(type), "server");
        Result r =
                openssl(
                        "verify",
                        "-CAfile",
                        ca.toString(),
                        "-purpose",
                        "sslserver",
                        "-verify_hostname",
                        "localhost",
                        "-verify_ip",
                        "127.0.0.1",
                        server.certificateChain().toString());
        assertThat(r.output()).contains("server.pem: OK");
        assertThat(r.exit()).isZero();
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void keyLoadsAndMatchesTheCertificate(KeyType type) throws Exception {
        PemFiles server = write(PKI.server(type), "server");
        Result check = openssl("pkey", "-in", server.privateKey().toString(), "-noout");
        assertThat(check.exit()).as(check.output()).isZero();
        Result fromKey = openssl("pkey", "-in", server.privateKey().toString(), "-pubout");
        Result fromCert =
                openssl("x509", "-in", server.certificateChain().toString(), "-noout", "-pubkey");
        assertThat(fromKey.exit()).isZero();
        assertThat(fromKey.output()).contains("BEGIN PUBLIC KEY").isEqualTo(fromCert.output());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void clientVerifiesForClientAuth(KeyType type) throws Exception {
        Path ca = caFile();
        PemFiles client = write(PKI.client(type), "client");
        Result r =
                openssl(
                        "verify",
                        "-CAfile",
                        ca.toString(),
                        "-purpose",
                        "sslclient",
                        client.certificateChain().toString());
        assertThat(r.output()).contains("client.pem: OK");
        assertThat(openssl("pkey", "-in", client.privateKey().toString(), "-noout").exit())
                .isZero();
    }

    @Test
    void opensslSeesTheExtensionsAsIntended() throws Exception {
        Result ca = openssl("x509", "-in", caFile().toString(), "-noout", "-text");
        assertThat(ca.output())
                .contains("CA:TRUE", "Certificate Sign, CRL Sign", "X509v3 Subject Key Identifier");
        Result rsa =
                openssl(
                        "x509",
                        "-in",
                        write(PKI.server(KeyType.RSA), "rsa").certificateChain().toString(),
                        "-noout",
                        "-text");
        assertThat(rsa.output())
                .contains(
                        "Subject: CN = localhost",
                        "DNS:localhost, IP Address:127.0.0.1",
                        "Digital Signature, Key Encipherment",
                        "TLS Web Server Authentication, TLS Web Client Authentication",
                        "X509v3 Authority Key Identifier",
                        "CA:FALSE",
                        "Public-Key: (2048 bit)");
        Result ec =
                openssl(
                        "x509",
                        "-in",
                        write(PKI.server(KeyType.ECDSA), "ec").certificateChain().toString(),
                        "-noout",
                        "-text");
        assertThat(ec.output())
                .contains("NIST CURVE: P-256", "Digital Signature")
                .doesNotContain("Key Encipherment");
    }

    @Test
    void chainWithIntermediatesVerifies() throws Exception {
        Path ca = caFile();
        PemFiles chained = write(PKI.chainedServer(KeyType.RSA, 2), "chained");
        Result r =
                openssl(
                        "verify",
                        "-CAfile",
                        ca.toString(),
                        "-untrusted",
                        chained.certificateChain().toString(),
                        "-verify_hostname",
                        "localhost",
                        chained.certificateChain().toString());
        assertThat(r.output()).contains("chained.pem: OK");
    }

    @Test
    void expiredLeafFailsWithCertificateHasExpired() throws Exception {
        Result r =
                openssl(
                        "verify",
                        "-CAfile",
                        caFile().toString(),
                        write(PKI.expiredServer(KeyType.ECDSA), "expired")
                                .certificateChain()
                                .toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("certificate has expired");
    }

    @Test
    void notYetValidLeafFailsWithNotYetValid() throws Exception {
        Result r =
                openssl(
                        "verify",
                        "-CAfile",
                        caFile().toString(),
                        write(PKI.notYetValidServer(KeyType.RSA), "future")
                                .certificateChain()
                                .toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("certificate is not yet valid");
    }

    @Test
    void untrustedLeafFailsWithNoLocalIssuer() throws Exception {
        Result r =
                openssl(
                        "verify",
                        "-CAfile",
                        caFile().toString(),
                        write(PKI.untrustedServer(KeyType.ECDSA), "untrusted")
                                .certificateChain()
                                .toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("unable to get local issuer certificate");
        Result own =
                openssl(
                        "verify",
                        "-CAfile",
                        write(PKI.untrustedCa(), "other-ca").certificateChain().toString(),
                        dir.resolve("untrusted.pem").toString());
        assertThat(own.output()).contains("untrusted.pem: OK");
    }

    @Test
    void wrongHostLeafFailsHostnameCheckOnly() throws Exception {
        Path ca = caFile();
        Path leaf = write(PKI.wrongHostServer(KeyType.ECDSA), "wrong").certificateChain();
        Result r =
                openssl(
                        "verify",
                        "-CAfile",
                        ca.toString(),
                        "-verify_hostname",
                        "localhost",
                        leaf.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("hostname mismatch");
        assertThat(
                        openssl(
                                        "verify",
                                        "-CAfile",
                                        ca.toString(),
                                        "-verify_hostname",
                                        "other.example",
                                        leaf.toString())
                                .output())
                .contains("wrong.pem: OK");
    }

    @Test
    void selfSignedLeafFailsAsSelfSigned() throws Exception {
        Result r =
                openssl(
                        "verify",
                        "-CAfile",
                        caFile().toString(),
                        write(PKI.selfSignedServer(KeyType.ECDSA), "self")
                                .certificateChain()
                                .toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).containsPattern("self.signed certificate");
    }

    @Test
    void deterministicRsaRootedPkiVerifiesToo() throws Exception {
        TestPki rsaRooted = TestPki.create(2025, KeyType.RSA);
        Path ca = write(rsaRooted.ca(), "rsa-ca").certificateChain();
        Path leaf = write(rsaRooted.server(KeyType.ECDSA), "ec-leaf").certificateChain();
        assertThat(openssl("verify", "-CAfile", ca.toString(), leaf.toString()).output())
                .contains("ec-leaf.pem: OK");
        assertThat(
                        openssl("pkey", "-in", dir.resolve("rsa-ca-key.pem").toString(), "-noout")
                                .exit())
                .isZero();
    }
}
