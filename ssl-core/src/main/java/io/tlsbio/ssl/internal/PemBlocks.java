package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The {@code -----BEGIN X----- ... -----END X-----} blocks of a PEM text, split before anything is
 * decoded so that every error can name its file, the block type and the block's position (OpenSSL's
 * {@code PEM_read_bio} skips text outside blocks the same way).
 */
final class PemBlocks {

    /** One block: its type ("CERTIFICATE"), its 1-based position among all blocks, and its text. */
    record Block(String type, int position, String text) {

        /** Headers and base64 body decoded; {@code source} names the file in errors. */
        PemObject decode(String source) throws IOException {
            try (PemReader r = new PemReader(new StringReader(text))) {
                PemObject o = r.readPemObject();
                if (o == null) {
                    throw new IOException(describe(source) + " cannot be read");
                }
                return o;
            } catch (IOException | RuntimeException e) {
                // bcutil's Base64 throws DecoderException, a RuntimeException
                throw new IOException(describe(source) + " is not valid PEM: bad base64 decode", e);
            }
        }

        /** "{@code <source>}: CERTIFICATE block 2". */
        String describe(String source) {
            return source + ": " + type + " block " + position;
        }
    }

    private static final Pattern BEGIN =
            Pattern.compile("^-----BEGIN ([^-]+)-----[ \\t]*$", Pattern.MULTILINE);

    private PemBlocks() {}

    /**
     * Every block of {@code text}, in order.
     *
     * @param wanted what the caller looks for ("CERTIFICATE", "PRIVATE KEY"), for the message
     * @throws IOException naming {@code source} when there is no block at all ("no CERTIFICATE
     *     found: not a PEM file", with a hint for DER input) or a block has no END line
     */
    static List<Block> split(String text, String source, String wanted) throws IOException {
        List<Block> out = new ArrayList<>();
        Matcher m = BEGIN.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            String type = m.group(1).trim();
            String end = "-----END " + type + "-----";
            int endAt = text.indexOf(end, m.end());
            if (endAt < 0) {
                throw new IOException(
                        source
                                + ": "
                                + type
                                + " block "
                                + (out.size() + 1)
                                + " has no \""
                                + end
                                + "\" line (truncated PEM)");
            }
            from = endAt + end.length();
            out.add(new Block(type, out.size() + 1, text.substring(m.start(), from)));
        }
        if (out.isEmpty()) {
            throw new IOException(
                    source
                            + ": no "
                            + wanted
                            + " found: not a PEM file (no \"-----BEGIN\" line)"
                            + derHint(text));
        }
        return out;
    }

    /** The types found, for "no CERTIFICATE found (PEM blocks: PRIVATE KEY)". */
    static String types(List<Block> blocks) {
        return blocks.stream()
                .map(Block::type)
                .distinct()
                .reduce((a, b) -> a + ", " + b)
                .orElse("nothing");
    }

    private static String derHint(String text) {
        // a DER SEQUENCE with a long-form length: what a .der/.cer certificate or key starts with
        boolean der =
                text.length() > 2
                        && text.charAt(0) == 0x30
                        && (text.charAt(1) == 0x82 || text.charAt(1) == 0x81);
        return der
                ? "; it looks like DER, convert it with \"openssl x509 -outform PEM\" or \"openssl pkey -outform PEM\""
                : "";
    }
}
