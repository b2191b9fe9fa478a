package io.meshloop.schemas.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Decoders never throw and account for every input: each record yields spans/points or dead
 * letters. Plain {@code mvn test} replays the committed corpus under {@code
 * OtlpDecoderFuzzTestInputs/<method>/}; run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class OtlpDecoderFuzzTest {

    private static final RecordOrigin ORIGIN = new RecordOrigin("fuzz", 0, 0, -1);

    @FuzzTest
    void traceProto(byte[] data) {
        CollectingCollector c = new CollectingCollector();
        OtlpTraceDecoder d = new OtlpTraceDecoder();
        d.decode(data, Encoding.OTLP_PROTO, ORIGIN, c);
        assertThat(c.spans.size()).isEqualTo(d.stats().spans());
        assertThat(c.deadLetters.size()).isEqualTo(d.stats().deadLetters());
        assertThat(c.spans).allSatisfy(sp -> assertThat(sp.service()).isNotEmpty());
    }

    @FuzzTest
    void traceJson(byte[] data) {
        CollectingCollector c = new CollectingCollector();
        OtlpTraceDecoder d = new OtlpTraceDecoder();
        d.decode(data, Encoding.OTLP_JSON, ORIGIN, c);
        assertThat(c.spans.size()).isEqualTo(d.stats().spans());
        assertThat(c.deadLetters.size()).isEqualTo(d.stats().deadLetters());
        assertThat(c.spans).allSatisfy(sp -> assertThat(sp.service()).isNotEmpty());
    }

    @FuzzTest
    void metricProto(byte[] data) {
        CollectingCollector c = new CollectingCollector();
        OtlpMetricDecoder d = new OtlpMetricDecoder();
        d.decode(data, Encoding.OTLP_PROTO, ORIGIN, c);
        assertThat(c.metrics.size() + c.deadLetters.size() + d.stats().ignoredMetricPoints())
                .isGreaterThanOrEqualTo(0);
        assertThat(c.metrics.size()).isEqualTo(d.stats().metricPoints());
    }

    @FuzzTest
    void metricJson(byte[] data) {
        CollectingCollector c = new CollectingCollector();
        OtlpMetricDecoder d = new OtlpMetricDecoder();
        d.decode(data, Encoding.OTLP_JSON, ORIGIN, c);
        assertThat(c.metrics.size()).isEqualTo(d.stats().metricPoints());
    }
}
