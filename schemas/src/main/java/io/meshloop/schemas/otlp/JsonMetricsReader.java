package io.meshloop.schemas.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricsData;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;

/**
 * Converts an OTLP/JSON {@code MetricsData} tree into the protobuf message, keeping only what the
 * metric decoder reads: metrics of unknown names keep their name and an empty-bodied data point per
 * JSON point (so that they can be counted). Follows the OTLP/JSON rules (see {@link OtlpJson}).
 */
final class JsonMetricsReader {

    private JsonMetricsReader() {}

    /**
     * @throws NumberFormatException naming the field when a number is unreadable
     */
    static MetricsData toProto(JsonNode root) {
        MetricsData.Builder md = MetricsData.newBuilder();
        for (JsonNode rm : OtlpJson.array(root, "resourceMetrics", "resource_metrics")) {
            ResourceMetrics.Builder rmb = md.addResourceMetricsBuilder();
            Resource.Builder res = rmb.getResourceBuilder();
            for (JsonNode kv :
                    OtlpJson.array(OtlpJson.field(rm, "resource", null), "attributes", null)) {
                res.addAttributes(keyValue(kv));
            }
            for (JsonNode sm : OtlpJson.array(rm, "scopeMetrics", "scope_metrics")) {
                ScopeMetrics.Builder smb = rmb.addScopeMetricsBuilder();
                for (JsonNode m : OtlpJson.array(sm, "metrics", null)) {
                    smb.addMetrics(metric(m));
                }
            }
        }
        return md.build();
    }

    private static Metric metric(JsonNode m) {
        String name = OtlpJson.text(OtlpJson.field(m, "name", null));
        Metric.Builder mb = Metric.newBuilder();
        if (name != null) {
            mb.setName(name);
        }
        boolean known = MetricNames.kindOf(name) != null;
        JsonNode sum = OtlpJson.field(m, "sum", null);
        JsonNode gauge = OtlpJson.field(m, "gauge", null);
        JsonNode hist = OtlpJson.field(m, "histogram", null);
        if (sum != null) {
            Sum.Builder sb = mb.getSumBuilder();
            sb.setAggregationTemporalityValue(temporality(sum));
            JsonNode mono = OtlpJson.field(sum, "isMonotonic", "is_monotonic");
            sb.setIsMonotonic(mono != null && mono.asBoolean());
            for (JsonNode p : OtlpJson.array(sum, "dataPoints", "data_points")) {
                sb.addDataPoints(known ? numberPoint(p) : NumberDataPoint.getDefaultInstance());
            }
        } else if (gauge != null) {
            Gauge.Builder gb = mb.getGaugeBuilder();
            for (JsonNode p : OtlpJson.array(gauge, "dataPoints", "data_points")) {
                gb.addDataPoints(known ? numberPoint(p) : NumberDataPoint.getDefaultInstance());
            }
        } else if (hist != null) {
            Histogram.Builder hb = mb.getHistogramBuilder();
            hb.setAggregationTemporalityValue(temporality(hist));
            for (JsonNode p : OtlpJson.array(hist, "dataPoints", "data_points")) {
                hb.addDataPoints(
                        known ? histogramPoint(p) : HistogramDataPoint.getDefaultInstance());
            }
        } else {
            // Other data types (exponential histogram, summary): only counted as ignored.
            for (String type : new String[] {"exponentialHistogram", "summary"}) {
                JsonNode d = OtlpJson.field(m, type, null);
                for (JsonNode ignored : OtlpJson.array(d, "dataPoints", "data_points")) {
                    mb.getGaugeBuilder().addDataPoints(NumberDataPoint.getDefaultInstance());
                }
            }
        }
        return mb.build();
    }

