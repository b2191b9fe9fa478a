package io.meshloop.benchmarks;

import io.meshloop.schemas.otlp.Encoding;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes {@code records} realistic span batches to a topic once, round-robin over its partitions in
 * event-time order (so every partition's event time advances at the same pace and watermarks stay
 * aligned), unkeyed as the Collector's exporter writes whole batches.
 */
final class Preloader {

    /** What was written. */
    record Loaded(long records, long spans, long bytes, double simulatedSeconds, double seconds) {}

    private Preloader() {}

    static Loaded load(
            String bootstrap, String topic, int partitions, long records, int spansPerBatch)
            throws InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 20));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L << 20));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        SpanBatches batches = new SpanBatches(7, Encoding.OTLP_PROTO, spansPerBatch, 2_000);
        long start = System.nanoTime();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                byte[] value = batches.next();
                bytes += value.length;
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                (int) (i % partitions),
                                batches.eventTimeMillis(),
                                null,
                                value));
            }
            producer.flush();
        }
        return new Loaded(
                records,
                records * spansPerBatch,
                bytes,
                batches.simulatedSeconds(),
                (System.nanoTime() - start) / 1e9);
    }
}
