package io.meshloop.benchmarks;

import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.otlp.DecoderLimits;
import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.schemas.otlp.OtlpTraceDecoder;
import io.meshloop.schemas.otlp.RecordOrigin;
import io.meshloop.schemas.otlp.ReferenceTraceDecoder;
import io.meshloop.schemas.otlp.TelemetryCollector;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.Span;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Span decode throughput, single thread: the streaming decoder ({@link OtlpTraceDecoder}) against
 * the {@code TracesData.parseFrom} reference ({@link ReferenceTraceDecoder}), on realistic records
 * of exactly 100 spans ({@link SpanBatches}). One operation = one span, so JMH's ops/s is spans/s.
 *
 * <p>The reference decoder has no OTLP/JSON path; for JSON only the production decoder (Jackson
 * tree reader) is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
public class DecodeBenchmark {

    static final int SPANS_PER_BATCH = 100;
    static final int BATCHES = 256;

    private List<byte[]> proto;
    private List<byte[]> json;
    private OtlpTraceDecoder streaming;
    private ReferenceTraceDecoder reference;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        // Same seed: the JSON records hold the same spans as the proto ones.
        proto = new SpanBatches(42, Encoding.OTLP_PROTO, SPANS_PER_BATCH, 2_000).take(BATCHES);
        json = new SpanBatches(42, Encoding.OTLP_JSON, SPANS_PER_BATCH, 2_000).take(BATCHES);
        streaming = new OtlpTraceDecoder(DecoderLimits.ofDefaults());
        reference = new ReferenceTraceDecoder(DecoderLimits.ofDefaults());
    }

    private int nextIndex() {
        int i = next;
        next = (next + 1) % BATCHES;
        return i;
    }

    @Benchmark
    @OperationsPerInvocation(SPANS_PER_BATCH)
    public void protoStreaming(Blackhole bh) {
        streaming.decode(
                proto.get(nextIndex()), Encoding.OTLP_PROTO, RecordOrigin.unknown(), new Sink(bh));
    }

    @Benchmark
    @OperationsPerInvocation(SPANS_PER_BATCH)
    public void protoParseFromReference(Blackhole bh) throws Exception {
        reference.decode(proto.get(nextIndex()), RecordOrigin.unknown(), new Sink(bh));
    }

    @Benchmark
    @OperationsPerInvocation(SPANS_PER_BATCH)
    public void jsonStreaming(Blackhole bh) {
        streaming.decode(
                json.get(nextIndex()), Encoding.OTLP_JSON, RecordOrigin.unknown(), new Sink(bh));
    }

    /** Hands every decoded item to the blackhole (so nothing is optimized away). */
    static final class Sink implements TelemetryCollector {
        private final Blackhole bh;

        Sink(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void span(Span span) {
            bh.consume(span);
        }

        @Override
        public void metric(MeshMetricPoint point) {
            bh.consume(point);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            throw new IllegalStateException("unexpected dead letter: " + deadLetter);
        }
    }
}
