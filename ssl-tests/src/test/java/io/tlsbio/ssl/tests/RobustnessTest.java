package io.tlsbio.ssl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.harness.KeyType;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.TlsVersion;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input gets a defined return code and a reason, never an exception or a hang: seeded mutations
 * of real flights and random bytes fed to clients and servers over memory BIOs. 50 seeds x 50
 * inputs x 2 = 5,000 inputs; a failure names the seed and the input index.
 */
class RobustnessTest {

    private static final Set<SslError> DEFINED =
            EnumSet.of(
                    SslError.NONE,
                    SslError.SSL,
                    SslError.SYSCALL,
                    SslError.WANT_READ,
                    SslError.ZERO_RETURN);

    private static final int INPUTS_PER_SEED = 50;

    static LongStream seeds() {
        return LongStream.range(0, 50);
    }

    /** A real transcript: what a server sends a client in a full handshake plus some data. */
    private static byte[] transcriptOf(TlsVersion v) {
        MemPair p = new MemPair(v);
        MemBio tap = MemBio.create();
        p.s2c.setCallback(
                new io.tlsbio.bio.BioCallback() {
                    @Override
                    public long after(
                            io.tlsbio.bio.Bio bio,
                            io.tlsbio.bio.BioOperation op,
                            byte[] buf,
                            int off,
                            int len,
                            long ret) {
                        if (op == io.tlsbio.bio.BioOperation.WRITE && ret > 0) {
                            tap.write(buf, off, (int) ret);
                        }
                        return ret;
                    }
                });
        p.connect();
        byte[] data = new byte[100];
        p.server.write(data, 0, data.length);
        return tap.data();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mutatedServerFlightNeverThrowsOrHangs(long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < INPUTS_PER_SEED; i++) {
            TlsVersion v = rnd.nextBoolean() ? TlsVersion.TLS1_3 : TlsVersion.TLS1_2;
            byte[] input = mutate(Flights.get(v), rnd);
            Ssl client = Contexts.client(v).newSsl();
            exercise(client, input, seed * 1000 + i, true);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomBytesToAServerNeverThrowOrHang(long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < INPUTS_PER_SEED; i++) {
            byte[] input = new byte[rnd.nextInt(600)];
            rnd.nextBytes(input);
            if (rnd.nextBoolean() && input.length > 5) {
                // a plausible header so that the record layer gets further
                input[0] = 0x16;
                input[1] = 0x03;
                input[2] = 0x01;
            }
            Ssl server =
                    Contexts.server(
                                    rnd.nextBoolean() ? KeyType.RSA : KeyType.ECDSA,
                                    rnd.nextBoolean() ? TlsVersion.TLS1_3 : TlsVersion.TLS1_2)
                            .newSsl();
            exercise(server, input, seed * 1000 + i, false);
        }
    }

    private static void exercise(Ssl ssl, byte[] input, long seed, boolean client) {
        MemBio in = MemBio.create();
        MemBio out = MemBio.create();
        in.write(input);
        if (new Random(seed).nextBoolean()) {
            in.setMemEofReturn(0);
        }
        ssl.setBio(in, out);
        if (client) {
            ssl.setConnectState();
        } else {
            ssl.setAcceptState();
        }
        int r = 0;
        for (int i = 0; i < 20; i++) {
            r = ssl.doHandshake();
            SslError e = ssl.getError(r);
            assertThat(r).as("input %d (seed*1000+index)", seed).isBetween(-1, 1);
            assertThat(e).as("input %d (seed*1000+index)", seed).isIn(DEFINED);
            if (e == SslError.SSL || e == SslError.SYSCALL) {
                assertThat(ssl.lastError()).as("seed %d: a reason", seed).isNotNull();
            }
            if (r == 1) {
                byte[] b = new byte[1024];
                int n = ssl.read(b, 0, b.length);
                assertThat(ssl.getError(n)).as("input %d (seed*1000+index)", seed).isIn(DEFINED);
                break;
            }
        }
        assertThat(out.pending()).as("seed %d: bounded output", seed).isLessThan(64 * 1024);
    }

    private static byte[] mutate(byte[] flight, Random rnd) {
        byte[] b = flight.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> {
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 1 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            case 2 -> {
                return java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            default -> {
                int at = rnd.nextInt(b.length - 5);
                b[at] = 0x16;
                b[at + 3] = (byte) 0xFF;
                b[at + 4] = (byte) 0xFF;
            }
        }
        return b;
    }

    /** Real server flights, made once per version. */
    static final class Flights {
        private static final byte[] TLS13 = transcriptOf(TlsVersion.TLS1_3);
        private static final byte[] TLS12 = transcriptOf(TlsVersion.TLS1_2);

        static byte[] get(TlsVersion v) {
            return v == TlsVersion.TLS1_3 ? TLS13 : TLS12;
        }
    }
}
