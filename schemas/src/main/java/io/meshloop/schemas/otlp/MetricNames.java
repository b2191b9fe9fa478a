package io.meshloop.schemas.otlp;

import io.meshloop.schemas.telemetry.MeshMetricKind;

/**
 * Which OTLP metric names map to which {@link MeshMetricKind}.
 *
 * <ul>
 *   <li>{@code istio_requests_total} (Sum) → {@link MeshMetricKind#REQUESTS_TOTAL}
 *   <li>{@code istio_request_duration_milliseconds} (Histogram) → {@link
 *       MeshMetricKind#REQUEST_DURATION_MS}
 *   <li>{@code container.cpu.utilization}, {@code k8s.pod.cpu.utilization}, {@code
 *       process.cpu.utilization} (Gauge) → {@link MeshMetricKind#CPU_UTILIZATION}
 *   <li>{@code container.memory.utilization}, {@code k8s.pod.memory.utilization} (Gauge) → {@link
 *       MeshMetricKind#MEMORY_UTILIZATION}
 * </ul>
 *
 * Every other name (or a known name with an unexpected data type) is ignored and counted.
 */
public final class MetricNames {

    public static final String ISTIO_REQUESTS_TOTAL = "istio_requests_total";
    public static final String ISTIO_REQUEST_DURATION_MS = "istio_request_duration_milliseconds";

    private MetricNames() {}

    /** The kind for a metric name, or null when the pipeline does not use it. */
    public static MeshMetricKind kindOf(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case ISTIO_REQUESTS_TOTAL -> MeshMetricKind.REQUESTS_TOTAL;
            case ISTIO_REQUEST_DURATION_MS -> MeshMetricKind.REQUEST_DURATION_MS;
            case "container.cpu.utilization",
                            "k8s.pod.cpu.utilization",
                            "process.cpu.utilization" ->
                    MeshMetricKind.CPU_UTILIZATION;
            case "container.memory.utilization", "k8s.pod.memory.utilization" ->
                    MeshMetricKind.MEMORY_UTILIZATION;
            default -> null;
        };
    }
}
