package io.meshloop.schemas.otlp;

import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.telemetry.ErrorClassifier;
import io.meshloop.schemas.telemetry.Span;
import io.meshloop.schemas.telemetry.SpanKind;
import io.meshloop.schemas.telemetry.StatusCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Turns the raw fields of one record's spans (filled by a format reader) into {@link Span}s and
 * dead letters: validation, fallbacks between attributes, {@code '|'} sanitising, error
 * classification and parent resolution within the record.
 *
 * <p>Reused across records by one decoder (not thread-safe): field holders are pooled, so a record
 * allocates little beyond the emitted spans.
 */
final class SpanAssembler {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    final DecoderLimits limits;
    final AttributeKeys keys;
    private final ArrayList<ResourceFields> resources = new ArrayList<>();
    private final ArrayList<SpanFields> spans = new ArrayList<>();
    private int resourceCount;
    private int spanCount;
    private int committedResources;
    private int committedSpans;
    private final SpanIndex bySpanId = new SpanIndex();

    SpanAssembler(DecoderLimits limits) {
        this.limits = limits;
        this.keys = new AttributeKeys(limits.versionAttribute());
    }

    void begin() {
        resourceCount = 0;
        spanCount = 0;
        committedResources = 0;
        committedSpans = 0;
        bySpanId.clear(0);
    }

    int resourceIndex() {
        return resourceCount - 1;
    }

    ResourceFields newResource() {
        if (resourceCount == resources.size()) {
            resources.add(new ResourceFields());
        }
        ResourceFields r = resources.get(resourceCount++);
        r.reset();
        return r;
    }

    SpanFields newSpan() {
        if (spanCount == spans.size()) {
            spans.add(new SpanFields());
        }
        SpanFields s = spans.get(spanCount++);
        s.reset(resourceCount - 1);
        resources.get(resourceCount - 1).spanCount++;
        return s;
    }

    int spanCount() {
        return spanCount;
    }

    /** Marks every resource read so far as complete. */
    void commit() {
        committedResources = resourceCount;
        committedSpans = spanCount;
    }

    /**
     * Drops the resource being read when the input broke off (its attributes may be incomplete).
     *
     * @return how many spans were dropped
     */
    int rollback() {
        int dropped = spanCount - committedSpans;
        resourceCount = committedResources;
        spanCount = committedSpans;
        return dropped;
    }

    /** Records an oversized attribute value the decoder would have read. */
    void oversized(ResourceFields r, SpanFields s, int attrId, int bytes) {
        String detail =
                "attribute "
                        + keys.name(attrId)
                        + " value of "
                        + bytes
                        + " bytes exceeds maxAttributeValueBytes="
                        + limits.maxAttributeValueBytes();
        if (s != null) {
            s.fail(DeadLetterReason.OVERSIZED_ATTRIBUTE, detail);
        } else {
            r.fail(DeadLetterReason.OVERSIZED_ATTRIBUTE, detail);
        }
    }

    // ---- ids

