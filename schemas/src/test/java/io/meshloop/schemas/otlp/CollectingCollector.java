package io.meshloop.schemas.otlp;

import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.Span;
import java.util.ArrayList;
import java.util.List;

/** A {@link TelemetryCollector} that keeps everything, for tests. */
public final class CollectingCollector implements TelemetryCollector {
    public final List<Span> spans = new ArrayList<>();
    public final List<MeshMetricPoint> metrics = new ArrayList<>();
    public final List<DeadLetter> deadLetters = new ArrayList<>();

    @Override
    public void span(Span span) {
        spans.add(span);
    }

    @Override
    public void metric(MeshMetricPoint point) {
        metrics.add(point);
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }
}
