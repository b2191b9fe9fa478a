package io.meshloop.schemas.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.Span;

/**
 * Decodes one Kafka record value of the Collector's {@code otlp_spans} topic into {@link Span}s and
 * {@link DeadLetter}s.
 *
 * <p>{@code otlp_proto} is read by a streaming {@code CodedInputStream} reader that extracts only
 * the needed fields (no message objects); {@code otlp_json} by a Jackson tree reader. Both share
 * the validation and mapping, so they give identical spans for the same batch.
 *
 * <p>{@link #decode} never throws on bad input. Whatever cannot be used becomes a dead letter:
 * {@code EMPTY_RECORD}, {@code UNKNOWN_ENCODING}, {@code UNDECODABLE} (the record, or the part
 * after a break in a protobuf stream: ResourceSpans read completely before it are kept), {@code
 * MISSING_SERVICE_NAME} / {@code OVERSIZED_ATTRIBUTE} of a resource attribute (one dead letter per
 * resource, {@code items} = its span count, payload = the ResourceSpans), and per span {@code
 * INVALID_ID}, {@code ABSURD_TIMESTAMP}, {@code OVERSIZED_ATTRIBUTE} (payload = the span). Good
 * spans of the same record still come out. Parents are resolved among the record's valid spans.
 *
 * <p>Not thread-safe: create one per Flink subtask (it pools its scratch objects).
 */
public final class OtlpTraceDecoder {

    private final SpanAssembler asm;
    private final ProtoTraceReader proto;
    private final JsonTraceReader json;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Counting counting = new Counting();
    private long records;

    public OtlpTraceDecoder(DecoderLimits limits) {
        this.asm = new SpanAssembler(limits);
        this.proto = new ProtoTraceReader(asm);
        this.json = new JsonTraceReader(asm);
    }

    public OtlpTraceDecoder() {
        this(DecoderLimits.ofDefaults());
    }

    /** Decodes with an encoding resolved from headers; an unknown one is dead-lettered. */
    public void decode(
            byte[] value,
            EncodingResolution encoding,
            RecordOrigin origin,
            TelemetryCollector out) {
        DeadLetter bad = DeadLetters.unknownEncoding(value, encoding, origin);
        if (bad != null) {
            records++;
            emitDead(out, bad);
            return;
        }
        decode(value, encoding.encoding(), origin, out);
    }

    /** Decodes one record value; never throws on bad input. */
    public void decode(
            byte[] value, Encoding encoding, RecordOrigin origin, TelemetryCollector out) {
        records++;
        RecordOrigin o = origin == null ? RecordOrigin.unknown() : origin;
        String enc = encoding == null ? "null" : encoding.configName();
        DeadLetter unusable = DeadLetters.unusableRecord(value, encoding, o);
        if (unusable != null) {
            emitDead(out, unusable);
            return;
        }
        counting.out = out;
        try {
            asm.begin();
            if (encoding == Encoding.OTLP_PROTO) {
                decodeProto(value, o, enc);
            } else {
                decodeJson(value, o, enc);
            }
        } finally {
            counting.out = null;
        }
    }

    private void decodeProto(byte[] value, RecordOrigin o, String enc) {
        String failure = null;
        int dropped = 0;
        try {
            proto.read(value);
        } catch (Exception | StackOverflowError e) {
            dropped = asm.rollback();
            failure = "not a protobuf TracesData: " + e.getMessage();
        }
        asm.finish(o, enc, counting, null);
        if (failure != null) {
            counting.deadLetter(
                    DeadLetters.ofRecord(
                            DeadLetterReason.UNDECODABLE,
                            failure,
                            o,
                            enc,
                            Math.max(1, dropped),
                            value));
        }
    }

    private void decodeJson(byte[] value, RecordOrigin o, String enc) {
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (Exception | StackOverflowError e) {
            counting.deadLetter(
                    DeadLetters.ofRecord(
                            DeadLetterReason.UNDECODABLE,
                            "not OTLP/JSON: "
                                    + e.getClass().getSimpleName()
                                    + ": "
                                    + e.getMessage(),
                            o,
                            enc,
                            1,
                            value));
            return;
        }
        if (root == null || !root.isObject()) {
            counting.deadLetter(
                    DeadLetters.ofRecord(
                            DeadLetterReason.UNDECODABLE,
                            "OTLP/JSON TracesData must be a JSON object, got "
                                    + (root == null ? "nothing" : root.getNodeType()),
                            o,
                            enc,
                            1,
                            value));
            return;
        }
        json.read(root);
        asm.finish(o, enc, counting, this::nodeBytes);
    }

    private byte[] nodeBytes(Object node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (Exception e) {
            return new byte[0];
        }
    }

    private void emitDead(TelemetryCollector out, DeadLetter d) {
        counting.out = out;
        try {
            counting.deadLetter(d);
        } finally {
            counting.out = null;
        }
    }

    /** Totals since construction ({@code metricPoints} and {@code ignoredMetricPoints} are 0). */
    public DecodeStats stats() {
        return new DecodeStats(records, counting.spans, 0, counting.dead, counting.deadItems, 0);
    }

    /** Forwards to the caller's collector and counts. */
    private static final class Counting implements TelemetryCollector {
        TelemetryCollector out;
        long spans;
        long dead;
        long deadItems;

        @Override
        public void span(Span span) {
            spans++;
            out.span(span);
        }

        @Override
        public void metric(MeshMetricPoint point) {
            out.metric(point);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            dead++;
            deadItems += deadLetter.items();
            out.deadLetter(deadLetter);
        }
    }
}
