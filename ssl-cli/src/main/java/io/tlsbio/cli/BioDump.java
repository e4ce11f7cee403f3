package io.tlsbio.cli;

/**
 * OpenSSL's {@code BIO_dump} format (crypto/bio/bio_dump.c, no indent): 16 bytes a line, the offset
 * as 4 hex digits, the bytes in hex with a {@code -} after the eighth, then the bytes as ASCII with
 * {@code .} for anything outside {@code ' '..'~'}. A short last line is padded so its ASCII column
 * lines up.
 *
 * <pre>
 * 0000 - 16 03 01 01 24 01 00 01-20 03 03 3b c2 6a 60 7f   ....$... ..;.j`.
 * </pre>
 */
final class BioDump {

    private static final int WIDTH = 16;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private BioDump() {}

    /**
     * Appends the dump of {@code b[off, off + len)} to {@code sb}, one {@code \n}-terminated line
     * each 16 bytes.
     */
    static void append(StringBuilder sb, byte[] b, int off, int len) {
        for (int row = 0; row < len; row += WIDTH) {
            sb.append(String.format("%04x - ", row));
            for (int j = 0; j < WIDTH; j++) {
                if (row + j < len) {
                    int v = b[off + row + j] & 0xff;
                    sb.append(HEX[v >>> 4]).append(HEX[v & 0xf]).append(j == 7 ? '-' : ' ');
                } else {
                    sb.append("   ");
                }
            }
            sb.append("  ");
            for (int j = 0; j < WIDTH && row + j < len; j++) {
                int v = b[off + row + j] & 0xff;
                sb.append(v >= ' ' && v <= '~' ? (char) v : '.');
            }
            sb.append('\n');
        }
    }
}
