package io.meshloop.operators.signals;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.meshloop.schemas.signal.SignalKey;

/** Mutable aggregate of one (key, pane) in the pre-aggregator: counts, max and a latency sketch. */
public final class PaneAccumulator {

    private long count;
    private long errors;
    private double maxMs;
    private final DDSketch sketch = LatencySketch.newSketch();

    /** Adds one request. */
    public void add(double latencyMs, boolean error) {
        count++;
        if (error) {
            errors++;
        }
        maxMs = Math.max(maxMs, latencyMs);
        LatencySketch.add(sketch, latencyMs, 1);
    }

    /** Adds everything {@code other} holds (exact: DDSketch merging adds bin counts). */
    public void merge(PaneAccumulator other) {
        count += other.count;
        errors += other.errors;
        maxMs = Math.max(maxMs, other.maxMs);
        sketch.mergeWith(other.sketch);
    }

    public long count() {
        return count;
    }

    public PanePartial toPartial(SignalKey key, String source, long paneStart) {
        return new PanePartial(
                key, source, paneStart, count, errors, maxMs, LatencySketch.encode(sketch));
    }
}
