package io.meshloop.schemas.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Streaming reader of a protobuf {@code TracesData} that extracts only the fields a {@link
 * io.meshloop.schemas.telemetry.Span} needs, without building message objects.
 *
 * <p>It walks TracesData(1: resource_spans) → ResourceSpans(1: resource, 2: scope_spans) →
 * Resource(1: attributes) / ScopeSpans(2: spans) → Span; everything else is skipped by wire type.
 * Attribute keys are compared on the raw UTF-8 bytes, so uninteresting attributes cost no
 * allocation. Works on the record's byte array directly ({@code getTotalBytesRead()} is the array
 * position because the stream starts at offset 0).
 */
final class ProtoTraceReader {

    private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_RESOURCE_SPANS = 1 << 3 | LEN;
    private static final int TAG_RESOURCE = 1 << 3 | LEN;
    private static final int TAG_SCOPE_SPANS = 2 << 3 | LEN;
    private static final int TAG_RESOURCE_ATTRIBUTES = 1 << 3 | LEN;
    private static final int TAG_SPANS = 2 << 3 | LEN;
    private static final int TAG_TRACE_ID = 1 << 3 | LEN;
    private static final int TAG_SPAN_ID = 2 << 3 | LEN;
    private static final int TAG_PARENT_SPAN_ID = 4 << 3 | LEN;
    private static final int TAG_NAME = 5 << 3 | LEN;
    private static final int TAG_KIND = 6 << 3 | WireFormat.WIRETYPE_VARINT;
    private static final int TAG_START = 7 << 3 | WireFormat.WIRETYPE_FIXED64;
    private static final int TAG_END = 8 << 3 | WireFormat.WIRETYPE_FIXED64;
    private static final int TAG_SPAN_ATTRIBUTES = 9 << 3 | LEN;
    private static final int TAG_STATUS = 15 << 3 | LEN;
    private static final int TAG_STATUS_CODE = 3 << 3 | WireFormat.WIRETYPE_VARINT;
    private static final int TAG_KV_KEY = 1 << 3 | LEN;
    private static final int TAG_KV_VALUE = 2 << 3 | LEN;
    private static final int TAG_ANY_STRING = 1 << 3 | LEN;
    private static final int TAG_ANY_INT = 3 << 3 | WireFormat.WIRETYPE_VARINT;

    private final SpanAssembler asm;
    private final Utf8Interner strings = new Utf8Interner();
    private byte[] buf;

    ProtoTraceReader(SpanAssembler asm) {
        this.asm = asm;
    }

