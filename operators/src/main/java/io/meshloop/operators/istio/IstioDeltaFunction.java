package io.meshloop.operators.istio;

import io.meshloop.operators.signals.PanePartial;
import io.meshloop.operators.signals.Panes;
import io.meshloop.operators.signals.SignalWindowConfig;
import io.meshloop.schemas.telemetry.MeshMetricKind;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@link MeshMetricPoint#seriesId()}: turns cumulative {@code REQUESTS_TOTAL} and {@code
 * REQUEST_DURATION_MS} points into deltas ({@link CumulativeDeltas}) and the deltas into pane
 * partials ({@link IstioPartials}).
 *
 * <p>Each series keeps its last point; an event-time cleanup timer at last point time + {@code
 * seriesIdleTimeout} releases it (a series that comes back starts with a new baseline).
 *
 * <p>CPU and memory utilization gauges are dropped here for now: {@code Signal} has no field for
 * them. They should become their own stream (per instance) when a consumer needs them.
 */
public final class IstioDeltaFunction
        extends KeyedProcessFunction<String, MeshMetricPoint, PanePartial> {

    private static final long serialVersionUID = 1L;

    private final SignalWindowConfig windows;
    private final IstioDeltaConfig config;

    private transient Panes panes;
    private transient ValueState<SeriesState> series;

    public IstioDeltaFunction(SignalWindowConfig windows, IstioDeltaConfig config) {
        this.windows = windows;
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        panes = new Panes(windows);
        series =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "series", TypeInformation.of(SeriesState.class)));
    }

    @Override
    public void processElement(MeshMetricPoint p, Context ctx, Collector<PanePartial> out)
            throws Exception {
        if (p.kind() != MeshMetricKind.REQUESTS_TOTAL
                && p.kind() != MeshMetricKind.REQUEST_DURATION_MS) {
            return;
        }
        SeriesState prev = series.value();
        CumulativeDeltas.Step step = CumulativeDeltas.step(prev, p, windows.sizeMillis());
        if (step.next() != prev) {
            long idle = config.seriesIdleTimeout().toMillis();
            if (prev != null) {
                ctx.timerService().deleteEventTimeTimer(prev.timeUnixNanos() / 1_000_000L + idle);
            }
            series.update(step.next());
            ctx.timerService()
                    .registerEventTimeTimer(step.next().timeUnixNanos() / 1_000_000L + idle);
        }
        for (PanePartial partial : IstioPartials.toPartials(p, step.delta(), panes)) {
            out.collect(partial);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PanePartial> out)
            throws Exception {
        series.clear();
    }
}
