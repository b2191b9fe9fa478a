package io.meshloop.schemas.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.telemetry.MeshMetricKind;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricsData;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes one record value of the Collector's {@code otlp_metrics} topic into {@link
 * MeshMetricPoint}s (see {@link MetricNames} for the metrics used) and dead letters.
 *
 * <p>Uses {@code MetricsData.parseFrom} (metric volume is low); OTLP/JSON is converted to the same
 * message first, so both encodings map identically. Points of other metrics are skipped and counted
 * in {@link DecodeStats#ignoredMetricPoints()} of {@link #stats()}.
 *
 * <p>{@link MeshMetricPoint#seriesId()} is {@code name{k=v,...}} over the point attributes plus the
 * resource's {@code service.name} and instance ({@code service.instance.id}, else {@code
 * k8s.pod.name}) as {@code resource.service.name} / {@code resource.instance}, sorted by key.
 * Service, version and instance values have {@code '|'} replaced by {@code '_'} ({@link KeyParts}).
 *
 * <p>Never throws on bad input: an undecodable record is one {@code UNDECODABLE} dead letter; a
 * point with an absurd time, an oversized Istio label or a histogram whose bucket counts do not
 * match its bounds is one dead letter (payload = the point's protobuf bytes for {@code otlp_proto},
 * the record for {@code otlp_json}). Not thread-safe: one per subtask.
 */
public final class OtlpMetricDecoder {

    private final DecoderLimits limits;
    private final ObjectMapper mapper = new ObjectMapper();
    private final TreeMap<String, String> attrs = new TreeMap<>();
    private final StringBuilder sb = new StringBuilder(256);
    private long records;
    private long points;
    private long dead;
    private long deadItems;
    private long ignored;

    public OtlpMetricDecoder(DecoderLimits limits) {
        this.limits = limits;
    }

