package io.meshloop.schemas.telemetry;

/**
 * One decoded metric data point of a family in {@link MeshMetricKind}.
 *
 * <p>Labels use Istio's standard metric label names. For {@link MeshMetricKind#REQUESTS_TOTAL},
 * {@link #value} is the Sum value; for {@link MeshMetricKind#REQUEST_DURATION_MS}, {@link #count},
 * {@link #sum}, {@link #bucketBounds} (upper bounds, ms, ascending) and {@link #bucketCounts} (one
 * more than the bounds: the last is the overflow bucket) are set; for the utilization gauges {@link
 * #value} is the gauge value. {@link #cumulative} says whether the point's aggregation temporality
 * is cumulative (rates need a delta against the previous point of the same series) or delta.
 *
 * @param kind metric family
 * @param seriesId stable identity of the time series: metric name plus every attribute, sorted
 * @param reporter Istio {@code reporter} label ("source" or "destination"), may be null
 * @param sourceWorkload {@code source_workload} (or {@code source_canonical_service}), may be null
 * @param sourceVersion {@code source_version} (or {@code source_canonical_revision}), may be null
 * @param destinationService {@code destination_service_name} (else {@code destination_workload},
 *     else {@code service.name} of the resource for gauges), may be null
 * @param destinationVersion {@code destination_version} (or {@code destination_canonical_revision})
 * @param instance {@code service.instance.id} / {@code k8s.pod.name} of the resource, may be null
 * @param responseCode {@code response_code}, may be null
 * @param grpcResponseStatus {@code grpc_response_status}, may be null
 * @param connectionSecurityPolicy {@code connection_security_policy} ("mutual_tls", "none", ...)
 * @param startUnixNanos series start time (cumulative points), 0 if unknown
 * @param timeUnixNanos point time
 * @param cumulative aggregation temporality is cumulative
 * @param value Sum or gauge value
 * @param count histogram count
 * @param sum histogram sum (ms)
 * @param bucketBounds histogram explicit bounds (ms), empty for non-histograms
 * @param bucketCounts histogram bucket counts, {@code bucketBounds.length + 1} long
 */
public record MeshMetricPoint(
        MeshMetricKind kind,
        String seriesId,
        String reporter,
        String sourceWorkload,
        String sourceVersion,
        String destinationService,
        String destinationVersion,
        String instance,
        String responseCode,
        String grpcResponseStatus,
        String connectionSecurityPolicy,
        long startUnixNanos,
        long timeUnixNanos,
        boolean cumulative,
        double value,
        long count,
        double sum,
        double[] bucketBounds,
        long[] bucketCounts) {

    /** Point time in epoch milliseconds: the point's event time in the pipeline. */
    public long timeEpochMillis() {
        return timeUnixNanos / 1_000_000L;
    }
}
