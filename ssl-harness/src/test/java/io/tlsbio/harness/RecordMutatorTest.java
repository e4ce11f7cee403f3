package io.tlsbio.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsbio.harness.TlsRecords.Rec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordMutatorTest {

    private static final int SEEDS = 1500;

    private static List<byte[]> inputs() {
        List<byte[]> out = new ArrayList<>();
        for (int b : new int[] {0, 0b0011, 0b0101, 0b1001, 0b1111}) {
            Recording r = Recorder.recorded(HarnessConfig.fromByte(b));
            out.add(r.clientToServer());
            out.add(r.serverToClient());
        }
        return out;
    }

    /** The records of {@code wire} take all of it, each header announcing exactly its body. */
    private static void assertWholeRecords(byte[] wire, String what) {
        assertThat(TlsRecords.wholeRecordsLength(wire)).as(what).isEqualTo(wire.length);
    }

    @Test
    void everyOutputIsWholeRecordsInBothFramings() {
        List<byte[]> inputs = inputs();
        Set<String> kinds = new HashSet<>();
        for (RecordMutator.Framing framing : RecordMutator.Framing.values()) {
            for (int seed = 0; seed < SEEDS; seed++) {
                byte[] in = inputs.get(seed % inputs.size());
                RecordMutator m = new RecordMutator(RecordMutator.seeded(seed), framing);
                byte[] out = m.mutate(in);
                assertWholeRecords(out, framing + " seed " + seed + " " + m.log());
                assertThat((long) out.length).isLessThanOrEqualTo(3L * in.length + 65536 + 64);
                m.log()
                        .forEach(
                                l ->
                                        kinds.add(
                                                l.replaceAll("[0-9]+", "#")
                                                        .replaceAll(" \\(.*\\)", "")));
            }
        }
        assertThat(String.join("\n", kinds))
                .contains(
                        "flip record",
                        "set record",
                        "insert # into record",
                        "delete # from record",
                        "duplicate segment",
                        "drop segment",
                        "swap segments",
                        "split record",
                        "merge records",
                        "record # type",
                        "record # version",
                        "flip segment # message",
                        "duplicate segment # message",
                        "drop segment # message",
                        "swap messages",
                        "now type",
                        "one record per message",
                        "in # KiB records",
                        "cut [");
    }

    /**
     * Plaintext flights only: every run of same-version handshake records is whole messages again.
     */
    @Test
    void handshakeFramingIsKeptInsidePlaintextFlights() {
        List<byte[]> flights = new ArrayList<>();
        for (int b : new int[] {0, 0b0010, 0b0100, 0b1001}) {
            Recording r = Recorder.recorded(HarnessConfig.fromByte(b));
            flights.add(plaintextPrefix(r.clientToServer()));
            flights.add(plaintextPrefix(r.serverToClient()));
        }
        int checked = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            RecordMutator m =
                    new RecordMutator(
                            RecordMutator.seeded(seed), RecordMutator.Framing.HANDSHAKE, 6);
            byte[] out = m.mutate(flights.get(seed % flights.size()));
            if (m.log().stream().anyMatch(l -> l.startsWith("insert record"))) {
                continue;
            }
            checked++;
            assertWholeRecords(out, "seed " + seed);
            List<Rec> recs = TlsRecords.parse(out);
            for (int i = 0; i < recs.size(); ) {
                assertThat(recs.get(i).type).as("seed %d %s", seed, m.log()).isEqualTo(22);
                ByteArrayOutputStream stream = new ByteArrayOutputStream();
                int j = i;
                while (j < recs.size() && recs.get(j).version == recs.get(i).version) {
                    stream.writeBytes(recs.get(j).body);
                    j++;
                }
                assertThat(TlsRecords.messages(stream.toByteArray()))
                        .as("seed %d %s", seed, m.log())
                        .isNotNull();
                i = j;
            }
        }
        assertThat(checked).isGreaterThan(SEEDS * 9 / 10);
    }

    /** The handshake records before the first record of another type. */
    private static byte[] plaintextPrefix(byte[] wire) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Rec r : TlsRecords.parse(wire)) {
            if (r.type != 22) {
                break;
            }
            TlsRecords.write(out, r.type, r.version, r.body, 0, r.body.length);
        }
        return out.toByteArray();
    }

    @Test
    void theSameChoicesGiveTheSameOutput() {
        byte[] in = Recorder.recorded(HarnessConfig.fromByte(1)).serverToClient();
        for (int seed = 0; seed < 200; seed++) {
            RecordMutator a =
                    new RecordMutator(RecordMutator.seeded(seed), RecordMutator.Framing.HANDSHAKE);
            RecordMutator b =
                    new RecordMutator(RecordMutator.seeded(seed), RecordMutator.Framing.HANDSHAKE);
            assertThat(a.mutate(in)).isEqualTo(b.mutate(in));
            assertThat(a.log()).isEqualTo(b.log());
        }
        byte[] choices = {3, 1, 2, 7, 9, 0, 5, 1, 1, 1, 1};
        assertThat(
                        new RecordMutator(
                                        RecordMutator.fromBytes(choices),
                                        RecordMutator.Framing.RECORDS)
                                .mutate(in))
                .isEqualTo(
                        new RecordMutator(
                                        RecordMutator.fromBytes(choices),
                                        RecordMutator.Framing.RECORDS)
                                .mutate(in));
    }

    @Test
    void byteChoicesUseOneTwoOrFourBytesAndThenZero() {
        var c = RecordMutator.fromBytes(new byte[] {5, 1, 2, 0, 0, 0, 9, 7});
        assertThat(c.applyAsInt(3)).isEqualTo(2);
        assertThat(c.applyAsInt(1000)).isEqualTo(258);
        assertThat(c.applyAsInt(1 << 20)).isEqualTo(9);
        assertThat(c.applyAsInt(1)).as("no byte needed").isZero();
        assertThat(c.applyAsInt(256)).isEqualTo(7);
        assertThat(c.applyAsInt(256)).as("used up").isZero();
    }

    @Test
    void aPartialTailIsDroppedAndNothingBecomesSomething() {
        byte[] partial = {22, 3, 3, 0, 10, 1, 2};
        RecordMutator m =
                new RecordMutator(
                        RecordMutator.fromBytes(new byte[0]), RecordMutator.Framing.RECORDS, 1);
        byte[] out = m.mutate(partial);
        assertWholeRecords(out, m.log().toString());
        assertThat(out).isNotEmpty();
        assertThat(m.log().get(0)).startsWith("drop partial tail of 7");
        assertThatThrownBy(
                        () ->
                                new RecordMutator(
                                        RecordMutator.seeded(1), RecordMutator.Framing.RECORDS, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxOps < 1: 0");
    }

    /** Mutated recordings, fed back, end within the contract: the harness's own smoke run. */
    @Test
    void mutatedRecordingsEndWithinTheContract() {
        for (int i = 0; i < 200; i++) {
            HarnessConfig c = HarnessConfig.fromByte(i);
            Role role = (i & 16) == 0 ? Role.CLIENT : Role.SERVER;
            RecordMutator m =
                    new RecordMutator(
                            RecordMutator.seeded(i),
                            (i & 32) == 0
                                    ? RecordMutator.Framing.RECORDS
                                    : RecordMutator.Framing.HANDSHAKE);
            byte[] input = m.mutate(Recorder.recorded(c).sentTo(role));
            Outcome o = TlsHarness.feed(role, c, input);
            assertThat(o.endedWithinContract()).as(o.summary() + " " + m.log()).isTrue();
            assertThat(o.reason())
                    .as(o.summary() + " " + m.log())
                    .isNotEqualTo(io.tlsbio.ssl.SslReason.INTERNAL_ERROR);
        }
    }
}
