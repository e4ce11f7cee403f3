package io.tlsbio.ssl.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

/**
 * OpenSSL's DER form of a session ({@code i2d_SSL_SESSION}/{@code d2i_SSL_SESSION}, ssl_asn1.c,
 * version 1): what {@code s_client -sess_out} writes and {@code -sess_in} reads, so that session
 * files move between tlsbio and OpenSSL. tlsbio writes the fields it has, in OpenSSL's order and
 * with its omissions (a zero time, verify result, lifetime hint, flags or age_add is left out, the
 * empty session id context is not); it reads every field and ignores those it has no use for.
 */
public final class SessionAsn1 {

    private static final int ASN1_VERSION = 1;

    /** OpenSSL's SSL_SESS_FLAG_EXTMS. */
    private static final long FLAG_EXTMS = 1;

    private SessionAsn1() {}

    /** {@code i2d_SSL_SESSION}. */
    public static byte[] encode(SessionData s) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(ASN1_VERSION));
        v.add(new ASN1Integer(s.version()));
        v.add(
                new DEROctetString(
                        new byte[] {(byte) (s.cipherSuite() >> 8), (byte) s.cipherSuite()}));
        v.add(new DEROctetString(s.sessionId()));
        v.add(new DEROctetString(s.masterKey()));
        optional(v, 1, s.time());
        optional(v, 2, s.timeout());
        if (!s.peerChain().isEmpty()) {
            v.add(new DERTaggedObject(true, 3, certificate(s.peerChain().get(0))));
        }
        v.add(new DERTaggedObject(true, 4, new DEROctetString(new byte[0])));
        optional(v, 5, s.verifyResult());
        if (s.hostName() != null) {
            v.add(
                    new DERTaggedObject(
                            true,
                            6,
                            new DEROctetString(s.hostName().getBytes(StandardCharsets.US_ASCII))));
        }
        optional(v, 9, s.ticketLifetimeHint());
        if (s.ticket() != null) {
            v.add(new DERTaggedObject(true, 10, new DEROctetString(s.ticket())));
        }
        optional(v, 13, s.extendedMasterSecret() ? FLAG_EXTMS : 0);
        optional(v, 14, s.ticketAgeAdd());
        if (s.alpnSelected() != null) {
            v.add(new DERTaggedObject(true, 16, new DEROctetString(s.alpnSelected())));
        }
        optional(v, 19, s.kexGroup());
        try {
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }

    /**
     * {@code d2i_SSL_SESSION}: a session from its DER form, with OpenSSL's checks (version 1, a TLS
     * version, a 2-byte cipher, an id of at most 32 bytes, a key of at most 64). As OpenSSL, a zero
     * time reads as {@code now} and a zero timeout as 3 seconds.
     *
     * @throws IllegalArgumentException naming what is wrong when the bytes are not such a session
     */
    public static SessionData decode(byte[] der, long now) {
        ASN1Sequence seq;
        try {
            seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new Malformed("not an SSL session: " + e.getMessage(), e);
        }
        if (seq.size() < 5) {
            throw new Malformed("not an SSL session: " + seq.size() + " fields");
        }
        try {
            if (integer(seq.getObjectAt(0)) != ASN1_VERSION) {
                throw new Malformed("unknown SSL session version " + integer(seq.getObjectAt(0)));
            }
            int version = (int) integer(seq.getObjectAt(1));
            if ((version >> 8) != 3) {
                throw new Malformed("unsupported SSL version 0x" + Integer.toHexString(version));
            }
            byte[] cipher = octets(seq.getObjectAt(2));
            if (cipher.length != 2) {
                throw new Malformed("cipher code wrong length: " + cipher.length);
            }
            byte[] id =
                    bounded(octets(seq.getObjectAt(3)), SessionData.MAX_SESSION_ID, "session id");
            byte[] key =
                    bounded(octets(seq.getObjectAt(4)), SessionData.MAX_MASTER_KEY, "master key");
            Fields f = new Fields();
            for (int i = 5; i < seq.size(); i++) {
                ASN1TaggedObject t = ASN1TaggedObject.getInstance(seq.getObjectAt(i));
                if (t.getTagClass() == BERTags.CONTEXT_SPECIFIC) {
                    f.read(t);
                }
            }
            return new SessionData(
                    version,
                    ((cipher[0] & 0xff) << 8) | (cipher[1] & 0xff),
                    id,
                    key,
                    f.time != 0 ? f.time : now,
                    f.timeout != 0 ? f.timeout : 3,
                    f.peer == null ? List.of() : List.of(f.peer),
                    (int) f.verifyResult,
                    f.hostName,
                    f.lifetimeHint,
                    f.ticket,
                    f.ageAdd,
                    (f.flags & FLAG_EXTMS) != 0,
                    f.alpn,
                    (int) f.kexGroup);
        } catch (Malformed e) {
            throw e;
        } catch (RuntimeException e) {
            // BC's getInstance throws IllegalArgumentException or ClassCastException for a wrong
            // type
            throw new Malformed("not an SSL session: " + e.getMessage(), e);
        }
    }

    /** A session that OpenSSL's d2i_SSL_SESSION would refuse, with the reason. */
    private static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }

        Malformed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The optional fields of the sequence, by tag. */
    private static final class Fields {
        long time;
        long timeout;
        X509Certificate peer;
        long verifyResult;
        String hostName;
        long lifetimeHint;
        byte[] ticket;
        long flags;
        long ageAdd;
        byte[] alpn;
        long kexGroup;

        void read(ASN1TaggedObject t) {
            int tag = t.getTagNo();
            if (tag == 0) {
                return; // key_arg, IMPLICIT and unused since SSLv2
            }
            ASN1Encodable inner = t.getExplicitBaseObject();
            switch (tag) {
                case 1 -> time = integer(inner);
                case 2 -> timeout = integer(inner);
                case 3 -> peer = x509(inner);
                case 5 -> verifyResult = integer(inner);
                case 6 -> hostName = new String(octets(inner), StandardCharsets.US_ASCII);
                case 9 -> lifetimeHint = integer(inner);
                case 10 -> ticket = octets(inner);
                case 13 -> flags = integer(inner);
                case 14 -> ageAdd = integer(inner);
                case 16 -> alpn = octets(inner);
                case 19 -> kexGroup = integer(inner);
                default -> {
                    // session id context, PSK identities, SRP user name, compression, max early
                    // data, fragment length mode, ticket appdata: tlsbio has none of them
                }
            }
        }
    }

    private static void optional(ASN1EncodableVector v, int tag, long value) {
        if (value != 0) {
            v.add(new DERTaggedObject(true, tag, new ASN1Integer(value)));
        }
    }

    private static ASN1Primitive certificate(X509Certificate c) {
        try {
            return ASN1Primitive.fromByteArray(c.getEncoded());
        } catch (IOException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the peer certificate", e);
        }
    }

    private static X509Certificate x509(ASN1Encodable inner) {
        try {
            byte[] der = inner.toASN1Primitive().getEncoded(ASN1Encoding.DER);
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der));
        } catch (IOException | CertificateException e) {
            throw new Malformed("unreadable peer certificate: " + e.getMessage(), e);
        }
    }

    private static long integer(ASN1Encodable e) {
        BigInteger b = ASN1Integer.getInstance(e).getValue();
        if (b.bitLength() > 63) {
            throw new Malformed("integer out of range: " + b);
        }
        return b.longValue();
    }

    private static byte[] octets(ASN1Encodable e) {
        return ASN1OctetString.getInstance(e).getOctets();
    }

    private static byte[] bounded(byte[] b, int max, String what) {
        if (b.length > max) {
            throw new Malformed(what + " longer than " + max + " bytes: " + b.length);
        }
        return b;
    }
}
