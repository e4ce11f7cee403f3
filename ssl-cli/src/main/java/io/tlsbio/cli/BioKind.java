package io.tlsbio.cli;

import io.tlsbio.harness.Transport;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The BIO setups {@code tlsbio demo} runs a client and a server over, in table order. */
enum BioKind {
    /** Two MemBios (BIO_s_mem), one per direction. */
    MEM("mem", false, "two MemBios, one per direction"),
    /** A BioPair (BIO_new_bio_pair) with its default 17 KiB buffers. */
    PAIR("pair", false, "a BioPair, 17 KiB buffers"),
    /** A BioPair with 16-byte buffers: every flight takes many calls. */
    PAIR_TINY("pair-16", false, "a BioPair with 16-byte buffers"),
    /** A BufferBio (BIO_f_buffer) over each end of a BioPair: flights leave on flush. */
    BUFFER_PAIR("buffer+pair", false, "a BufferBio over each end of a BioPair"),
    /** A blocking loopback socket pair, one thread per side: one doHandshake() call each. */
    SOCKET("socket", true, "blocking SocketBios, one thread per side"),
    /** A non-blocking loopback socket pair, one thread, waits through BioWait / BioSelector. */
    SOCKET_NBIO("socket-nbio", false, "non-blocking SocketBios, one thread, BioSelector"),
    /** BufferBios over a non-blocking socket pair. */
    BUFFER_SOCKET_NBIO("buffer+socket-nbio", false, "a BufferBio over each non-blocking SocketBio"),
    /**
     * A non-blocking ConnectBio connecting to a non-blocking AcceptBio: WANT_CONNECT, WANT_ACCEPT.
     */
    CONNECT_ACCEPT("connect+accept-nbio", false, "non-blocking ConnectBio to AcceptBio");

    private final String id;
    private final boolean blocking;
    private final String description;

    BioKind(String id, boolean blocking, String description) {
        this.id = id;
        this.blocking = blocking;
        this.description = description;
    }

    /** The name {@code --bio} takes and the table prints. */
    String id() {
        return id;
    }

    /** Whether both sides block (and so run in two threads). */
    boolean blocking() {
        return blocking;
    }

    String description() {
        return description;
    }

    /** A fresh, unattached transport of this kind. */
    Transport create() {
        return switch (this) {
            case MEM -> Transport.mem();
            case PAIR -> Transport.pair(0, false);
            case PAIR_TINY -> Transport.pair(16, false);
            case BUFFER_PAIR -> Transport.pair(0, true);
            case SOCKET -> Transport.sockets(false, false);
            case SOCKET_NBIO -> Transport.sockets(true, false);
            case BUFFER_SOCKET_NBIO -> Transport.sockets(true, true);
            case CONNECT_ACCEPT -> Transport.connectAccept();
        };
    }

    /**
     * The kind named {@code id} (case-insensitive).
     *
     * @throws CliException listing the names when there is no such kind
     */
    static BioKind named(String id) {
        for (BioKind k : values()) {
            if (k.id.equals(id.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new CliException("unknown --bio " + id + "; one of " + names());
    }

    /** Every name, comma-separated. */
    static String names() {
        return Arrays.stream(values()).map(BioKind::id).collect(Collectors.joining(", "));
    }
}
