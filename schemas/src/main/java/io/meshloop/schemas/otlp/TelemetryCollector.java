package io.meshloop.schemas.otlp;

import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.telemetry.DecodedTelemetry;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.Span;
import java.util.function.Consumer;

/** Receives what a decoder made of one record: spans, metric points and dead letters. */
public interface TelemetryCollector {

    void span(Span span);

    void metric(MeshMetricPoint point);

    void deadLetter(DeadLetter deadLetter);

    /** Adapts a consumer of {@link DecodedTelemetry} (e.g. a Flink {@code Collector::collect}). */
    static TelemetryCollector of(Consumer<? super DecodedTelemetry> out) {
        return new TelemetryCollector() {
            @Override
            public void span(Span span) {
                out.accept(DecodedTelemetry.of(span));
            }

            @Override
            public void metric(MeshMetricPoint point) {
                out.accept(DecodedTelemetry.of(point));
            }

            @Override
            public void deadLetter(DeadLetter deadLetter) {
                out.accept(DecodedTelemetry.of(deadLetter));
            }
        };
    }
}