    public OtlpMetricDecoder() {
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
            dead(out, bad);
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
            dead(out, unusable);
            return;
        }
        MetricsData md;
        try {
            if (encoding == Encoding.OTLP_PROTO) {
                md = MetricsData.parseFrom(value);
            } else {
                JsonNode root = mapper.readTree(value);
                if (root == null || !root.isObject()) {
                    throw new IllegalArgumentException(
                            "OTLP/JSON MetricsData must be a JSON object, got "
                                    + (root == null ? "nothing" : root.getNodeType()));
                }
                md = JsonMetricsReader.toProto(root);
            }
        } catch (Exception | StackOverflowError e) {
            dead(
                    out,
                    DeadLetters.ofRecord(
                            DeadLetterReason.UNDECODABLE,
                            "not an OTLP MetricsData ("
                                    + enc
                                    + "): "
                                    + e.getClass().getSimpleName()
                                    + ": "
                                    + e.getMessage(),
                            o,
                            enc,
                            1,
                            value));
            return;
        }
        boolean proto = encoding == Encoding.OTLP_PROTO;
        for (ResourceMetrics rm : md.getResourceMetricsList()) {
            Res res = resource(rm.getResource().getAttributesList());
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    metric(m, res, o, enc, proto ? null : value, out);
                }
            }
        }
    }

    private record Res(String service, String version, String instance) {}

    private Res resource(List<KeyValue> kvs) {
        String service = null;
        String version = null;
        String instanceId = null;
        String pod = null;
        for (KeyValue kv : kvs) {
            String k = kv.getKey();
            if (k.equals("service.name")) {
                service = str(kv.getValue());
            } else if (k.equals(limits.versionAttribute())) {
                version = str(kv.getValue());
            } else if (k.equals("service.instance.id")) {
                instanceId = str(kv.getValue());
            } else if (k.equals("k8s.pod.name")) {
                pod = str(kv.getValue());
            }
        }
        return new Res(service, version, instanceId != null ? instanceId : pod);
    }

    private void metric(
            Metric m,
            Res res,
            RecordOrigin o,
            String enc,
            byte[] jsonRecord,
            TelemetryCollector out) {
        MeshMetricKind kind = MetricNames.kindOf(m.getName());
        boolean ok =
                switch (kind == null ? MeshMetricKind.values().length : kind.ordinal()) {
                    case 0 -> m.hasSum();
                    case 1 -> m.hasHistogram();
                    case 2, 3 -> m.hasGauge();
                    default -> false;
                };
        if (!ok) {
            ignored += pointCount(m);
            return;
        }
        if (m.hasHistogram()) {
            boolean cumulative =
                    m.getHistogram().getAggregationTemporality()
                            == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
            for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                emit(
                        kind,
                        m.getName(),
                        p.getAttributesList(),
                        p.getStartTimeUnixNano(),
                        p.getTimeUnixNano(),
                        cumulative,
                        0.0,
                        p,
                        res,
                        o,
                        enc,
                        jsonRecord,
                        out);
            }
            return;
        }
        boolean cumulative =
                m.hasSum()
                        && m.getSum().getAggregationTemporality()
                                == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        List<NumberDataPoint> pts =
                m.hasSum() ? m.getSum().getDataPointsList() : m.getGauge().getDataPointsList();
        for (NumberDataPoint p : pts) {
            double v =
                    p.getValueCase() == NumberDataPoint.ValueCase.AS_INT
                            ? p.getAsInt()
                            : p.getAsDouble();
            emit(
                    kind,
                    m.getName(),
                    p.getAttributesList(),
                    p.getStartTimeUnixNano(),
                    p.getTimeUnixNano(),
                    cumulative,
                    v,
                    p,
                    res,
                    o,
                    enc,
                    jsonRecord,
                    out);
        }
    }

    private void emit(
            MeshMetricKind kind,
            String name,
            List<KeyValue> kvs,
            long start,
            long time,
            boolean cumulative,
            double value,
            com.google.protobuf.MessageLite point,
            Res res,
            RecordOrigin o,
            String enc,
            byte[] jsonRecord,
            TelemetryCollector out) {
        attrs.clear();
        for (KeyValue kv : kvs) {
            attrs.put(kv.getKey(), str(kv.getValue()));
        }
        String problem = null;
        DeadLetterReason reason = null;
        for (String label : IstioLabels.READ) {
            String v = attrs.get(label);
            if (v != null
                    && OtlpJson.utf8Length(v, limits.maxAttributeValueBytes())
                            > limits.maxAttributeValueBytes()) {
                reason = DeadLetterReason.OVERSIZED_ATTRIBUTE;
                problem =
                        "attribute "
                                + label
                                + " value of "
                                + v.length()
                                + " chars exceeds maxAttributeValueBytes="
                                + limits.maxAttributeValueBytes();
                break;
            }
        }
        if (problem == null) {
            problem = limits.checkTimes("point", start != 0 ? start : time, time, o.timestampMs());
            reason = problem == null ? null : DeadLetterReason.ABSURD_TIMESTAMP;
        }
        double[] bounds = new double[0];
        long[] counts = new long[0];
        long count = 0;
        double sum = 0;
        if (problem == null && point instanceof HistogramDataPoint h) {
            count = h.getCount();
            sum = h.hasSum() ? h.getSum() : 0;
            bounds = h.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray();
            counts = h.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
            if (counts.length == 0 && bounds.length == 0) {
                counts = new long[] {count};
            } else if (counts.length != bounds.length + 1) {
                reason = DeadLetterReason.UNDECODABLE;
                problem =
                        name
                                + " bucket_counts has "
                                + counts.length
                                + " entries for "
                                + bounds.length
                                + " explicit_bounds (expected bounds + 1)";
            }
        }
        if (problem != null) {
            byte[] payload = jsonRecord != null ? jsonRecord : point.toByteArray();
            dead(
                    out,
                    DeadLetters.ofRecord(
                            reason,
                            problem + " (series " + DeadLetters.quote(seriesId(name, res)) + ")",
                            o,
                            enc,
                            1,
                            payload));
            return;
        }
        String destination =
                first(
                        "destination_service_name",
                        "destination_workload",
                        "destination_canonical_service");
        String destinationVersion =
                first("destination_version", "destination_canonical_revision", null);
        if (kind == MeshMetricKind.CPU_UTILIZATION || kind == MeshMetricKind.MEMORY_UTILIZATION) {
            destination = destination != null ? destination : res.service();
            destinationVersion = destinationVersion != null ? destinationVersion : res.version();
        }
        points++;
        out.metric(
                new MeshMetricPoint(
                        kind,
                        seriesId(name, res),
                        attrs.get("reporter"),
                        KeyParts.sanitize(
                                first("source_workload", "source_canonical_service", null)),
                        KeyParts.sanitize(
                                first("source_version", "source_canonical_revision", null)),
                        KeyParts.sanitize(destination),
                        KeyParts.sanitize(destinationVersion),
                        KeyParts.sanitize(res.instance()),
                        attrs.get("response_code"),
                        attrs.get("grpc_response_status"),
                        attrs.get("connection_security_policy"),
                        start,
                        time,
                        cumulative,
                        value,
                        count,
                        sum,
                        bounds,
                        counts));
    }

    private String first(String a, String b, String c) {
        String v = attrs.get(a);
        if (v == null || v.isEmpty() || v.equals("unknown")) {
            String w = b == null ? null : attrs.get(b);
            if (w != null && !w.isEmpty() && !w.equals("unknown")) {
                return w;
            }
            String x = c == null ? null : attrs.get(c);
            if (x != null && !x.isEmpty() && !x.equals("unknown")) {
                return x;
            }
        }
        return v == null || v.isEmpty() ? null : v;
    }

    private String seriesId(String name, Res res) {
        if (res.service() != null) {
            attrs.put("resource.service.name", res.service());
        }
        if (res.instance() != null) {
            attrs.put("resource.instance", res.instance());
        }
        sb.setLength(0);
        sb.append(name).append('{');
        boolean firstEntry = true;
        for (Map.Entry<String, String> e : attrs.entrySet()) {
            if (!firstEntry) {
                sb.append(',');
            }
            firstEntry = false;
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.append('}').toString();
    }

    private static String str(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> Long.toString(v.getIntValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            default -> "";
        };
    }

    private static int pointCount(Metric m) {
        return switch (m.getDataCase()) {
            case SUM -> m.getSum().getDataPointsCount();
            case GAUGE -> m.getGauge().getDataPointsCount();
            case HISTOGRAM -> m.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> m.getSummary().getDataPointsCount();
            default -> 0;
        };
    }

    private void dead(TelemetryCollector out, DeadLetter d) {
        dead++;
        deadItems += d.items();
        out.deadLetter(d);
    }

    /** Totals since construction ({@code spans} is 0). */
    public DecodeStats stats() {
        return new DecodeStats(records, 0, points, dead, deadItems, ignored);
    }

    /** The Istio labels the decoder reads (and checks against the attribute size limit). */
    private static final class IstioLabels {
        static final String[] READ = {
            "reporter",
            "source_workload",
            "source_canonical_service",
            "source_version",
            "source_canonical_revision",
            "destination_service_name",
            "destination_workload",
            "destination_canonical_service",
            "destination_version",
            "destination_canonical_revision",
            "response_code",
            "grpc_response_status",
            "connection_security_policy"
        };
    }
}
