package io.meshloop.operators.istio;

import io.meshloop.schemas.telemetry.MeshMetricKind;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import java.util.Arrays;

/**
 * Turns cumulative Istio points into deltas against the previous point of the same series. Pure.
 *
 * <ul>
 *   <li><b>First point of a series</b>: a baseline, no delta, because a cumulative value counts
 *       requests since the series started, possibly hours ago. Exception: when the point's {@code
 *       startUnixNanos} is known and lies within {@code recentMillis} (one window) before the
 *       point, the series began inside the window and its whole value is the delta (a new pod's
 *       first requests are not lost).
 *   <li><b>Counter reset</b>: a value lower than the previous one, or a later {@code
 *       startUnixNanos}: the process restarted, the delta is the new value. For histograms also any
 *       bucket count going down, or the bucket bounds changing.
 *   <li><b>Out of order</b>: a point not after the previous one is ignored (no delta, state kept).
 *   <li><b>Delta temporality</b>: the point already is a delta; no state is needed.
 * </ul>
 */
public final class CumulativeDeltas {

    private CumulativeDeltas() {}

    /**
     * A delta: new requests (Sum) or new requests per bucket (histogram).
     *
     * @param requests requests ({@code REQUESTS_TOTAL}); 0 for histograms
     * @param bucketBounds histogram bounds, empty for Sums
     * @param bucketDeltas new requests per bucket ({@code bounds + 1} long), empty for Sums
     */
    public record Delta(long requests, double[] bucketBounds, long[] bucketDeltas) {}

    /**
     * The state to keep and the delta to emit (null when none).
     *
     * @param next state after the point; null when the point needs none (delta temporality)
     * @param delta the delta, or null
     */
    public record Step(SeriesState next, Delta delta) {}

    public static Step step(SeriesState prev, MeshMetricPoint p, long recentMillis) {
        boolean histogram = p.kind() == MeshMetricKind.REQUEST_DURATION_MS;
        if (!p.cumulative()) {
            return new Step(
                    prev,
                    histogram ? bucketDelta(p.bucketBounds(), p.bucketCounts()) : sum(p.value()));
        }
        SeriesState next =
                new SeriesState(
                        p.startUnixNanos(),
                        p.timeUnixNanos(),
                        p.value(),
                        histogram ? p.bucketBounds() : new double[0],
                        histogram ? p.bucketCounts() : new long[0]);
        if (prev == null) {
            boolean startedRecently =
                    p.startUnixNanos() > 0
                            && p.timeUnixNanos() - p.startUnixNanos() <= recentMillis * 1_000_000L;
            Delta delta =
                    !startedRecently
                            ? null
                            : histogram
                                    ? bucketDelta(p.bucketBounds(), p.bucketCounts())
                                    : sum(p.value());
            return new Step(next, delta);
        }
        if (p.timeUnixNanos() <= prev.timeUnixNanos()) {
            return new Step(prev, null);
        }
        boolean restarted = p.startUnixNanos() > 0 && p.startUnixNanos() > prev.startUnixNanos();
        if (!histogram) {
            boolean reset = restarted || p.value() < prev.value();
            return new Step(next, sum(reset ? p.value() : p.value() - prev.value()));
        }
        long[] now = p.bucketCounts();
        boolean reset =
                restarted
                        || !Arrays.equals(p.bucketBounds(), prev.bucketBounds())
                        || now.length != prev.bucketCounts().length;
        long[] d = new long[now.length];
        for (int i = 0; !reset && i < now.length; i++) {
            d[i] = now[i] - prev.bucketCounts()[i];
            reset = d[i] < 0;
        }
        return new Step(
                next,
                reset ? bucketDelta(p.bucketBounds(), now) : bucketDelta(p.bucketBounds(), d));
    }

    private static Delta sum(double value) {
        return new Delta(Math.max(0, Math.round(value)), new double[0], new long[0]);
    }

    private static Delta bucketDelta(double[] bounds, long[] counts) {
        return new Delta(0, bounds, counts.clone());
    }
}
