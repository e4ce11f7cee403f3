package io.tlsbio.ssl.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A context's own certificates: at most one {@link OwnCredentials} per {@link CertSlot}, as
 * OpenSSL's {@code CERT} holds them after repeated {@code SSL_CTX_use_certificate} / {@code
 * SSL_CTX_use_PrivateKey}. Adding a credential of a type already present replaces that slot; the
 * order of addition does not matter for a server, which picks a slot per handshake ({@link
 * SigAlgChooser}), but the last one added is OpenSSL's "current" certificate, the only one a TLS
 * 1.2 client offers. Immutable; {@link #with} returns a new set.
 */
public final class CredentialSet {

    /** No certificate; security level 1. */
    public static final CredentialSet EMPTY =
            new CredentialSet(new EnumMap<>(CertSlot.class), null, 1);

    private final Map<CertSlot, OwnCredentials> slots;
    private final CertSlot current;
    private final int securityLevel;

    /** {@link #schemes} once computed (the set is immutable; a race only computes them twice). */
    private volatile int[] schemes13;

    private volatile int[] schemes12;

    private CredentialSet(
            EnumMap<CertSlot, OwnCredentials> slots, CertSlot current, int securityLevel) {
        this.slots = Collections.unmodifiableMap(slots);
        this.current = current;
        this.securityLevel = securityLevel;
    }

    /**
     * This set with {@code c} in its slot (replacing what was there), {@code c} now the current
     * one.
     */
    public CredentialSet with(OwnCredentials c) {
        Objects.requireNonNull(c, "credentials");
        EnumMap<CertSlot, OwnCredentials> copy = new EnumMap<>(CertSlot.class);
        copy.putAll(slots);
        copy.put(c.slot(), c);
        return new CredentialSet(copy, c.slot(), securityLevel);
    }

    /**
     * This set for a context at security level {@code level} (0..5): the signature schemes the
     * level forbids are never chosen (SHA-1 below level 1 only, as OpenSSL 3.0).
     */
    public CredentialSet atSecurityLevel(int level) {
        EnumMap<CertSlot, OwnCredentials> copy = new EnumMap<>(CertSlot.class);
        copy.putAll(slots);
        return new CredentialSet(copy, current, level);
    }

    /** Whether there is no certificate at all. */
    public boolean isEmpty() {
        return slots.isEmpty();
    }

    /** The credential in {@code slot}, or null. */
    public OwnCredentials get(CertSlot slot) {
        return slots.get(slot);
    }

    /** The last credential added (OpenSSL's {@code CERT.key}), or null when empty. */
    public OwnCredentials current() {
        return current == null ? null : slots.get(current);
    }

    /** The security level the schemes are filtered by. */
    public int securityLevel() {
        return securityLevel;
    }

    /**
     * Every scheme one of our keys can sign with in TLS 1.3 or 1.2 at our security level, in
     * OpenSSL's default order; empty when there is no key.
     */
    public int[] schemes(boolean tls13) {
        int[] s = tls13 ? schemes13 : schemes12;
        if (s == null) {
            s =
                    Arrays.stream(SigAlg.values())
                            .filter(
                                    a ->
                                            a.allowedAt(securityLevel)
                                                    && slots.values().stream()
                                                            .anyMatch(c -> c.canSign(a, tls13)))
                            .mapToInt(a -> a.code)
                            .toArray();
            if (tls13) {
                schemes13 = s;
            } else {
                schemes12 = s;
            }
        }
        return s.clone();
    }

    /**
     * This set with every credential replaced by {@code f}'s result (same slots, same current one).
     */
    public CredentialSet map(java.util.function.UnaryOperator<OwnCredentials> f) {
        EnumMap<CertSlot, OwnCredentials> copy = new EnumMap<>(CertSlot.class);
        slots.forEach((slot, c) -> copy.put(slot, f.apply(c)));
        return new CredentialSet(copy, current, securityLevel);
    }

    @Override
    public String toString() {
        return "CredentialSet" + slots.values() + (current == null ? "" : ", current " + current);
    }
}
