package io.meshloop.operators.istio;

/**
 * The last cumulative point of one Istio series: what a delta is computed against.
 *
 * @param startUnixNanos series start time reported with the point, 0 if unknown
 * @param timeUnixNanos point time
 * @param value Sum value ({@code REQUESTS_TOTAL})
 * @param bucketBounds histogram bounds ({@code REQUEST_DURATION_MS}), empty otherwise
 * @param bucketCounts cumulative histogram bucket counts, empty otherwise
 */
public record SeriesState(
        long startUnixNanos,
        long timeUnixNanos,
        double value,
        double[] bucketBounds,
        long[] bucketCounts) {}
