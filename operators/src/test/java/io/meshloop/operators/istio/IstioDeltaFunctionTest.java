package io.meshloop.operators.istio;

import static io.meshloop.operators.istio.TestPoints.requests;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.operators.signals.PanePartial;
import io.meshloop.operators.signals.SignalWindowConfig;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class IstioDeltaFunctionTest {

    static void add(
            KeyedOneInputStreamOperatorTestHarness<String, MeshMetricPoint, PanePartial> h,
            MeshMetricPoint p)
            throws Exception {
        h.processElement(p, p.timeEpochMillis());
    }

    @Test
    void emitsDeltasAndReleasesIdleSeries() throws Exception {
        IstioDeltaFunction fn =
                new IstioDeltaFunction(
                        SignalWindowConfig.ofDefaults(),
                        new IstioDeltaConfig(Duration.ofMinutes(1)));
        try (var h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        fn, new IstioSignals.BySeries(), Types.STRING)) {
            h.open();
            add(h, requests("200", "destination", 1, 100_000, 50));
            add(h, requests("500", "destination", 1, 100_000, 3));
            assertThat(h.extractOutputValues()).isEmpty(); // baselines
            add(h, requests("200", "destination", 1, 115_000, 80));
            add(h, requests("500", "destination", 1, 115_000, 4));
            assertThat(h.extractOutputValues())
                    .extracting(PanePartial::count, PanePartial::errors)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(30L, 0L),
                            org.assertj.core.groups.Tuple.tuple(30L, 0L),
                            org.assertj.core.groups.Tuple.tuple(1L, 1L),
                            org.assertj.core.groups.Tuple.tuple(1L, 1L));
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            assertThat(h.numEventTimeTimers()).isEqualTo(2); // one cleanup timer per series

            h.processWatermark(new Watermark(115_000 + 59_999));
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            h.processWatermark(new Watermark(115_000 + 60_000));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
