package io.meshloop.benchmarks;

import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.otlp.DecoderLimits;
import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.schemas.otlp.OtlpTraceDecoder;
import io.meshloop.schemas.otlp.RecordOrigin;
import io.meshloop.schemas.otlp.TelemetryCollector;
import io.meshloop.schemas.telemetry.MeshMetricPoint;
import io.meshloop.schemas.telemetry.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling: one plain {@link KafkaConsumer} thread that reads every record of the topic and
 * decodes it with the streaming decoder, counting spans. Nothing a pipeline does can be faster on
 * the same broker and cores, short of decoding less.
 */
final class CeilingBenchmark {

    /** Consumer settings shared with the pipeline's Kafka source (same fetch sizes). */
    static Map<String, String> fetchTuning() {
        return Map.of(
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
                ConsumerConfig.RECEIVE_BUFFER_CONFIG, String.valueOf(4 << 20));
    }

    /** Spans decoded and seconds taken. */
    record Result(long records, long spans, long deadLetters, double seconds) {}

    private CeilingBenchmark() {}

    static Result run(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putAll(fetchTuning());
        Counter counter = new Counter();
        OtlpTraceDecoder decoder = new OtlpTraceDecoder(DecoderLimits.ofDefaults());
        long records = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                parts.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long remaining = end.values().stream().mapToLong(Long::longValue).sum();
            while (remaining > 0) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    decoder.decode(
                            r.value(),
                            Encoding.OTLP_PROTO,
                            new RecordOrigin(r.topic(), r.partition(), r.offset(), r.timestamp()),
                            counter);
                    records++;
                    remaining--;
                }
            }
        }
        return new Result(
                records, counter.spans, counter.deadLetters, (System.nanoTime() - start) / 1e9);
    }

    private static final class Counter implements TelemetryCollector {
        long spans;
        long deadLetters;
        long sink;

        @Override
        public void span(Span span) {
            spans++;
            sink += span.endUnixNanos();
        }

        @Override
        public void metric(MeshMetricPoint point) {}

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLetters++;
        }
    }
}
