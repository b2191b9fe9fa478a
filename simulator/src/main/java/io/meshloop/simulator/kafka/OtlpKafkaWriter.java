package io.meshloop.simulator.kafka;

import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.simulator.otlp.OtlpTraceEncoder;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes spans to Kafka as the OpenTelemetry Collector's Kafka exporter does: each record value is
 * one batch ({@code TracesData} or its OTLP/JSON form), up to {@code batchSize} spans, unkeyed. Not
 * thread-safe.
 */
public final class OtlpKafkaWriter implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Encoding encoding;
    private final int batchSize;
    private final List<SpanData> pending = new ArrayList<>();
    private long spansSent;
    private long recordsSent;

    public OtlpKafkaWriter(
            String bootstrapServers, String topic, Encoding encoding, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.encoding = encoding;
        this.batchSize = batchSize;
    }

    public void write(List<SpanData> spans) {
        for (SpanData s : spans) {
            pending.add(s);
            if (pending.size() >= batchSize) {
                sendPending();
            }
        }
    }

    /** Sends the partial batch, as the Collector does when its batch timeout fires. */
    public void flush() {
        if (!pending.isEmpty()) {
            sendPending();
        }
        producer.flush();
    }

    private void sendPending() {
        byte[] value = OtlpTraceEncoder.encode(pending, encoding);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, value);
        record.headers().add("encoding", encoding.configName().getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        spansSent += pending.size();
        recordsSent++;
        pending.clear();
    }

    public long spansSent() {
        return spansSent;
    }

    public long recordsSent() {
        return recordsSent;
    }

    @Override
    public void close() {
        flush();
        producer.close();
    }
}
