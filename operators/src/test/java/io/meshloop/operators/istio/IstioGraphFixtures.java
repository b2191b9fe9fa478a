package io.meshloop.operators.istio;

import io.meshloop.schemas.telemetry.MeshMetricPoint;

/** Istio fixtures shared with tests in other packages. */
public final class IstioGraphFixtures {

    private IstioGraphFixtures() {}

    public static MeshMetricPoint point() {
        return TestPoints.requests("200", "destination", 1, 100_000, 50);
    }
}
