/**
 * The module-path smoke test ({@link io.tlsbio.smoke.ModuleSmoke}): requires what an application
 * would, and nothing internal of tlsbio.
 */
module io.tlsbio.smoke {
    requires io.tlsbio.ssl.socket;
    requires io.tlsbio.netty;
    requires io.tlsbio.harness;
}
