package io.meshloop.operators.istio;

import io.meshloop.schemas.telemetry.MeshMetricKind;
import io.meshloop.schemas.telemetry.MeshMetricPoint;

/** Builds Istio {@link MeshMetricPoint}s directly for tests. */
final class TestPoints {

    static final double[] BOUNDS = {10, 100, 1000};

    private TestPoints() {}

    static MeshMetricPoint requests(
            String code, String reporter, long startMs, long timeMs, double value) {
        return new MeshMetricPoint(
                MeshMetricKind.REQUESTS_TOTAL,
                "req|" + code + "|" + reporter,
                reporter,
                "frontend",
                "v1",
                "checkout",
                "v2",
                null,
                code,
                null,
                "mutual_tls",
                startMs * 1_000_000L,
                timeMs * 1_000_000L,
                true,
                value,
                0,
                0,
                new double[0],
                new long[0]);
    }

    static MeshMetricPoint histogram(long startMs, long timeMs, double[] bounds, long... counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return new MeshMetricPoint(
                MeshMetricKind.REQUEST_DURATION_MS,
                "dur|200",
                "destination",
                "frontend",
                "v1",
                "checkout",
                "v2",
                null,
                "200",
                null,
                "mutual_tls",
                startMs * 1_000_000L,
                timeMs * 1_000_000L,
                true,
                0,
                total,
                0,
                bounds,
                counts);
    }
}
