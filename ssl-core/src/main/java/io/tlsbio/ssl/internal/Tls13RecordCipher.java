package io.tlsbio.ssl.internal;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsDecodeResult;
import org.bouncycastle.tls.crypto.TlsEncodeResult;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;

/**
 * A TLS 1.3 AES-GCM record cipher that both bctls and tlsbio's own application-data record path
 * ({@link AppRecords}) use: it owns the read and write sequence numbers, so records sealed or
 * opened by either side take the next number, and bctls's own counters (which see only its records)
 * are ignored. bctls keeps rekeying (KeyUpdate); the IV for tlsbio's records is derived again from
 * the current traffic secret after each rekey (RFC 8446 7.3). docs/ssl-lifecycle.md, "Record path".
 */
final class Tls13RecordCipher implements TlsCipher {

    private static final int HEADER = RecordReader.HEADER;

    /** The AES-GCM tag's length. */
    static final int TAG = 16;

    private static final int IV = 12;

    private final TlsCryptoParameters params;
    private final TlsAEADCipher bctls;
    private final JceAesGcm sealer;
    private final JceAesGcm opener;
    private long writeSeq;
    private long readSeq;
    // the static IVs of the current keys, derived when first needed after a (re)key
    private byte[] writeIv;
    private byte[] readIv;
    private final byte[] nonce = new byte[IV];
    private final byte[] aad = new byte[HEADER];

    Tls13RecordCipher(
            TlsCryptoParameters params, TlsAEADCipher bctls, JceAesGcm sealer, JceAesGcm opener) {
        this.params = params;
        this.bctls = bctls;
        this.sealer = sealer;
        this.opener = opener;
    }

    /** Whether a TLS 1.3 connection is being negotiated for {@code params}. */
    static boolean tls13(TlsCryptoParameters params) {
        SecurityParameters sp = params.getSecurityParametersHandshake();
        ProtocolVersion v = sp == null ? null : sp.getNegotiatedVersion();
        return v != null && TlsUtils.isTLSv13(v);
    }

    /**
     * Seals {@code len} (1..16384) bytes of application data as one record at {@code out[outOff]}:
     * header, then the plaintext with its inner content type, encrypted in place.
     *
     * @return the record's length: {@code HEADER + len + 1 + TAG}
     */
    int seal(byte[] b, int off, int len, byte[] out, int outOff) throws IOException {
        int inner = len + 1;
        int body = inner + TAG;
        out[outOff] = ContentType.application_data;
        out[outOff + 1] = 3;
        out[outOff + 2] = 3;
        out[outOff + 3] = (byte) (body >>> 8);
        out[outOff + 4] = (byte) body;
        System.arraycopy(out, outOff, aad, 0, HEADER);
        System.arraycopy(b, off, out, outOff + HEADER, len);
        out[outOff + HEADER + len] = ContentType.application_data;
        if (writeIv == null) {
            writeIv = deriveIv(params.isServer());
        }
        sealer.init(nonce(writeIv, writeSeq), TAG);
        int n = sealer.doFinal(aad, out, outOff + HEADER, inner, out, outOff + HEADER);
        if (n != body) {
            throw new TlsFatalAlert(AlertDescription.internal_error);
        }
        writeSeq++;
        return HEADER + body;
    }

    /**
     * Decrypts the whole record {@code rec[off, off + len)} into {@code out} without consuming its
     * sequence number ({@link #opened()} does, once the record is known to be tlsbio's to serve).
     *
     * @return the inner plaintext's length (content, content type, padding), or -1 when it does not
     *     authenticate (bctls then gets the record and answers it)
     */
    int open(byte[] rec, int off, int len, byte[] out) {
        if (len < HEADER + TAG + 1) {
            return -1;
        }
        System.arraycopy(rec, off, aad, 0, HEADER);
        try {
            if (readIv == null) {
                readIv = deriveIv(!params.isServer());
            }
            opener.init(nonce(readIv, readSeq), TAG);
            return opener.doFinal(aad, rec, off + HEADER, len - HEADER, out, 0);
        } catch (IOException | RuntimeException e) {
            // bctls decrypts the same record with the same number and fails it with its alert
            return -1;
        }
    }

    /** The record {@link #open} decrypted was served by tlsbio: its sequence number is used. */
    void opened() {
        readSeq++;
    }

    private byte[] nonce(byte[] iv, long seq) {
        System.arraycopy(iv, 0, nonce, 0, IV);
        for (int i = 0; i < 8; i++) {
            nonce[IV - 1 - i] ^= (byte) (seq >>> (8 * i));
        }
        return nonce;
    }

    private byte[] deriveIv(boolean serverSecret) throws IOException {
        SecurityParameters sp = params.getSecurityParametersConnection();
        if (sp == null) {
            sp = params.getSecurityParametersHandshake();
        }
        TlsSecret secret = serverSecret ? sp.getTrafficSecretServer() : sp.getTrafficSecretClient();
        return TlsCryptoUtils.hkdfExpandLabel(
                        secret, sp.getPRFCryptoHashAlgorithm(), "iv", TlsUtils.EMPTY_BYTES, IV)
                .extract();
    }

    // ------------------------------------------------------------ bctls's side, numbered by us

    @Override
    public TlsEncodeResult encodePlaintext(
            long ignoredSeq,
            short contentType,
            ProtocolVersion recordVersion,
            int headerAllocation,
            byte[] plaintext,
            int offset,
            int len)
            throws IOException {
        TlsEncodeResult r =
                bctls.encodePlaintext(
                        writeSeq,
                        contentType,
                        recordVersion,
                        headerAllocation,
                        plaintext,
                        offset,
                        len);
        writeSeq++;
        return r;
    }

    @Override
    public TlsDecodeResult decodeCiphertext(
            long ignoredSeq,
            short recordType,
            ProtocolVersion recordVersion,
            byte[] ciphertext,
            int offset,
            int len)
            throws IOException {
        TlsDecodeResult r =
                bctls.decodeCiphertext(readSeq, recordType, recordVersion, ciphertext, offset, len);
        readSeq++;
        return r;
    }

    @Override
    public void rekeyDecoder() throws IOException {
        bctls.rekeyDecoder();
        readSeq = 0;
        readIv = null;
    }

    @Override
    public void rekeyEncoder() throws IOException {
        bctls.rekeyEncoder();
        writeSeq = 0;
        writeIv = null;
    }

    @Override
    public int getCiphertextDecodeLimit(int plaintextLimit) {
        return bctls.getCiphertextDecodeLimit(plaintextLimit);
    }

    @Override
    public int getCiphertextEncodeLimit(int plaintextLimit) {
        return bctls.getCiphertextEncodeLimit(plaintextLimit);
    }

    @Override
    public int getPlaintextDecodeLimit(int ciphertextLimit) {
        return bctls.getPlaintextDecodeLimit(ciphertextLimit);
    }

    @Override
    public int getPlaintextEncodeLimit(int ciphertextLimit) {
        return bctls.getPlaintextEncodeLimit(ciphertextLimit);
    }

    @Override
    public boolean usesOpaqueRecordTypeDecode() {
        return bctls.usesOpaqueRecordTypeDecode();
    }

    @Override
    public boolean usesOpaqueRecordTypeEncode() {
        return bctls.usesOpaqueRecordTypeEncode();
    }
}
