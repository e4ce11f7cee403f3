package io.tlsbio.ssl.tests.interop;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.OpenSslProcess;
import io.tlsbio.harness.PemFiles;
import io.tlsbio.harness.TestCredential;
import io.tlsbio.harness.TestPki;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.TlsVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Contexts, PEM files, payloads and openssl flags shared by the interop tests. */
final class Interop {

    private Interop() {}

    static TestPki pki() {
        return TestPki.shared();
    }

    /**
     * A tlsbio client for exactly {@code v}, trusting the test CA, checking "localhost" (and
     * sending it as SNI).
     */
    static SslContext client(TlsVersion v) {
        return SslContext.builder()
                .versions(v, v)
                .trust(List.of(pki().ca().certificate()))
                .hostName(TestPki.HOST)
                .build();
    }

    /** A tlsbio server for exactly {@code v} with {@code cred}. */
    static SslContext server(TlsVersion v, TestCredential cred) {
        return SslContext.builder()
                .versions(v, v)
                .certificate(cred.chain(), cred.privateKey())
                .build();
    }

    /** openssl's flag that pins a version: {@code -tls1_2} / {@code -tls1_3}. */
    static String flag(TlsVersion v) {
        return v == TlsVersion.TLS1_2 ? "-tls1_2" : "-tls1_3";
    }

    /** Writes {@code <name>.pem} and {@code <name>-key.pem} into {@code dir}. */
    static PemFiles pem(Path dir, TestCredential cred, String name) {
        return cred.writePem(dir, name);
    }

    /**
     * {@code openssl s_client} to a tlsbio server on {@code port}, checking its chain against
     * {@code ca} and the name "localhost" and failing on a bad one ({@code -verify_return_error}),
     * staying up after stdin ends ({@code -ign_eof}); {@code more} flags follow.
     */
    static OpenSslProcess verifyingClient(Path dir, int port, Path ca, String... more) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "s_client",
                                "-connect",
                                "127.0.0.1:" + port,
                                "-CAfile",
                                ca.toString(),
                                "-servername",
                                "localhost",
                                "-verify_return_error",
                                "-ign_eof"));
        args.addAll(List.of(more));
        return OpenSslProcess.start(dir, args.toArray(new String[0]));
    }

    /** Writes the CA certificate as {@code ca.pem} (the {@code -CAfile}). */
    static Path caFile(Path dir) {
        return pki().ca().writePem(dir, "ca").certificateChain();
    }

    /**
     * {@code lines} lines of 48 bytes: digits, '.', ':' and '\n' only. openssl's s_server (without
     * -quiet) treats a stdin read that starts with a letter such as Q, q, P or S as a command, and
     * a read may start anywhere in the stream, so the payload has no letters at all.
     */
    static String payload(int direction, int lines) {
        StringBuilder sb = new StringBuilder(lines * 48);
        for (int i = 0; i < lines; i++) {
            String head = String.format("%d:%05d:", direction, i);
            sb.append(head);
            for (int j = head.length(); j < 47; j++) {
                sb.append(j % 11 == 10 ? '.' : (char) ('0' + (i + j) % 10));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The expected cipher family for a version and certificate type, as OpenSSL names it. */
    static String cipherPrefix(TlsVersion v, KeyType type) {
        if (v == TlsVersion.TLS1_3) {
            return "TLS_";
        }
        return type == KeyType.RSA ? "ECDHE-RSA-" : "ECDHE-ECDSA-";
    }

    /** The first group of {@code regex} in {@code text}, or fails. */
    static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no /" + regex + "/ in:\n" + text);
        }
        return m.group(1);
    }
}
