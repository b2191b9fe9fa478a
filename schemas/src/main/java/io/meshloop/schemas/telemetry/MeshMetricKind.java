package io.meshloop.schemas.telemetry;

/** The metric families the pipeline understands; every other metric is ignored (and counted). */
public enum MeshMetricKind {
    /** Istio {@code istio_requests_total}: a monotonic cumulative (or delta) Sum. */
    REQUESTS_TOTAL,
    /** Istio {@code istio_request_duration_milliseconds}: an explicit-bucket Histogram. */
    REQUEST_DURATION_MS,
    /** CPU utilization gauge of a workload instance, as a fraction of its limit (0..1+). */
    CPU_UTILIZATION,
    /** Memory utilization gauge of a workload instance, as a fraction of its limit (0..1+). */
    MEMORY_UTILIZATION
}
