package io.tlsbio.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness of the README's "Writing a fuzzing harness", compiled and run. */
class ExampleHarnessTest {

    // --- README example: begin
    /** A client fed what a server sent: returns the calls made; throws on a bug. */
    static int harness(byte[] serverBytes) {
        TestPki pki = TestPki.create(42); // same seed, same certificates
        SslContext ctx =
                SslContext.builder()
                        .deterministic(43) // random source, nonces and clock fixed
                        .strict(true) // a bug in tlsbio or bctls throws
                        .trust(List.of(pki.ca().certificate()))
                        .hostName(TestPki.HOST)
                        .build();
        MemBio in = MemBio.create(); // what the server sent
        MemBio out = MemBio.create(); // what the client writes
        in.write(serverBytes);
        in.setMemEofReturn(0); // then end of stream, not WANT_READ
        Ssl ssl = ctx.newSsl();
        ssl.setBio(in, out);
        ssl.setConnectState();
        int r = ssl.doHandshake(); // all the input is there: one call
        int calls = 1;
        byte[] buf = new byte[16384];
        while (r > 0 && calls < 1000) { // established: read until it fails
            r = ssl.read(buf, 0, buf.length);
            calls++;
        }
        SslError e = ssl.getError(r);
        if (e != SslError.SSL && e != SslError.SYSCALL && e != SslError.ZERO_RETURN) {
            throw new AssertionError("not an end the contract allows: " + r + " " + e);
        }
        ssl.free();
        return calls;
    }

    // --- README example: end

    @Test
    void theExampleEndsOnEveryKindOfInput() {
        assertThat(harness(new byte[0])).isEqualTo(1);
        assertThat(harness("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(1);
        // a real TLS 1.2 server flight, from another PKI: the client gets as far as the certificate
        byte[] flight = Recorder.recorded(HarnessConfig.fromByte(0)).serverHandshake();
        assertThat(harness(flight)).isEqualTo(1);
    }

    @Test
    void aRealFlightFromAnotherPkiFailsAtTheCertificate() {
        TestPki pki = TestPki.create(42);
        SslContext ctx =
                SslContext.builder()
                        .deterministic(43)
                        .strict(true)
                        .trust(List.of(pki.ca().certificate()))
                        .hostName(TestPki.HOST)
                        .build();
        MemBio in = MemBio.create();
        in.write(Recorder.recorded(HarnessConfig.fromByte(0)).serverHandshake());
        in.setMemEofReturn(0);
        Ssl ssl = ctx.newSsl();
        ssl.setBio(in, MemBio.create());
        ssl.setConnectState();
        assertThat(ssl.doHandshake()).isEqualTo(-1);
        assertThat(ssl.lastError().reason()).isEqualTo(SslReason.CERTIFICATE_VERIFY_FAILED);
    }
}
