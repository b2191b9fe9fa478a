package io.meshloop.schemas.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoublePointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableGaugeData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSumData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Realistic OTLP test data, serialised by the OpenTelemetry Java SDK's own exporter marshalers
 * (exactly the bytes an SDK → Collector → Kafka exporter path carries), for every module's tests
 * via the schemas test-jar.
 *
 * <p>Services: {@code frontend} (HTTP server) → {@code checkout} (HTTP server, gRPC client) →
 * {@code payment} (gRPC server), each with semconv resource attributes ({@code service.name},
 * {@code service.version}, {@code service.instance.id}, {@code k8s.pod.name}, {@code
 * deployment.environment.name}, {@code cloud.region}, {@code cloud.availability_zone}).
 */
public final class OtlpFixtures {

    /** 2025-01-01T00:00:00Z in Unix ns: a sane default base time for fixtures. */
    public static final long BASE_NANOS = 1_735_689_600_000_000_000L;

    public static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    public static final AttributeKey<Long> HTTP_STATUS =
            AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    public static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    public static final AttributeKey<Long> GRPC_STATUS =
            AttributeKey.longKey("rpc.grpc.status_code");
    public static final AttributeKey<String> SERVER_ADDRESS =
            AttributeKey.stringKey("server.address");
    public static final AttributeKey<String> PEER_SERVICE = AttributeKey.stringKey("peer.service");

    private OtlpFixtures() {}

    // ---- resources and spans

    /** A service resource with the usual semconv attributes. */
    public static Resource resource(String service, String version, String pod) {
        return Resource.create(
                Attributes.builder()
                        .put("service.name", service)
                        .put("service.version", version)
                        .put("service.instance.id", pod + "-uid")
                        .put("k8s.pod.name", pod)
                        .put("k8s.namespace.name", "shop")
                        .put("deployment.environment.name", "prod")
                        .put("cloud.region", "eu-west-1")
                        .put("cloud.availability_zone", "eu-west-1a")
                        .put("telemetry.sdk.language", "java")
                        .build());
    }

    /** A resource with exactly the given attributes. */
    public static Resource resource(Attributes attributes) {
        return Resource.create(attributes);
    }

