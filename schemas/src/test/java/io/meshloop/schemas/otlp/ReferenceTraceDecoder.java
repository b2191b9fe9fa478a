package io.meshloop.schemas.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.TracesData;

/**
 * The straightforward {@code TracesData.parseFrom} decoder, as a reference for the streaming one
 * (same mapping rules, via the shared {@link SpanAssembler}), and as the baseline for benchmarks.
 */
public final class ReferenceTraceDecoder {

    private final SpanAssembler asm;

    public ReferenceTraceDecoder(DecoderLimits limits) {
        this.asm = new SpanAssembler(limits);
    }

    /** Decodes valid protobuf input; throws on malformed bytes. */
    public void decode(byte[] value, RecordOrigin origin, TelemetryCollector out) throws Exception {
        TracesData td = TracesData.parseFrom(value);
        asm.begin();
        for (ResourceSpans rs : td.getResourceSpansList()) {
            ResourceFields r = asm.newResource();
            r.payload = rs.toByteArray();
            r.payloadLen = r.payload.length;
            for (KeyValue kv : rs.getResource().getAttributesList()) {
                int id = asm.keys.resourceId(kv.getKey());
                if (id > 0) {
                    value(kv.getValue(), r, null, id);
                }
            }
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span sp : ss.getSpansList()) {
                    SpanFields s = asm.newSpan();
                    s.payload = sp.toByteArray();
                    s.payloadLen = s.payload.length;
                    byte[] t = sp.getTraceId().toByteArray();
                    SpanAssembler.setId(s, 1, t, 0, t.length);
                    byte[] id = sp.getSpanId().toByteArray();
                    SpanAssembler.setId(s, 2, id, 0, id.length);
                    byte[] p = sp.getParentSpanId().toByteArray();
                    SpanAssembler.setId(s, 4, p, 0, p.length);
                    s.name = sp.getName();
                    s.kind = sp.getKindValue();
                    s.start = sp.getStartTimeUnixNano();
                    s.end = sp.getEndTimeUnixNano();
                    s.status = sp.getStatus().getCodeValue();
                    for (KeyValue kv : sp.getAttributesList()) {
                        int aid = asm.keys.spanId(kv.getKey());
                        if (aid > 0) {
                            value(kv.getValue(), null, s, aid);
                        }
                    }
                }
            }
        }
        asm.finish(origin, Encoding.OTLP_PROTO.configName(), out, null);
    }

    private void value(AnyValue v, ResourceFields r, SpanFields s, int id) {
        if (v.hasStringValue()) {
            String str = v.getStringValue();
            int bytes = v.getStringValueBytes().size();
            if (bytes > asm.limits.maxAttributeValueBytes()) {
                asm.oversized(r, s, id, bytes);
            } else if (r != null) {
                r.setString(id, str);
            } else {
                s.setString(id, str);
            }
        } else if (v.hasIntValue() && s != null && AttributeKeys.isIntValued(id)) {
            s.setInt(id, v.getIntValue());
        }
    }
}
