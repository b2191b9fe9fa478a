package io.meshloop.jobs.io;

import io.meshloop.schemas.otlp.DecoderLimits;
import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.schemas.otlp.EncodingResolution;
import io.meshloop.schemas.otlp.OtlpMetricDecoder;
import io.meshloop.schemas.otlp.OtlpTraceDecoder;
import io.meshloop.schemas.otlp.RecordOrigin;
import io.meshloop.schemas.otlp.TelemetryCollector;
import io.meshloop.schemas.telemetry.DecodedTelemetry;
import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
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
        return new ImmutableTypeInfo<>(TypeInformation.of(DecodedTelemetry.class));
    }

    /** A type whose values are never modified: copying between chained operators is a no-op. */
    static final class ImmutableTypeInfo<T> extends TypeInformation<T> {
        private static final long serialVersionUID = 1L;

        private final TypeInformation<T> delegate;

        ImmutableTypeInfo(TypeInformation<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean isBasicType() {
            return delegate.isBasicType();
        }

        @Override
        public boolean isTupleType() {
            return delegate.isTupleType();
        }

        @Override
        public int getArity() {
            return delegate.getArity();
        }

        @Override
        public int getTotalFields() {
            return delegate.getTotalFields();
        }

        @Override
        public Class<T> getTypeClass() {
            return delegate.getTypeClass();
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<T> createSerializer(SerializerConfig config) {
            return new NoCopySerializer<>(delegate.createSerializer(config));
        }

        @Override
        public String toString() {
            return "Immutable<" + delegate + ">";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ImmutableTypeInfo<?> other
                    && other.canEqual(this)
                    && delegate.equals(other.delegate);
        }

        @Override
        public int hashCode() {
            return 31 * ImmutableTypeInfo.class.hashCode() + delegate.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof ImmutableTypeInfo;
        }
    }

    /**
     * Delegates everything but {@code copy}, which returns the value itself. Its snapshot is the
     * delegate's (a restore yields the plain delegate serializer, which reads the same bytes); the
     * type is a source's output and is not kept in state.
     */
    static final class NoCopySerializer<T> extends TypeSerializer<T> {
        private static final long serialVersionUID = 1L;

        private final TypeSerializer<T> delegate;

        NoCopySerializer(TypeSerializer<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TypeSerializer<T> duplicate() {
            TypeSerializer<T> d = delegate.duplicate();
            return d == delegate ? this : new NoCopySerializer<>(d);
        }

        @Override
        public T createInstance() {
            return delegate.createInstance();
        }

        @Override
        public T copy(T from) {
            return from;
        }

        @Override
        public T copy(T from, T reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return delegate.getLength();
        }

        @Override
        public void serialize(T record, DataOutputView target) throws IOException {
            delegate.serialize(record, target);
        }

        @Override
        public T deserialize(DataInputView source) throws IOException {
            return delegate.deserialize(source);
        }

        @Override
        public T deserialize(T reuse, DataInputView source) throws IOException {
            return delegate.deserialize(reuse, source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            delegate.copy(source, target);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NoCopySerializer<?> other && delegate.equals(other.delegate);
        }

        @Override
        public int hashCode() {
            return 31 * NoCopySerializer.class.hashCode() + delegate.hashCode();
        }

        @Override
        public TypeSerializerSnapshot<T> snapshotConfiguration() {
            return delegate.snapshotConfiguration();
        }
    }
}
