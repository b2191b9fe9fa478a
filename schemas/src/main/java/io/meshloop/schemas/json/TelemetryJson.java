package io.meshloop.schemas.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.schemas.signal.SignalScope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * JSON records of the topics {@code meshloop.signals} and {@code meshloop.deadletter}; the formats
 * are fixed by {@code schemas/signal.schema.json} and {@code schemas/deadletter.schema.json} (on
 * the classpath) and by golden files in the tests.
 *
 * <p>A signal is one flat object: the key fields ({@code scope} in lower case, {@code service},
 * {@code version}, {@code route}, {@code instance}, {@code caller}; null when not applicable), then
 * {@code source}, {@code window_start}, {@code window_end} (epoch ms), {@code requests}, {@code
 * errors}, {@code rate}, {@code error_rate}, {@code p50_ms}, {@code p90_ms}, {@code p95_ms}, {@code
 * p99_ms}, {@code max_ms}; a NaN or infinite double is written as null (and read back as NaN). A
 * dead letter is {@code reason} (enum name), {@code detail}, {@code topic}, {@code partition},
 * {@code offset}, {@code record_timestamp}, {@code encoding}, {@code items}, {@code
 * payload_base64}, {@code payload_bytes}.
 *
 * <p>Thread-safe and allocation-conscious: writing streams straight from the record through one
 * shared {@link JsonFactory} (no intermediate tree or reflection); reading uses one shared {@link
 * ObjectReader}. Reading rejects a record with a missing or mistyped field, naming it.
 */
public final class TelemetryJson {

    private final JsonFactory factory;
    private final ObjectReader reader;

    public TelemetryJson() {
        ObjectMapper mapper = new ObjectMapper();
        this.factory = mapper.getFactory();
        this.reader = mapper.reader();
    }

    // ---- signals

    public byte[] signalToJson(Signal s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(384);
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            SignalKey k = s.key();
            g.writeStartObject();
            g.writeStringField("scope", k.scope().name().toLowerCase(Locale.ROOT));
            g.writeStringField("service", k.service());
            g.writeStringField("version", k.version());
            g.writeStringField("route", k.route());
            g.writeStringField("instance", k.instance());
            g.writeStringField("caller", k.caller());
            g.writeStringField("source", s.source());
            g.writeNumberField("window_start", s.windowStart());
            g.writeNumberField("window_end", s.windowEnd());
            g.writeNumberField("requests", s.requests());
            g.writeNumberField("errors", s.errors());
            writeDouble(g, "rate", s.rate());
            writeDouble(g, "error_rate", s.errorRate());
            writeDouble(g, "p50_ms", s.p50Ms());
            writeDouble(g, "p90_ms", s.p90Ms());
            writeDouble(g, "p95_ms", s.p95Ms());
            writeDouble(g, "p99_ms", s.p99Ms());
            writeDouble(g, "max_ms", s.maxMs());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * @throws IllegalArgumentException naming the field when the record is not a valid signal
     */
    public Signal signalFromJson(byte[] json) {
        JsonNode n = tree(json, "signal");
        String scopeName = reqText(n, "scope");
        SignalScope scope;
        try {
            scope = SignalScope.valueOf(scopeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "signal field scope: '"
                            + scopeName
                            + "' is not one of service, instance, edge");
        }
        SignalKey key =
                new SignalKey(
                        scope,
                        optText(n, "service"),
                        optText(n, "version"),
                        optText(n, "route"),
                        optText(n, "instance"),
                        optText(n, "caller"));
        return new Signal(
                key,
                reqText(n, "source"),
                reqLong(n, "window_start"),
                reqLong(n, "window_end"),
                reqLong(n, "requests"),
                reqLong(n, "errors"),
                reqDouble(n, "rate"),
                reqDouble(n, "error_rate"),
                reqDouble(n, "p50_ms"),
                reqDouble(n, "p90_ms"),
                reqDouble(n, "p95_ms"),
                reqDouble(n, "p99_ms"),
                reqDouble(n, "max_ms"));
    }

    // ---- dead letters

    public byte[] deadLetterToJson(DeadLetter d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + d.payloadBase64().length());
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("reason", d.reason().name());
            g.writeStringField("detail", d.detail());
            g.writeStringField("topic", d.topic());
            g.writeNumberField("partition", d.partition());
            g.writeNumberField("offset", d.offset());
            g.writeNumberField("record_timestamp", d.recordTimestamp());
            g.writeStringField("encoding", d.encoding());
            g.writeNumberField("items", d.items());
            g.writeStringField("payload_base64", d.payloadBase64());
            g.writeNumberField("payload_bytes", d.payloadBytes());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * @throws IllegalArgumentException naming the field when the record is not a valid dead letter
     */
    public DeadLetter deadLetterFromJson(byte[] json) {
        JsonNode n = tree(json, "dead letter");
        String reasonName = reqText(n, "reason");
        DeadLetterReason reason;
        try {
            reason = DeadLetterReason.valueOf(reasonName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "dead letter field reason: '" + reasonName + "' is not a DeadLetterReason");
        }
        return new DeadLetter(
                reason,
                optText(n, "detail"),
                optText(n, "topic"),
                (int) reqLong(n, "partition"),
                reqLong(n, "offset"),
                reqLong(n, "record_timestamp"),
                optText(n, "encoding"),
                (int) reqLong(n, "items"),
                reqText(n, "payload_base64"),
                (int) reqLong(n, "payload_bytes"));
    }

    // ---- helpers

    private static void writeDouble(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }

    private JsonNode tree(byte[] json, String what) {
        JsonNode n;
        try {
            n = reader.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(what + ": expected a JSON object");
        }
        return n;
    }

    private static String reqText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field " + field + ": expected a string, got " + v);
        }
        return v.textValue();
    }

    private static String optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(
                    "field " + field + ": expected a string or null, got " + v);
        }
        return v.textValue();
    }

    private static long reqLong(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(
                    "field " + field + ": expected an integer, got " + v);
        }
        return v.longValue();
    }

    private static double reqDouble(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            throw new IllegalArgumentException("field " + field + ": missing");
        }
        if (v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(
                    "field " + field + ": expected a number or null, got " + v);
        }
        return v.doubleValue();
    }
}
