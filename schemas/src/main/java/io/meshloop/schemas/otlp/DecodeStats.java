package io.meshloop.schemas.otlp;

/**
 * Running totals of one decoder instance since it was created (decoders are single-threaded, one
 * per Flink subtask; read them e.g. from a metric gauge).
 *
 * @param records record values decoded
 * @param spans spans emitted
 * @param metricPoints metric points emitted
 * @param deadLetters dead letters emitted
 * @param deadItems spans or points those dead letters stand for
 * @param ignoredMetricPoints data points of metrics the pipeline does not use (not dead letters)
 */
public record DecodeStats(
        long records,
        long spans,
        long metricPoints,
        long deadLetters,
        long deadItems,
        long ignoredMetricPoints) {}
