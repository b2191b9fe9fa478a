package io.meshloop.it.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.it.kafka.KafkaBrokerExtension;
import io.meshloop.it.support.MiniClusters;
import io.meshloop.it.support.ShopTraffic;
import io.meshloop.jobs.config.DecisionSettings;
import io.meshloop.jobs.config.KafkaSettings;
import io.meshloop.jobs.config.SignalsJobConfig;
import io.meshloop.jobs.decisions.DecisionsPipeline;
import io.meshloop.jobs.flink.FlinkEnvironments;
import io.meshloop.jobs.signals.SignalsPipeline;
import io.meshloop.operators.decision.engine.PolicySource;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import io.meshloop.schemas.json.DecisionJson;
import io.meshloop.simulator.traffic.Fault;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The loop up to the decision topic, on the in-JVM broker and a MiniCluster: shop traffic whose
 * cart canary starts failing becomes exactly one committed rollback decision, and an analyst's
 * Flink SQL table (the documented {@code docs/decisions.sql}) reads it back.
 */
class DecisionsPipelineIT {

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

    @Test
    void failingCanaryBecomesOneCommittedRollbackThatFlinkSqlReadsBack() throws Exception {
        String spans = KAFKA.freshTopic("otlp-spans", 2);
        String signals = KAFKA.freshTopic("signals", 1);
        String dead = KAFKA.freshTopic("deadletter", 1);
        String decisionsTopic = KAFKA.freshTopic("decisions", 1);
        List<SpanData> generated = new ArrayList<>();
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
                        generated));

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkEnvironments.baseConfiguration());
        env.setParallelism(2);
        env.enableCheckpointing(500);
        DecisionsPipeline.attach(
                env,
                SignalsJobConfig.ofDefaults(KAFKA.bootstrapServers())
                        .withKafka(
                                KafkaSettings.ofDefaults(KAFKA.bootstrapServers())
                                        .withTopics(spans, null, signals, dead)),
                DecisionSettings.of(new PolicySource("it.yaml", POLICIES))
                        .withTopic(decisionsTopic),
                SignalsPipeline.Mode.BOUNDED);
        env.execute("decisions-it");

        DecisionJson json = new DecisionJson();
        List<Decision> decisions = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                KAFKA.consumeToEnd(decisionsTopic, Duration.ofSeconds(30))) {
            Decision d = json.fromJson(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8))
                    .isEqualTo(d.target().asString());
            decisions.add(d);
        }
        assertThat(decisions).as("committed decisions").hasSize(1);
        Decision rollback = decisions.get(0);
        assertThat(rollback.policy()).isEqualTo("cart-canary");
        assertThat(rollback.action()).isEqualTo(ActionType.SET_WEIGHTS);
        assertThat(rollback.mode()).isEqualTo(DecisionMode.ENFORCE);
        assertThat(rollback.desired().weights())
                .containsExactly(new VersionWeight("v1", 100), new VersionWeight("v2", 0));
        // three consecutive failing evaluations after the fault: a few seconds of event time
        assertThat(rollback.time()).isBetween(FAULT_AT + 2_000, FAULT_AT + 10_000);

        TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        String ddl =
                Files.readString(Path.of("../docs/decisions.sql"))
                        .replace("'meshloop.decisions'", "'" + decisionsTopic + "'")
                        .replace("127.0.0.1:9092", KAFKA.bootstrapServers())
                        .replace(
                                "'scan.startup.mode' = 'earliest-offset',",
                                "'scan.startup.mode' = 'earliest-offset',\n"
                                        + "  'scan.bounded.mode' = 'latest-offset',");
        sql.executeSql(ddl.substring(ddl.indexOf("CREATE TABLE")).replaceAll(";\\s*$", ""));
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it =
                sql.executeSql(
                                "SELECT policy, action, target.service, COUNT(*) AS n "
                                        + "FROM decisions WHERE `time` BETWEEN "
                                        + T0
                                        + " AND "
                                        + (T0 + 60_000)
                                        + " GROUP BY policy, action, target.service")
                        .collect()) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows)
                .extracting(Row::toString)
                .containsExactly("+I[cart-canary, SET_WEIGHTS, cart, 1]");
    }
}
