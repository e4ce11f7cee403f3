package io.tlsbio.ssl.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsSecret;

/**
 * TLS 1.3 session tickets where bctls 1.84 has none (it parses and drops a NewSessionTicket, and
 * never sends one): the NewSessionTicket message of RFC 8446 4.6.1, and the key schedule from the
 * resumption_master_secret to each ticket's PSK (RFC 8446 7.1, 4.6.1).
 */
final class Tls13Tickets {

    /** OpenSSL's cap on a TLS 1.3 ticket's lifetime, and RFC 8446's: one week. */
    static final long MAX_LIFETIME = 604800;

    /** OpenSSL's ticket nonce: an 8-byte counter (TICKET_NONCE_SIZE). */
    static final int NONCE_SIZE = 8;

    private Tls13Tickets() {}

    /** One NewSessionTicket; {@code ageAdd} is a uint32, {@code lifetime} seconds. */
    record Ticket(long lifetime, long ageAdd, byte[] nonce, byte[] ticket) {

        /** The whole handshake message, header included. */
        byte[] encode() {
            ByteArrayOutputStream body =
                    new ByteArrayOutputStream(16 + nonce.length + ticket.length);
            try {
                TlsUtils.writeUint32(lifetime, body);
                TlsUtils.writeUint32(ageAdd, body);
                TlsUtils.writeOpaque8(nonce, body);
                TlsUtils.writeOpaque16(ticket, body);
                TlsUtils.writeUint16(0, body);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "ticket too large for a NewSessionTicket: " + ticket.length, e);
            }
            byte[] b = body.toByteArray();
            byte[] msg = new byte[4 + b.length];
            msg[0] = (byte) HandshakeType.new_session_ticket;
            msg[1] = (byte) (b.length >> 16);
            msg[2] = (byte) (b.length >> 8);
            msg[3] = (byte) b.length;
            System.arraycopy(b, 0, msg, 4, b.length);
            return msg;
        }

        /**
         * A NewSessionTicket body; extensions (early_data is the only one defined) are skipped.
         *
         * @throws TlsFatalAlert decode_error for a malformed message or an empty ticket, as OpenSSL
         */
        static Ticket parse(ByteArrayInputStream in) throws IOException {
            try {
                long lifetime = TlsUtils.readUint32(in);
                long ageAdd = TlsUtils.readUint32(in);
                byte[] nonce = TlsUtils.readOpaque8(in);
                byte[] ticket = TlsUtils.readOpaque16(in, 1);
                TlsUtils.readOpaque16(in);
                if (in.available() != 0) {
                    throw new TlsFatalAlert(
                            AlertDescription.decode_error, "NewSessionTicket: trailing bytes");
                }
                return new Ticket(lifetime, ageAdd, nonce, ticket);
            } catch (TlsFatalAlert a) {
                throw a;
            } catch (IOException e) {
                throw new TlsFatalAlert(AlertDescription.decode_error, "bad NewSessionTicket", e);
            }
        }
    }

    /**
     * resumption_master_secret = Derive-Secret(master_secret, "res master",
     * Transcript-Hash(ClientHello ... client Finished)), from bctls's master secret, before bctls
     * clears it at the end of the handshake.
     */
    static TlsSecret resumptionMasterSecret(SecurityParameters sp, byte[] transcriptHash)
            throws IOException {
        return TlsCryptoUtils.hkdfExpandLabel(
                sp.getMasterSecret(),
                sp.getPRFCryptoHashAlgorithm(),
                "res master",
                transcriptHash,
                sp.getPRFHashLength());
    }

    /**
     * A ticket's PSK: HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce,
     * Hash.length).
     */
    static byte[] psk(TlsSecret resumptionMaster, int cryptoHashAlgorithm, byte[] nonce)
            throws IOException {
        int len = TlsCryptoUtils.getHashOutputSize(cryptoHashAlgorithm);
        return TlsCryptoUtils.hkdfExpandLabel(
                        resumptionMaster, cryptoHashAlgorithm, "resumption", nonce, len)
                .extract();
    }

    /** The PRF of a TLS 1.3 suite (bctls's getPRFAlgorithm13, which is not public), or -1. */
    static int prf(int cipherSuite) {
        return switch (cipherSuite) {
            case CipherSuite.TLS_AES_128_GCM_SHA256,
                    CipherSuite.TLS_AES_128_CCM_SHA256,
                    CipherSuite.TLS_AES_128_CCM_8_SHA256,
                    CipherSuite.TLS_CHACHA20_POLY1305_SHA256 ->
                    PRFAlgorithm.tls13_hkdf_sha256;
            case CipherSuite.TLS_AES_256_GCM_SHA384 -> PRFAlgorithm.tls13_hkdf_sha384;
            default -> -1;
        };
    }
}
