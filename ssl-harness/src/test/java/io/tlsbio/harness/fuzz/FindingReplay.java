package io.tlsbio.harness.fuzz;

import io.tlsbio.harness.Outcome;
import io.tlsbio.harness.Role;
import io.tlsbio.harness.TlsHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replays one TLS fuzz input in a JVM of its own and prints the outcome, or the exception that
 * escaped: {@code FindingReplay <file> CLIENT|SERVER}. What {@link StacklessExceptionFindingTest}
 * runs under JVM flags a test JVM cannot change.
 */
final class FindingReplay {

    private FindingReplay() {}

    public static void main(String[] args) throws IOException {
        byte[] data = Files.readAllBytes(Path.of(args[0]));
        Role role = Role.valueOf(args[1]);
        TlsInput in = TlsInput.decode(role, data);
        try {
            Outcome o = TlsHarness.feed(role, in.config(), in.peerBytes());
            System.out.println("outcome: " + o.summary());
        } catch (RuntimeException e) {
            System.out.println("escaped: " + e);
        }
    }
}
