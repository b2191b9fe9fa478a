package io.meshloop.jobs.config;

import java.time.Duration;

/**
 * Event-time settings of the sources.
 *
 * @param maxOutOfOrderness how far behind the newest event time an event may arrive and still be on
 *     time (the watermark lags the largest event time seen by this much)
 * @param idleTimeout a partition with no records for this long stops holding back the watermark
 */
public record WatermarkSettings(Duration maxOutOfOrderness, Duration idleTimeout) {

    public WatermarkSettings {
        if (maxOutOfOrderness == null || maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException(
                    "watermarks.maxOutOfOrderness must be >= 0, was " + maxOutOfOrderness);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "watermarks.idleTimeout must be > 0, was " + idleTimeout);
        }
    }

    /** 2 s of out-of-orderness (a Collector batch spans about 200 ms), 5 s idle timeout. */
    public static WatermarkSettings ofDefaults() {
        return new WatermarkSettings(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }
}
