package io.tlsbio.harness;

import io.tlsbio.ssl.TlsVersion;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The cases interoperability tests run over, as JUnit {@code @MethodSource} factories (a test names
 * one as {@code "io.tlsbio.harness.InteropMatrix#versionsAndKeys"}): each case one argument array.
 */
public final class InteropMatrix {

    private InteropMatrix() {}

    /**
     * Every {@link TlsVersion} × every {@link KeyType}: {@code (TlsVersion, KeyType)}.
     *
     * @return a stream of {@code {TlsVersion, KeyType}} arrays, for a JUnit {@code @MethodSource}
     */
    public static Stream<Object[]> versionsAndKeys() {
        return Arrays.stream(TlsVersion.values())
                .flatMap(v -> Arrays.stream(KeyType.values()).map(k -> new Object[] {v, k}));
    }

    /**
     * Every {@link TlsVersion} × every {@link KeyType} × each of {@code more} (a test's own modes):
     * {@code (TlsVersion, KeyType, more[i])}.
     *
     * @param more a test's own modes, each crossed with every version and key type
     * @return a stream of {@code {TlsVersion, KeyType, mode}} arrays, for a JUnit
     *     {@code @MethodSource}
     */
    public static Stream<Object[]> versionsKeysAnd(Object... more) {
        return versionsAndKeys()
                .flatMap(vk -> Arrays.stream(more).map(m -> new Object[] {vk[0], vk[1], m}));
    }
}
