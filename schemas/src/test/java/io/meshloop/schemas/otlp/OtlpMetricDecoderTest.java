package io.meshloop.schemas.otlp;

import static io.meshloop.schemas.otlp.OtlpFixtures.BASE_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.telemetry.MeshMetricKind;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OtlpMetricDecoderTest {

    private static final long T = BASE_NANOS + 60_000_000_000L;
    private static final RecordOrigin ORIGIN =
            new RecordOrigin("otlp_metrics", 0, 7, T / 1_000_000L + 1000);

    private static byte[] encode(List<MetricData> m, Encoding enc) {
        return enc == Encoding.OTLP_PROTO
                ? OtlpFixtures.metricsProto(m)
                : OtlpFixtures.metricsJson(m);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void mapsIstioAndUtilizationMetrics(Encoding enc) {
        OtlpMetricDecoder dec = new OtlpMetricDecoder();
        CollectingCollector c = new CollectingCollector();
        dec.decode(encode(OtlpFixtures.istioScrape(BASE_NANOS, T), enc), enc, ORIGIN, c);
        assertThat(c.deadLetters).isEmpty();
        assertThat(c.metrics).hasSize(5);
        assertThat(dec.stats().ignoredMetricPoints()).isEqualTo(1);
        assertThat(dec.stats().metricPoints()).isEqualTo(5);

        MeshMetricPoint req =
                c.metrics.stream()
                        .filter(
                                p ->
                                        p.kind() == MeshMetricKind.REQUESTS_TOTAL
                                                && "200".equals(p.responseCode()))
                        .findFirst()
                        .orElseThrow();
        assertThat(req.reporter()).isEqualTo("destination");
        assertThat(req.sourceWorkload()).isEqualTo("frontend");
        assertThat(req.sourceVersion()).isEqualTo("v1");
        assertThat(req.destinationService()).isEqualTo("checkout");
        assertThat(req.destinationVersion()).isEqualTo("v2");
        assertThat(req.instance()).isEqualTo("checkout-5c4b-0-uid");
        assertThat(req.connectionSecurityPolicy()).isEqualTo("mutual_tls");
        assertThat(req.cumulative()).isTrue();
        assertThat(req.value()).isEqualTo(1200);
        assertThat(req.startUnixNanos()).isEqualTo(BASE_NANOS);
        assertThat(req.timeUnixNanos()).isEqualTo(T);
        assertThat(req.seriesId())
                .startsWith("istio_requests_total{")
                .contains("response_code=200")
                .contains("resource.service.name=checkout");

        MeshMetricPoint h =
                c.metrics.stream()
                        .filter(p -> p.kind() == MeshMetricKind.REQUEST_DURATION_MS)
                        .findFirst()
                        .orElseThrow();
        assertThat(h.bucketBounds()).containsExactly(5, 10, 25, 50);
        assertThat(h.bucketCounts()).containsExactly(100, 600, 400, 90, 10);
        assertThat(h.count()).isEqualTo(1200);
        assertThat(h.sum()).isEqualTo(30_500.0);

        MeshMetricPoint cpu =
                c.metrics.stream()
                        .filter(p -> p.kind() == MeshMetricKind.CPU_UTILIZATION)
                        .findFirst()
                        .orElseThrow();
        assertThat(cpu.value()).isEqualTo(0.42);
        assertThat(cpu.destinationService()).isEqualTo("checkout");
        assertThat(cpu.cumulative()).isFalse();
        assertThat(c.metrics)
                .anySatisfy(p -> assertThat(p.kind()).isEqualTo(MeshMetricKind.MEMORY_UTILIZATION));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void bothEncodingsAgree(Encoding enc) {
        CollectingCollector a = new CollectingCollector();
        CollectingCollector b = new CollectingCollector();
        var m = OtlpFixtures.istioScrape(BASE_NANOS, T);
        new OtlpMetricDecoder()
                .decode(OtlpFixtures.metricsProto(m), Encoding.OTLP_PROTO, ORIGIN, a);
        new OtlpMetricDecoder().decode(OtlpFixtures.metricsJson(m), Encoding.OTLP_JSON, ORIGIN, b);
        assertThat(a.metrics)
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrderElementsOf(b.metrics);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void deltaSumsAbsurdTimesAndBadInput(Encoding enc) {
        var r = OtlpFixtures.resource("checkout", "v2", "p");
        var labels = OtlpFixtures.istioLabels("a", "v1", "b", "v2", "200");
        List<MetricData> m =
                List.of(
                        OtlpFixtures.requestsTotal(r, labels, BASE_NANOS, T, 3, false),
                        OtlpFixtures.requestsTotal(r, labels, BASE_NANOS, 1000, 3, true));
        CollectingCollector c = new CollectingCollector();
        new OtlpMetricDecoder().decode(encode(m, enc), enc, ORIGIN, c);
        assertThat(c.metrics).singleElement().satisfies(p -> assertThat(p.cumulative()).isFalse());
        assertThat(c.deadLetters)
                .singleElement()
                .satisfies(
                        d -> assertThat(d.reason()).isEqualTo(DeadLetterReason.ABSURD_TIMESTAMP));

        CollectingCollector bad = new CollectingCollector();
        new OtlpMetricDecoder().decode(new byte[] {(byte) 0xff, 1, 2}, enc, ORIGIN, bad);
        new OtlpMetricDecoder().decode(new byte[0], enc, ORIGIN, bad);
        assertThat(bad.deadLetters)
                .extracting(d -> d.reason())
                .containsExactly(DeadLetterReason.UNDECODABLE, DeadLetterReason.EMPTY_RECORD);
    }
}
