package io.meshloop.jobs.io;

import java.io.Serializable;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a record to a topic as JSON, keyed so that one series (or one target) always lands on the
 * same partition, in order. Key and value encoders are small serializable functions, so the same
 * serializer serves signals, dead letters and decisions; the JSON writer is created per subtask in
 * {@link #open}.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    /** Encodes one part (key or value) of a record. */
    @FunctionalInterface
    public interface Encoder<T> extends Serializable {
        byte[] encode(JsonCodecs json, T value);
    }

    private final String topic;
    private final Encoder<T> key;
    private final Encoder<T> value;
    private transient JsonCodecs json;

    public JsonRecordSerializer(String topic, Encoder<T> key, Encoder<T> value) {
        this.topic = topic;
        this.key = key;
        this.value = value;
    }

    @Override
    public void open(
            SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        json = JsonCodecs.create();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        if (json == null) {
            json = JsonCodecs.create();
        }
        return new ProducerRecord<>(
                topic, null, timestamp, key.encode(json, element), value.encode(json, element));
    }
}
