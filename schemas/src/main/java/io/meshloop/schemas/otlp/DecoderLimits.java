package io.meshloop.schemas.otlp;

import java.time.Duration;

/**
 * Sanity limits applied while decoding OTLP; immutable, validated on construction.
 *
 * <p>Timestamps are checked in two ways. Absolute: a time before 2000-01-01 or from 2200-01-01 on
 * is always absurd, and so is an end before its start. Relative to the Kafka record timestamp (when
 * known): an end (span) or point time more than {@link #maxFutureSkew} after it, or more than
 * {@link #maxPastAge} before it, is absurd.
 *
 * @param maxAttributeValueBytes largest accepted UTF-8 size of an attribute value the decoder reads
 *     (default 4096; other attributes are skipped unread)
 * @param maxFutureSkew largest accepted lead of a telemetry time over the record timestamp (default
 *     5 min)
 * @param maxPastAge largest accepted lag of a telemetry time behind the record timestamp (default
 *     24 h)
 * @param versionAttribute resource attribute holding the service version (default {@code
 *     service.version})
 */
public record DecoderLimits(
        int maxAttributeValueBytes,
        Duration maxFutureSkew,
        Duration maxPastAge,
        String versionAttribute)
        implements java.io.Serializable {

    /** 2000-01-01T00:00:00Z in Unix nanoseconds: anything earlier is absurd. */
    public static final long MIN_SANE_UNIX_NANOS = 946_684_800_000_000_000L;

    /** 2200-01-01T00:00:00Z in Unix nanoseconds: anything at or after it is absurd. */
    public static final long MAX_SANE_UNIX_NANOS = 7_258_118_400_000_000_000L;

    public static final int DEFAULT_MAX_ATTRIBUTE_VALUE_BYTES = 4096;
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_PAST_AGE = Duration.ofHours(24);
    public static final String DEFAULT_VERSION_ATTRIBUTE = "service.version";

    private static final DecoderLimits DEFAULTS =
            new DecoderLimits(
                    DEFAULT_MAX_ATTRIBUTE_VALUE_BYTES,
                    DEFAULT_MAX_FUTURE_SKEW,
                    DEFAULT_MAX_PAST_AGE,
                    DEFAULT_VERSION_ATTRIBUTE);

    public DecoderLimits {
        if (maxAttributeValueBytes < 1 || maxAttributeValueBytes > 1 << 20) {
            throw new IllegalArgumentException(
                    "maxAttributeValueBytes: "
                            + maxAttributeValueBytes
                            + " is not in [1, 1048576]");
        }
        requirePositive("maxFutureSkew", maxFutureSkew);
        requirePositive("maxPastAge", maxPastAge);
        if (versionAttribute == null || versionAttribute.isBlank()) {
            throw new IllegalArgumentException(
                    "versionAttribute: '" + versionAttribute + "' must be a non-blank name");
        }
    }

    private static void requirePositive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException(
                    field + ": " + d + " is not a positive duration of at most 3650 days");
        }
    }

    public static DecoderLimits ofDefaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public DecoderLimits withVersionAttribute(String attribute) {
        return new DecoderLimits(maxAttributeValueBytes, maxFutureSkew, maxPastAge, attribute);
    }

    /**
     * Checks a time range against the limits.
     *
     * @param what field prefix for the detail, e.g. "span" or "point"
     * @param startNanos start (Unix ns); pass {@code endNanos} when the item has no start
     * @param endNanos end or point time (Unix ns)
     * @param recordTimestampMs Kafka record time, negative when unknown
     * @return null when sane, else a detail naming the field and value
     */
    String checkTimes(String what, long startNanos, long endNanos, long recordTimestampMs) {
        if (startNanos < MIN_SANE_UNIX_NANOS || startNanos >= MAX_SANE_UNIX_NANOS) {
            return what
                    + " start_time_unix_nano="
                    + startNanos
                    + " outside [2000-01-01, 2200-01-01)";
        }
        if (endNanos < MIN_SANE_UNIX_NANOS || endNanos >= MAX_SANE_UNIX_NANOS) {
            return what + " time_unix_nano=" + endNanos + " outside [2000-01-01, 2200-01-01)";
        }
        if (endNanos < startNanos) {
            return what + " end " + endNanos + " before start " + startNanos;
        }
        if (recordTimestampMs >= 0) {
            long endMs = endNanos / 1_000_000L;
            if (endMs - recordTimestampMs > maxFutureSkew.toMillis()) {
                return what
                        + " time "
                        + endNanos
                        + " is more than "
                        + maxFutureSkew
                        + " after record timestamp "
                        + recordTimestampMs
                        + " ms";
            }
            if (recordTimestampMs - endMs > maxPastAge.toMillis()) {
                return what
                        + " time "
                        + endNanos
                        + " is more than "
                        + maxPastAge
                        + " before record timestamp "
                        + recordTimestampMs
                        + " ms";
            }
        }
        return null;
    }

    /** Builder starting from the defaults; {@link #build()} validates. */
    public static final class Builder {
        private int maxAttributeValueBytes = DEFAULT_MAX_ATTRIBUTE_VALUE_BYTES;
        private Duration maxFutureSkew = DEFAULT_MAX_FUTURE_SKEW;
        private Duration maxPastAge = DEFAULT_MAX_PAST_AGE;
        private String versionAttribute = DEFAULT_VERSION_ATTRIBUTE;

        private Builder() {}

        public Builder maxAttributeValueBytes(int bytes) {
            this.maxAttributeValueBytes = bytes;
            return this;
        }

        public Builder maxFutureSkew(Duration skew) {
            this.maxFutureSkew = skew;
            return this;
        }

        public Builder maxPastAge(Duration age) {
            this.maxPastAge = age;
            return this;
        }

        public Builder versionAttribute(String name) {
            this.versionAttribute = name;
            return this;
        }

        public DecoderLimits build() {
            return new DecoderLimits(
                    maxAttributeValueBytes, maxFutureSkew, maxPastAge, versionAttribute);
        }
    }
}
