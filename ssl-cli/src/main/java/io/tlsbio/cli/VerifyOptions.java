package io.tlsbio.cli;

import io.tlsbio.ssl.CrlCheck;
import io.tlsbio.ssl.SslContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The trust and certificate-check flags {@code s_client}, {@code s_server} and {@code verify}
 * share: where trusted certificates and CRLs come from ({@code -CAfile}, {@code -CApath}, {@code
 * -CRLfile}) and the {@code X509_VERIFY_PARAM} settings OpenSSL's commands take ({@code
 * -crl_check}, {@code -crl_check_all}, {@code -verify_depth}, {@code -auth_level}, {@code
 * -attime}), applied to an {@link SslContext.Builder}.
 */
final class VerifyOptions {

    @Option(
            names = "-CAfile",
            paramLabel = "FILE",
            description =
                    "PEM certificates to trust. Neither -CAfile nor -CApath: the JDK's trust store (verify: always beside them).")
    Path caFile;

    @Option(
            names = "-CApath",
            paramLabel = "DIR",
            description =
                    "A directory of trusted certificates (and CRLs) named by subject hash, as 'openssl rehash' makes it.")
    Path caPath;

    @Option(
            names = {"-CRLfile", "-CRL"},
            paramLabel = "FILE",
            description = "CRLs (PEM or DER) for -crl_check; may be repeated.")
    List<Path> crlFiles = new ArrayList<>();

    @Option(
            names = "-crl_check",
            description = "Check the leaf certificate against the CRLs (-CRLfile, -CApath).")
    boolean crlCheck;

    @Option(
            names = "-crl_check_all",
            description = "Check every certificate of the chain against the CRLs.")
    boolean crlCheckAll;

    @Option(
            names = "-verify_depth",
            paramLabel = "N",
            description =
                    "At most N intermediate certificates in the chain (a negative N is ignored, as OpenSSL does).")
    Integer verifyDepth;

    @Option(
            names = "-auth_level",
            paramLabel = "N",
            description =
                    "Security level for the chain's keys and signatures, 0..5 (above 5: 5); s_client/s_server: the connection's security level.")
    Integer authLevel;

    @Option(
            names = "-attime",
            paramLabel = "SECONDS",
            description =
                    "Check the certificates as of this time (seconds since 1970) instead of now.")
    Long atTime;

    /**
     * Applies these flags to {@code b}.
     *
     * @param alsoDefaults also trust the JDK's store when a {@code -CAfile} or {@code -CApath} is
     *     given: {@code openssl verify}'s {@code setup_verify} keeps the default locations beside
     *     the given ones, {@code s_client} and {@code s_server} ({@code ctx_set_verify_locations})
     *     use them only when none is given
     * @throws CliException naming the flag whose file or value is unusable
     */
    void apply(SslContext.Builder b, boolean alsoDefaults) {
        if (caFile != null) {
            FlagFiles.load("-CAfile", caFile, () -> b.trust(caFile));
        }
        if (caPath != null) {
            FlagFiles.readableDirectory("-CApath", caPath);
            FlagFiles.loading("-CApath", () -> b.trustDirectory(caPath));
        }
        if (alsoDefaults && (caFile != null || caPath != null)) {
            b.trustJdkDefaults();
        }
        for (Path crl : crlFiles) {
            FlagFiles.load("-CRLfile", crl, () -> b.crls(crl));
        }
        if (crlCheckAll) {
            b.crlCheck(CrlCheck.ALL);
        } else if (crlCheck) {
            b.crlCheck(CrlCheck.LEAF);
        }
        if (verifyDepth != null && verifyDepth >= 0) {
            b.verifyDepth(verifyDepth);
        }
        if (authLevel != null && authLevel >= 0) {
            // X509_VERIFY_PARAM_set_auth_level takes any level; above 5 acts as 5
            b.securityLevel(Math.min(authLevel, 5));
        }
        if (atTime != null) {
            try {
                b.clock(Clock.fixed(Instant.ofEpochSecond(atTime), ZoneOffset.UTC));
            } catch (DateTimeException e) {
                throw new CliException("-attime: out of range: " + atTime, e);
            }
        }
    }
}