    /**
     * Reads every complete span into the assembler. Throws on malformed input; spans read before
     * the failure stay in the assembler.
     */
    void read(byte[] value) throws IOException {
        buf = value;
        try {
            CodedInputStream in = CodedInputStream.newInstance(value);
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag == TAG_RESOURCE_SPANS) {
                    int len = in.readRawVarint32();
                    int pos = in.getTotalBytesRead();
                    int old = in.pushLimit(len);
                    readResourceSpans(in, pos, len);
                    in.popLimit(old);
                    asm.commit();
                } else {
                    in.skipField(tag);
                }
            }
        } finally {
            buf = null;
        }
    }

    private void readResourceSpans(CodedInputStream in, int pos, int len) throws IOException {
        ResourceFields r = asm.newResource();
        r.payload = buf;
        r.payloadOff = pos;
        r.payloadLen = len;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == TAG_RESOURCE) {
                int old = in.pushLimit(in.readRawVarint32());
                readResource(in, r);
                in.popLimit(old);
            } else if (tag == TAG_SCOPE_SPANS) {
                int old = in.pushLimit(in.readRawVarint32());
                readScopeSpans(in);
                in.popLimit(old);
            } else {
                in.skipField(tag);
            }
        }
    }

    private void readResource(CodedInputStream in, ResourceFields r) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == TAG_RESOURCE_ATTRIBUTES) {
                int old = in.pushLimit(in.readRawVarint32());
                readKeyValue(in, r, null);
                in.popLimit(old);
            } else {
                in.skipField(tag);
            }
        }
    }

    private void readScopeSpans(CodedInputStream in) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == TAG_SPANS) {
                int len = in.readRawVarint32();
                int pos = in.getTotalBytesRead();
                int old = in.pushLimit(len);
                SpanFields s = asm.newSpan();
                s.payload = buf;
                s.payloadOff = pos;
                s.payloadLen = len;
                readSpan(in, s);
                in.popLimit(old);
            } else {
                in.skipField(tag);
            }
        }
    }

    private void readSpan(CodedInputStream in, SpanFields s) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case TAG_TRACE_ID, TAG_SPAN_ID, TAG_PARENT_SPAN_ID -> {
                    int len = in.readRawVarint32();
                    int pos = in.getTotalBytesRead();
                    in.skipRawBytes(len); // bounds-checks before we touch the array
                    SpanAssembler.setId(s, tag >>> 3, buf, pos, len);
                }
                case TAG_NAME -> {
                    int len = in.readRawVarint32();
                    int pos = in.getTotalBytesRead();
                    in.skipRawBytes(len);
                    s.name = strings.get(buf, pos, len);
                }
                case TAG_KIND -> s.kind = in.readEnum();
                case TAG_START -> s.start = in.readFixed64();
                case TAG_END -> s.end = in.readFixed64();
                case TAG_SPAN_ATTRIBUTES -> {
                    int old = in.pushLimit(in.readRawVarint32());
                    readKeyValue(in, null, s);
                    in.popLimit(old);
                }
                case TAG_STATUS -> {
                    int old = in.pushLimit(in.readRawVarint32());
                    int t;
                    while ((t = in.readTag()) != 0) {
                        if (t == TAG_STATUS_CODE) {
                            s.status = in.readEnum();
                        } else {
                            in.skipField(t);
                        }
                    }
                    in.popLimit(old);
                }
                default -> in.skipField(tag);
            }
        }
    }

    /** One KeyValue; exactly one of {@code r} (resource) and {@code s} (span) is non-null. */
    private void readKeyValue(CodedInputStream in, ResourceFields r, SpanFields s)
            throws IOException {
        int id = -1; // -1: key not seen yet, 0: key not read by us
        int valuePos = -1;
        int valueLen = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == TAG_KV_KEY) {
                int len = in.readRawVarint32();
                int pos = in.getTotalBytesRead();
                in.skipRawBytes(len);
                id =
                        r != null
                                ? asm.keys.resourceId(buf, pos, len)
                                : asm.keys.spanId(buf, pos, len);
            } else if (tag == TAG_KV_VALUE) {
                int len = in.readRawVarint32();
                if (id > 0) {
                    int old = in.pushLimit(len);
                    readAnyValue(in, 0, r, s, id);
                    in.popLimit(old);
                } else {
                    valuePos = in.getTotalBytesRead();
                    valueLen = len;
                    in.skipRawBytes(len);
                }
            } else {
                in.skipField(tag);
            }
        }
        if (id > 0 && valuePos >= 0) {
            // Value written before its key: legal protobuf, never seen from real exporters.
            CodedInputStream v = CodedInputStream.newInstance(buf, valuePos, valueLen);
            readAnyValue(v, valuePos, r, s, id);
        }
    }

    /** {@code base}: array offset at which {@code in} started. */
    private void readAnyValue(CodedInputStream in, int base, ResourceFields r, SpanFields s, int id)
            throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == TAG_ANY_STRING) {
                int len = in.readRawVarint32();
                int pos = base + in.getTotalBytesRead();
                in.skipRawBytes(len);
                if (len > asm.limits.maxAttributeValueBytes()) {
                    asm.oversized(r, s, id, len);
                } else {
                    String v = strings.get(buf, pos, len);
                    if (r != null) {
                        r.setString(id, v);
                    } else {
                        s.setString(id, v);
                    }
                }
            } else if (tag == TAG_ANY_INT && s != null && AttributeKeys.isIntValued(id)) {
                s.setInt(id, in.readInt64());
            } else {
                in.skipField(tag);
            }
        }
    }

    /**
     * A small, bounded cache of decoded strings keyed by their UTF-8 bytes, so the values that
     * repeat across spans and records (service, version, instance, route, span name, peer) come
     * back as the same {@code String} instance: no allocation per span, and the instance's cached
     * {@code hashCode} and reference equality make the pre-aggregator's lookups cheap.
     *
     * <p>Open addressing over {@value #SLOTS} slots with at most {@value #WAYS} probes; when all
     * probed slots are taken, one of them (round robin) is replaced. Only values of at most {@value
     * #MAX_BYTES} bytes are cached, so it holds at most about {@value #SLOTS} × 2 × {@value
     * #MAX_BYTES} B ≈ 400 KB per decoder, whatever the input. Unique values (free text, addresses)
     * only churn slots. The result always equals {@code new String(bytes, UTF_8)}.
     */
    static final class Utf8Interner {
        static final int SLOTS = 2048;
        static final int WAYS = 4;
        static final int MAX_BYTES = 96;

        private final byte[][] keys = new byte[SLOTS][];
        private final String[] values = new String[SLOTS];
        private int victim;

        String get(byte[] b, int off, int len) {
            if (len > MAX_BYTES) {
                return new String(b, off, len, StandardCharsets.UTF_8);
            }
            int h = len;
            for (int i = 0; i < len; i++) {
                h = 31 * h + b[off + i];
            }
            int first = (h ^ (h >>> 11)) & (SLOTS - 1);
            int free = -1;
            for (int w = 0; w < WAYS; w++) {
                int slot = (first + w) & (SLOTS - 1);
                byte[] k = keys[slot];
                if (k == null) {
                    free = slot;
                    break; // entries are never removed, so the value is not further on
                }
                if (k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) {
                    return values[slot];
                }
            }
            if (free < 0) {
                free = (first + victim) & (SLOTS - 1);
                victim = (victim + 1) % WAYS;
            }
            String v = new String(b, off, len, StandardCharsets.UTF_8);
            keys[free] = Arrays.copyOfRange(b, off, off + len);
            values[free] = v;
            return v;
        }
    }
}
