package io.tlsbio.ssl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

class ParsedCertificatesTest {

    private final BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
    private final ParsedCertificates cache = new ParsedCertificates();
    private final AtomicInteger parses = new AtomicInteger();

    private TlsCertificate parse(byte[] encoding) throws IOException {
        parses.incrementAndGet();
        return new BcTlsCertificate(crypto, encoding);
    }

    private static byte[] der() throws IOException {
        try {
            return TestKeys.chain("ec.pem").get(0).getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    @Test
    void anEncodingSeenBeforeIsNotParsedAgain() throws Exception {
        byte[] der = der();
        TlsCertificate first = cache.get(der, this::parse);
        TlsCertificate second = cache.get(der.clone(), this::parse);
        assertThat(second).isSameAs(first);
        assertThat(parses).hasValue(1);
        assertThat(second.getEncoded()).isEqualTo(der);
    }

    @Test
    void theCacheKeepsItsOwnCopyOfTheEncoding() throws Exception {
        byte[] der = der();
        byte[] given = der.clone();
        cache.get(given, this::parse);
        given[given.length - 1] ^= 1; // the caller's array changes afterwards
        assertThat(cache.get(der, this::parse).getEncoded()).isEqualTo(der);
        assertThat(parses).hasValue(1);
    }

    @Test
    void aFailedParseIsNotKept() throws Exception {
        byte[] junk = {0x30, 0x03, 0x02, 0x01, 0x05};
        assertThatThrownBy(() -> cache.get(junk, this::parse)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> cache.get(junk, this::parse)).isInstanceOf(Exception.class);
        assertThat(parses).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void itHoldsABoundedNumberOfBoundedEncodings() throws Exception {
        ParsedCertificates.Parser stub =
                e -> {
                    parses.incrementAndGet();
                    return new BcTlsCertificate(crypto, der());
                };
        for (int i = 0; i < 3 * ParsedCertificates.MAX_ENTRIES; i++) {
            cache.get(new byte[] {(byte) i, (byte) (i >> 8)}, stub);
        }
        assertThat(cache.size()).isEqualTo(ParsedCertificates.MAX_ENTRIES);
        byte[] big = new byte[ParsedCertificates.MAX_ENCODING + 1];
        cache.get(big, stub);
        cache.get(big, stub);
        assertThat(parses).hasValue(3 * ParsedCertificates.MAX_ENTRIES + 2);
    }
}
