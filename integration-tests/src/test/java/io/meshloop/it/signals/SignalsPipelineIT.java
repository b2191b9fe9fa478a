package io.meshloop.it.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshloop.it.kafka.KafkaBrokerExtension;
import io.meshloop.it.support.MiniClusters;
import io.meshloop.it.support.ShopTraffic;
import io.meshloop.jobs.config.KafkaSettings;
import io.meshloop.jobs.config.SignalsJobConfig;
import io.meshloop.jobs.flink.FlinkEnvironments;
import io.meshloop.jobs.signals.SignalsPipeline;
import io.meshloop.schemas.deadletter.DeadLetter;
import io.meshloop.schemas.deadletter.DeadLetterReason;
import io.meshloop.schemas.json.TelemetryJson;
import io.meshloop.schemas.signal.Signal;
import io.meshloop.schemas.signal.SignalKey;
import io.meshloop.simulator.traffic.Fault;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka → golden-signals job → Kafka, on the in-JVM broker and a MiniCluster with parallelism 2:
 * every window of the checked series must carry exactly the counts, and quantiles within DDSketch's
 * 1% relative accuracy, of the values computed here from the generated spans.
 */
class SignalsPipelineIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    /** 2025-03-01T00:00:00Z: event time of the first request. */
    private static final long T0_MILLIS = 1_740_787_200_000L;

    private static final int PARTITIONS = 4;
    private static final long WINDOW_MS = 10_000;
    private static final long SLIDE_MS = 1_000;

    @Test
    void spansBecomeExactGoldenSignalsAndBadRecordsBecomeDeadLetters() throws Exception {
        String spansTopic = KAFKA.freshTopic("otlp-spans", PARTITIONS);
        String metricsTopic = KAFKA.freshTopic("otlp-metrics", 1);
        String signalsTopic = KAFKA.freshTopic("signals", 2);
        String deadTopic = KAFKA.freshTopic("deadletter", 1);

        List<SpanData> spans = new ArrayList<>();
        // 15 s of shop traffic at 80 requests/s; cart v2 fails half its requests from t+5s to t+10s
        List<ProducerRecord<byte[], byte[]>> records =
                ShopTraffic.records(
                        spansTopic,
                        PARTITIONS,
                        T0_MILLIS,
                        15_000,
                        8,
                        List.of(
                                new Fault(
                                        "cart",
                                        "v2",
                                        T0_MILLIS + 5_000,
                                        T0_MILLIS + 10_000,
                                        0.5,
                                        2.0)),
                        11,
                        spans);
        byte[] garbage = "definitely not protobuf".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> bad =
                new ProducerRecord<>(spansTopic, 0, T0_MILLIS + 5_000, null, garbage);
        records.add(bad);
        KAFKA.produce(spansTopic, records);

        KafkaSettings kafka =
                KafkaSettings.ofDefaults(KAFKA.bootstrapServers())
                        .withTopics(spansTopic, metricsTopic, signalsTopic, deadTopic);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkEnvironments.baseConfiguration());
        env.setParallelism(2);
        SignalsPipeline.attach(
                env,
                SignalsJobConfig.ofDefaults(KAFKA.bootstrapServers()).withKafka(kafka),
                SignalsPipeline.Mode.BOUNDED);
        env.execute("signals-it");

        TelemetryJson json = new TelemetryJson();
        Map<String, Map<Long, Signal>> bySeries = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r :
                KAFKA.consumeToEnd(signalsTopic, Duration.ofSeconds(30))) {
            Signal s = json.signalFromJson(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(s.key().asString());
            Signal previous =
                    bySeries.computeIfAbsent(s.key().asString(), k -> new HashMap<>())
                            .put(s.windowEnd(), s);
            assertThat(previous).as("one signal per series and window: %s", s).isNull();
        }

        assertSeries(
                bySeries,
                SignalKey.service("cart", "v2", SignalKey.ALL),
                spans,
                ExpectedSignals.serverOf("cart", "v2"));
        assertSeries(
                bySeries,
                SignalKey.service("cart", "v1", "/cart"),
                spans,
                ExpectedSignals.serverOf("cart", "v1"));
        assertSeries(
                bySeries,
                SignalKey.service("frontend", "v1", SignalKey.ALL),
                spans,
                ExpectedSignals.serverOf("frontend", "v1"));
        assertSeries(
                bySeries,
                SignalKey.instance("payment", "v1", "payment-v1-1"),
                spans,
                ExpectedSignals.serverOfInstance("payment-v1-1"));
        assertSeries(
                bySeries,
                SignalKey.edge("checkout", "payment", null),
                spans,
                ExpectedSignals.clientCall("checkout", "payment"));

        // the fault (cart v2 fails half its requests from t+5s to t+10s) shows in the windows
        Signal faulty =
                bySeries.get(SignalKey.service("cart", "v2", SignalKey.ALL).asString())
                        .get(T0_MILLIS + 10_000);
        assertThat(faulty.errorRate()).isGreaterThan(0.2);

        List<DeadLetter> dead = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                KAFKA.consumeToEnd(deadTopic, Duration.ofSeconds(30))) {
            dead.add(json.deadLetterFromJson(r.value()));
        }
        assertThat(dead).hasSize(1);
        DeadLetter d = dead.get(0);
        assertThat(d.reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(d.topic()).isEqualTo(spansTopic);
        assertThat(d.partition()).isZero();
        assertThat(d.payloadBytes()).isEqualTo(garbage.length);
    }

    private static void assertSeries(
            Map<String, Map<Long, Signal>> bySeries,
            SignalKey key,
            List<SpanData> spans,
            Predicate<SpanData> match) {
        Map<Long, ExpectedSignals.Window> expected =
                ExpectedSignals.windows(spans, match, WINDOW_MS, SLIDE_MS);
        Map<Long, Signal> actual = bySeries.getOrDefault(key.asString(), Map.of());
        assertThat(expected).as("test data has windows for %s", key.asString()).isNotEmpty();
        assertThat(actual.keySet())
                .as("windows of %s", key.asString())
                .isEqualTo(expected.keySet());
        for (ExpectedSignals.Window w : expected.values()) {
            Signal s = actual.get(w.end());
            String at = key.asString() + " window ending " + w.end();
            assertThat(s.windowStart()).as(at).isEqualTo(w.end() - WINDOW_MS);
            assertThat(s.requests()).as(at).isEqualTo(w.requests());
            assertThat(s.errors()).as(at).isEqualTo(w.errors());
            assertThat(s.rate()).as(at).isCloseTo(w.requests() / 10.0, within(1e-9));
            assertThat(s.maxMs())
                    .as(at)
                    .isCloseTo(
                            w.sortedLatenciesMs()[w.sortedLatenciesMs().length - 1], within(1e-6));
            assertQuantile(at + " p50", s.p50Ms(), w.quantileBracket(0.50));
            assertQuantile(at + " p90", s.p90Ms(), w.quantileBracket(0.90));
            assertQuantile(at + " p95", s.p95Ms(), w.quantileBracket(0.95));
            assertQuantile(at + " p99", s.p99Ms(), w.quantileBracket(0.99));
        }
    }

    /** DDSketch guarantee: within 1% of the true value at the quantile's rank. */
    private static void assertQuantile(String what, double actual, double[] bracket) {
        assertThat(actual).as(what).isBetween(bracket[0] * 0.99, bracket[1] * 1.01);
    }
}
