package io.meshloop.it.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.it.kafka.KafkaBrokerExtension;
import io.meshloop.it.support.ShopTraffic;
import io.meshloop.jobs.backtest.FileExporterWriter;
import io.meshloop.jobs.cli.BacktestCommand;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import io.meshloop.schemas.json.DecisionJson;
import io.meshloop.schemas.json.TelemetryJson;
import io.meshloop.schemas.otlp.Encoding;
import io.meshloop.simulator.otlp.OtlpTraceEncoder;
import io.meshloop.simulator.traffic.Fault;
import io.meshloop.simulator.traffic.Topology;
import io.meshloop.simulator.traffic.TraceGenerator;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * {@code meshloop backtest} end to end, through the command line: shop traffic whose cart canary
 * (v2) starts failing, recorded as the Collector's file exporter writes it (both formats) or kept
 * in a Kafka topic, replayed with a canary policy, yields exactly one rollback decision in the
 * fault window, parseable signals and a summary that mentions the rollback.
 */
class BacktestIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long T0 = 1_740_787_200_000L;
    private static final long FAULT_AT = T0 + 12_000;
    private static final long END = T0 + 30_000;

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

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void recordedFileWithAFailingCanaryYieldsOneRollback(Encoding encoding) throws Exception {
        Path recorded = Files.createDirectory(dir.resolve("recorded"));
        // two rotated files of one Collector: read oldest first, whatever the listing order
        try (FileExporterWriter older =
                        new FileExporterWriter(
                                recorded.resolve("spans-2025-03-01T00-00-15.000.jsonl"), encoding);
                FileExporterWriter current =
                        new FileExporterWriter(recorded.resolve("spans.jsonl"), encoding)) {
            TraceGenerator gen = new TraceGenerator(Topology.shop(), 5);
            List<Fault> faults = List.of(new Fault("cart", "v2", FAULT_AT, END + 60_000, 0.6, 1.0));
            for (long t = T0; t < END; t += 100) {
                List<SpanData> batch = new ArrayList<>();
                for (int i = 0; i < 15; i++) {
                    batch.addAll(gen.trace((t + i * 100L / 15) * 1_000_000L, faults));
                }
                (t < T0 + 15_000 ? older : current).write(OtlpTraceEncoder.encode(batch, encoding));
            }
        }
        Path out = dir.resolve("out");

        Run run =
                backtest(
                        "--input", recorded.toString(),
                        "--encoding", encoding.configName(),
                        "--policies", policies().toString(),
                        "--out", out.toString(),
                        "--parallelism", "2");

        assertThat(run.exitCode).as(run.stderr).isZero();
        assertOneRollback(out);
        assertThat(Files.readString(out.resolve("summary.md")))
                .contains("files: 2")
                .contains("records (Collector batches): 300");
    }

    @Test
    void kafkaRangeReadsOnlyTheRecordsBetweenTheTimestamps() throws Exception {
        String topic = KAFKA.freshTopic("recorded-spans", 2);
        List<SpanData> ignored = new ArrayList<>();
        // the day before: the same failing canary, outside the range
        long dayBefore = T0 - 86_400_000L;
        KAFKA.produce(
                topic,
                ShopTraffic.records(
                        topic,
                        2,
                        dayBefore,
                        30_000,
                        15,
                        List.of(
                                new Fault(
                                        "cart",
                                        "v2",
                                        dayBefore + 12_000,
                                        dayBefore + 60_000,
                                        0.6,
                                        1.0)),
                        3,
                        ignored));
        KAFKA.produce(
                topic,
                ShopTraffic.records(
                        topic,
                        2,
                        T0,
                        30_000,
                        15,
                        List.of(new Fault("cart", "v2", FAULT_AT, END + 60_000, 0.6, 1.0)),
                        5,
                        ignored));
        Path out = dir.resolve("out");

        Run run =
                backtest(
                        "--input", "kafka://" + KAFKA.bootstrapServers() + "/" + topic,
                        "--from", Instant.ofEpochMilli(T0).toString(),
                        "--to", Instant.ofEpochMilli(END + 1_000).toString(),
                        "--policies", policies().toString(),
                        "--out", out.toString(),
                        "--parallelism", "2");

        assertThat(run.exitCode).as(run.stderr).isZero();
        assertOneRollback(out);
    }

    private void assertOneRollback(Path out) throws IOException {
        DecisionJson json = new DecisionJson();
        List<Decision> decisions = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("decisions.jsonl"))) {
            decisions.add(json.fromJson(line.getBytes(StandardCharsets.UTF_8)));
        }
        List<Decision> rollbacks =
                decisions.stream()
                        .filter(d -> d.action() == ActionType.SET_WEIGHTS)
                        .filter(d -> d.time() >= FAULT_AT && d.time() <= END + 60_000)
                        .toList();
        assertThat(rollbacks).as("rollbacks in %s", decisions).hasSize(1);
        Decision rollback = rollbacks.get(0);
        assertThat(rollback.policy()).isEqualTo("cart-canary");
        assertThat(rollback.mode()).isEqualTo(DecisionMode.ENFORCE);
        assertThat(rollback.desired().weights())
                .containsExactly(new VersionWeight("v1", 100), new VersionWeight("v2", 0));
        assertThat(decisions)
                .as("no decision outside the replayed range")
                .allMatch(d -> d.time() >= T0 && d.time() <= END + 60_000);

        List<String> signals = Files.readAllLines(out.resolve("signals.jsonl"));
        assertThat(signals).isNotEmpty();
        TelemetryJson telemetry = new TelemetryJson();
        signals.forEach(s -> telemetry.signalFromJson(s.getBytes(StandardCharsets.UTF_8)));
        assertThat(out.resolve("deadletters.jsonl")).exists();

        assertThat(Files.readString(out.resolve("summary.md")))
                .contains("cart-canary | SET_WEIGHTS | ENFORCE | 1 |")
                .contains("v1 100% / v2 0%")
                .contains(Instant.ofEpochMilli(rollback.time()).toString());
    }

    private Path policies() throws IOException {
        return Files.writeString(dir.resolve("policies.yaml"), POLICIES);
    }

    private record Run(int exitCode, String stderr) {}

    private static Run backtest(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                new CommandLine(
                                new BacktestCommand(
                                        System.out,
                                        new PrintStream(err, true, StandardCharsets.UTF_8)))
                        .execute(args);
        return new Run(code, err.toString(StandardCharsets.UTF_8));
    }
}
