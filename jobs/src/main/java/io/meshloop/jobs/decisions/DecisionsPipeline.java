package io.meshloop.jobs.decisions;

import io.meshloop.jobs.config.DecisionSettings;
import io.meshloop.jobs.config.KafkaSettings;
import io.meshloop.jobs.config.SignalsJobConfig;
import io.meshloop.jobs.io.JsonRecordSerializer;
import io.meshloop.jobs.signals.SignalsJob;
import io.meshloop.jobs.signals.SignalsPipeline;
import io.meshloop.operators.decision.engine.DecisionEngine;
import io.meshloop.schemas.decision.Decision;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The whole loop up to the decision topic: telemetry → signals → decision engine → {@code
 * meshloop.decisions}, exactly once.
 */
public final class DecisionsPipeline {

    public static final String DECISIONS_SINK_UID = "sink-decisions";

    /**
     * Kafka brokers cap transactions at 15 min by default; Flink's producer default (1 h) is
     * refused.
     */
    static final String TRANSACTION_TIMEOUT_MS = "600000";

    private DecisionsPipeline() {}

    /** Adds signals and decisions to {@code env}; returns the decisions for further stages. */
    public static DataStream<Decision> attach(
            StreamExecutionEnvironment env,
            SignalsJobConfig cfg,
            DecisionSettings decisions,
            SignalsPipeline.Mode mode) {
        SignalsJob.Outputs signals = SignalsPipeline.attach(env, cfg, mode);
        DataStream<Decision> out = DecisionEngine.apply(signals.signals(), decisions.policies());
        KafkaSettings kafka = cfg.kafka();
        Properties producer = new Properties();
        producer.putAll(kafka.clientProperties());
        producer.putIfAbsent("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        out.sinkTo(
                        KafkaSink.<Decision>builder()
                                .setBootstrapServers(kafka.bootstrapServers())
                                .setKafkaProducerConfig(producer)
                                .setRecordSerializer(
                                        new JsonRecordSerializer<Decision>(
                                                decisions.decisionsTopic(),
                                                (c, d) ->
                                                        d.target()
                                                                .asString()
                                                                .getBytes(StandardCharsets.UTF_8),
                                                (c, d) -> c.decisions().toJson(d)))
                                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                .setTransactionalIdPrefix(decisions.transactionalIdPrefix())
                                .build())
                .setParallelism(1)
                .uid(DECISIONS_SINK_UID)
                .name("decisions → " + decisions.decisionsTopic());
        return out;
    }
}
