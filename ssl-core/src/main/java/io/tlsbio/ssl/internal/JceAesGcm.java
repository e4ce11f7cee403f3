package io.tlsbio.ssl.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;

/**
 * AES-GCM for one direction of one connection on the JDK's SunJCE provider (AES-NI, CLMUL), for
 * bctls's {@code TlsAEADCipher}, which keeps nonces, AAD and rekeying. One {@code doFinal} per
 * record, in place. Not thread-safe, like the connection it serves.
 */
final class JceAesGcm implements TlsAEADCipherImpl {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final Cipher cipher;
    private final boolean encrypt;
    private SecretKeySpec key;
    private int macSize = 16;

    JceAesGcm(boolean encrypt) throws GeneralSecurityException {
        this.cipher = newCipher();
        this.encrypt = encrypt;
    }

    /** SunJCE pinned: an unpinned lookup may return BouncyCastle's slow pure-Java GCM. */
    static Cipher newCipher() throws GeneralSecurityException {
        try {
            return Cipher.getInstance(TRANSFORMATION, "SunJCE");
        } catch (GeneralSecurityException e) {
            return Cipher.getInstance(TRANSFORMATION);
        }
    }

    @Override
    public void setKey(byte[] k, int off, int len) {
        key = new SecretKeySpec(k, off, len, "AES");
    }

    @Override
    public void init(byte[] nonce, int macSize) throws IOException {
        this.macSize = macSize;
        try {
            cipher.init(
                    encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
                    key,
                    new GCMParameterSpec(macSize * 8, nonce));
        } catch (GeneralSecurityException e) {
            // includes SunJCE's refusal of a repeated key+nonce, which only a nonce bug could cause
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }

    @Override
    public int getOutputSize(int inputLength) {
        return encrypt ? inputLength + macSize : Math.max(0, inputLength - macSize);
    }

    @Override
    public int doFinal(byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws IOException {
        try {
            if (aad != null && aad.length > 0) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(in, inOff, inLen, out, outOff);
        } catch (AEADBadTagException e) {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, e);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }
}
