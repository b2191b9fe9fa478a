package io.meshloop.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.telemetry.Span;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SpanPreAggregatorTest {

    private static final SignalKey ROLL_UP = SignalKey.service("checkout", "v1", SignalKey.ALL);

    private static OneInputStreamOperatorTestHarness<Span, PanePartial> harness(
            SpanPreAggregator op) throws Exception {
        OneInputStreamOperatorTestHarness<Span, PanePartial> h =
                new OneInputStreamOperatorTestHarness<>(op);
        h.open();
        return h;
    }

    private static void add(OneInputStreamOperatorTestHarness<Span, PanePartial> h, Span s)
            throws Exception {
        h.processElement(s, s.endEpochMillis());
    }

    private static PanePartial rollUp(List<PanePartial> out, long paneStart) {
        return out.stream()
                .filter(p -> p.key().equals(ROLL_UP) && p.paneStart() == paneStart)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void watermarkFlushesCompletedPanesBeforeForwardingIt() throws Exception {
        SpanPreAggregator op = new SpanPreAggregator(SignalWindowConfig.ofDefaults());
        try (var h = harness(op)) {
            add(h, TestSpans.server(1_100, 10, false));
            add(h, TestSpans.server(1_900, 30, true));
            add(h, TestSpans.server(2_100, 20, false));
            assertThat(h.getOutput()).isEmpty();

            h.processWatermark(new Watermark(1_998)); // pane [1000, 2000) not complete yet
            assertThat(h.extractOutputValues()).isEmpty();
            h.getOutput().clear();

            h.processWatermark(new Watermark(1_999));
            List<PanePartial> out = h.extractOutputValues();
            assertThat(out).hasSize(3); // route, roll-up, instance
            PanePartial p = rollUp(out, 1_000);
            assertThat(p.count()).isEqualTo(2);
            assertThat(p.errors()).isEqualTo(1);
            assertThat(p.maxMs()).isEqualTo(30.0);
            assertThat(p.source()).isEqualTo("spans");
            assertThat(LatencySketch.decode(p.sketch()).getCount()).isEqualTo(2.0);
            // partials first, then the watermark
            Object last = h.getOutput().stream().reduce((a, b) -> b).orElseThrow();
            assertThat(last).isEqualTo(new Watermark(1_999));
            assertThat(h.extractOutputStreamRecords()).allMatch(r -> r.getTimestamp() == 1_999);
        }
    }

    @Test
    void flushesEverythingBeforeACheckpointBarrier() throws Exception {
        SpanPreAggregator op = new SpanPreAggregator(SignalWindowConfig.ofDefaults());
        try (var h = harness(op)) {
            add(h, TestSpans.server(5_500, 10, false));
            add(h, TestSpans.server(6_500, 10, false));
            h.prepareSnapshotPreBarrier(1L);
            List<PanePartial> out = h.extractOutputValues();
            assertThat(out).hasSize(6);
            assertThat(rollUp(out, 5_000).count()).isEqualTo(1);
            assertThat(rollUp(out, 6_000).count()).isEqualTo(1);

            h.getOutput().clear();
            h.processWatermark(new Watermark(10_000));
            assertThat(h.extractOutputValues()).isEmpty(); // nothing left to flush twice
        }
    }

    @Test
    void flushesEarlyWhenTheBufferBoundIsExceeded() throws Exception {
        SpanPreAggregator op =
                new SpanPreAggregator(SignalWindowConfig.ofDefaults().withMaxBufferedPartials(5));
        try (var h = harness(op)) {
            add(h, TestSpans.server(1_100, 10, false)); // 3 entries
            assertThat(h.extractOutputValues()).isEmpty();
            add(h, TestSpans.server(2_100, 10, false)); // 6 entries > 5
            assertThat(h.extractOutputValues()).hasSize(6);
        }
    }

    @Test
    void lateSpansAreCountedAndSideOutput() throws Exception {
        SpanPreAggregator op = new SpanPreAggregator(SignalWindowConfig.ofDefaults());
        try (var h = harness(op)) {
            h.processWatermark(new Watermark(2_999));
            Span late = TestSpans.server(2_999, 10, false);
            Span onTime = TestSpans.server(3_000, 10, false);
            add(h, late);
            add(h, onTime);
            assertThat(op.lateCount()).isEqualTo(1);
            assertThat(h.getSideOutput(SignalOperators.LATE_SPANS))
                    .extracting(StreamRecord::getValue)
                    .containsExactly(late);
            h.processWatermark(new Watermark(3_999));
            assertThat(h.extractOutputValues()).allMatch(p -> p.paneStart() == 3_000);
        }
    }

    @Test
    void allowedLatenessStillAcceptsSpansForFlushedPanes() throws Exception {
        SpanPreAggregator op =
                new SpanPreAggregator(
                        SignalWindowConfig.ofDefaults()
                                .withAllowedLateness(java.time.Duration.ofSeconds(2)));
        try (var h = harness(op)) {
            h.processWatermark(new Watermark(4_999));
            add(h, TestSpans.server(3_500, 10, false)); // pane ended at 3999, + 2 s > 4999
            add(h, TestSpans.server(2_500, 10, false)); // pane ended at 2999, + 2 s = 4999: late
            assertThat(op.lateCount()).isEqualTo(1);
            h.processWatermark(new Watermark(5_000));
            assertThat(rollUp(h.extractOutputValues(), 3_000).count()).isEqualTo(1);
        }
    }
}
