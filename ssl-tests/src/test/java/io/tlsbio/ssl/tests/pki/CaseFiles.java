package io.tlsbio.ssl.tests.pki;

import io.tlsbio.harness.OpenSslProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A case written out for the openssl commands, in its own directory: the trust ({@code trust.pem}
 * or a hashed {@code trust/} directory), what the peer sends ({@code sent.pem}, {@code key.pem}),
 * its first certificate alone ({@code leaf.pem}, what {@code openssl verify} checks), the untrusted
 * certificates {@code openssl verify} gets ({@code untrusted.pem}), those the verifier's context
 * has ({@code ctx-untrusted.pem}) and the CRLs ({@code crls.pem}; with the trust in {@code
 * trust-and-crls.pem} for s_client and s_server, whose {@code -CRL} reads one CRL only while their
 * {@code -CAfile} reads all, as {@code X509_load_cert_crl_file} does). Absent parts are null.
 *
 * @param dir the case's directory
 * @param trust the {@code -CAfile} file or {@code -CApath} directory
 * @param sent the peer's chain, its certificate first
 * @param key the peer's private key ({@code -key})
 * @param leaf the peer's certificate alone ({@code -cert})
 * @param sentRest the sent certificates after the first ({@code -cert_chain}), or null
 * @param verifyUntrusted the other sent certificates plus the context's untrusted ones, or null
 * @param ctxUntrusted the context's untrusted certificates, or null
 * @param crls the CRLs, or null
 * @param sslCaFile the {@code -CAfile} of s_client / s_server: the trust plus the CRLs, or null
 *     when {@code trust} is used as it is
 */
