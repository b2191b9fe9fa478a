package io.meshloop.operators.istio;

import io.meshloop.operators.signals.PanePartial;
import io.meshloop.operators.signals.SignalOperators;
import io.meshloop.operators.signals.SignalWindowConfig;
import io.meshloop.operators.signals.SignalWindowFunction;
import io.meshloop.operators.signals.SpanSignals;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Builds the Istio metrics → golden signal part of a job graph. Its windows are a separate operator
 * from the span windows, so "istio" and "spans" signals of the same key are never merged.
 */
public final class IstioSignals {

    /**
     * @param signals one {@link Signal} per (key, window) with requests, {@code source = "istio"}
     * @param latePartials partials too late for their windows, to dead-letter ({@code LATE})
     */
    public record Result(DataStream<Signal> signals, DataStream<PanePartial> latePartials) {}

    private IstioSignals() {}

    /** Points must carry event-time timestamps (point time) and watermarks. */
    public static Result apply(
            DataStream<MeshMetricPoint> points,
            SignalWindowConfig windows,
            IstioDeltaConfig config) {
        SingleOutputStreamOperator<PanePartial> partials =
                points.keyBy(new BySeries(), Types.STRING)
                        .process(
                                new IstioDeltaFunction(windows, config),
                                TypeInformation.of(PanePartial.class))
                        .uid(SignalOperators.ISTIO_DELTA_UID)
                        .name(SignalOperators.ISTIO_DELTA_NAME);
        SingleOutputStreamOperator<Signal> signals =
                partials.keyBy(new SpanSignals.ByKey(), Types.STRING)
                        .process(
                                new SignalWindowFunction(windows, Signal.SOURCE_ISTIO),
                                TypeInformation.of(Signal.class))
                        .uid(SignalOperators.ISTIO_WINDOW_UID)
                        .name(SignalOperators.ISTIO_WINDOW_NAME);
        return new Result(signals, signals.getSideOutput(SignalOperators.LATE_PARTIALS));
    }

    /** Keys a metric point by its series id. */
    public static final class BySeries implements KeySelector<MeshMetricPoint, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(MeshMetricPoint p) {
            return p.seriesId();
        }
    }
}
