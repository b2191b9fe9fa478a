package io.meshloop.jobs.signals;

import io.meshloop.operators.ingest.ImmutableTypeInfo;
import io.meshloop.operators.ingest.LateSpans;
import io.meshloop.operators.ingest.TelemetrySplitter;
import io.meshloop.operators.istio.IstioDeltaConfig;
import io.meshloop.operators.istio.IstioSignals;
import io.meshloop.operators.signals.SignalWindowConfig;
import io.meshloop.operators.signals.SpanSignals;
import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.telemetry.DecodedTelemetry;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.Span;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The golden-signals graph: decoded telemetry → split → (spans | Istio metrics) → pre-aggregated
 * panes → keyed sliding windows → signals; everything unusable → dead letters.
 *
 * <p>Sources and sinks are not part of it: {@link SignalsPipeline} plugs Kafka in, tests plug in
 * {@code env.fromData(...)} and collect the outputs.
 */
public final class SignalsJob {

    public static final String SPLIT_UID = "split-telemetry";

    private SignalsJob() {}

    /** The graph's outputs, for the caller to attach sinks to. */
    public record Outputs(DataStream<Signal> signals, DataStream<DeadLetter> deadLetters) {}

    public static Outputs build(
            DataStream<DecodedTelemetry> telemetry,
            SignalWindowConfig window,
            IstioDeltaConfig istio) {
        SingleOutputStreamOperator<Span> spans =
                telemetry
                        .process(new TelemetrySplitter())
                        // spans are immutable: skip the deep copy into the chained pre-aggregator
                        .returns(ImmutableTypeInfo.of(Span.class))
                        .uid(SPLIT_UID)
                        .name("split telemetry");
        DataStream<MeshMetricPoint> metrics = spans.getSideOutput(TelemetrySplitter.METRICS);

        SpanSignals.Result spanSignals = SpanSignals.apply(spans, window);
        IstioSignals.Result istioSignals = IstioSignals.apply(metrics, window, istio);

        DataStream<DeadLetter> deadLetters =
                spans.getSideOutput(TelemetrySplitter.DEAD_LETTERS)
                        .union(
                                LateSpans.toDeadLetters(spanSignals.lateSpans()),
                                LateSpans.partialsToDeadLetters(
                                        spanSignals
                                                .latePartials()
                                                .union(istioSignals.latePartials())));
        return new Outputs(spanSignals.signals().union(istioSignals.signals()), deadLetters);
    }
}
