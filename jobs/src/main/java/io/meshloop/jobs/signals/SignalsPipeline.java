package io.meshloop.jobs.signals;

import io.meshloop.jobs.config.KafkaSettings;
import io.meshloop.jobs.config.SignalsJobConfig;
import io.meshloop.jobs.io.JsonRecordSerializer;
import io.meshloop.jobs.io.OtlpRecordDeserializer;
import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.telemetry.DecodedTelemetry;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Plugs Kafka sources and sinks into {@link SignalsJob}. */
public final class SignalsPipeline {

    public static final String SPANS_SOURCE_UID = "source-otlp-spans";
    public static final String METRICS_SOURCE_UID = "source-otlp-metrics";
    public static final String SIGNALS_SINK_UID = "sink-signals";
    public static final String DEAD_LETTER_SINK_UID = "sink-dead-letters";

    private SignalsPipeline() {}

    /** How long the sources read. */
    public enum Mode {
        /** Forever: the production job. */
        CONTINUOUS,
        /**
         * Up to the end offsets found at start, then the job finishes; every window fires (the
         * sources end with the maximum watermark). For replays, backtests and tests.
         */
        BOUNDED
    }

    /** Adds the whole Kafka-to-Kafka golden-signals pipeline to {@code env}, reading forever. */
    public static SignalsJob.Outputs attach(StreamExecutionEnvironment env, SignalsJobConfig cfg) {
        return attach(env, cfg, Mode.CONTINUOUS);
    }

    /** Adds the whole Kafka-to-Kafka golden-signals pipeline to {@code env}. */
    public static SignalsJob.Outputs attach(
            StreamExecutionEnvironment env, SignalsJobConfig cfg, Mode mode) {
        DataStream<DecodedTelemetry> telemetry = sources(env, cfg, mode);
        SignalsJob.Outputs out = SignalsJob.build(telemetry, cfg.window(), cfg.istio());
        KafkaSettings kafka = cfg.kafka();
        out.signals()
                .sinkTo(
                        sink(
                                kafka,
                                new JsonRecordSerializer<Signal>(
                                        kafka.signalsTopic(),
                                        (json, s) ->
                                                s.key().asString().getBytes(StandardCharsets.UTF_8),
                                        (c, s) -> c.telemetry().signalToJson(s))))
                .uid(SIGNALS_SINK_UID)
                .name("signals → " + kafka.signalsTopic());
        out.deadLetters()
                .sinkTo(
                        sink(
                                kafka,
                                new JsonRecordSerializer<DeadLetter>(
                                        kafka.deadLetterTopic(),
                                        (json, d) ->
                                                d.reason().name().getBytes(StandardCharsets.UTF_8),
                                        (c, d) -> c.telemetry().deadLetterToJson(d))))
                .uid(DEAD_LETTER_SINK_UID)
                .name("dead letters → " + kafka.deadLetterTopic());
        return out;
    }

    /** The span source, unioned with the metrics source when a metrics topic is configured. */
    public static DataStream<DecodedTelemetry> sources(
            StreamExecutionEnvironment env, SignalsJobConfig cfg, Mode mode) {
        KafkaSettings kafka = cfg.kafka();
        WatermarkStrategy<DecodedTelemetry> watermarks =
                WatermarkStrategy.<DecodedTelemetry>forBoundedOutOfOrderness(
                                cfg.watermarks().maxOutOfOrderness())
                        .withTimestampAssigner((t, recordTs) -> t.eventTimeMillis())
                        .withIdleness(cfg.watermarks().idleTimeout());
        DataStream<DecodedTelemetry> spans =
                env.fromSource(
                                source(
                                        kafka,
                                        kafka.spansTopic(),
                                        OtlpRecordDeserializer.Signal.TRACES,
                                        kafka.spansEncoding(),
                                        cfg,
                                        mode),
                                watermarks,
                                "otlp spans ← " + kafka.spansTopic())
                        .uid(SPANS_SOURCE_UID);
        if (kafka.metricsTopic() == null) {
            return spans;
        }
        DataStream<DecodedTelemetry> metrics =
                env.fromSource(
                                source(
                                        kafka,
                                        kafka.metricsTopic(),
                                        OtlpRecordDeserializer.Signal.METRICS,
                                        kafka.metricsEncoding(),
                                        cfg,
                                        mode),
                                watermarks,
                                "otlp metrics ← " + kafka.metricsTopic())
                        .uid(METRICS_SOURCE_UID);
        return spans.union(metrics);
    }

    private static KafkaSource<DecodedTelemetry> source(
            KafkaSettings kafka,
            String topic,
            OtlpRecordDeserializer.Signal signal,
            io.meshloop.schemas.otlp.Encoding encoding,
            SignalsJobConfig cfg,
            Mode mode) {
        OffsetsInitializer start =
                OffsetsInitializer.committedOffsets(
                        kafka.startFrom() == KafkaSettings.StartFrom.EARLIEST
                                ? OffsetResetStrategy.EARLIEST
                                : OffsetResetStrategy.LATEST);
        var builder =
                KafkaSource.<DecodedTelemetry>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setTopics(topic)
                        .setGroupId(kafka.consumerGroup())
                        .setStartingOffsets(start)
                        .setProperties(clientProperties(kafka))
                        .setDeserializer(
                                new OtlpRecordDeserializer(signal, encoding, cfg.decoder()));
        if (mode == Mode.BOUNDED) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    static <T> KafkaSink<T> sink(
            KafkaSettings kafka,
            org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<T> schema) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(clientProperties(kafka))
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    static Properties clientProperties(KafkaSettings kafka) {
        Properties p = new Properties();
        p.putAll(kafka.clientProperties());
        return p;
    }
}
