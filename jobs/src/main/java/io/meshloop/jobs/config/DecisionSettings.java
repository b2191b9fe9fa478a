package io.meshloop.jobs.config;

import io.meshloop.operators.decision.engine.PolicySource;
import java.util.Objects;

/**
 * The decision stage of the job.
 *
 * @param policies the policy file (validated when loaded)
 * @param decisionsTopic topic decisions are written to, exactly once (Kafka transactions committed
 *     with Flink checkpoints: a read_committed consumer sees a decision once the checkpoint after
 *     it completes, so the checkpoint interval bounds the added latency)
 * @param transactionalIdPrefix prefix of the Kafka transactional ids of the decisions sink; must be
 *     unique per job on a Kafka cluster and stable across restarts
 */
public record DecisionSettings(
        PolicySource policies, String decisionsTopic, String transactionalIdPrefix) {

    public DecisionSettings {
        Objects.requireNonNull(policies, "decisions.policies");
        KafkaSettings.requireText("decisions.topic", decisionsTopic);
        KafkaSettings.requireText("decisions.transactionalIdPrefix", transactionalIdPrefix);
    }

    public static DecisionSettings of(PolicySource policies) {
        return new DecisionSettings(policies, "meshloop.decisions", "meshloop-decisions");
    }

    public DecisionSettings withTopic(String topic) {
        return new DecisionSettings(policies, topic, transactionalIdPrefix);
    }
}
