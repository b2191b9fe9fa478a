package io.meshloop.operators.signals;

import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@link SignalKey#asString()}: merges {@link PanePartial}s into the key's {@link
 * PaneRing} and, on an event-time timer at each window end, emits the {@link Signal} of the window
 * {@code [T - size, T)} if it holds at least one request.
 *
 * <p>Only moves state in and out; the window logic is in {@link PaneRing}. State is one {@code
 * byte[]} per key; panes are evicted once no window (including allowed lateness) needs them, and
 * when none is left the state is cleared and no timer is registered: an idle key costs nothing.
 *
 * <p>Partials within the allowed lateness for already emitted windows update the pane and re-emit
 * those windows; later partials are counted ({@value SignalOperators#LATE_COUNTER}) and sent to
 * {@link SignalOperators#LATE_PARTIALS}.
 */
public final class SignalWindowFunction extends KeyedProcessFunction<String, PanePartial, Signal> {

    private static final long serialVersionUID = 1L;

    private final SignalWindowConfig config;
    private final String source;

    private transient Panes panes;
    private transient ValueState<byte[]> ringState;
    private transient Counter late;

    /**
     * @param source the {@link Signal#source()} of the emitted signals ({@code "spans"} or {@code
     *     "istio"}); one function instance per source, so the sources are never merged
     */
    public SignalWindowFunction(SignalWindowConfig config, String source) {
        this.config = config;
        this.source = source;
    }

    /** The keyed state's descriptor (exposed for state-size tests). */
    public static ValueStateDescriptor<byte[]> stateDescriptor() {
        return new ValueStateDescriptor<>(
                "panes", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    @Override
    public void open(OpenContext openContext) {
        panes = new Panes(config);
        ringState = getRuntimeContext().getState(stateDescriptor());
        late = getRuntimeContext().getMetricGroup().counter(SignalOperators.LATE_COUNTER);
    }

    /** Partials counted late so far by this subtask (the metric's value). */
    long lateCount() {
        return late.getCount();
    }

    @Override
    public void processElement(PanePartial partial, Context ctx, Collector<Signal> out)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long paneStart = partial.paneStart();
        if (panes.isLate(paneStart, watermark)) {
            late.inc();
            ctx.output(SignalOperators.LATE_PARTIALS, partial);
            return;
        }
        PaneRing ring = PaneRing.decode(ringState.value(), panes);
        ring.merge(partial);
        ringState.update(ring.encode());
        if (!panes.isComplete(paneStart, watermark)) {
            ctx.timerService().registerEventTimeTimer(panes.paneMaxTimestamp(paneStart));
            return;
        }
        // Late within the allowed lateness: re-emit the windows already emitted that hold the pane.
        SignalKey key = SignalKeys.parse(ctx.getCurrentKey());
        for (long end : ring.windowEndsOf(paneStart)) {
            if (end - 1 <= watermark) {
                ring.window(key, source, end).ifPresent(out::collect);
            }
        }
        OptionalLong next = ring.nextTimer(watermark);
        if (next.isPresent()) {
            ctx.timerService().registerEventTimeTimer(next.getAsLong());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Signal> out)
            throws Exception {
        byte[] bytes = ringState.value();
        if (bytes == null) {
            return;
        }
        PaneRing ring = PaneRing.decode(bytes, panes);
        if (panes.isWindowTimer(timestamp)) {
            Optional<Signal> signal =
                    ring.window(SignalKeys.parse(ctx.getCurrentKey()), source, timestamp + 1);
            signal.ifPresent(out::collect);
        }
        int before = ring.size();
        ring.evict(timestamp);
        if (ring.isEmpty()) {
            ringState.clear();
            return;
        }
        if (ring.size() != before) {
            ringState.update(ring.encode());
        }
        ctx.timerService().registerEventTimeTimer(ring.nextTimer(timestamp).getAsLong());
    }
}
