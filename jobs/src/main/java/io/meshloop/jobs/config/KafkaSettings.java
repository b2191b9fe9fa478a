package io.meshloop.jobs.config;

import io.meshloop.schemas.otlp.Encoding;
import java.util.Map;
import java.util.Objects;

/**
 * Where the pipeline reads telemetry and writes its results, and how it talks to Kafka.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param spansTopic topic the Collector's Kafka exporter writes spans to
 * @param metricsTopic topic the Collector's Kafka exporter writes metrics to, or null for none
 * @param spansEncoding encoding of span records when no record header names one
 * @param metricsEncoding encoding of metric records when no record header names one
 * @param signalsTopic topic for golden signals
 * @param deadLetterTopic topic for telemetry that could not be used
 * @param consumerGroup consumer group id: stable across restarts (never derived from the clock)
 * @param startFrom where a new consumer group starts reading
 * @param clientProperties extra properties for every Kafka client (security, tuning), passed as-is
 */
public record KafkaSettings(
        String bootstrapServers,
        String spansTopic,
        String metricsTopic,
        Encoding spansEncoding,
        Encoding metricsEncoding,
        String signalsTopic,
        String deadLetterTopic,
        String consumerGroup,
        StartFrom startFrom,
        Map<String, String> clientProperties) {

    /** Where a consumer group without committed offsets starts. */
    public enum StartFrom {
        EARLIEST,
        LATEST
    }

    public KafkaSettings {
        requireText("kafka.bootstrapServers", bootstrapServers);
        requireText("kafka.spansTopic", spansTopic);
        requireText("kafka.signalsTopic", signalsTopic);
        requireText("kafka.deadLetterTopic", deadLetterTopic);
        requireText("kafka.consumerGroup", consumerGroup);
        Objects.requireNonNull(spansEncoding, "kafka.spansEncoding");
        Objects.requireNonNull(metricsEncoding, "kafka.metricsEncoding");
        Objects.requireNonNull(startFrom, "kafka.startFrom");
        if (metricsTopic != null && metricsTopic.isBlank()) {
            metricsTopic = null;
        }
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
    }

    /** The Collector exporter's default topics and encoding, meshloop's default output topics. */
    public static KafkaSettings ofDefaults(String bootstrapServers) {
        return new KafkaSettings(
                bootstrapServers,
                "otlp_spans",
                "otlp_metrics",
                Encoding.OTLP_PROTO,
                Encoding.OTLP_PROTO,
                "meshloop.signals",
                "meshloop.deadletter",
                "meshloop-signals",
                StartFrom.EARLIEST,
                Map.of());
    }

    public KafkaSettings withTopics(
            String spans, String metrics, String signals, String deadLetter) {
        return new KafkaSettings(
                bootstrapServers,
                spans,
                metrics,
                spansEncoding,
                metricsEncoding,
                signals,
                deadLetter,
                consumerGroup,
                startFrom,
                clientProperties);
    }

    static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be set, was '" + value + "'");
        }
    }
}
