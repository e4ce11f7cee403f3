package io.tlsbio.harness.fuzz;

import io.tlsbio.harness.HarnessConfig;
import io.tlsbio.harness.RecordMutator;
import io.tlsbio.harness.Recorder;
import io.tlsbio.harness.Role;
import java.util.Arrays;
import java.util.List;

/**
 * How the TLS fuzz targets read their input. Byte 0 is the {@link HarnessConfig} byte; byte 1 picks
 * the {@link Mode}; the rest is the payload. Every byte string is a valid input.
 *
 * @param config the configuration of both sides
 * @param mode how the payload becomes the peer's bytes
 * @param peerBytes what the connection under test is fed
 * @param mutations what the mutator did (empty for RAW and AFTER_HANDSHAKE)
 */
record TlsInput(HarnessConfig config, Mode mode, byte[] peerBytes, List<String> mutations) {

    /** How the payload becomes the peer's bytes (byte 1, modulo 4). */
    enum Mode {
        /** The payload is fed as it is. */
        RAW,
        /**
         * The payload steers a {@link RecordMutator} (record framing) over the recorded peer bytes.
         */
        MUTATED_RECORDS,
        /**
         * The payload steers a {@link RecordMutator} (handshake framing) over the recorded peer
         * bytes.
         */
        MUTATED_HANDSHAKE,
        /**
         * The recorded peer handshake, then the payload as it is: what follows an established
         * handshake.
         */
        AFTER_HANDSHAKE
    }

    /** The input of a target that runs {@code role} on {@code data}. */
    static TlsInput decode(Role role, byte[] data) {
        HarnessConfig config = HarnessConfig.fromByte(data.length > 0 ? data[0] : 0);
        Mode mode = Mode.values()[(data.length > 1 ? data[1] & 0xff : 0) % 4];
        byte[] payload = data.length > 2 ? Arrays.copyOfRange(data, 2, data.length) : new byte[0];
        switch (mode) {
            case RAW:
                return new TlsInput(config, mode, payload, List.of());
            case AFTER_HANDSHAKE:
                {
                    byte[] hs =
                            role == Role.CLIENT
                                    ? Recorder.recorded(config).serverHandshake()
                                    : Recorder.recorded(config).clientHandshake();
                    byte[] in = Arrays.copyOf(hs, hs.length + payload.length);
                    System.arraycopy(payload, 0, in, hs.length, payload.length);
                    return new TlsInput(config, mode, in, List.of());
                }
            default:
                {
                    RecordMutator m =
                            new RecordMutator(
                                    RecordMutator.fromBytes(payload),
                                    mode == Mode.MUTATED_RECORDS
                                            ? RecordMutator.Framing.RECORDS
                                            : RecordMutator.Framing.HANDSHAKE);
                    byte[] in = m.mutate(Recorder.recorded(config).sentTo(role));
                    return new TlsInput(config, mode, in, m.log());
                }
        }
    }

    /** The fuzz input that decodes to ({@code config}, {@code mode}, {@code payload}). */
    static byte[] encode(HarnessConfig config, Mode mode, byte[] payload) {
        byte[] out = new byte[2 + payload.length];
        out[0] = (byte) config.toByte();
        out[1] = (byte) mode.ordinal();
        System.arraycopy(payload, 0, out, 2, payload.length);
        return out;
    }
}
