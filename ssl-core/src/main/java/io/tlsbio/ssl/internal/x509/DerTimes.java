package io.tlsbio.ssl.internal.x509;

/**
 * Finds the raw validity times in a certificate's or CRL's DER encoding, which OpenSSL checks byte
 * by byte ({@code X509_cmp_time}) while the JDK's parser is more lenient.
 */
final class DerTimes {

    private final byte[] der;
    private int pos;

    private DerTimes(byte[] der) {
        this.der = der;
    }

    /** notBefore and notAfter of a certificate, or null if the encoding cannot be walked. */
    static Asn1Time[] certificateValidity(byte[] der) {
        try {
            DerTimes d = new DerTimes(der);
            d.enter(0x30); // Certificate
            d.enter(0x30); // TBSCertificate
            if (d.peek() == 0xa0) {
                d.skip(); // [0] version
            }
            d.skip(); // serialNumber
            d.skip(); // signature
            d.skip(); // issuer
            d.enter(0x30); // validity
            return new Asn1Time[] {d.time(), d.time()};
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * thisUpdate and nextUpdate (null when absent) of a CRL, or null if the encoding cannot be
     * walked.
     */
    static Asn1Time[] crlValidity(byte[] der) {
        try {
            DerTimes d = new DerTimes(der);
            d.enter(0x30); // CertificateList
            d.enter(0x30); // TBSCertList
            if (d.peek() == 0x02) {
                d.skip(); // version
            }
            d.skip(); // signature
            d.skip(); // issuer
            Asn1Time thisUpdate = d.time();
            Asn1Time nextUpdate =
                    d.pos < der.length
                                    && (d.peek() == Asn1Time.UTC_TIME
                                            || d.peek() == Asn1Time.GENERALIZED_TIME)
                            ? d.time()
                            : null;
            return new Asn1Time[] {thisUpdate, nextUpdate};
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    private int peek() {
        return der[pos] & 0xff;
    }

    private int length() {
        int b = der[pos++] & 0xff;
        if (b < 0x80) {
            return b;
        }
        int n = b & 0x7f;
        if (n == 0 || n > 3) {
            throw new IllegalArgumentException("length");
        }
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (der[pos++] & 0xff);
        }
        return len;
    }

    private void enter(int tag) {
        if ((der[pos++] & 0xff) != tag) {
            throw new IllegalArgumentException("tag");
        }
        length();
    }

    private void skip() {
        pos++;
        int len = length();
        pos += len;
    }

    private Asn1Time time() {
        int tag = der[pos++] & 0xff;
        int len = length();
        byte[] content = new byte[len];
        System.arraycopy(der, pos, content, 0, len);
        pos += len;
        return Asn1Time.of(tag, content);
    }
}
