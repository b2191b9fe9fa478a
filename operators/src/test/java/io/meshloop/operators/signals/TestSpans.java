package io.meshloop.operators.signals;

import io.meshloop.schemas.telemetry.Span;
import io.meshloop.schemas.telemetry.SpanKind;
import io.meshloop.schemas.telemetry.StatusCode;

/** Builds {@link Span} records directly (no OpenTelemetry) for operator tests. */
final class TestSpans {

    private TestSpans() {}

    /** A SERVER span of checkout v1 on pod-1, route /pay, ending at {@code endMs}. */
    static Span server(long endMs, double latencyMs, boolean error) {
        return span(
                "checkout",
                "v1",
                "pod-1",
                SpanKind.SERVER,
                "/pay",
                endMs,
                latencyMs,
                error,
                null,
                null,
                null);
    }

    static Span span(
            String service,
            String version,
            String instance,
            SpanKind kind,
            String route,
            long endMs,
            double latencyMs,
            boolean error,
            String peerService,
            String parentService,
            SpanKind parentKind) {
        long end = endMs * 1_000_000L;
        long start = end - Math.round(latencyMs * 1_000_000.0);
        return new Span(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                parentService == null ? null : "00f067aa0ba902b7",
                service,
                version,
                instance,
                null,
                null,
                null,
                kind,
                "op",
                route,
                start,
                end,
                error ? StatusCode.ERROR : StatusCode.UNSET,
                error ? 500 : 200,
                -1,
                null,
                peerService,
                parentService,
                parentKind,
                error);
    }
}
