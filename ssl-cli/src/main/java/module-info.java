/**
 * The {@code tlsbio} command ({@link io.tlsbio.cli.Main}): an application, no API. picocli fills
 * the commands' fields by reflection, hence the package is opened to it.
 */
module io.tlsbio.cli {
    requires io.tlsbio.ssl;
    requires io.tlsbio.bio.mem;
    requires io.tlsbio.bio.pair;
    requires io.tlsbio.bio.buffer;
    requires io.tlsbio.bio.socket;
    requires io.tlsbio.harness;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires info.picocli;

    opens io.tlsbio.cli to
            info.picocli;
}
