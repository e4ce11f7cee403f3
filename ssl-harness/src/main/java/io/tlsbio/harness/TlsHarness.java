package io.tlsbio.harness;

import io.tlsbio.bio.mem.MemBio;
import io.tlsbio.ssl.Ssl;
import io.tlsbio.ssl.SslContext;
import io.tlsbio.ssl.SslError;
import io.tlsbio.ssl.SslFailure;
import io.tlsbio.ssl.SslReason;
import java.util.Objects;

/**
 * The one-call driver of a protocol fuzzing harness: one tlsbio connection, deterministic and
 * strict ({@link HarnessContexts}), fed what its peer would send and run to its end.
 *
 * <p>The peer's bytes go into a memory BIO ({@code BIO_s_mem}) all at once, the connection writes
 * into another. {@code doHandshake} ({@code SSL_do_handshake}) is called until the handshake
 * completes, then {@code read} ({@code SSL_read}) until the connection fails or is closed. When it
 * waits for input ({@code WANT_READ}) and every byte has been read, the read BIO is switched to
 * report end of stream ({@code BIO_set_mem_eof_return(b, 0)}) so the run ends on the unexpected-EOF
 * path. At most {@link #callCap} calls are made. A bug inside tlsbio or bctls makes the call throw
 * {@link io.tlsbio.ssl.InternalBugException} out of {@code feed*}: that is the crash a fuzzer
 * reports. Nothing else may escape.
 */
public final class TlsHarness {

    /** Calls allowed whatever the input: the handshake's own, the EOF and a margin. */
    public static final int BASE_CALLS = 16;

    /**
     * Input bytes per further call: every call but the last few consumes at least one record (a
     * 5-byte header at least) or returns application data from one.
     */
    public static final int BYTES_PER_CALL = 5;

    /** Room for the largest TLS plaintext record, so one read takes a whole record's data. */
    private static final int READ_BUFFER = 16 * 1024;

    private TlsHarness() {}

    /**
     * The call cap for an input of {@code inputLength} bytes: {@code 16 + inputLength / 5}.
     *
     * @param inputLength the peer bytes to feed
     * @return the most {@code SSL_*} calls a run on that input may make
     */
    public static int callCap(int inputLength) {
        return BASE_CALLS + inputLength / BYTES_PER_CALL;
    }

    /**
     * Runs a client of {@code config} on what a server sent ({@code serverBytes}).
     *
     * @param config the configuration of the client
     * @param serverBytes the server's wire bytes, possibly mutated
     * @return how the run ended
     */
    public static Outcome feedClient(HarnessConfig config, byte[] serverBytes) {
        return feed(Role.CLIENT, config, serverBytes);
    }

    /**
     * Runs a server of {@code config} on what a client sent ({@code clientBytes}).
     *
     * @param config the configuration of the server
     * @param clientBytes the client's wire bytes, possibly mutated
     * @return how the run ended
     */
    public static Outcome feedServer(HarnessConfig config, byte[] clientBytes) {
        return feed(Role.SERVER, config, clientBytes);
    }

    /**
     * Runs the {@code role} side of {@code config} on {@code peerBytes}, what the other side sent.
     *
     * @param role the side to run
     * @param config the configuration of that side
     * @param peerBytes the other side's wire bytes, possibly mutated
     * @return how the run ended
     */
    public static Outcome feed(Role role, HarnessConfig config, byte[] peerBytes) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(peerBytes, "peerBytes");
        SslContext context = HarnessContexts.of(role, config);
        MemBio in = MemBio.create();
        MemBio out = MemBio.create();
        in.write(peerBytes);
        Ssl ssl = context.newSsl();
        try {
            ssl.setBio(in, out);
            if (role == Role.CLIENT) {
                ssl.setConnectState();
            } else {
                ssl.setAcceptState();
            }
            return run(role, config, context, ssl, in, out, peerBytes.length);
        } finally {
            ssl.free();
        }
    }

    private static Outcome run(
            Role role,
            HarnessConfig config,
            SslContext context,
            Ssl ssl,
            MemBio in,
            MemBio out,
            int inputLength) {
        int cap = callCap(inputLength);
        AlertScanner alerts = new AlertScanner();
        byte[] buf = new byte[READ_BUFFER];
        boolean established = false;
        boolean eof = false;
        long applicationBytes = 0;
        int calls = 0;
        int ret = 0;
        SslError error = SslError.NONE;
        Outcome.Ending ending = Outcome.Ending.CALL_CAP;
        while (calls < cap) {
            ret = established ? ssl.read(buf, 0, buf.length) : ssl.doHandshake();
            calls++;
            error = ssl.getError(ret);
            alerts.scan(out);
            if (ret > 0 && error == SslError.NONE) {
                if (established) {
                    applicationBytes += ret;
                }
                established = true;
                continue;
            }
            Outcome.Ending end = classify(error, in, eof);
            if (end != null) {
                ending = end;
                break;
            }
            // WANT_READ with every byte read: from now on the transport has ended
            in.setMemEofReturn(0);
            eof = true;
        }
        SslFailure failure = ssl.lastError();
        int alertSent = alerts.fatalAlert();
        if (alertSent < 0
                && failure != null
                && failure.alert() >= 0
                && failure.reason() != SslReason.ALERT_RECEIVED
                && failure.error() != SslError.ZERO_RETURN) {
            alertSent = failure.alert();
        }
        return new Outcome(
                role,
                config,
                inputLength,
                calls,
                ret,
                error,
                failure,
                ending,
                established,
                in.bytesRead(),
                out.bytesWritten(),
                applicationBytes,
                alertSent,
                context.internalBugs());
    }

    /**
     * How a call that neither completed the handshake nor returned data ends the run; null: go on.
     */
    private static Outcome.Ending classify(SslError error, MemBio in, boolean eof) {
        switch (error) {
            case SSL, SYSCALL:
                return Outcome.Ending.FAILED;
            case ZERO_RETURN:
                return Outcome.Ending.CLOSED;
            case WANT_READ:
                return eof || in.pending() > 0 ? Outcome.Ending.STALLED : null;
            default:
                return Outcome.Ending.UNDEFINED;
        }
    }
}
