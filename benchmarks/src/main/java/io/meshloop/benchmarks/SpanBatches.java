package io.meshloop.benchmarks;

import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.simulator.otlp.OtlpTraceEncoder;
import io.meshloop.simulator.traffic.Topology;
import io.meshloop.simulator.traffic.TraceGenerator;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic Kafka record values of the Collector's {@code otlp_spans} topic: the simulator's
 * 7-service shop traces (semconv attributes, log-normal latencies, errors), cut into batches of
 * exactly {@code spansPerBatch} spans as the Collector's batch processor does ({@code
 * send_batch_size}: a trace may straddle two records), serialized by the OpenTelemetry SDK's own
 * marshaler.
 *
 * <p>Event time advances by {@code 1 / requestsPerSecond} per trace, so a few million spans cover a
 * few simulated minutes: every pane and window of the pipeline fills and fires. Deterministic for a
 * seed. Not thread-safe.
 */
public final class SpanBatches {

    /** 2025-01-01T00:00:00Z in Unix ns. */
    public static final long BASE_NANOS = 1_735_689_600_000_000_000L;

    private final TraceGenerator generator;
    private final Encoding encoding;
    private final int spansPerBatch;
    private final long nanosPerRequest;
    private final List<SpanData> pending = new ArrayList<>();
    private long traces;

    public SpanBatches(
            long seed, Encoding encoding, int spansPerBatch, int simulatedRequestsPerSecond) {
        if (spansPerBatch < 1) {
            throw new IllegalArgumentException("spansPerBatch must be >= 1, was " + spansPerBatch);
        }
        if (simulatedRequestsPerSecond < 1) {
            throw new IllegalArgumentException(
                    "simulatedRequestsPerSecond must be >= 1, was " + simulatedRequestsPerSecond);
        }
        this.generator = new TraceGenerator(Topology.shop(), seed);
        this.encoding = encoding;
        this.spansPerBatch = spansPerBatch;
        this.nanosPerRequest = 1_000_000_000L / simulatedRequestsPerSecond;
    }

    /** The next record value: exactly {@code spansPerBatch} spans. */
    public byte[] next() {
        while (pending.size() < spansPerBatch) {
            pending.addAll(generator.trace(BASE_NANOS + traces++ * nanosPerRequest, List.of()));
        }
        List<SpanData> head = pending.subList(0, spansPerBatch);
        byte[] value = OtlpTraceEncoder.encode(new ArrayList<>(head), encoding);
        head.clear();
        return value;
    }

    /** Simulated seconds covered so far (event time of the last trace started). */
    public double simulatedSeconds() {
        return traces * nanosPerRequest / 1e9;
    }

    /**
     * Event time (epoch ms) of the last trace started: the Kafka record timestamp a Collector
     * exporting in real time would give the latest record (the decoder checks span times against
     * it).
     */
    public long eventTimeMillis() {
        return (BASE_NANOS + Math.max(0, traces - 1) * nanosPerRequest) / 1_000_000L;
    }

    /** {@code n} record values. */
    public List<byte[]> take(int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }
}
