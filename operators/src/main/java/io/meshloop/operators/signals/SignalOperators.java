package io.meshloop.operators.signals;

import io.meshloop.schemas.telemetry.Span;
import org.apache.flink.util.OutputTag;

/** Fixed uids, names and side-output tags of the signal operators. Changing a uid drops state. */
public final class SignalOperators {

    public static final String PRE_AGGREGATE_UID = "signals-span-pre-aggregate";
    public static final String PRE_AGGREGATE_NAME = "Span signals: pre-aggregate panes";
    public static final String SPAN_WINDOW_UID = "signals-span-windows";
    public static final String SPAN_WINDOW_NAME = "Span signals: sliding windows";
    public static final String ISTIO_DELTA_UID = "signals-istio-deltas";
    public static final String ISTIO_DELTA_NAME = "Istio signals: cumulative to delta";
    public static final String ISTIO_WINDOW_UID = "signals-istio-windows";
    public static final String ISTIO_WINDOW_NAME = "Istio signals: sliding windows";

    /** Name of the counter of late spans / partials on each operator. */
    public static final String LATE_COUNTER = "late";

    /** Spans that arrived after their pane's lateness had passed (pre-aggregator side output). */
    public static final OutputTag<Span> LATE_SPANS = new OutputTag<>("late-spans") {};

    /**
     * Partials that arrived after their pane's windows were final (window function side output).
     */
    public static final OutputTag<PanePartial> LATE_PARTIALS = new OutputTag<>("late-partials") {};

    private SignalOperators() {}
}
