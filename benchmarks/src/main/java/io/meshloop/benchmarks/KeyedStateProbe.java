package io.meshloop.benchmarks;

import io.meshloop.operators.signals.PanePartial;
import io.meshloop.operators.signals.SignalWindowConfig;
import io.meshloop.operators.signals.SignalWindowFunction;
import io.meshloop.operators.signals.SpanPreAggregator;
import io.meshloop.operators.signals.SpanSignals;
import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.otlp.DecoderLimits;
import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.schemas.otlp.OtlpTraceDecoder;
import io.meshloop.schemas.otlp.RecordOrigin;
import io.meshloop.schemas.otlp.TelemetryCollector;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.Span;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/**
 * Keyed state bytes per active signal key at a realistic load, the approach of the operators'
 * {@code KeyedStateSizeTest} at scale: the preloaded kind of traffic (shop topology, 2,000
 * requests/s) is decoded, pre-aggregated by the real {@link SpanPreAggregator} and fed with its
 * watermarks (2 s out-of-orderness, as the source) into the real {@link SignalWindowFunction};
 * after {@code simulatedSeconds} the keyed state is snapshotted (heap backend, the full serialized
 * size of values and timers of all key groups) and divided by the number of keys holding state.
 *
 * <p>Every key scope counts (service/version/route, service/version/{@code *}, instance, edge):
 * they share one keyed operator.
 */
final class KeyedStateProbe {

    /** Snapshot size, keys with state, bytes per key, and spans fed. */
    record Result(long snapshotBytes, int keys, double bytesPerKey, long spans) {}

    private KeyedStateProbe() {}

    static Result run(int simulatedSeconds) throws Exception {
        SignalWindowConfig cfg = SignalWindowConfig.ofDefaults();
        SpanBatches batches = new SpanBatches(11, Encoding.OTLP_PROTO, 100, 2_000);
        OtlpTraceDecoder decoder = new OtlpTraceDecoder(DecoderLimits.ofDefaults());
        List<Span> spans = new ArrayList<>();
        TelemetryCollector collect =
                new TelemetryCollector() {
                    @Override
                    public void span(Span span) {
                        spans.add(span);
                    }

                    @Override
                    public void metric(MeshMetricPoint point) {}

                    @Override
                    public void deadLetter(DeadLetter deadLetter) {
                        throw new IllegalStateException("unexpected dead letter " + deadLetter);
                    }
                };
        long fed = 0;
        try (OneInputStreamOperatorTestHarness<Span, PanePartial> pre =
                        new OneInputStreamOperatorTestHarness<>(new SpanPreAggregator(cfg));
                KeyedOneInputStreamOperatorTestHarness<String, PanePartial, Signal> keyed =
                        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                                new SignalWindowFunction(cfg, Signal.SOURCE_SPANS),
                                new SpanSignals.ByKey(),
                                Types.STRING)) {
            pre.open();
            long maxMillis = Long.MIN_VALUE;
            while (batches.simulatedSeconds() < simulatedSeconds) {
                spans.clear();
                decoder.decode(
                        batches.next(), Encoding.OTLP_PROTO, RecordOrigin.unknown(), collect);
                for (Span s : spans) {
                    pre.processElement(s, s.endEpochMillis());
                    maxMillis = Math.max(maxMillis, s.endEpochMillis());
                    fed++;
                }
                pre.processWatermark(new Watermark(maxMillis - 2_000));
                drain(pre, keyed);
            }
            OperatorSubtaskState state = keyed.snapshot(1, 1);
            long bytes = 0;
            for (KeyedStateHandle h : state.getManagedKeyedState()) {
                bytes += h.getStateSize();
            }
            int keys = keyed.numKeyedStateEntries();
            return new Result(bytes, keys, keys == 0 ? 0 : (double) bytes / keys, fed);
        }
    }

    @SuppressWarnings("unchecked")
    private static void drain(
            OneInputStreamOperatorTestHarness<Span, PanePartial> from,
            KeyedOneInputStreamOperatorTestHarness<String, PanePartial, Signal> to)
            throws Exception {
        Object o;
        while ((o = from.getOutput().poll()) != null) {
            if (o instanceof StreamRecord<?> r) {
                to.processElement((StreamRecord<PanePartial>) r);
            } else if (o instanceof Watermark w) {
                to.processWatermark(w);
            }
        }
        to.getOutput().clear();
    }
}
