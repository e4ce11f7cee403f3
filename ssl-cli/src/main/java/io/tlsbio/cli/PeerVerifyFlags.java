package io.tlsbio.cli;

import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * The verify-callback flags {@code s_client} and {@code s_server} share ({@code
 * -verify_return_error}, {@code -verify_quiet}) and the {@link PeerVerifyPrinter} they configure,
 * as OpenSSL's apps set their {@code verify_callback} from {@code verify_args}. Each command keeps
 * its own {@code -verify}, whose meaning depends on the role.
 */
final class PeerVerifyFlags {

    @Option(
            names = "-verify_return_error",
            description = "Fail the handshake on any finding in the peer's chain.")
    boolean returnError;

    @Option(
            names = "-verify_quiet",
            description = "Print only the verification findings, not every depth line.")
    boolean quiet;

    /**
     * The verify callback, printing on {@code err}: a finding deeper than {@code depth} (null: no
     * {@code -verify}) fails the handshake, as does any with {@code -verify_return_error}; {@code
     * brief} ({@code -brief}) quiets it as {@code -verify_quiet} does.
     */
    PeerVerifyPrinter printer(PrintStream err, Integer depth, boolean brief) {
        return new PeerVerifyPrinter(err, depth == null ? -1 : depth, returnError, quiet || brief);
    }
}
