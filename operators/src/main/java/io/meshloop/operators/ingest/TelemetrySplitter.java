package io.meshloop.operators.ingest;

import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.telemetry.DecodedTelemetry;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.Span;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits what the sources decoded: spans go to the main output, metric points and dead letters to
 * side outputs. Counts every dead letter in a metric {@code deadLettered} tagged with its reason,
 * plus {@code spansIn} and {@code metricPointsIn}. Chained to the source, so the union type is
 * never serialized.
 */
public final class TelemetrySplitter extends ProcessFunction<DecodedTelemetry, Span> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<MeshMetricPoint> METRICS =
            new OutputTag<>("metric-points", TypeInformation.of(MeshMetricPoint.class));
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private transient Counter spansIn;
    private transient Counter metricPointsIn;
    private transient Map<DeadLetterReason, Counter> deadLettered;

    @Override
    public void open(OpenContext openContext) {
        var group = getRuntimeContext().getMetricGroup();
        spansIn = group.counter("spansIn");
        metricPointsIn = group.counter("metricPointsIn");
        deadLettered = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason r : DeadLetterReason.values()) {
            deadLettered.put(r, group.addGroup("reason", r.name()).counter("deadLettered"));
        }
    }

    @Override
    public void processElement(DecodedTelemetry value, Context ctx, Collector<Span> out) {
        if (value.span() != null) {
            spansIn.inc();
            out.collect(value.span());
        } else if (value.metric() != null) {
            metricPointsIn.inc();
            ctx.output(METRICS, value.metric());
        } else if (value.deadLetter() != null) {
            DeadLetter d = value.deadLetter();
            deadLettered.get(d.reason()).inc(Math.max(1, d.items()));
            ctx.output(DEAD_LETTERS, d);
        }
    }
}
