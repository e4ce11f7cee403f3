package io.tlsbio.ssl.tests.oracle;

import java.nio.file.Path;
import java.util.List;

/**
 * The SSL BIO oracle: {@code src/test/c/bio_ssl_oracle.c} plays a scenario with OpenSSL's {@code
 * BIO_f_ssl} and prints one line per BIO call; {@link SslBioOracleTest} compares it with tlsbio's
 * {@code SslBio}. Built and run by {@link LibSslOracle} as its own program (gcc and libssl-dev are
 * required: their absence fails the test, never skips it).
 */
final class BioSslOracle {

    private static Path binary;

    private BioSslOracle() {}

    /**
     * Runs {@code scenario} ("implicit:1.2"...) and returns its lines without comments and blanks.
     */
    static List<String> trace(String scenario, Path cert, Path key, Path ca) {
        return LibSslOracle.trace(binary(), "bio_ssl_oracle", scenario, cert, key, ca);
    }

    private static synchronized Path binary() {
        if (binary == null) {
            binary = LibSslOracle.compile("bio_ssl_oracle");
        }
        return binary;
    }
}
