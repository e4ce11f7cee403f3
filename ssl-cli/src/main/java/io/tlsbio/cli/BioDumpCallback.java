package io.tlsbio.cli;

import io.tlsbio.bio.Bio;
import io.tlsbio.bio.BioCallback;
import io.tlsbio.bio.BioOperation;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code -debug} of {@code s_client} and {@code s_server}: OpenSSL's {@code bio_dump_callback}
 * (apps/lib/s_cb.c) on the socket BIO. After every read and write it prints {@code read from BIO
 * [BUF] (LEN bytes => N (0xN))} or {@code write to ...} and the bytes moved in {@link BioDump}'s
 * format; an operation that moved nothing prints {@code (LEN bytes => RET)} alone ({@code 0} end of
 * stream, {@code -1} a retry or an error). The two addresses are Java identity hashes standing in
 * for OpenSSL's pointers: the BIO's, and the caller's array's plus the offset. Each operation is
 * one {@code print}, so the lines of two connections do not interleave.
 */
final class BioDumpCallback implements BioCallback {

    private final PrintStream out;

    /** Dumps to {@code out}: stdout, as OpenSSL's {@code bio_c_out}/{@code bio_s_out}. */
    BioDumpCallback(PrintStream out) {
        this.out = out;
    }

    @Override
    public long after(Bio bio, BioOperation op, byte[] buf, int off, int len, long ret) {
        String verb;
        if (op == BioOperation.READ) {
            verb = "read from ";
        } else if (op == BioOperation.WRITE) {
            verb = "write to ";
        } else {
            return ret;
        }
        StringBuilder sb = new StringBuilder(128);
        sb.append(verb)
                .append(pointer(System.identityHashCode(bio)))
                .append(" [")
                .append(pointer(System.identityHashCode(buf) + (long) off))
                .append("] (")
                .append(len)
                .append(" bytes => ")
                .append(ret);
        if (ret > 0) {
            sb.append(" (0x").append(Long.toHexString(ret).toUpperCase(Locale.ROOT)).append(")");
        }
        sb.append(")\n");
        if (ret > 0) {
            BioDump.append(sb, buf, off, (int) ret);
        }
        out.print(sb);
        out.flush();
        return ret;
    }

    /** A stand-in address as C's {@code %p} prints one. */
    private static String pointer(long address) {
        return "0x" + Long.toHexString(address & 0xffffffffffL);
    }
}
