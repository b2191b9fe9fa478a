package io.meshloop.operators.istio;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.meshloop.operators.signals.LatencySketch;
import io.meshloop.operators.signals.PanePartial;
import io.meshloop.operators.signals.Panes;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.telemetry.ErrorClassifier;
import io.meshloop.schemas.telemetry.MeshMetricKind;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.SpanKind;
import io.meshloop.schemas.telemetry.StatusCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an Istio delta into pane partials ({@code source = "istio"}). Pure.
 *
 * <p><b>Keys</b>: {@code service(destinationService, destinationVersion, *)} and {@code
 * edge(sourceWorkload, destinationService, destinationVersion)} (no edge when the source workload
 * is unknown). The pane is the one holding the point's time: a delta is attributed to the pane its
 * scrape/export ended in, so with a 15 s export interval and 10 s windows Istio signals are lumpy.
 *
 * <p><b>Reporter</b>: Istio reports each in-mesh request twice, from the client sidecar ({@code
 * reporter="source"}) and the server sidecar ({@code reporter="destination"}). Destination reports
 * (or points without a reporter) are used. Source reports are used only when the destination
 * version is unknown: the metadata exchange fills {@code destination_version} only when the
 * destination runs a sidecar, so then there is no destination report to double-count.
 *
 * <p><b>Counts and latency</b>: requests and errors come only from {@code REQUESTS_TOTAL}; latency
 * only from {@code REQUEST_DURATION_MS} (its partials have count 0). Both families describe the
 * same requests, so the window merges them without doubling the count. Errors follow the semantic
 * conventions' server rules: HTTP 5xx, or gRPC UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL,
 * UNAVAILABLE, DATA_LOSS.
 *
 * <p><b>Latency accuracy</b>: each bucket's delta is added at one representative value: the
 * geometric midpoint of {@code (lower, upper]}, the arithmetic midpoint for the first bucket (lower
 * bound 0), the lower bound for the overflow bucket. A quantile is therefore only as good as the
 * bucket widths (Istio's default buckets are 0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500,
 * 5000, 10000 ms: a p99 of "between 250 and 500 ms" is reported as 354 ms), not the sketch's 1%;
 * and no quantile can exceed the largest finite bound. {@code maxMs} is the upper bound of the
 * highest non-empty finite bucket (the lower bound for the overflow bucket).
 */
public final class IstioPartials {

    private IstioPartials() {}

    public static List<PanePartial> toPartials(
            MeshMetricPoint p, CumulativeDeltas.Delta delta, Panes panes) {
        List<PanePartial> out = new ArrayList<>(2);
        if (delta == null || p.destinationService() == null || !useReporter(p)) {
            return out;
        }
        long paneStart = panes.paneStart(p.timeEpochMillis());
        long count;
        long errors;
        double max;
        byte[] sketch;
        if (p.kind() == MeshMetricKind.REQUESTS_TOTAL) {
            if (delta.requests() == 0) {
                return out;
            }
            count = delta.requests();
            errors = isError(p) ? count : 0;
            max = 0;
            sketch = LatencySketch.encode(LatencySketch.newSketch());
        } else if (p.kind() == MeshMetricKind.REQUEST_DURATION_MS) {
            DDSketch s = LatencySketch.newSketch();
            max = addBuckets(delta.bucketBounds(), delta.bucketDeltas(), s);
            if (s.isEmpty()) {
                return out;
            }
            count = 0;
            errors = 0;
            sketch = LatencySketch.encode(s);
        } else {
            return out; // gauges: see IstioDeltaFunction
        }
        for (SignalKey key : keysOf(p)) {
            out.add(
                    new PanePartial(
                            key, Signal.SOURCE_ISTIO, paneStart, count, errors, max, sketch));
        }
        return out;
    }

    static List<SignalKey> keysOf(MeshMetricPoint p) {
        List<SignalKey> keys = new ArrayList<>(2);
        keys.add(SignalKey.service(p.destinationService(), p.destinationVersion(), SignalKey.ALL));
        if (p.sourceWorkload() != null && !SignalKey.UNKNOWN.equals(p.sourceWorkload())) {
            keys.add(
                    SignalKey.edge(
                            p.sourceWorkload(), p.destinationService(), p.destinationVersion()));
        }
        return keys;
    }

    static boolean useReporter(MeshMetricPoint p) {
        if (!"source".equals(p.reporter())) {
            return true;
        }
        String v = p.destinationVersion();
        return v == null || v.isEmpty() || SignalKey.UNKNOWN.equals(v);
    }

    static boolean isError(MeshMetricPoint p) {
        return ErrorClassifier.isError(
                SpanKind.SERVER,
                StatusCode.UNSET,
                parseOr(p.responseCode(), 0),
                parseOr(p.grpcResponseStatus(), -1));
    }

    /** Adds each bucket's count at its representative value; returns the max estimate (ms). */
    static double addBuckets(double[] bounds, long[] counts, DDSketch sketch) {
        double max = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] <= 0) {
                continue;
            }
            double value;
            if (i == bounds.length) {
                value = bounds.length == 0 ? 0 : bounds[i - 1];
                max = value;
            } else {
                double lower = i == 0 ? 0 : bounds[i - 1];
                double upper = bounds[i];
                value = lower > 0 ? Math.sqrt(lower * upper) : (lower + upper) / 2;
                max = upper;
            }
            LatencySketch.add(sketch, value, counts[i]);
        }
        return max;
    }

    private static int parseOr(String s, int absent) {
        if (s == null || s.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return absent;
        }
    }
}
