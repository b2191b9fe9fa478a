package io.meshloop.jobs.actuation;

import io.meshloop.jobs.config.KafkaSettings;
import io.meshloop.jobs.io.JsonRecordSerializer;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.decision.Decision;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The last stage of the loop: decisions → mesh → {@code meshloop.actuations}.
 *
 * <p>Decisions are keyed by service ({@link ActuationFunction#keyOf}) so that one service's
 * decisions are applied one at a time and in order, and a decision held back by an unavailable mesh
 * keeps later ones for the same service behind it (see {@link ActuationFunction}). Parallelism is 1
 * by default: decisions are few, and a GitOps directory must be written by one JVM.
 *
 * <p>Results go to Kafka <b>at least once</b>, keyed by decision id: after a restore, decisions
 * since the last checkpoint are applied again (a {@code NOOP}, desired state being absolute) and
 * their results written again. A result is an idempotent record (a reader keeps the latest per
 * decision id; the first one of a replay says {@code APPLIED}, the repeat {@code NOOP}), so
 * exactly-once transactions would add latency and buy nothing.
 */
public final class ActuationStage {

    public static final String UID = "actuate-decisions";
    public static final String SINK_UID = "sink-actuations";
    public static final String DEFAULT_TOPIC = "meshloop.actuations";

    private ActuationStage() {}

    /**
     * {@link #attach(DataStream, MeshConnector, String, KafkaSettings, String, ActuationSettings)}
     * with defaults.
     */
    public static DataStream<ActuationResult> attach(
            DataStream<Decision> decisions,
            MeshTarget target,
            KafkaSettings kafka,
            String actuationsTopic) {
        return attach(
                decisions,
                target,
                target.describe(),
                kafka,
                actuationsTopic,
                ActuationSettings.ofDefaults());
    }

    /**
     * Applies {@code decisions} through clients opened by {@code connector} and writes the results
     * to {@code actuationsTopic}.
     *
     * @param meshName how the operator is named: {@code actuate → <meshName>}
     * @return the results, for further stages (e.g. tests)
     */
    public static DataStream<ActuationResult> attach(
            DataStream<Decision> decisions,
            MeshConnector connector,
            String meshName,
            KafkaSettings kafka,
            String actuationsTopic,
            ActuationSettings settings) {
        if (actuationsTopic == null || actuationsTopic.isBlank()) {
            throw new IllegalArgumentException(
                    "actuations topic must be set, was '" + actuationsTopic + "'");
        }
        DataStream<ActuationResult> results = apply(decisions, connector, meshName, settings);
        Properties producer = new Properties();
        producer.putAll(kafka.clientProperties());
        results.sinkTo(
                        KafkaSink.<ActuationResult>builder()
                                .setBootstrapServers(kafka.bootstrapServers())
                                .setKafkaProducerConfig(producer)
                                .setRecordSerializer(
                                        new JsonRecordSerializer<ActuationResult>(
                                                actuationsTopic,
                                                (c, r) ->
                                                        r.decisionId()
                                                                .getBytes(StandardCharsets.UTF_8),
                                                (c, r) -> c.actuations().toJson(r)))
                                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                .build())
                .setParallelism(settings.parallelism())
                .uid(SINK_UID)
                .name("actuations → " + actuationsTopic);
        return results;
    }

    /** The actuation operator alone, without the Kafka sink. */
    public static DataStream<ActuationResult> apply(
            DataStream<Decision> decisions,
            MeshConnector connector,
            String meshName,
            ActuationSettings settings) {
        return decisions
                .keyBy(ActuationFunction::keyOf, Types.STRING)
                .process(new ActuationFunction(connector, settings))
                .returns(TypeInformation.of(ActuationResult.class))
                .setParallelism(settings.parallelism())
                .uid(UID)
                .name("actuate → " + meshName);
    }
}
