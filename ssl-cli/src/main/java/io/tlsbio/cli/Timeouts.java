package io.tlsbio.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code s_server}'s {@code -handshake_timeout} and {@code -idle_timeout}: how long a connection
 * may take to finish its handshake, and how long an open one may go without a byte moving either
 * way, before the server drops it. {@code null} is "no limit" (the flag given as 0).
 *
 * <p>OpenSSL's s_server has neither; it keeps a silent connection forever (and, blocking, serves
 * nobody else meanwhile). The defaults: 10 s for the handshake, Go's {@code
 * http.Transport.TLSHandshakeTimeout} (a handshake takes milliseconds on a LAN and well under a
 * second across the world; 10 s still allows a slow client or a {@code -debug}ged one); 300 s idle,
 * OpenSSL's default session lifetime ({@code SSL_CTX_set_timeout}), generous enough for a person
 * typing into an {@code s_client} relay.
 *
 * @param handshake the handshake limit, or null
 * @param idle the idle limit once the handshake is done, or null
 */
record Timeouts(Duration handshake, Duration idle) {

    /** The handshake limit of the command line. */
    static final String DEFAULT_HANDSHAKE = "10";

    /** The idle limit of the command line. */
    static final String DEFAULT_IDLE = "300";

    /** No limits: the behaviour before these flags existed. */
    static final Timeouts NONE = new Timeouts(null, null);

    /** {@code 1 s}, {@code 0.5 s}, {@code 300 s}: a limit as the messages say it. */
    static String seconds(Duration d) {
        BigDecimal s = BigDecimal.valueOf(d.toNanos()).movePointLeft(9).stripTrailingZeros();
        return s.toPlainString() + " s";
    }

    /** Parses {@code SECONDS} (a non-negative decimal, 0 = no limit) into a Duration or null. */
    static final class SecondsConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            BigDecimal s;
            try {
                s = new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number of seconds");
            }
            if (s.signum() < 0 || s.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new TypeConversionException(
                        "'"
                                + value
                                + "' is out of range (0 to "
                                + Integer.MAX_VALUE
                                + " seconds; 0: no limit)");
            }
            long nanos =
                    s.movePointRight(9)
                            .setScale(0, java.math.RoundingMode.CEILING)
                            .longValueExact();
            return nanos == 0 ? null : Duration.ofNanos(nanos);
        }
    }
}