record CaseFiles(
        Path dir,
        Path trust,
        Path sent,
        Path key,
        Path leaf,
        Path sentRest,
        Path verifyUntrusted,
        Path ctxUntrusted,
        Path crls,
        Path sslCaFile) {

    /**
     * Writes {@code c} under {@code parent}; a hashed directory is made with {@code openssl
     * rehash}.
     *
     * @throws HashedDirectoryUnavailable when {@code openssl rehash} cannot make one
     */
    static CaseFiles write(Path parent, PkiCase c) {
        Path dir = parent.resolve(c.name());
        Path trust;
        if (c.trustStore() == PkiCase.TrustStore.HASHED_DIRECTORY) {
            trust = dir.resolve("trust");
            for (int i = 0; i < c.trust().size(); i++) {
                PemOut.certificates(trust.resolve("ca" + i + ".pem"), List.of(c.trust().get(i)));
            }
            OpenSslProcess.Result r = OpenSslProcess.run(dir, List.of("rehash", trust.toString()));
            if (r.exit() != 0 || !hasHashLink(trust)) {
                throw new HashedDirectoryUnavailable(
                        "openssl rehash "
                                + trust
                                + " exited "
                                + r.exit()
                                + ": "
                                + r.stderr().strip());
            }
        } else {
            trust = PemOut.certificates(dir.resolve("trust.pem"), c.trust());
        }
        Path sent = PemOut.certificates(dir.resolve("sent.pem"), c.sent());
        Path key = PemOut.privateKey(dir.resolve("key.pem"), c.key());
        Path leaf = PemOut.certificates(dir.resolve("leaf.pem"), List.of(c.sent().get(0)));
        Path sentRest =
                c.sent().size() == 1
                        ? null
                        : PemOut.certificates(
                                dir.resolve("sent-rest.pem"), c.sent().subList(1, c.sent().size()));
        Path verifyUntrusted =
                c.verifyUntrusted().isEmpty()
                        ? null
                        : PemOut.certificates(dir.resolve("untrusted.pem"), c.verifyUntrusted());
        Path ctxUntrusted =
                c.untrusted().isEmpty()
                        ? null
                        : PemOut.certificates(dir.resolve("ctx-untrusted.pem"), c.untrusted());
        Path crls = null;
        Path sslCaFile = null;
        if (!c.crls().isEmpty()) {
            if (c.trustStore() != PkiCase.TrustStore.FILE) {
                throw new IllegalArgumentException(
                        "CRLs with a hashed directory are not supported: " + c);
            }
            crls = PemOut.crls(dir.resolve("crls.pem"), c.crls());
            sslCaFile = PemOut.certificates(dir.resolve("trust-and-crls.pem"), c.trust());
            PemOut.append(sslCaFile, PemOut.crlText(c.crls()));
        }
        return new CaseFiles(
                dir,
                trust,
                sent,
                key,
                leaf,
                sentRest,
                verifyUntrusted,
                ctxUntrusted,
                crls,
                sslCaFile);
    }

    private static boolean hasHashLink(Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().matches("[0-9a-f]{8}\\.0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code -CAfile F} or {@code -CApath D}. */
    List<String> trustArgs(PkiCase c) {
        return List.of(
                c.trustStore() == PkiCase.TrustStore.HASHED_DIRECTORY ? "-CApath" : "-CAfile",
                trust.toString());
    }

    /**
     * The {@code openssl verify} command line for {@code c}: trust, untrusted, CRLs, depth, {@code
     * -auth_level} (what an SSL connection at that security level sets), purpose, host.
     */
    List<String> verifyArgs(PkiCase c) {
        List<String> a = new ArrayList<>(List.of("verify"));
        a.addAll(trustArgs(c));
        if (verifyUntrusted != null) {
            a.addAll(List.of("-untrusted", verifyUntrusted.toString()));
        }
        if (crls != null) {
            a.addAll(List.of("-CRLfile", crls.toString()));
        }
        a.addAll(crlCheckArgs(c));
        a.addAll(commonVerifyArgs(c));
        a.addAll(
                List.of(
                        "-auth_level",
                        Integer.toString(c.securityLevel()),
                        "-purpose",
                        c.direction().opensslPurpose));
        a.add(leaf.toString());
        return a;
    }

    /**
     * The verification flags of {@code s_client} / {@code s_server} for {@code c}: as {@link
     * #verifyArgs} but without {@code -untrusted} (they have none), CRLs in the CA file and the
     * security level as {@code -cipher DEFAULT:@SECLEVEL=n}.
     */
    List<String> sslVerifyArgs(PkiCase c) {
        List<String> a =
                new ArrayList<>(
                        sslCaFile != null
                                ? List.of("-CAfile", sslCaFile.toString())
                                : trustArgs(c));
        a.addAll(crlCheckArgs(c));
        a.addAll(commonVerifyArgs(c));
        // the auth level of a connection is its security level
        a.addAll(List.of("-cipher", "DEFAULT:@SECLEVEL=" + c.securityLevel()));
        return a;
    }

    private static List<String> crlCheckArgs(PkiCase c) {
        return switch (c.crlCheck()) {
            case NONE -> List.of();
            case LEAF -> List.of("-crl_check");
            case ALL -> List.of("-crl_check_all");
        };
    }

    private static List<String> commonVerifyArgs(PkiCase c) {
        List<String> a = new ArrayList<>();
        if (c.verifyDepth() >= 0) {
            a.addAll(List.of("-verify_depth", Integer.toString(c.verifyDepth())));
        }
        if (c.host() != null) {
            a.addAll(List.of(c.hostIsIp() ? "-verify_ip" : "-verify_hostname", c.host()));
        }
        return a;
    }

    /**
     * {@code -cert leaf.pem [-cert_chain sent-rest.pem] -key key.pem}: the peer presents the case's
     * chain.
     */
    List<String> presentArgs() {
        List<String> a = new ArrayList<>(List.of("-cert", leaf.toString(), "-key", key.toString()));
        if (sentRest != null) {
            a.addAll(List.of("-cert_chain", sentRest.toString()));
        }
        return a;
    }

    /**
     * {@code openssl rehash} is missing or made no hash links: the hashed-directory case is
     * skipped.
     */
    static final class HashedDirectoryUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HashedDirectoryUnavailable(String message) {
            super(message);
        }
    }
}
