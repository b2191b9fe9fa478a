package io.meshloop.schemas.telemetry;

/**
 * OTLP span kind, with the numeric values of {@code opentelemetry.proto.trace.v1.Span.SpanKind}.
 */
public enum SpanKind {
    UNSPECIFIED,
    INTERNAL,
    SERVER,
    CLIENT,
    PRODUCER,
    CONSUMER;

    private static final SpanKind[] BY_NUMBER = values();

    /** Maps the OTLP enum number; unknown numbers map to {@link #UNSPECIFIED}. */
    public static SpanKind fromOtlp(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNSPECIFIED;
    }

    /** Maps the OTLP/JSON enum name ({@code SPAN_KIND_SERVER}) or short name ({@code SERVER}). */
    public static SpanKind fromOtlpName(String name) {
        String n = name.startsWith("SPAN_KIND_") ? name.substring("SPAN_KIND_".length()) : name;
        for (SpanKind k : BY_NUMBER) {
            if (k.name().equals(n)) {
                return k;
            }
        }
        return UNSPECIFIED;
    }
}
