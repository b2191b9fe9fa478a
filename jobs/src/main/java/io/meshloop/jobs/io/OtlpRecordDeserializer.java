package io.meshloop.jobs.io;

import io.meshloop.operators.ingest.ImmutableTypeInfo;
import io.meshloop.schemas.otlp.DecoderLimits;
import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.schemas.otlp.EncodingResolution;
import io.meshloop.schemas.otlp.OtlpMetricDecoder;
import io.meshloop.schemas.otlp.OtlpTraceDecoder;
import io.meshloop.schemas.otlp.RecordOrigin;
import io.meshloop.schemas.otlp.TelemetryCollector;
import io.meshloop.schemas.telemetry.DecodedTelemetry;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes one Kafka record of the Collector's Kafka exporter (a whole OTLP batch) into many items:
 * spans, metric points, and dead letters for whatever could not be used. Decoding here, inside the
 * source, keeps the source's per-partition watermarks on the spans' own event time.
 *
 * <p>The encoding is the topic's configured one unless the record carries a header that names one
 * ({@code encoding}, {@code otlp-encoding} or {@code content-type}).
 */
public final class OtlpRecordDeserializer
        implements KafkaRecordDeserializationSchema<DecodedTelemetry> {

    private static final long serialVersionUID = 1L;

    /** What the topic carries. */
    public enum Signal {
        TRACES,
        METRICS
    }

    private final Signal signal;
    private final Encoding defaultEncoding;
    private final DecoderLimits limits;
    private transient OtlpTraceDecoder traceDecoder;
    private transient OtlpMetricDecoder metricDecoder;

    public OtlpRecordDeserializer(Signal signal, Encoding defaultEncoding, DecoderLimits limits) {
        this.signal = signal;
        this.defaultEncoding = defaultEncoding;
        this.limits = limits;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        traceDecoder = new OtlpTraceDecoder(limits);
        metricDecoder = new OtlpMetricDecoder(limits);
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<DecodedTelemetry> out) {
        if (traceDecoder == null) {
            open(null);
        }
        RecordOrigin origin =
                new RecordOrigin(
                        record.topic(), record.partition(), record.offset(), record.timestamp());
        TelemetryCollector collector = TelemetryCollector.of(out::collect);
        byte[] value = record.value() == null ? new byte[0] : record.value();
        EncodingResolution encoding =
                Encoding.resolve(
                        defaultEncoding,
                        v -> record.headers().forEach(h -> v.header(h.key(), h.value())));
        if (signal == Signal.TRACES) {
            traceDecoder.decode(value, encoding, origin, collector);
        } else {
            metricDecoder.decode(value, encoding, origin, collector);
        }
    }

    /**
     * {@code DecodedTelemetry} with a serializer whose {@code copy} returns its argument. Without
     * object reuse Flink deep-copies every record between chained operators; the decoded records
     * are immutable (records of strings, enums and numbers, never modified downstream), so that
     * copy bought nothing and cost about a fifth of the source thread (reflective copy of the
     * wrapper and its span, per span). Serialization, should the type ever cross a network edge, is
     * the POJO serializer's.
     */
    @Override
    public TypeInformation<DecodedTelemetry> getProducedType() {
        return ImmutableTypeInfo.of(DecodedTelemetry.class);
    }
}
