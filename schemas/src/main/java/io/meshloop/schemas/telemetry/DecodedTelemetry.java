package io.meshloop.schemas.telemetry;

import io.meshloop.schemas.deadletter.DeadLetter;

/**
 * What a source emits: exactly one of a span, a metric point or a dead letter.
 *
 * <p>One type for all three lets a Kafka deserializer decode a record into many items while the
 * source keeps per-partition watermarks; the job splits the stream right after the source (chained,
 * so this type is never serialized between tasks).
 *
 * @param span a decoded span, or null
 * @param metric a decoded metric point, or null
 * @param deadLetter telemetry that could not be used, or null
 */
public record DecodedTelemetry(Span span, MeshMetricPoint metric, DeadLetter deadLetter) {

    public static DecodedTelemetry of(Span span) {
        return new DecodedTelemetry(span, null, null);
    }

    public static DecodedTelemetry of(MeshMetricPoint metric) {
        return new DecodedTelemetry(null, metric, null);
    }

    public static DecodedTelemetry of(DeadLetter deadLetter) {
        return new DecodedTelemetry(null, null, deadLetter);
    }

    /**
     * Event time in epoch ms: a span's end, a metric point's time; {@link Long#MIN_VALUE} for a
     * dead letter, so that bad telemetry never moves a watermark.
     */
    public long eventTimeMillis() {
        if (span != null) {
            return span.endEpochMillis();
        }
        if (metric != null) {
            return metric.timeEpochMillis();
        }
        return Long.MIN_VALUE;
    }
}