    private static int temporality(JsonNode data) {
        return OtlpJson.enumNumber(
                OtlpJson.field(data, "aggregationTemporality", "aggregation_temporality"),
                n -> {
                    String full =
                            n.startsWith("AGGREGATION_TEMPORALITY_")
                                    ? n
                                    : "AGGREGATION_TEMPORALITY_" + n;
                    for (AggregationTemporality t : AggregationTemporality.values()) {
                        if (t != AggregationTemporality.UNRECOGNIZED && t.name().equals(full)) {
                            return t.getNumber();
                        }
                    }
                    return -1;
                });
    }

    private static NumberDataPoint numberPoint(JsonNode p) {
        NumberDataPoint.Builder b = NumberDataPoint.newBuilder();
        for (JsonNode kv : OtlpJson.array(p, "attributes", null)) {
            b.addAttributes(keyValue(kv));
        }
        b.setStartTimeUnixNano(
                OtlpJson.unixNanos(
                        OtlpJson.field(p, "startTimeUnixNano", "start_time_unix_nano"),
                        "startTimeUnixNano"));
        b.setTimeUnixNano(
                OtlpJson.unixNanos(
                        OtlpJson.field(p, "timeUnixNano", "time_unix_nano"), "timeUnixNano"));
        JsonNode d = OtlpJson.field(p, "asDouble", "as_double");
        JsonNode i = OtlpJson.field(p, "asInt", "as_int");
        if (d != null) {
            b.setAsDouble(OtlpJson.dbl(d, Double.NaN));
        } else if (i != null) {
            b.setAsInt(OtlpJson.int64(i, "asInt", 0));
        }
        return b.build();
    }

    private static HistogramDataPoint histogramPoint(JsonNode p) {
        HistogramDataPoint.Builder b = HistogramDataPoint.newBuilder();
        for (JsonNode kv : OtlpJson.array(p, "attributes", null)) {
            b.addAttributes(keyValue(kv));
        }
        b.setStartTimeUnixNano(
                OtlpJson.unixNanos(
                        OtlpJson.field(p, "startTimeUnixNano", "start_time_unix_nano"),
                        "startTimeUnixNano"));
        b.setTimeUnixNano(
                OtlpJson.unixNanos(
                        OtlpJson.field(p, "timeUnixNano", "time_unix_nano"), "timeUnixNano"));
        b.setCount(OtlpJson.int64(OtlpJson.field(p, "count", null), "count", 0));
        JsonNode sum = OtlpJson.field(p, "sum", null);
        if (sum != null) {
            b.setSum(OtlpJson.dbl(sum, Double.NaN));
        }
        for (JsonNode c : OtlpJson.array(p, "bucketCounts", "bucket_counts")) {
            b.addBucketCounts(OtlpJson.int64(c, "bucketCounts", 0));
        }
        for (JsonNode e : OtlpJson.array(p, "explicitBounds", "explicit_bounds")) {
            b.addExplicitBounds(OtlpJson.dbl(e, Double.NaN));
        }
        return b.build();
    }

    private static KeyValue keyValue(JsonNode kv) {
        KeyValue.Builder b = KeyValue.newBuilder();
        String key = OtlpJson.text(OtlpJson.field(kv, "key", null));
        if (key != null) {
            b.setKey(key);
        }
        JsonNode v = OtlpJson.field(kv, "value", null);
        AnyValue.Builder av = b.getValueBuilder();
        JsonNode n;
        if ((n = OtlpJson.field(v, "stringValue", "string_value")) != null) {
            av.setStringValue(n.asText());
        } else if ((n = OtlpJson.field(v, "intValue", "int_value")) != null) {
            av.setIntValue(OtlpJson.int64(n, "intValue", 0));
        } else if ((n = OtlpJson.field(v, "boolValue", "bool_value")) != null) {
            av.setBoolValue(n.asBoolean());
        } else if ((n = OtlpJson.field(v, "doubleValue", "double_value")) != null) {
            av.setDoubleValue(OtlpJson.dbl(n, Double.NaN));
        }
        return b.build();
    }
}
