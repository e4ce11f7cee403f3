package io.tlsbio.ssl.internal;

/**
 * Finds the 4-byte headers of handshake messages in a stream of handshake records: a message may
 * span records, and so may its header. Each header found is reported once, with where its body
 * starts in the record at hand and where that record ends.
 */
final class HandshakeHeaders {

    /** Receives each header found. */
    interface Listener<E extends Exception> {
        /**
         * Receives one handshake message header.
         *
         * @param bodyOff where the message body starts in {@code buf} (may be {@code end})
         * @param end where the record's bytes end in {@code buf}
         */
        void header(short type, int length, byte[] buf, int bodyOff, int end) throws E;
    }

    private final byte[] header = new byte[4];
    private int headerHave;
    private int remaining;

    /** Walks one record's handshake bytes. */
    <E extends Exception> void feed(byte[] buf, int off, int len, Listener<E> listener) throws E {
        int p = off;
        int end = off + len;
        while (p < end) {
            if (remaining > 0) {
                int skip = Math.min(remaining, end - p);
                remaining -= skip;
                p += skip;
                continue;
            }
            int take = Math.min(4 - headerHave, end - p);
            System.arraycopy(buf, p, header, headerHave, take);
            headerHave += take;
            p += take;
            if (headerHave < 4) {
                break;
            }
            headerHave = 0;
            short type = (short) (header[0] & 0xff);
            int length =
                    ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
            remaining = length;
            listener.header(type, length, buf, p, end);
        }
    }

    /** Whether a message (or its header) has begun and not ended. */
    boolean midMessage() {
        return remaining > 0 || headerHave > 0;
    }
}
