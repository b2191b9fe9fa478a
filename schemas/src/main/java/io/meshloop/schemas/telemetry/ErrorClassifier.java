package io.meshloop.schemas.telemetry;

/**
 * Decides whether a span is an error, following the OpenTelemetry semantic conventions.
 *
 * <ul>
 *   <li>Span status {@code ERROR} is always an error.
 *   <li>HTTP: on SERVER spans 5xx is an error (4xx is the client's fault); on CLIENT spans 4xx and
 *       5xx are errors.
 *   <li>gRPC: on CLIENT spans every code but OK (0) is an error; on SERVER spans only UNKNOWN (2),
 *       DEADLINE_EXCEEDED (4), UNIMPLEMENTED (12), INTERNAL (13), UNAVAILABLE (14) and DATA_LOSS
 *       (15).
 * </ul>
 *
 * Other kinds (INTERNAL, PRODUCER, CONSUMER) are errors only by status.
 */
public final class ErrorClassifier {

    private ErrorClassifier() {}

    public static boolean isError(
            SpanKind kind, StatusCode status, int httpStatus, int grpcStatus) {
        if (status == StatusCode.ERROR) {
            return true;
        }
        if (kind == SpanKind.SERVER) {
            return httpStatus >= 500 || isServerGrpcError(grpcStatus);
        }
        if (kind == SpanKind.CLIENT) {
            return httpStatus >= 400 || grpcStatus > 0;
        }
        return false;
    }

    private static boolean isServerGrpcError(int code) {
        return switch (code) {
            case 2, 4, 12, 13, 14, 15 -> true;
            default -> false;
        };
    }
}
