package io.tlsbio.ssl.internal.x509;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * An RFC 5280 time as OpenSSL 3.0's {@code X509_cmp_time} reads it: UTCTime exactly {@code
 * YYMMDDHHMMSSZ}, GeneralizedTime exactly {@code YYYYMMDDHHMMSSZ}; anything else (offsets,
 * fractions, missing seconds, impossible dates) is a format error, which OpenSSL reports as {@code
 * X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD} and its siblings.
 */
final class Asn1Time {

    /** DER tag of UTCTime. */
    static final int UTC_TIME = 0x17;

    /** DER tag of GeneralizedTime. */
    static final int GENERALIZED_TIME = 0x18;

    private final long epochSecond;
    private final boolean valid;

    private Asn1Time(long epochSecond, boolean valid) {
        this.epochSecond = epochSecond;
        this.valid = valid;
    }

    /** Parses the raw content octets of a time with DER tag {@code tag}. */
    static Asn1Time of(int tag, byte[] content) {
        int len = tag == UTC_TIME ? 13 : tag == GENERALIZED_TIME ? 15 : -1;
        if (content == null || content.length != len || content[len - 1] != 'Z') {
            return new Asn1Time(0, false);
        }
        for (int i = 0; i < len - 1; i++) {
            if (content[i] < '0' || content[i] > '9') {
                return new Asn1Time(0, false);
            }
        }
        int p = 0;
        int year;
        if (tag == UTC_TIME) {
            year = digits(content, 0, 2);
            // RFC 5280 4.1.2.5.1, as ASN1_TIME_to_tm: 50..99 are 19xx
            year += year >= 50 ? 1900 : 2000;
            p = 2;
        } else {
            year = digits(content, 0, 4);
            p = 4;
        }
        try {
            LocalDateTime t =
                    LocalDateTime.of(
                            year,
                            digits(content, p, 2),
                            digits(content, p + 2, 2),
                            digits(content, p + 4, 2),
                            digits(content, p + 6, 2),
                            digits(content, p + 8, 2));
            return new Asn1Time(t.toEpochSecond(ZoneOffset.UTC), true);
        } catch (DateTimeException e) {
            return new Asn1Time(0, false);
        }
    }

    private static int digits(byte[] b, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v * 10 + (b[off + i] - '0');
        }
        return v;
    }

    /** Whether the encoding is one RFC 5280 allows. */
    boolean valid() {
        return valid;
    }

    /** Seconds since the epoch; meaningless when not {@link #valid()}. */
    long epochSecond() {
        return epochSecond;
    }

    /**
     * OpenSSL 3.0's {@code X509_cmp_time}: 0 for a format error, 1 when this time is after {@code
     * now}, else -1 (so a time equal to {@code now} counts as already past).
     */
    int compareTo(long now) {
        if (!valid) {
            return 0;
        }
        return epochSecond > now ? 1 : -1;
    }
}
