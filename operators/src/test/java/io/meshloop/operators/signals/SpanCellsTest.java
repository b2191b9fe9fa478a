package io.meshloop.operators.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.telemetry.Span;
import io.meshloop.schemas.telemetry.SpanKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The pre-aggregator groups spans into cells and merges them into their keys at flush: its output
 * must be exactly what adding every span to every one of its keys gives.
 */
class SpanCellsTest {

    private static final String[] SERVICES = {"cart", "checkout", "payment"};
    private static final String[] VERSIONS = {"v1", "v2", "", null};
    private static final String[] ROUTES = {"/a", "/b/{id}", null};
    private static final String[] INSTANCES = {"pod-1", "pod-2", null};
    private static final SpanKind[] KINDS = SpanKind.values();

    /** A fresh copy, so grouping cannot rely on reference equality. */
    private static String copy(String s) {
        return s == null ? null : new String(s.toCharArray());
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private static List<Span> randomSpans(long seed, int n) {
        Random r = new Random(seed);
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String service = pick(r, SERVICES);
            String parent = r.nextInt(3) == 0 ? null : pick(r, SERVICES);
            spans.add(
                    TestSpans.span(
                            r.nextBoolean() ? service : copy(service),
                            copy(pick(r, VERSIONS)),
                            copy(pick(r, INSTANCES)),
                            pick(r, KINDS),
                            copy(pick(r, ROUTES)),
                            1_000 + r.nextInt(5_000),
                            r.nextInt(20) == 0 ? 0.0 : Math.exp(r.nextGaussian() * 2 + 3),
                            r.nextInt(10) == 0,
                            r.nextBoolean() ? copy(pick(r, SERVICES)) : null,
                            copy(parent),
                            pick(r, KINDS)));
        }
        return spans;
    }

    @Test
    void outputEqualsAddingEverySpanToEveryKey() throws Exception {
        List<Span> spans = randomSpans(7, 5_000);
        Panes panes = new Panes(SignalWindowConfig.ofDefaults());
        Map<String, PaneAccumulator> expected = new HashMap<>();
        Map<String, SignalKey> keys = new HashMap<>();
        for (Span s : spans) {
            long pane = panes.paneStart(s.endEpochMillis());
            for (SignalKey k : SpanSignalKeys.keysOf(s)) {
                keys.put(k.asString(), k);
                expected.computeIfAbsent(k.asString() + "@" + pane, x -> new PaneAccumulator())
                        .add(s.durationMillis(), s.error());
            }
        }

        SpanPreAggregator op = new SpanPreAggregator(SignalWindowConfig.ofDefaults());
        List<PanePartial> out;
        try (var h = new OneInputStreamOperatorTestHarness<Span, PanePartial>(op)) {
            h.open();
            for (Span s : spans) {
                h.processElement(s, s.endEpochMillis());
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            out = h.extractOutputValues();
        }

        assertThat(out).hasSize(expected.size());
        for (PanePartial p : out) {
            String id = p.key().asString() + "@" + p.paneStart();
            PanePartial want =
                    expected.get(id)
                            .toPartial(keys.get(p.key().asString()), "spans", p.paneStart());
            assertThat(p.key()).isEqualTo(want.key());
            assertThat(p.count()).as(id).isEqualTo(want.count());
            assertThat(p.errors()).as(id).isEqualTo(want.errors());
            assertThat(p.maxMs()).as(id).isEqualTo(want.maxMs());
            assertThat(Arrays.equals(p.sketch(), want.sketch())).as(id).isTrue();
        }
    }
}
