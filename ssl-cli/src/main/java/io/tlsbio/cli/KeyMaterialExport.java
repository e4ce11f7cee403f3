package io.tlsbio.cli;

import io.tlsbio.ssl.Ssl;
import java.io.PrintStream;
import java.util.HexFormat;

/**
 * {@code -keymatexport LABEL -keymatexportlen N}: the keying material of a connection ({@link
 * Ssl#exportKeyingMaterial}, no context), printed as OpenSSL's {@code s_client} and {@code
 * s_server} print it: a "Keying material exporter:" block with the label, the length and the bytes
 * in upper-case hex, or "Error" where OpenSSL's export fails.
 */
record KeyMaterialExport(String label, int length) {

    /** The block for {@code ssl}, whose handshake is complete. */
    void print(PrintStream out, Ssl ssl) {
        out.println("Keying material exporter:");
        out.println("    Label: '" + label + "'");
        out.println("    Length: " + length + " bytes");
        byte[] material;
        try {
            material = ssl.exportKeyingMaterial(label, null, length);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a reserved TLS 1.2 label, an HKDF length limit: OpenSSL says no more either
            out.println("    Error");
            return;
        }
        out.println("    Keying material: " + HexFormat.of().withUpperCase().formatHex(material));
    }
}
