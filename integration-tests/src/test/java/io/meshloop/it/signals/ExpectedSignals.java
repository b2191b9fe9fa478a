package io.meshloop.it.signals;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Golden signals computed independently of the pipeline, straight from the generated spans: every
 * sliding window [end - size, end) with end on a slide boundary, exact counts, and latencies kept
 * whole so quantiles can be taken by rank.
 */
final class ExpectedSignals {

    /** One expected window: request count, error count and every latency (ms), sorted. */
    record Window(long end, long requests, long errors, double[] sortedLatenciesMs) {
        /** The value at rank {@code floor(q * (n - 1))}, and its neighbour above. */
        double[] quantileBracket(double q) {
            int n = sortedLatenciesMs.length;
            int lo = (int) Math.floor(q * (n - 1));
            int hi = Math.min(n - 1, (int) Math.ceil(q * (n - 1)));
            return new double[] {sortedLatenciesMs[lo], sortedLatenciesMs[hi]};
        }
    }

    private ExpectedSignals() {}

    static Predicate<SpanData> serverOf(String service, String version) {
        return s ->
                s.getKind() == SpanKind.SERVER
                        && service.equals(attr(s, "service.name"))
                        && (version == null || version.equals(attr(s, "service.version")));
    }

    static Predicate<SpanData> serverOfInstance(String instance) {
        return s ->
                s.getKind() == SpanKind.SERVER && instance.equals(attr(s, "service.instance.id"));
    }

    static Predicate<SpanData> clientCall(String caller, String callee) {
        return s ->
                s.getKind() == SpanKind.CLIENT
                        && caller.equals(attr(s, "service.name"))
                        && callee.equals(
                                s.getAttributes()
                                        .get(
                                                io.opentelemetry.api.common.AttributeKey.stringKey(
                                                        "server.address")));
    }

    /** Windows of {@code sizeMs} sliding by {@code slideMs} over the spans that match. */
    static Map<Long, Window> windows(
            List<SpanData> spans, Predicate<SpanData> match, long sizeMs, long slideMs) {
        TreeMap<Long, List<SpanData>> byEnd = new TreeMap<>();
        for (SpanData s : spans) {
            if (!match.test(s)) {
                continue;
            }
            long endMillis = s.getEndEpochNanos() / 1_000_000L;
            long firstWindowEnd = Math.floorDiv(endMillis, slideMs) * slideMs + slideMs;
            for (long w = firstWindowEnd; w < firstWindowEnd + sizeMs; w += slideMs) {
                byEnd.computeIfAbsent(w, k -> new ArrayList<>()).add(s);
            }
        }
        Map<Long, Window> out = new TreeMap<>();
        byEnd.forEach(
                (end, list) -> {
                    double[] lat = new double[list.size()];
                    long errors = 0;
                    for (int i = 0; i < lat.length; i++) {
                        SpanData s = list.get(i);
                        lat[i] = (s.getEndEpochNanos() - s.getStartEpochNanos()) / 1_000_000.0;
                        if (s.getStatus().getStatusCode() == StatusCode.ERROR) {
                            errors++;
                        }
                    }
                    Arrays.sort(lat);
                    out.put(end, new Window(end, list.size(), errors, lat));
                });
        return out;
    }

    private static String attr(SpanData s, String key) {
        return s.getResource()
                .getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey(key));
    }
}
