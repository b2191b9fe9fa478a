package io.meshloop.simulator.traffic;

import io.meshloop.simulator.otlp.SimSpanData;
import io.meshloop.simulator.traffic.ServiceSpec.VersionSpec;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates whole traces through a {@link Topology}: a SERVER span per service visited and a CLIENT
 * span per call, with semantic-convention attributes, proper trace/parent ids, log-normal latencies
 * and errors that propagate to callers (a failed call makes the caller answer 500).
 *
 * <p>Deterministic for a seed. Not thread-safe: use one per producing thread.
 */
public final class TraceGenerator {

    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    private static final double NETWORK_MS = 0.3;

    private final Topology topology;
    private final SplittableRandom random;
    private final Map<String, Resource> resources = new HashMap<>();

    public TraceGenerator(Topology topology, long seed) {
        this.topology = topology;
        this.random = new SplittableRandom(seed);
    }

    /**
     * One user request entering at the topology's entry service at {@code startNanos} (epoch ns).
     *
     * @param faults faults to apply (those active at the start time take effect)
     * @return the trace's spans, in the order they ended
     */
    public List<SpanData> trace(long startNanos, List<Fault> faults) {
        List<SpanData> out = new ArrayList<>();
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        serve(topology.entry(), traceId, SpanContext.getInvalid(), startNanos, faults, out);
        return out;
    }

    /** Serves one request at a service; returns {end time, failed (1) or not (0)}. */
    private long[] serve(
            String service,
            String traceId,
            SpanContext parent,
            long startNanos,
            List<Fault> faults,
            List<SpanData> out) {
        ServiceSpec spec = topology.services().get(service);
        String version = pickVersion(spec);
        int instance = random.nextInt(spec.instancesPerVersion());
        long startMillis = startNanos / 1_000_000L;
        double errorRate = spec.errorRate();
        double latencyFactor = 1;
        for (Fault f : faults) {
            if (f.appliesTo(service, version, startMillis)) {
                errorRate += f.extraErrorRate();
                latencyFactor *= f.latencyFactor();
            }
        }
        SpanContext self = newContext(traceId);
        long cursor = startNanos + millisToNanos(ownLatencyMs(spec) * latencyFactor / 2);
        boolean failed = false;
        for (String callee : spec.calls()) {
            SpanContext client = newContext(traceId);
            long callStart = cursor;
            long[] result =
                    serve(
                            callee,
                            traceId,
                            client,
                            callStart + millisToNanos(NETWORK_MS),
                            faults,
                            out);
            long callEnd = result[0] + millisToNanos(NETWORK_MS);
            boolean callFailed = result[1] == 1;
            out.add(
                    new SimSpanData(
                            resource(spec, version, instance),
                            client,
                            self,
                            "GET",
                            SpanKind.CLIENT,
                            callStart,
                            callEnd,
                            Attributes.of(
                                    HTTP_METHOD,
                                    "GET",
                                    SERVER_ADDRESS,
                                    callee,
                                    HTTP_STATUS,
                                    callFailed ? 500L : 200L),
                            callFailed ? StatusData.error() : StatusData.unset()));
            cursor = callEnd;
            if (callFailed) {
                failed = true;
                break;
            }
        }
        failed |= random.nextDouble() < errorRate;
        long end = cursor + millisToNanos(ownLatencyMs(spec) * latencyFactor / 2);
        out.add(
                new SimSpanData(
                        resource(spec, version, instance),
                        self,
                        parent,
                        "GET " + spec.route(),
                        SpanKind.SERVER,
                        startNanos,
                        end,
                        Attributes.of(
                                HTTP_METHOD,
                                "GET",
                                HTTP_ROUTE,
                                spec.route(),
                                HTTP_STATUS,
                                failed ? 500L : 200L),
                        failed ? StatusData.error() : StatusData.unset()));
        return new long[] {end, failed ? 1 : 0};
    }

    private double ownLatencyMs(ServiceSpec spec) {
        // log-normal with the given median: exp(ln(median) + sigma * N(0,1))
        return spec.medianLatencyMs() * Math.exp(spec.latencySigma() * random.nextGaussian());
    }

    private String pickVersion(ServiceSpec spec) {
        double total = 0;
        for (VersionSpec v : spec.versions()) {
            total += v.weight();
        }
        double x = random.nextDouble() * total;
        for (VersionSpec v : spec.versions()) {
            x -= v.weight();
            if (x < 0) {
                return v.version();
            }
        }
        return spec.versions().get(spec.versions().size() - 1).version();
    }

    private Resource resource(ServiceSpec spec, String version, int instance) {
        String pod = spec.name() + "-" + version + "-" + instance;
        return resources.computeIfAbsent(
                pod,
                p ->
                        Resource.create(
                                Attributes.builder()
                                        .put("service.name", spec.name())
                                        .put("service.version", version)
                                        .put("service.instance.id", p)
                                        .put("k8s.pod.name", p)
                                        .put("deployment.environment.name", "sim")
                                        .put("cloud.region", "sim-1")
                                        .put("cloud.availability_zone", "sim-1a")
                                        .build()));
    }

    private SpanContext newContext(String traceId) {
        return SpanContext.create(
                traceId,
                HexFormat.of().formatHex(randomBytes(8)),
                TraceFlags.getSampled(),
                TraceState.getDefault());
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static long millisToNanos(double ms) {
        return Math.max(1L, (long) (ms * 1_000_000.0));
    }
}
