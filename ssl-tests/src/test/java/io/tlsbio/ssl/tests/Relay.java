package io.tlsbio.ssl.tests;

import io.tlsbio.bio.pair.BioPair;

/**
 * The application relay of ssl_old_test.c's doit_biopair: moves bytes between the outer ends of two
 * BIO pairs, as much as the other side can take (pending / write guarantee).
 */
final class Relay implements Runnable {
    private final BioPair.End a;
    private final BioPair.End b;
    private final byte[] buf = new byte[17 * 1024];

    Relay(BioPair.End a, BioPair.End b) {
        this.a = a;
        this.b = b;
    }

    @Override
    public void run() {
        move(a, b);
        move(b, a);
    }

    private void move(BioPair.End from, BioPair.End to) {
        for (int i = 0; i < 1000; i++) {
            int n = (int) Math.min(from.pending(), Math.min(to.writeGuarantee(), buf.length));
            if (n <= 0) {
                return;
            }
            int r = from.read(buf, 0, n);
            if (r <= 0) {
                return;
            }
            int w = to.write(buf, 0, r);
            if (w != r) {
                throw new AssertionError("relay lost bytes: wrote " + w + " of " + r);
            }
        }
    }
}
