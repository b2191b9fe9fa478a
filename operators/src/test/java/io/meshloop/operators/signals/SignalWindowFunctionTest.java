package io.meshloop.operators.signals;

import static io.meshloop.operators.signals.LatencySketchTest.assertWithinOnePercent;
import static io.meshloop.operators.signals.LatencySketchTest.nearestRank;
import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class SignalWindowFunctionTest {

    static final SignalKey KEY = SignalKey.service("checkout", "v1", "/pay");

    static KeyedOneInputStreamOperatorTestHarness<String, PanePartial, Signal> harness(
            SignalWindowFunction fn) throws Exception {
        var h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        fn, new SpanSignals.ByKey(), Types.STRING);
        h.open();
        return h;
    }

    static PanePartial partial(SignalKey key, long paneStart, long errors, double... latencies) {
        DDSketch s = LatencySketch.newSketch();
        double max = 0;
        for (double l : latencies) {
            LatencySketch.add(s, l, 1);
            max = Math.max(max, l);
        }
        return new PanePartial(
                key, "spans", paneStart, latencies.length, errors, max, LatencySketch.encode(s));
    }

    static void add(
            KeyedOneInputStreamOperatorTestHarness<String, PanePartial, Signal> h, PanePartial p)
            throws Exception {
        h.processElement(p, p.paneStart() + 999);
    }

    @Test
    void windowHasExactCountsRatesAndQuantilesWithinOnePercent() throws Exception {
        SignalWindowFunction fn =
                new SignalWindowFunction(SignalWindowConfig.ofDefaults(), "spans");
        Random rnd = new Random(42);
        double[] all = new double[1000];
        int errors = 0;
        try (var h = harness(fn)) {
            for (int pane = 0; pane < 10; pane++) {
                // two partials per pane, as from two pre-aggregating subtasks
                for (int half = 0; half < 2; half++) {
                    double[] l = new double[50];
                    for (int i = 0; i < l.length; i++) {
                        l[i] = Math.exp(Math.log(30) + 0.6 * rnd.nextGaussian());
                        all[pane * 100 + half * 50 + i] = l[i];
                    }
                    add(h, partial(KEY, pane * 1000L, pane % 3, l));
                    errors += pane % 3;
                }
            }
            h.processWatermark(new Watermark(9_999));
            List<Signal> out = h.extractOutputValues();
            Signal full = out.get(out.size() - 1);
            assertThat(full.windowStart()).isEqualTo(0);
            assertThat(full.windowEnd()).isEqualTo(10_000);
            assertThat(full.key()).isEqualTo(KEY);
            assertThat(full.source()).isEqualTo("spans");
            assertThat(full.requests()).isEqualTo(1000);
            assertThat(full.errors()).isEqualTo(errors);
            assertThat(full.rate()).isEqualTo(100.0);
            assertThat(full.errorRate()).isEqualTo(errors / 1000.0);
            Arrays.sort(all);
            assertWithinOnePercent(full.p50Ms(), nearestRank(all, 0.50));
            assertWithinOnePercent(full.p90Ms(), nearestRank(all, 0.90));
            assertWithinOnePercent(full.p95Ms(), nearestRank(all, 0.95));
            assertWithinOnePercent(full.p99Ms(), nearestRank(all, 0.99));
            assertThat(full.maxMs()).isEqualTo(all[all.length - 1]);
        }
    }

    @Test
    void aRequestAppearsInExactlySizeOverSlideConsecutiveWindowsThenStateIsReleased()
            throws Exception {
        SignalWindowFunction fn =
                new SignalWindowFunction(SignalWindowConfig.ofDefaults(), "spans");
        try (var h = harness(fn)) {
            add(h, partial(KEY, 5_000, 1, 12.0));
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            h.processWatermark(new Watermark(60_000));

            List<Signal> out = h.extractOutputValues();
            assertThat(out).hasSize(10);
            for (int i = 0; i < 10; i++) {
                Signal s = out.get(i);
                assertThat(s.windowEnd()).isEqualTo(6_000 + i * 1000L);
                assertThat(s.windowStart()).isEqualTo(s.windowEnd() - 10_000);
                assertThat(s.requests()).isEqualTo(1);
                assertThat(s.errors()).isEqualTo(1);
                assertThat(s.rate()).isEqualTo(0.1);
                assertThat(s.errorRate()).isEqualTo(1.0);
                assertWithinOnePercent(s.p99Ms(), 12.0);
            }
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void stateAndTimersGoBackToZeroForManyKeysAndPanes() throws Exception {
        SignalWindowFunction fn =
                new SignalWindowFunction(
                        SignalWindowConfig.ofDefaults().withAllowedLateness(Duration.ofSeconds(3)),
                        "spans");
        try (var h = harness(fn)) {
            for (int k = 0; k < 20; k++) {
                for (long pane = 0; pane < 30_000; pane += 1000 * (1 + k % 4)) {
                    add(h, partial(SignalKey.service("s" + k, "v", "*"), pane, 0, 5.0, 6.0));
                }
            }
            h.processWatermark(new Watermark(20_000));
            assertThat(h.numKeyedStateEntries()).isEqualTo(20);
            h.processWatermark(new Watermark(29_999 + 10_000 + 3_000));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void windowsWithoutRequestsAreNotEmitted() throws Exception {
        SignalWindowFunction fn =
                new SignalWindowFunction(SignalWindowConfig.ofDefaults(), "spans");
        try (var h = harness(fn)) {
            add(h, partial(KEY, 0, 0, 1.0));
            add(h, partial(KEY, 30_000, 0, 1.0));
            h.processWatermark(new Watermark(100_000));
            assertThat(h.extractOutputValues()).hasSize(20);
        }
    }

    @Test
    void partialsBeyondLatenessAreCountedAndSideOutput() throws Exception {
        SignalWindowFunction fn =
                new SignalWindowFunction(SignalWindowConfig.ofDefaults(), "spans");
        try (var h = harness(fn)) {
            h.processWatermark(new Watermark(4_999));
            PanePartial late = partial(KEY, 4_000, 0, 3.0);
            add(h, late);
            assertThat(fn.lateCount()).isEqualTo(1);
            assertThat(h.getSideOutput(SignalOperators.LATE_PARTIALS))
                    .extracting(StreamRecord::getValue)
                    .singleElement()
                    .usingRecursiveComparison()
                    .isEqualTo(late);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void partialsWithinLatenessUpdateAndReEmitFiredWindows() throws Exception {
        SignalWindowFunction fn =
                new SignalWindowFunction(
                        SignalWindowConfig.ofDefaults().withAllowedLateness(Duration.ofSeconds(2)),
                        "spans");
        try (var h = harness(fn)) {
            add(h, partial(KEY, 1_000, 0, 3.0));
            h.processWatermark(new Watermark(2_999)); // windows ending 2000 and 3000 fired
            assertThat(h.extractOutputValues())
                    .extracting(Signal::requests)
                    .containsExactly(1L, 1L);
            h.getOutput().clear();

            add(h, partial(KEY, 1_000, 1, 4.0)); // pane ended 1999, +2 s > 2999: allowed
            assertThat(fn.lateCount()).isZero();
            assertThat(h.extractOutputValues())
                    .extracting(Signal::windowEnd, Signal::requests, Signal::errors)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(2_000L, 2L, 1L),
                            org.assertj.core.groups.Tuple.tuple(3_000L, 2L, 1L));
            h.getOutput().clear();

            h.processWatermark(new Watermark(30_000));
            List<Signal> rest = h.extractOutputValues();
            assertThat(rest).hasSize(8); // windows ending 4000..11000, each once
            assertThat(rest).allMatch(s -> s.requests() == 2);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
