package io.meshloop.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.otlp.DecoderLimits;
import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.schemas.otlp.OtlpTraceDecoder;
import io.meshloop.schemas.otlp.RecordOrigin;
import io.meshloop.schemas.otlp.ReferenceTraceDecoder;
import io.meshloop.schemas.otlp.TelemetryCollector;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.Span;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark inputs and probes work on a tiny input (the benchmarks never run in verify). */
class BenchmarkSmokeTest {

    @Test
    void batchesHoldExactlyOneHundredSpansThatAllDecodersAgreeOn() throws Exception {
        byte[] proto = new SpanBatches(1, Encoding.OTLP_PROTO, 100, 2_000).next();
        byte[] json = new SpanBatches(1, Encoding.OTLP_JSON, 100, 2_000).next();
        List<Span> streaming = new ArrayList<>();
        List<Span> reference = new ArrayList<>();
        List<Span> fromJson = new ArrayList<>();
        new OtlpTraceDecoder()
                .decode(proto, Encoding.OTLP_PROTO, RecordOrigin.unknown(), into(streaming));
        new ReferenceTraceDecoder(DecoderLimits.ofDefaults())
                .decode(proto, RecordOrigin.unknown(), into(reference));
        new OtlpTraceDecoder()
                .decode(json, Encoding.OTLP_JSON, RecordOrigin.unknown(), into(fromJson));
        // Same spans; the order of resources inside a record may differ between encodings.
        assertThat(streaming).hasSize(100).containsExactlyInAnyOrderElementsOf(reference);
        assertThat(fromJson).containsExactlyInAnyOrderElementsOf(streaming);
    }

    @Test
    void keyedStateProbeReportsBytesPerKey() throws Exception {
        KeyedStateProbe.Result r = KeyedStateProbe.run(12);
        assertThat(r.keys()).isPositive();
        assertThat(r.bytesPerKey()).isPositive();
    }

    private static TelemetryCollector into(List<Span> spans) {
        return new TelemetryCollector() {
            @Override
            public void span(Span span) {
                spans.add(span);
            }

            @Override
            public void metric(MeshMetricPoint point) {}

            @Override
            public void deadLetter(DeadLetter deadLetter) {
                throw new AssertionError("dead letter: " + deadLetter);
            }
        };
    }
}
