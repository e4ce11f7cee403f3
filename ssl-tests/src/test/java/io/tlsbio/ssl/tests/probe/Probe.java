package io.tlsbio.ssl.tests.probe;

/**
 * One probe: bytes a client sends first, and optionally bytes it sends next if the server is still
 * waiting after the first (e.g. a record header alone, then its oversized body).
 *
 * @param group the probe's group (docs/hostile-input.md), e.g. "truncation"
 * @param name unique within the group
 * @param bytes what the client sends at once
 * @param followUp sent only if the server answered nothing to {@code bytes} and waits; may be null
 */
record Probe(String group, String name, byte[] bytes, byte[] followUp) {

    Probe(String group, String name, byte[] bytes) {
        this(group, name, bytes, null);
    }

    /** {@code group/name}: what {@link KnownDeviations} patterns match. */
    String id() {
        return group + "/" + name;
    }

    @Override
    public String toString() {
        return id()
                + " ("
                + bytes.length
                + " bytes"
                + (followUp == null ? "" : " + " + followUp.length)
                + ")";
    }
}
