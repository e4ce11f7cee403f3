package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tlsbio demo}: the whole table, the selections, and --trace. */
class DemoTest {

    @Test
    void demoPrintsEveryBioForBothVersionsAndExitsZero() throws Exception {
        InProcess.Result r = InProcess.run("", "demo");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = Arrays.asList(r.out().split("\\R"));
        assertThat(lines)
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .startsWith("BIO")
                                        .contains("CALLS", "RESULTS", "BYTES OUT", "TOTAL MS"));
        for (BioKind k : BioKind.values()) {
            for (String v : List.of("TLSv1.2", "TLSv1.3")) {
                assertThat(lines)
                        .as(k.id() + " " + v)
                        .anySatisfy(
                                l ->
                                        assertThat(l.split("\\s+"))
                                                .startsWith(
                                                        k.id(),
                                                        k.blocking() ? "blocking" : "non-blocking",
                                                        v));
            }
        }
        assertThat(r.out()).contains("16 handshakes, all completed.").doesNotContain("FAILED");
    }

    @Test
    void rowsShowWhatEachBioMakesDoHandshakeReturn() throws Exception {
        InProcess.Result r =
                InProcess.run(
                        "", "demo", "--tls", "1.3", "--bio", "socket,pair-16,connect+accept-nbio");

        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\\R");
        // blocking: one call each, and it returns 1
        assertThat(row(lines, "socket")).matches(".*\\bclient\\s+1\\s+1\\s+\\d+.*");
        assertThat(next(lines, "socket")).matches(".*\\bserver\\s+1\\s+1\\s+\\d+.*");
        // 16-byte pair: both directions fill up
        assertThat(row(lines, "pair-16"))
                .contains("-1/WANT_WRITE x", "-1/WANT_READ x")
                .containsPattern("x\\d+, 1\\s+\\d+");
        assertThat(next(lines, "pair-16"))
                .contains("-1/WANT_WRITE x", "-1/WANT_READ x")
                .containsPattern("x\\d+, 1\\s+\\d+");
        // connect/accept BIOs: WANT_CONNECT on the client, WANT_ACCEPT on the server
        assertThat(row(lines, "connect+accept-nbio")).contains("-1/WANT_CONNECT x1");
        assertThat(next(lines, "connect+accept-nbio")).contains("-1/WANT_ACCEPT x1");
        assertThat(r.out()).contains("3 handshakes, all completed.").doesNotContain("TLSv1.2");
    }

    @Test
    void traceShowsEveryCallWithGetErrorAndTheMessages() throws Exception {
        InProcess.Result r = InProcess.run("", "demo", "--trace", "--bio", "mem", "--tls", "1.2");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("[mem TLSv1.2] client >>> TLS, Handshake [length ", "ClientHello")
                .contains("[mem TLSv1.2] client doHandshake() = -1, getError = WANT_READ")
                .contains("[mem TLSv1.2] server <<< TLS, Handshake [length ")
                .contains("[mem TLSv1.2] server doHandshake() = 1, getError = NONE")
                .contains("[mem TLSv1.2] client write(16384) = 16384, getError = NONE")
                .contains("[mem TLSv1.2] server shutdown() = 0, getError = SYSCALL")
                .contains("[mem TLSv1.2] client read(16) = 0, getError = ZERO_RETURN")
                .contains("Alert [length 0002], warning(1) close_notify(0)");
    }

    @Test
    void unknownBioIsOneLineAndNonZero() throws Exception {
        InProcess.Result r = InProcess.run("", "demo", "--bio", "carrier-pigeon");

        assertThat(r.code()).isEqualTo(Main.FAILURE);
        assertThat(r.errLines())
                .containsExactly(
                        "tlsbio demo: unknown --bio carrier-pigeon; one of " + BioKind.names());
        assertThat(r.out()).isEmpty();
    }

    private static String row(String[] lines, String bio) {
        for (String l : lines) {
            if (l.startsWith(bio + " ")) {
                return l;
            }
        }
        throw new AssertionError("no row for " + bio + " in\n" + String.join("\n", lines));
    }

    private static String next(String[] lines, String bio) {
        for (int i = 0; i < lines.length - 1; i++) {
            if (lines[i].startsWith(bio + " ")) {
                return lines[i + 1];
            }
        }
        throw new AssertionError("no row for " + bio);
    }
}
