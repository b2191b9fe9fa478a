package io.meshloop.schemas.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.telemetry.SpanKind;
import io.meshloop.schemas.telemetry.StatusCode;

/**
 * Reads an OTLP/JSON {@code TracesData} tree into the assembler, following the OTLP/JSON rules:
 * trace and span ids are hex strings (not base64), enums are integers or names, 64-bit integers may
 * be strings, field names are lowerCamelCase (snake_case is accepted too).
 */
final class JsonTraceReader {

    private final SpanAssembler asm;

    JsonTraceReader(SpanAssembler asm) {
        this.asm = asm;
    }

    void read(JsonNode root) {
        for (JsonNode rs : OtlpJson.array(root, "resourceSpans", "resource_spans")) {
            ResourceFields r = asm.newResource();
            r.payloadNode = rs;
            JsonNode resource = OtlpJson.field(rs, "resource", null);
            for (JsonNode kv : OtlpJson.array(resource, "attributes", null)) {
                String key = OtlpJson.text(OtlpJson.field(kv, "key", null));
                int id = key == null ? 0 : asm.keys.resourceId(key);
                if (id > 0) {
                    readValue(OtlpJson.field(kv, "value", null), r, null, id);
                }
            }
            for (JsonNode ss : OtlpJson.array(rs, "scopeSpans", "scope_spans")) {
                readScopeSpans(ss);
            }
            // Pre-1.0 exporters.
            for (JsonNode ss :
                    OtlpJson.array(
                            rs, "instrumentationLibrarySpans", "instrumentation_library_spans")) {
                readScopeSpans(ss);
            }
        }
    }

    private void readScopeSpans(JsonNode ss) {
        for (JsonNode sp : OtlpJson.array(ss, "spans", null)) {
            SpanFields s = asm.newSpan();
            s.payloadNode = sp;
            readSpan(sp, s);
        }
    }

    private void readSpan(JsonNode sp, SpanFields s) {
        SpanAssembler.setHexId(s, 1, OtlpJson.text(OtlpJson.field(sp, "traceId", "trace_id")));
        SpanAssembler.setHexId(s, 2, OtlpJson.text(OtlpJson.field(sp, "spanId", "span_id")));
        JsonNode parent = OtlpJson.field(sp, "parentSpanId", "parent_span_id");
        if (parent != null && !parent.isTextual()) {
            s.fail(DeadLetterReason.INVALID_ID, "parentSpanId " + parent + " is not a hex string");
        } else {
            SpanAssembler.setHexId(s, 4, OtlpJson.text(parent));
        }
        s.name = OtlpJson.text(OtlpJson.field(sp, "name", null));
        s.kind = OtlpJson.enumNumber(OtlpJson.field(sp, "kind", null), n -> kindNumber(n));
        try {
            s.start =
                    OtlpJson.unixNanos(
                            OtlpJson.field(sp, "startTimeUnixNano", "start_time_unix_nano"),
                            "startTimeUnixNano");
            s.end =
                    OtlpJson.unixNanos(
                            OtlpJson.field(sp, "endTimeUnixNano", "end_time_unix_nano"),
                            "endTimeUnixNano");
        } catch (NumberFormatException e) {
            s.fail(DeadLetterReason.ABSURD_TIMESTAMP, e.getMessage());
        }
        JsonNode status = OtlpJson.field(sp, "status", null);
        s.status = OtlpJson.enumNumber(OtlpJson.field(status, "code", null), n -> statusNumber(n));
        for (JsonNode kv : OtlpJson.array(sp, "attributes", null)) {
            String key = OtlpJson.text(OtlpJson.field(kv, "key", null));
            int id = key == null ? 0 : asm.keys.spanId(key);
            if (id > 0) {
                readValue(OtlpJson.field(kv, "value", null), null, s, id);
            }
        }
    }

    private void readValue(JsonNode value, ResourceFields r, SpanFields s, int id) {
        if (value == null) {
            return;
        }
        JsonNode str = OtlpJson.field(value, "stringValue", "string_value");
        if (str != null && str.isTextual()) {
            String v = str.textValue();
            int bytes = OtlpJson.utf8Length(v, asm.limits.maxAttributeValueBytes());
            if (bytes > asm.limits.maxAttributeValueBytes()) {
                asm.oversized(r, s, id, bytes);
            } else if (r != null) {
                r.setString(id, v);
            } else {
                s.setString(id, v);
            }
            return;
        }
        JsonNode i = OtlpJson.field(value, "intValue", "int_value");
        if (i != null && s != null && AttributeKeys.isIntValued(id)) {
            try {
                s.setInt(id, OtlpJson.int64(i, "intValue", 0));
            } catch (NumberFormatException e) {
                // unreadable int: treated as absent, as in the protobuf path
            }
        }
    }

    private static int kindNumber(String name) {
        SpanKind k = SpanKind.fromOtlpName(name);
        return k.ordinal();
    }

    private static int statusNumber(String name) {
        return StatusCode.fromOtlpName(name).ordinal();
    }
}
