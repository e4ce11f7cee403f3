package io.tlsbio.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsbio.harness.HarnessConfig;
import io.tlsbio.harness.Recorder;
import io.tlsbio.harness.Recording;
import io.tlsbio.harness.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The seed corpora of the fuzz targets, made from real deterministic connections ({@link Recorder})
 * and a few hand-made inputs, in Jazzer's layout ({@code
 * src/test/resources/io/tlsbio/harness/fuzz/<Class>Inputs/<method>/}). By default it checks that
 * the checked-in files are exactly what it makes (files named {@code crash-*} or {@code finding-*},
 * kept from fuzzing runs, are left alone). To write them again, from the repository root:
 *
 * <pre>
 * mvn -o -q -pl ssl-harness -am test -Dtest=SeedCorporaTest -Dharness.writeCorpus=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class SeedCorporaTest {

    static final Path ROOT = Path.of("src/test/resources/io/tlsbio/harness/fuzz");
    private static final HexFormat HEX = HexFormat.of();

    /** The corpora: directory under {@link #ROOT} to file name to bytes. */
    static Map<String, Map<String, byte[]>> corpora() {
        Map<String, Map<String, byte[]>> all = new TreeMap<>();
        all.put("ClientFuzzTestInputs/feedClient", tlsSeeds(Role.CLIENT));
        all.put("ServerFuzzTestInputs/feedServer", tlsSeeds(Role.SERVER));
        all.put("BioFuzzTestInputs/operations", bioSeeds());
        all.put("RecordReaderFuzzTestInputs/readRecords", recordReaderSeeds());
        return all;
    }

    /**
     * Every configuration's recorded peer bytes; mutation seeds; post-handshake oddities; non-TLS.
     */
    static Map<String, byte[]> tlsSeeds(Role role) {
        Map<String, byte[]> seeds = new TreeMap<>();
        for (HarnessConfig c : HarnessConfig.all()) {
            seeds.put(
                    "recorded-" + c.label(),
                    TlsInput.encode(c, TlsInput.Mode.RAW, Recorder.recorded(c).sentTo(role)));
        }
        SplittableRandom random = new SplittableRandom(role.ordinal());
        for (int b : new int[] {0b0000, 0b0011, 0b0101, 0b1001, 0b1110}) {
            HarnessConfig c = HarnessConfig.fromByte(b);
            for (TlsInput.Mode mode :
                    new TlsInput.Mode[] {
                        TlsInput.Mode.MUTATED_RECORDS, TlsInput.Mode.MUTATED_HANDSHAKE
                    }) {
                byte[] choices = new byte[24];
                random.nextBytes(choices);
                seeds.put(
                        mode.name().toLowerCase().replace('_', '-') + "-" + c.label(),
                        TlsInput.encode(c, mode, choices));
            }
        }
        for (int b : new int[] {0b0000, 0b0001}) {
            HarnessConfig c = HarnessConfig.fromByte(b);
            String p = "after-handshake-" + c.label();
            Recording r = Recorder.recorded(c);
            byte[] post =
                    java.util.Arrays.copyOfRange(
                            r.sentTo(role),
                            role == Role.CLIENT
                                    ? r.serverHandshakeLength()
                                    : r.clientHandshakeLength(),
                            r.sentTo(role).length);
            seeds.put(p + "-recorded", TlsInput.encode(c, TlsInput.Mode.AFTER_HANDSHAKE, post));
            seeds.put(
                    p + "-plaintext-alert",
                    TlsInput.encode(c, TlsInput.Mode.AFTER_HANDSHAKE, hex("1503030002022f")));
            seeds.put(
                    p + "-overlong",
                    TlsInput.encode(c, TlsInput.Mode.AFTER_HANDSHAKE, hex("1703034801")));
            byte[] empties = new byte[33 * 5];
            for (int i = 0; i < 33; i++) {
                System.arraycopy(hex("1703030000"), 0, empties, 5 * i, 5);
            }
            seeds.put(
                    p + "-empty-records",
                    TlsInput.encode(c, TlsInput.Mode.AFTER_HANDSHAKE, empties));
        }
        HarnessConfig c0 = HarnessConfig.fromByte(0);
        seeds.put(
                "raw-http-get",
                TlsInput.encode(
                        c0,
                        TlsInput.Mode.RAW,
                        "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII)));
        seeds.put(
                "raw-sslv2-hello",
                TlsInput.encode(
                        c0,
                        TlsInput.Mode.RAW,
                        hex(
                                "802b0103010012000000100100800700c0030080060040040080020080"
                                        + "00000000000000000000000000000000")));
        seeds.put("raw-overlong-record", TlsInput.encode(c0, TlsInput.Mode.RAW, hex("1603034801")));
        return seeds;
    }

    /** Random operation sequences of a few lengths for each BIO topology. */
    static Map<String, byte[]> bioSeeds() {
        Map<String, byte[]> seeds = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 12; i++) {
            byte[] b = new byte[64 << (i % 4)];
            random.nextBytes(b);
            seeds.put("random-" + i, b);
        }
        return seeds;
    }

    /** Recorded flights under each reader setting, cut and whole, and a few bad headers. */
    static Map<String, byte[]> recordReaderSeeds() {
        Map<String, byte[]> seeds = new TreeMap<>();
        for (int b : new int[] {0b0000, 0b0001, 0b1111}) {
            Recording r = Recorder.recorded(HarnessConfig.fromByte(b));
            for (int flags = 0; flags < 8; flags += 3) {
                seeds.put(
                        "recorded-" + r.config().label() + "-flags" + flags + "-chunk7",
                        readerInput(flags, 7, r.serverToClient()));
            }
            seeds.put(
                    "recorded-" + r.config().label() + "-client-whole",
                    readerInput(1, 0, r.clientToServer()));
        }
        seeds.put("overlong-header", readerInput(0, 0, hex("16030348010000")));
        seeds.put(
                "max-header-accepted",
                readerInput(4, 200, concat(hex("17030300ff"), new byte[255], hex("170303ffff"))));
        seeds.put("partial-header", readerInput(3, 1, hex("160303")));
        return seeds;
    }

    private static byte[] readerInput(int flags, int chunk, byte[] wire) {
        return concat(new byte[] {(byte) flags, (byte) chunk, 0x12, 0x34}, wire);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    private static boolean keptFromFuzzing(Path f) {
        String n = f.getFileName().toString();
        return n.startsWith("crash-") || n.startsWith("finding-");
    }

    @Test
    void theCheckedInCorporaAreWhatTheGeneratorMakes() throws IOException {
        Assumptions.assumeTrue(
                System.getProperty("harness.writeCorpus") == null, "writing, not checking");
        for (Map.Entry<String, Map<String, byte[]>> dir : corpora().entrySet()) {
            Path d = ROOT.resolve(dir.getKey());
            Map<String, byte[]> onDisk = new TreeMap<>();
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (!keptFromFuzzing(f)) {
                        onDisk.put(f.getFileName().toString(), Files.readAllBytes(f));
                    }
                }
            }
            assertThat(onDisk.keySet()).as(d.toString()).isEqualTo(dir.getValue().keySet());
            dir.getValue()
                    .forEach(
                            (name, bytes) ->
                                    assertThat(onDisk.get(name))
                                            .as(d + "/" + name)
                                            .isEqualTo(bytes));
        }
    }

    @Test
    void write() throws IOException {
        Assumptions.assumeTrue(
                System.getProperty("harness.writeCorpus") != null,
                "-Dharness.writeCorpus=true writes");
        for (Map.Entry<String, Map<String, byte[]>> dir : corpora().entrySet()) {
            Path d = ROOT.resolve(dir.getKey());
            Files.createDirectories(d);
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (!keptFromFuzzing(f)) {
                        Files.delete(f);
                    }
                }
            }
            for (Map.Entry<String, byte[]> e : dir.getValue().entrySet()) {
                Files.write(d.resolve(e.getKey()), e.getValue());
            }
            System.out.println("wrote " + dir.getValue().size() + " seeds to " + d);
        }
    }
}