    static String hex(byte[] b, int off, int len) {
        char[] c = new char[len * 2];
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xff;
            c[2 * i] = HEX[v >>> 4];
            c[2 * i + 1] = HEX[v & 0xf];
        }
        return new String(c);
    }

    private static boolean allZero(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (b[off + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Field 1 (trace_id), 2 (span_id) or 4 (parent_span_id) from raw bytes. */
    static void setId(SpanFields s, int field, byte[] b, int off, int len) {
        switch (field) {
            case 1 -> {
                if (len != 16 || allZero(b, off, len)) {
                    s.fail(DeadLetterReason.INVALID_ID, badId("trace_id", 16, b, off, len));
                } else {
                    s.traceId = hex(b, off, len);
                }
            }
            case 2 -> {
                if (len != 8 || allZero(b, off, len)) {
                    s.fail(DeadLetterReason.INVALID_ID, badId("span_id", 8, b, off, len));
                } else {
                    s.spanId = hex(b, off, len);
                }
            }
            default -> {
                if (len == 0 || (len == 8 && allZero(b, off, len))) {
                    s.parentSpanId = null; // root
                } else if (len != 8) {
                    s.fail(DeadLetterReason.INVALID_ID, badId("parent_span_id", 8, b, off, len));
                } else {
                    s.parentSpanId = hex(b, off, len);
                }
            }
        }
    }

    private static String badId(String field, int want, byte[] b, int off, int len) {
        return field
                + " "
                + DeadLetters.quote(hex(b, off, Math.min(len, 64)))
                + " has "
                + len
                + " bytes, expected "
                + want
                + " non-zero bytes";
    }

    /** Same as {@link #setId} for an OTLP/JSON hex string. */
    static void setHexId(SpanFields s, int field, String hex) {
        String name = field == 1 ? "traceId" : field == 2 ? "spanId" : "parentSpanId";
        int want = field == 1 ? 32 : 16;
        if (hex == null || hex.isEmpty()) {
            if (field == 4) {
                s.parentSpanId = null;
            } else {
                s.fail(DeadLetterReason.INVALID_ID, name + " is missing");
            }
            return;
        }
        if (hex.length() != want || !isHex(hex)) {
            s.fail(
                    DeadLetterReason.INVALID_ID,
                    name + " " + DeadLetters.quote(hex) + " is not " + want + " hex characters");
            return;
        }
        String lower = hex.toLowerCase(java.util.Locale.ROOT);
        boolean zero = lower.chars().allMatch(c -> c == '0');
        if (field == 4) {
            s.parentSpanId = zero ? null : lower;
        } else if (zero) {
            s.fail(
                    DeadLetterReason.INVALID_ID,
                    name + " " + DeadLetters.quote(hex) + " is all zero");
        } else if (field == 1) {
            s.traceId = lower;
        } else {
            s.spanId = lower;
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    // ---- emission

    /**
     * Emits the record's spans and dead letters, in record order.
     *
     * @param nodeBytes serialises a JSON node payload (only called for dead letters), may be null
     * @return number of spans emitted
     */
    int finish(
            RecordOrigin origin,
            String encoding,
            TelemetryCollector out,
            Function<Object, byte[]> nodeBytes) {
        // Resource-level checks, then the span index for parent lookup.
        for (int i = 0; i < resourceCount; i++) {
            ResourceFields r = resources.get(i);
            if (r.problem == null && (r.service == null || r.service.isEmpty())) {
                r.fail(
                        DeadLetterReason.MISSING_SERVICE_NAME,
                        "resource attribute service.name is "
                                + (r.service == null ? "missing" : "empty"));
            }
        }
        bySpanId.clear(spanCount);
        for (int i = 0; i < spanCount; i++) {
            SpanFields s = spans.get(i);
            if (s.problem == null) {
                if (s.traceId == null) {
                    s.fail(DeadLetterReason.INVALID_ID, "trace_id is missing");
                } else if (s.spanId == null) {
                    s.fail(DeadLetterReason.INVALID_ID, "span_id is missing");
                } else {
                    String t = limits.checkTimes("span", s.start, s.end, origin.timestampMs());
                    if (t != null) {
                        s.fail(DeadLetterReason.ABSURD_TIMESTAMP, t);
                    }
                }
            }
            if (s.problem == null && resources.get(s.resource).problem == null) {
                bySpanId.put(s.spanId, s);
            }
        }
        int emitted = 0;
        int lastResourceReported = -1;
        for (int i = 0; i < spanCount; i++) {
            SpanFields s = spans.get(i);
            ResourceFields r = resources.get(s.resource);
            if (r.problem != null) {
                if (lastResourceReported != s.resource) {
                    lastResourceReported = s.resource;
                    out.deadLetter(
                            payload(
                                    r.problem,
                                    r.problemDetail,
                                    origin,
                                    encoding,
                                    r.spanCount,
                                    r.payload,
                                    r.payloadOff,
                                    r.payloadLen,
                                    r.payloadNode,
                                    nodeBytes));
                }
                continue;
            }
            if (s.problem != null) {
                out.deadLetter(
                        payload(
                                s.problem,
                                spanDetail(s),
                                origin,
                                encoding,
                                1,
                                s.payload,
                                s.payloadOff,
                                s.payloadLen,
                                s.payloadNode,
                                nodeBytes));
                continue;
            }
            out.span(toSpan(s, r));
            emitted++;
        }
        return emitted;
    }

    private static String spanDetail(SpanFields s) {
        return s.spanId != null ? s.problemDetail + " (span " + s.spanId + ")" : s.problemDetail;
    }

    private static io.meshloop.schemas.deadletter.DeadLetter payload(
            DeadLetterReason reason,
            String detail,
            RecordOrigin origin,
            String encoding,
            int items,
            byte[] payload,
            int off,
            int len,
            Object node,
            Function<Object, byte[]> nodeBytes) {
        if (payload == null && node != null && nodeBytes != null) {
            payload = nodeBytes.apply(node);
            off = 0;
            len = payload.length;
        }
        return DeadLetters.of(reason, detail, origin, encoding, items, payload, off, len);
    }

    private Span toSpan(SpanFields s, ResourceFields r) {
        SpanKind kind = SpanKind.fromOtlp(s.kind);
        StatusCode status = StatusCode.fromOtlp(s.status);
        int http = s.httpStatus != 0 ? s.httpStatus : s.httpStatusLegacy;
        String route = s.httpRoute;
        if (route == null && s.rpcService != null) {
            route = s.rpcMethod != null ? s.rpcService + "/" + s.rpcMethod : s.rpcService;
        }
        String peerAddress = null;
        if (kind == SpanKind.CLIENT) {
            peerAddress = s.serverAddress != null ? s.serverAddress : s.netPeerName;
        }
        String parentService = null;
        SpanKind parentKind = null;
        if (s.parentSpanId != null) {
            SpanFields p = bySpanId.get(s.parentSpanId);
            if (p != null && p.traceId.equals(s.traceId)) {
                parentService = KeyParts.sanitize(resources.get(p.resource).service);
                parentKind = SpanKind.fromOtlp(p.kind);
            }
        }
        return new Span(
                s.traceId,
                s.spanId,
                s.parentSpanId,
                KeyParts.sanitize(r.service),
                KeyParts.sanitize(r.version),
                KeyParts.sanitize(r.instanceId != null ? r.instanceId : r.podName),
                r.environmentName != null ? r.environmentName : r.environmentLegacy,
                r.region,
                r.zone,
                kind,
                s.name == null ? "" : s.name,
                KeyParts.sanitize(route),
                s.start,
                s.end,
                status,
                http,
                s.grpcStatus,
                KeyParts.sanitize(peerAddress),
                KeyParts.sanitize(s.peerService),
                parentService,
                parentKind,
                ErrorClassifier.isError(kind, status, http, s.grpcStatus));
    }

    /**
     * The record's valid spans by span id, for parent lookup: open addressing on the id's 64 bits
     * (ids are 16 lowercase hex characters here), so neither the id strings are hashed nor map
     * nodes allocated per span. A later span with the same id replaces an earlier one. Cleared per
     * record by a generation stamp.
     */
    static final class SpanIndex {
        private long[] ids = new long[256];
        private SpanFields[] spans = new SpanFields[256];
        private int[] stamps = new int[256];
        private int generation = 1;

        /** Forgets everything and makes room for {@code expected} spans. */
        void clear(int expected) {
            if (expected * 2 > ids.length) {
                int n = Integer.highestOneBit(expected * 2 - 1) << 1;
                ids = new long[n];
                spans = new SpanFields[n];
                stamps = new int[n];
                generation = 1;
                return;
            }
            if (++generation == 0) {
                Arrays.fill(stamps, 0);
                generation = 1;
            }
        }

        void put(String spanId, SpanFields s) {
            long id = bits(spanId);
            int mask = ids.length - 1;
            for (int i = slot(id, mask); ; i = (i + 1) & mask) {
                if (stamps[i] != generation || ids[i] == id) {
                    stamps[i] = generation;
                    ids[i] = id;
                    spans[i] = s;
                    return;
                }
            }
        }

        SpanFields get(String spanId) {
            if (spanId.length() != 16) {
                return null;
            }
            long id = bits(spanId);
            int mask = ids.length - 1;
            for (int i = slot(id, mask); stamps[i] == generation; i = (i + 1) & mask) {
                if (ids[i] == id) {
                    return spans[i];
                }
            }
            return null;
        }

        private static int slot(long id, int mask) {
            long h = id * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 40) & mask;
        }

        /** The 64 bits of 16 lowercase hex characters. */
        private static long bits(String hex) {
            long v = 0;
            for (int i = 0; i < 16; i++) {
                char c = hex.charAt(i);
                v = v << 4 | (c <= '9' ? c - '0' : c - 'a' + 10);
            }
            return v;
        }
    }
}
