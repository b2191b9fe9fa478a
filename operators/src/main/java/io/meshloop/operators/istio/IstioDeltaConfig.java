package io.meshloop.operators.istio;

import java.time.Duration;

/**
 * Settings of the cumulative-to-delta step for Istio metrics.
 *
 * @param seriesIdleTimeout event time after a series' last point at which its state is released; a
 *     series that reports again later starts over with a baseline. Positive, whole milliseconds.
 */
public record IstioDeltaConfig(Duration seriesIdleTimeout) implements java.io.Serializable {

    public IstioDeltaConfig {
        if (seriesIdleTimeout == null
                || seriesIdleTimeout.toMillis() < 1
                || seriesIdleTimeout.toNanos() % 1_000_000L != 0) {
            throw new IllegalArgumentException(
                    "IstioDeltaConfig.seriesIdleTimeout must be whole milliseconds >= 1 ms, got "
                            + seriesIdleTimeout);
        }
    }

    /** Series idle for 10 minutes of event time are released (Prometheus-style staleness is 5). */
    public static IstioDeltaConfig ofDefaults() {
        return new IstioDeltaConfig(Duration.ofMinutes(10));
    }
}
