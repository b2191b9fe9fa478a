package io.meshloop.it.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.it.kafka.KafkaBrokerExtension;
import io.meshloop.it.support.MiniClusters;
import io.meshloop.it.support.ShopTraffic;
import io.meshloop.jobs.actuation.ActuationStage;
import io.meshloop.jobs.actuation.MeshTarget;
import io.meshloop.jobs.config.DecisionSettings;
import io.meshloop.jobs.config.KafkaSettings;
import io.meshloop.jobs.config.SignalsJobConfig;
import io.meshloop.jobs.decisions.DecisionsPipeline;
import io.meshloop.jobs.flink.FlinkEnvironments;
import io.meshloop.jobs.signals.SignalsPipeline;
import io.meshloop.operators.decision.engine.PolicySource;
import io.meshloop.schemas.actuation.ActuationJson;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.json.DecisionJson;
import io.meshloop.simulator.traffic.Fault;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on the in-JVM broker and a MiniCluster: shop traffic whose cart canary starts
 * failing becomes a rollback decision, which the actuation stage writes to a GitOps directory (cart
 * back to v1 100 / v2 0) and reports as APPLIED on the actuations topic.
 */
class ActuationIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    private static final long T0 = 1_740_787_200_000L;
    private static final long FAULT_AT = T0 + 12_000;

    private static final String POLICIES =
            """
            apiVersion: meshloop.io/v1
            kind: PolicySet
            settings: {killSwitch: /nonexistent/meshloop/off, maxActionsPerMinute: 10, mode: enforce}
            policies:
              - name: cart-canary
                loop: canary
                target: {service: cart, version: v2}
                when:
                  - compare: {signal: error_rate, baseline: stable-version, test: fisher, confidence: 0.98, minSamples: 50}
                action: {stableVersion: v1, stepWeight: 10, maxWeight: 50, interval: 5m}
                safety: {for: 3, cooldown: 30s}
            """;

    @TempDir Path gitops;

    @Test
    void failingCanaryIsRolledBackInTheGitOpsDirectoryAndReportedApplied() throws Exception {
        String spans = KAFKA.freshTopic("otlp-spans", 2);
        String signals = KAFKA.freshTopic("signals", 1);
        String dead = KAFKA.freshTopic("deadletter", 1);
        String decisionsTopic = KAFKA.freshTopic("decisions", 1);
        String actuationsTopic = KAFKA.freshTopic("actuations", 1);
        // 30 s at 150 requests/s; from t+12s cart v2 fails 60% of its requests
        KAFKA.produce(
                spans,
                ShopTraffic.records(
                        spans,
                        2,
                        T0,
                        30_000,
                        15,
                        List.of(new Fault("cart", "v2", FAULT_AT, T0 + 60_000, 0.6, 1.0)),
                        5,
                        new ArrayList<SpanData>()));

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkEnvironments.baseConfiguration());
        env.setParallelism(2);
        env.enableCheckpointing(500);
        SignalsJobConfig cfg =
                SignalsJobConfig.ofDefaults(KAFKA.bootstrapServers())
                        .withKafka(
                                KafkaSettings.ofDefaults(KAFKA.bootstrapServers())
                                        .withTopics(spans, null, signals, dead));
        DataStream<Decision> decisions =
                DecisionsPipeline.attach(
                        env,
                        cfg,
                        DecisionSettings.of(new PolicySource("it.yaml", POLICIES))
                                .withTopic(decisionsTopic),
                        SignalsPipeline.Mode.BOUNDED);
        ActuationStage.attach(
                decisions, MeshTarget.parse("gitops:" + gitops), cfg.kafka(), actuationsTopic);
        env.execute("actuation-it");

        DecisionJson decisionJson = new DecisionJson();
        List<Decision> committed = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                KAFKA.consumeToEnd(decisionsTopic, Duration.ofSeconds(30))) {
            committed.add(decisionJson.fromJson(r.value()));
        }
        assertThat(committed).as("committed decisions").hasSize(1);
        Decision rollback = committed.get(0);
        assertThat(rollback.action()).isEqualTo(ActionType.SET_WEIGHTS);

        Path vs = gitops.resolve("default/VirtualService/cart.yaml");
        assertThat(vs).exists();
        String yaml = Files.readString(vs);
        assertThat(yaml).contains("name: meshloop");
        assertThat(weightOf(yaml, "v1")).isEqualTo(100);
        assertThat(weightOf(yaml, "v2")).isEqualTo(0);
        assertThat(gitops.resolve("default/DestinationRule/cart.yaml")).exists();

        ActuationJson actuationJson = new ActuationJson();
        List<ActuationResult> results = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                KAFKA.consumeToEnd(actuationsTopic, Duration.ofSeconds(30))) {
            ActuationResult a = actuationJson.fromJson(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(a.decisionId());
            results.add(a);
        }
        assertThat(results)
                .filteredOn(a -> a.decisionId().equals(rollback.id()))
                .extracting(ActuationResult::outcome, ActuationResult::mesh)
                .first()
                .isEqualTo(org.assertj.core.groups.Tuple.tuple(Outcome.APPLIED, Mesh.GITOPS));
        assertThat(results)
                .as("only the rollback was enforced")
                .allSatisfy(a -> assertThat(a.outcome()).isIn(Outcome.APPLIED, Outcome.NOOP));
    }

    /** The weight of {@code subset} in the managed route of a canonical VirtualService file. */
    static int weightOf(String yaml, String subset) {
        var m =
                java.util.regex.Pattern.compile(
                                "- destination:\\s+host: cart\\s+subset: "
                                        + subset
                                        + "\\s+weight: (\\d+)")
                        .matcher(yaml);
        if (!m.find()) {
            throw new AssertionError("no weight for subset " + subset + " in\n" + yaml);
        }
        return Integer.parseInt(m.group(1));
    }
}
