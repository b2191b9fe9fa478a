package io.meshloop.operators.signals;

import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.telemetry.Span;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Builds the span → golden signal part of a job graph, with a fixed uid and name per operator. */
public final class SpanSignals {

    /**
     * What {@link #apply} adds to the graph.
     *
     * @param signals one {@link Signal} per (key, window) with requests (re-emitted on late
     *     updates)
     * @param lateSpans spans too late for their pane, to dead-letter ({@code LATE})
     * @param latePartials pane partials too late for their windows, to dead-letter ({@code LATE});
     *     {@link PanePartial#count()} says how many requests each stands for
     */
    public record Result(
            DataStream<Signal> signals,
            DataStream<Span> lateSpans,
            DataStream<PanePartial> latePartials) {}

    private SpanSignals() {}

    /**
     * Pre-aggregates spans per (key, pane) on the source's subtasks (chained, no exchange), then
     * keys by {@link io.meshloop.schemas.signal.SignalKey#asString()} and computes sliding windows.
     * Spans must carry event-time timestamps and watermarks (span end).
     */
    public static Result apply(DataStream<Span> spans, SignalWindowConfig config) {
        SingleOutputStreamOperator<PanePartial> partials =
                spans.transform(
                                SignalOperators.PRE_AGGREGATE_NAME,
                                TypeInformation.of(PanePartial.class),
                                new SpanPreAggregator(config))
                        .uid(SignalOperators.PRE_AGGREGATE_UID);
        SingleOutputStreamOperator<Signal> signals =
                partials.keyBy(new ByKey(), Types.STRING)
                        .process(
                                new SignalWindowFunction(config, Signal.SOURCE_SPANS),
                                TypeInformation.of(Signal.class))
                        .uid(SignalOperators.SPAN_WINDOW_UID)
                        .name(SignalOperators.SPAN_WINDOW_NAME);
        return new Result(
                signals,
                partials.getSideOutput(SignalOperators.LATE_SPANS),
                signals.getSideOutput(SignalOperators.LATE_PARTIALS));
    }

    /** Keys a partial by its signal key's string form. */
    public static final class ByKey implements KeySelector<PanePartial, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(PanePartial partial) {
            return partial.key().asString();
        }
    }
}
