package io.tlsbio.harness;

import io.tlsbio.bio.mem.MemBio;

/**
 * Follows the records a connection writes, without keeping them, and remembers the last fatal alert
 * sent in plaintext (a 2-byte alert record before encryption starts; encrypted alerts cannot be
 * read here, {@link TlsHarness} takes those from the failure).
 */
final class AlertScanner {

    private static final int ALERT = 21;
    private static final int FATAL = 2;

    private final byte[] header = new byte[5];
    private int headerHave;
    private int bodyLeft;
    private int bodyIndex;
    private boolean alertRecord;
    private int level = -1;
    private int fatalAlert = -1;

    /** Consumes everything {@code out} holds. */
    void scan(MemBio out) {
        byte[] b = new byte[4096];
        for (int n; (n = out.read(b, 0, b.length)) > 0; ) {
            for (int i = 0; i < n; i++) {
                next(b[i] & 0xff);
            }
        }
    }

    private void next(int x) {
        if (bodyLeft == 0) {
            header[headerHave++] = (byte) x;
            if (headerHave == 5) {
                headerHave = 0;
                bodyLeft = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                alertRecord = (header[0] & 0xff) == ALERT && bodyLeft == 2;
                bodyIndex = 0;
            }
            return;
        }
        if (alertRecord) {
            if (bodyIndex == 0) {
                level = x;
            } else if (level == FATAL) {
                fatalAlert = x;
            }
        }
        bodyIndex++;
        bodyLeft--;
    }

    /** The description of the last fatal plaintext alert written, or -1. */
    int fatalAlert() {
        return fatalAlert;
    }
}
