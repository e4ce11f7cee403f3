package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.harness.KeyType;
import io.tlsbio.harness.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code Verify return code} s_client prints without -verify_return_error: OpenSSL's numbers. */
class ChainCheckTest {

    @TempDir
    static Path dir;
    static TestPki pki = TestPki.shared();
    static ChainCheck trustingTestCa;

    @BeforeAll
    static void setUp() {
        trustingTestCa = ChainCheck.of(pki.ca().writePem(dir, "ca").certificateChain());
    }

    @Test
    void goodChainsAreOk() {
        assertThat(trustingTestCa.check(pki.server(KeyType.ECDSA).chain())).isEqualTo(ChainCheck.Result.OK);
        assertThat(trustingTestCa.check(pki.chainedServer(KeyType.RSA, 2).chain()).toString()).isEqualTo("0 (ok)");
    }

    @Test
    void failuresCarryOpenSslsCodes() {
        assertThat(trustingTestCa.check(pki.untrustedServer(KeyType.ECDSA).chain()))
                .isEqualTo(new ChainCheck.Result(21, "unable to verify the first certificate"));
        assertThat(trustingTestCa.check(pki.expiredServer(KeyType.ECDSA).chain()).code()).isEqualTo(10);
        assertThat(trustingTestCa.check(pki.notYetValidServer(KeyType.ECDSA).chain()).code()).isEqualTo(9);
        assertThat(trustingTestCa.check(pki.selfSignedServer(KeyType.ECDSA).chain()))
                .isEqualTo(new ChainCheck.Result(18, "self-signed certificate"));
        // the JDK's trust store knows nothing of the test CA
        assertThat(ChainCheck.of(null).check(pki.chainedServer(KeyType.ECDSA, 1).chain()))
                .isEqualTo(new ChainCheck.Result(20, "unable to get local issuer certificate"));
    }

    @Test
    void unusableCaFileIsOneClearMessage() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        assertThatThrownBy(() -> ChainCheck.of(empty)).isInstanceOf(CliException.class)
                .hasMessage("-CAfile " + empty + ": no CERTIFICATE found");
        assertThatThrownBy(() -> ChainCheck.of(dir.resolve("absent.pem"))).isInstanceOf(CliException.class)
                .hasMessage("-CAfile " + dir.resolve("absent.pem") + ": no such file");
    }
}
