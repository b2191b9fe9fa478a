package io.meshloop.jobs.backtest;

import io.meshloop.schemas.telemetry.DecodedTelemetry;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes telemetry through unchanged and counts it in Flink accumulators (summed by the job
 * manager, read from the job result): spans, metric points, and the range of span end times (epoch
 * ms). Chained to the source, so it costs a few increments per item.
 */
final class InputStats extends ProcessFunction<DecodedTelemetry, DecodedTelemetry> {

    private static final long serialVersionUID = 1L;

    static final String SPANS = "backtest-spans";
    static final String METRIC_POINTS = "backtest-metric-points";
    static final String FIRST_SPAN_END = "backtest-first-span-end-ms";
    static final String LAST_SPAN_END = "backtest-last-span-end-ms";

    private transient LongCounter spans;
    private transient LongCounter metricPoints;
    private transient LongMinimum first;
    private transient LongMaximum last;

    @Override
    public void open(OpenContext openContext) {
        spans = new LongCounter();
        metricPoints = new LongCounter();
        first = new LongMinimum();
        last = new LongMaximum();
        getRuntimeContext().addAccumulator(SPANS, spans);
        getRuntimeContext().addAccumulator(METRIC_POINTS, metricPoints);
        getRuntimeContext().addAccumulator(FIRST_SPAN_END, first);
        getRuntimeContext().addAccumulator(LAST_SPAN_END, last);
    }

    @Override
    public void processElement(DecodedTelemetry t, Context ctx, Collector<DecodedTelemetry> out) {
        if (t.span() != null) {
            spans.add(1L);
            long end = t.span().endEpochMillis();
            first.add(end);
            last.add(end);
        } else if (t.metric() != null) {
            metricPoints.add(1L);
        }
        out.collect(t);
    }
}
