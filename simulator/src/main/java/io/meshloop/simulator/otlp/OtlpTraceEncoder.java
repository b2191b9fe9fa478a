package io.meshloop.simulator.otlp;

import io.meshloop.schemas.otlp.Encoding;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * Serializes a batch of spans into one Kafka record value, the way the OpenTelemetry Collector's
 * Kafka exporter does: a whole {@code TracesData} per record ({@code otlp_proto}), or its OTLP/JSON
 * form ({@code otlp_json}). The bytes come from the OpenTelemetry SDK's own marshaler.
 */
public final class OtlpTraceEncoder {

    private OtlpTraceEncoder() {}

    public static byte[] encode(Collection<SpanData> spans, Encoding encoding) {
        TraceRequestMarshaler marshaler = TraceRequestMarshaler.create(spans);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, spans.size() * 320));
        try {
            if (encoding == Encoding.OTLP_JSON) {
                marshaler.writeJsonTo(out);
            } else {
                marshaler.writeBinaryTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("serializing " + spans.size() + " spans", e);
        }
        return out.toByteArray();
    }
}
