package io.meshloop.schemas.telemetry;

/**
 * One decoded span, reduced to the fields the pipeline reasons about.
 *
 * <p>Identifiers are lower-case hex, as in OTLP/JSON. Times are Unix epoch nanoseconds, as in OTLP.
 * String fields the telemetry did not carry are {@code null}; {@link #httpStatus} is 0 and {@link
 * #grpcStatus} is -1 when absent. {@link #error} is already classified with the OpenTelemetry
 * semantic conventions (see {@link ErrorClassifier}).
 *
 * <p>{@link #parentService} and {@link #parentKind} are filled when the parent span was decoded
 * from the same Kafka record (always the case with the Collector's {@code partition_traces_by_id});
 * they let the pipeline derive a caller→callee edge when the caller's client side is not
 * instrumented.
 *
 * @param traceId 32 hex chars
 * @param spanId 16 hex chars
 * @param parentSpanId 16 hex chars, or null for a root span
 * @param service {@code service.name}, never null (spans without it are dead-lettered)
 * @param version {@code service.version} (or the configured version attribute), may be null
 * @param instance {@code service.instance.id}, else {@code k8s.pod.name}, may be null
 * @param environment {@code deployment.environment(.name)}, may be null
 * @param region {@code cloud.region}, may be null
 * @param zone {@code cloud.availability_zone}, may be null
 * @param kind span kind
 * @param name span name
 * @param route {@code http.route}, else {@code rpc.service/rpc.method}, may be null
 * @param startUnixNanos start time
 * @param endUnixNanos end time, never before the start
 * @param status span status code
 * @param httpStatus {@code http.response.status_code} (or legacy {@code http.status_code}), 0 if
 *     none
 * @param grpcStatus {@code rpc.grpc.status_code}, -1 if none
 * @param peerAddress {@code server.address} on CLIENT spans (else {@code net.peer.name}), may be
 *     null
 * @param peerService {@code peer.service}, may be null
 * @param parentService service of the parent span when known, may be null
 * @param parentKind kind of the parent span when known, may be null
 * @param error whether the span counts as an error
 */
public record Span(
        String traceId,
        String spanId,
        String parentSpanId,
        String service,
        String version,
        String instance,
        String environment,
        String region,
        String zone,
        SpanKind kind,
        String name,
        String route,
        long startUnixNanos,
        long endUnixNanos,
        StatusCode status,
        int httpStatus,
        int grpcStatus,
        String peerAddress,
        String peerService,
        String parentService,
        SpanKind parentKind,
        boolean error) {

    /** Duration in milliseconds (fractional). */
    public double durationMillis() {
        return (endUnixNanos - startUnixNanos) / 1_000_000.0;
    }

    /** End time in epoch milliseconds: the span's event time in the pipeline. */
    public long endEpochMillis() {
        return endUnixNanos / 1_000_000L;
    }

    /**
     * The callee named by a CLIENT span: {@code peer.service} if set, else {@code server.address}.
     */
    public String callee() {
        return peerService != null ? peerService : peerAddress;
    }
}