    public static SpanData span(
            Resource resource,
            String traceId,
            String spanId,
            String parentSpanId,
            SpanKind kind,
            String name,
            long startNanos,
            long endNanos,
            StatusCode status,
            Attributes attributes) {
        SpanContext ctx =
                SpanContext.create(
                        traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
        SpanContext parent =
                parentSpanId == null
                        ? SpanContext.getInvalid()
                        : SpanContext.create(
                                traceId,
                                parentSpanId,
                                TraceFlags.getSampled(),
                                TraceState.getDefault());
        return new FixtureSpanData(
                resource,
                ctx,
                parent,
                kind,
                name,
                startNanos,
                endNanos,
                status == StatusCode.UNSET ? StatusData.unset() : StatusData.create(status, ""),
                attributes);
    }

    /**
     * One trace frontend → checkout → payment (5 spans); {@code fail} makes payment return gRPC
     * UNAVAILABLE and the HTTP hops 503.
     */
    public static List<SpanData> trace(Random rnd, long startNanos, boolean fail) {
        String traceId = hex(rnd, 16);
        String feServer = hex(rnd, 8);
        String feClient = hex(rnd, 8);
        String coServer = hex(rnd, 8);
        String coClient = hex(rnd, 8);
        String payServer = hex(rnd, 8);
        Resource fe = resource("frontend", "v1.4.2", "frontend-7d9f-" + rnd.nextInt(3));
        Resource co =
                resource(
                        "checkout",
                        rnd.nextBoolean() ? "v2" : "v3",
                        "checkout-5c4b-" + rnd.nextInt(3));
        Resource pay = resource("payment", "v1", "payment-6f8a-" + rnd.nextInt(2));
        long ms = 1_000_000L;
        long http = fail ? 503 : 200;
        long t = startNanos;
        List<SpanData> out = new ArrayList<>();
        out.add(
                span(
                        fe,
                        traceId,
                        feServer,
                        null,
                        SpanKind.SERVER,
                        "GET /cart",
                        t,
                        t + 40 * ms,
                        fail ? StatusCode.ERROR : StatusCode.UNSET,
                        Attributes.builder()
                                .put("http.request.method", "GET")
                                .put(HTTP_ROUTE, "/cart")
                                .put(HTTP_STATUS, http)
                                .put("url.path", "/cart")
                                .build()));
        out.add(
                span(
                        fe,
                        traceId,
                        feClient,
                        feServer,
                        SpanKind.CLIENT,
                        "POST",
                        t + ms,
                        t + 38 * ms,
                        StatusCode.UNSET,
                        Attributes.builder()
                                .put("http.request.method", "POST")
                                .put(HTTP_STATUS, http)
                                .put(SERVER_ADDRESS, "checkout.shop.svc.cluster.local")
                                .put("server.port", 8080L)
                                .put(PEER_SERVICE, "checkout")
                                .build()));
        out.add(
                span(
                        co,
                        traceId,
                        coServer,
                        feClient,
                        SpanKind.SERVER,
                        "POST /checkout/{id}",
                        t + 2 * ms,
                        t + 37 * ms,
                        StatusCode.UNSET,
                        Attributes.builder()
                                .put("http.request.method", "POST")
                                .put(HTTP_ROUTE, "/checkout/{id}")
                                .put(HTTP_STATUS, http)
                                .build()));
        out.add(
                span(
                        co,
                        traceId,
                        coClient,
                        coServer,
                        SpanKind.CLIENT,
                        "shop.Payment/Charge",
                        t + 3 * ms,
                        t + 30 * ms,
                        StatusCode.UNSET,
                        Attributes.builder()
                                .put("rpc.system", "grpc")
                                .put(RPC_SERVICE, "shop.Payment")
                                .put(RPC_METHOD, "Charge")
                                .put(GRPC_STATUS, fail ? 14L : 0L)
                                .put(SERVER_ADDRESS, "payment")
                                .build()));
        out.add(
                span(
                        pay,
                        traceId,
                        payServer,
                        coClient,
                        SpanKind.SERVER,
                        "shop.Payment/Charge",
                        t + 4 * ms,
                        t + 29 * ms,
                        fail ? StatusCode.ERROR : StatusCode.UNSET,
                        Attributes.builder()
                                .put("rpc.system", "grpc")
                                .put(RPC_SERVICE, "shop.Payment")
                                .put(RPC_METHOD, "Charge")
                                .put(GRPC_STATUS, fail ? 14L : 0L)
                                .build()));
        return out;
    }

    /** {@code traces} traces starting at {@code startNanos}, about 10% failing. */
    public static List<SpanData> batch(Random rnd, int traces, long startNanos) {
        List<SpanData> out = new ArrayList<>();
        for (int i = 0; i < traces; i++) {
            out.addAll(trace(rnd, startNanos + i * 7_000_000L, rnd.nextInt(10) == 0));
        }
        return out;
    }

    public static String hex(Random rnd, int bytes) {
        byte[] b = new byte[bytes];
        rnd.nextBytes(b);
        b[0] |= 1; // never all zero
        return HexFormat.of().formatHex(b);
    }

    // ---- metrics

    private static final InstrumentationScopeInfo SCOPE =
            InstrumentationScopeInfo.builder("otelcol/prometheusreceiver")
                    .setVersion("0.120.0")
                    .build();

    /** Istio standard metric labels as a destination-reported request would carry them. */
    public static Attributes istioLabels(
            String source,
            String sourceVersion,
            String destination,
            String destinationVersion,
            String responseCode) {
        return Attributes.builder()
                .put("reporter", "destination")
                .put("source_workload", source)
                .put("source_canonical_service", source)
                .put("source_version", sourceVersion)
                .put("source_canonical_revision", sourceVersion)
                .put("destination_service_name", destination)
                .put("destination_workload", destination + "-" + destinationVersion)
                .put("destination_canonical_service", destination)
                .put("destination_version", destinationVersion)
                .put("destination_canonical_revision", destinationVersion)
                .put("response_code", responseCode)
                .put("grpc_response_status", "")
                .put("connection_security_policy", "mutual_tls")
                .put("request_protocol", "http")
                .build();
    }

    public static MetricData requestsTotal(
            Resource resource,
            Attributes labels,
            long startNanos,
            long timeNanos,
            double value,
            boolean cumulative) {
        DoublePointData p = ImmutableDoublePointData.create(startNanos, timeNanos, labels, value);
        return ImmutableMetricData.createDoubleSum(
                resource,
                SCOPE,
                "istio_requests_total",
                "",
                "",
                ImmutableSumData.create(
                        true,
                        cumulative
                                ? AggregationTemporality.CUMULATIVE
                                : AggregationTemporality.DELTA,
                        List.of(p)));
    }

    public static MetricData requestDuration(
            Resource resource,
            Attributes labels,
            long startNanos,
            long timeNanos,
            double sum,
            List<Double> bounds,
            List<Long> counts) {
        long count = counts.stream().mapToLong(Long::longValue).sum();
        HistogramPointData p =
                ImmutableHistogramPointData.create(
                        startNanos, timeNanos, labels, sum, false, 0, false, 0, bounds, counts);
        return ImmutableMetricData.createDoubleHistogram(
                resource,
                SCOPE,
                "istio_request_duration_milliseconds",
                "",
                "ms",
                ImmutableHistogramData.create(AggregationTemporality.CUMULATIVE, List.of(p)));
    }

    public static MetricData gauge(Resource resource, String name, long timeNanos, double value) {
        DoublePointData p =
                ImmutableDoublePointData.create(0, timeNanos, Attributes.empty(), value);
        return ImmutableMetricData.createDoubleGauge(
                resource, SCOPE, name, "", "1", ImmutableGaugeData.create(List.of(p)));
    }

    /** A typical scrape: requests, durations, CPU/memory gauges and one unrelated metric. */
    public static List<MetricData> istioScrape(long startNanos, long timeNanos) {
        Resource r = resource("checkout", "v2", "checkout-5c4b-0");
        Attributes ok = istioLabels("frontend", "v1", "checkout", "v2", "200");
        Attributes bad = istioLabels("frontend", "v1", "checkout", "v2", "503");
        return List.of(
                requestsTotal(r, ok, startNanos, timeNanos, 1200, true),
                requestsTotal(r, bad, startNanos, timeNanos, 7, true),
                requestDuration(
                        r,
                        ok,
                        startNanos,
                        timeNanos,
                        30_500.0,
                        List.of(5.0, 10.0, 25.0, 50.0),
                        List.of(100L, 600L, 400L, 90L, 10L)),
                gauge(r, "container.cpu.utilization", timeNanos, 0.42),
                gauge(r, "k8s.pod.memory.utilization", timeNanos, 0.61),
                gauge(r, "process.runtime.jvm.threads.count", timeNanos, 57));
    }

    // ---- serialisation (the SDK's own OTLP marshalers)

    public static byte[] tracesProto(Collection<SpanData> spans) {
        return binary(TraceRequestMarshaler.create(spans));
    }

    public static byte[] tracesJson(Collection<SpanData> spans) {
        return json(TraceRequestMarshaler.create(spans));
    }

    public static byte[] metricsProto(Collection<MetricData> metrics) {
        return binary(MetricsRequestMarshaler.create(metrics));
    }

    public static byte[] metricsJson(Collection<MetricData> metrics) {
        return json(MetricsRequestMarshaler.create(metrics));
    }

    public static byte[] encode(Collection<SpanData> spans, Encoding encoding) {
        return encoding == Encoding.OTLP_PROTO ? tracesProto(spans) : tracesJson(spans);
    }

    private static byte[] binary(Marshaler m) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeBinaryTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] json(Marshaler m) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeJsonTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Attributes builder shortcut for tests. */
    public static AttributesBuilder attrs() {
        return Attributes.builder();
    }
}
