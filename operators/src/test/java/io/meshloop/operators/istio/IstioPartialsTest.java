package io.meshloop.operators.istio;

import static io.meshloop.operators.istio.TestPoints.BOUNDS;
import static io.meshloop.operators.istio.TestPoints.histogram;
import static io.meshloop.operators.istio.TestPoints.requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.operators.istio.CumulativeDeltas.Delta;
import io.meshloop.operators.signals.LatencySketch;
import io.meshloop.operators.signals.PanePartial;
import io.meshloop.operators.signals.PaneRing;
import io.meshloop.operators.signals.Panes;
import io.meshloop.operators.signals.SignalWindowConfig;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.telemetry.MeshMetricKind;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class IstioPartialsTest {

    static final Panes PANES = new Panes(SignalWindowConfig.ofDefaults());
    static final SignalKey SERVICE = SignalKey.service("checkout", "v2", SignalKey.ALL);
    static final SignalKey EDGE = SignalKey.edge("frontend", "checkout", "v2");

    static Delta count(long n) {
        return new Delta(n, new double[0], new long[0]);
    }

    @Test
    void requestsGoToServiceAndEdgeKeysWithServerSideErrors() {
        List<PanePartial> ok =
                IstioPartials.toPartials(
                        requests("200", "destination", 0, 5_500, 0), count(7), PANES);
        assertThat(ok).extracting(PanePartial::key).containsExactly(SERVICE, EDGE);
        assertThat(ok).allMatch(p -> p.count() == 7 && p.errors() == 0 && p.paneStart() == 5_000);
        assertThat(ok).allMatch(p -> p.source().equals("istio"));
        assertThat(IstioPartials.toPartials(requests("503", null, 0, 5_500, 0), count(3), PANES))
                .allMatch(p -> p.errors() == 3);
        assertThat(IstioPartials.toPartials(requests("404", null, 0, 5_500, 0), count(3), PANES))
                .allMatch(p -> p.errors() == 0);
    }

    @Test
    void grpcStatusFollowsServerRules() {
        MeshMetricPoint unavailable = withGrpc("14");
        MeshMetricPoint notFound = withGrpc("5");
        assertThat(IstioPartials.isError(unavailable)).isTrue();
        assertThat(IstioPartials.isError(notFound)).isFalse();
    }

    @Test
    void sourceReportsAreUsedOnlyWhenTheDestinationHasNoSidecar() {
        assertThat(
                        IstioPartials.toPartials(
                                requests("200", "source", 0, 5_500, 0), count(7), PANES))
                .isEmpty();
        MeshMetricPoint noSidecar =
                new MeshMetricPoint(
                        MeshMetricKind.REQUESTS_TOTAL,
                        "s",
                        "source",
                        "frontend",
                        "v1",
                        "payments-api",
                        "unknown",
                        null,
                        "200",
                        null,
                        "none",
                        0,
                        5_500_000_000L,
                        true,
                        0,
                        0,
                        0,
                        new double[0],
                        new long[0]);
        assertThat(IstioPartials.toPartials(noSidecar, count(2), PANES))
                .extracting(PanePartial::key)
                .containsExactly(
                        SignalKey.service("payments-api", null, SignalKey.ALL),
                        SignalKey.edge("frontend", "payments-api", null));
    }

    @Test
    void bucketsAreAddedAtRepresentativeValues() {
        var sketch = LatencySketch.newSketch();
        double max = IstioPartials.addBuckets(BOUNDS, new long[] {1, 1, 1, 1}, sketch);
        assertThat(max).isEqualTo(1000); // overflow bucket at its lower bound
        double[] q = sketch.getValuesAtQuantiles(new double[] {0, 0.34, 0.67, 1});
        assertThat(q[0]).isCloseTo(5.0, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(q[1])
                .isCloseTo(Math.sqrt(10 * 100), org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(q[2])
                .isCloseTo(
                        Math.sqrt(100 * 1000), org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(q[3]).isCloseTo(1000, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(
                        IstioPartials.addBuckets(
                                BOUNDS, new long[] {0, 3, 0, 0}, LatencySketch.newSketch()))
                .isEqualTo(100);
    }

    @Test
    void requestsAndHistogramOfTheSamePaneAreNotDoubleCounted() {
        PaneRing ring = new PaneRing(PANES);
        for (PanePartial p :
                IstioPartials.toPartials(
                        requests("200", "destination", 0, 5_500, 0), count(10), PANES)) {
            if (p.key().equals(SERVICE)) {
                ring.merge(p);
            }
        }
        Delta buckets = new Delta(0, BOUNDS, new long[] {0, 10, 0, 0});
        for (PanePartial p :
                IstioPartials.toPartials(histogram(0, 5_500, BOUNDS), buckets, PANES)) {
            assertThat(p.count()).isZero();
            if (p.key().equals(SERVICE)) {
                ring.merge(p);
            }
        }
        Signal s = ring.window(SERVICE, "istio", 6_000).orElseThrow();
        assertThat(s.requests()).isEqualTo(10);
        assertThat(s.p50Ms())
                .isCloseTo(Math.sqrt(1000), org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(s.maxMs()).isEqualTo(100);
    }

    private static MeshMetricPoint withGrpc(String status) {
        return new MeshMetricPoint(
                MeshMetricKind.REQUESTS_TOTAL,
                "g",
                "destination",
                "frontend",
                "v1",
                "checkout",
                "v2",
                null,
                "200",
                status,
                "mutual_tls",
                0,
                5_500_000_000L,
                true,
                0,
                0,
                0,
                new double[0],
                new long[0]);
    }
}
