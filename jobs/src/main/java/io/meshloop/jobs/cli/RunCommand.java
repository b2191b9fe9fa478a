package io.meshloop.jobs.cli;

import io.meshloop.jobs.actuation.ActuationStage;
import io.meshloop.jobs.actuation.MeshTarget;
import io.meshloop.jobs.config.DecisionSettings;
import io.meshloop.jobs.config.KafkaSettings;
import io.meshloop.jobs.config.SignalsJobConfig;
import io.meshloop.jobs.decisions.DecisionsPipeline;
import io.meshloop.jobs.flink.FlinkEnvironments;
import io.meshloop.jobs.signals.SignalsPipeline;
import io.meshloop.operators.decision.engine.PolicySource;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.otlp.Encoding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshloop run}: the golden-signals job against an existing Kafka cluster. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description =
                "Runs the job (signals; with --policies also decisions, with --mesh also"
                        + " actuation) on an embedded Flink MiniCluster against an existing Kafka"
                        + " cluster, until stopped.")
final class RunCommand implements Callable<Integer> {

    @Option(
            names = "--bootstrap-servers",
            required = true,
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(
            names = "--spans-topic",
            defaultValue = "otlp_spans",
            description = "Default: ${DEFAULT-VALUE}")
    String spansTopic;

    @Option(
            names = "--metrics-topic",
            defaultValue = "otlp_metrics",
            description = "Empty to read no metrics. Default: ${DEFAULT-VALUE}")
    String metricsTopic;

    @Option(
            names = "--encoding",
            defaultValue = "otlp_proto",
            description =
                    "Encoding of records without an encoding header. Default: ${DEFAULT-VALUE}")
    String encoding;

    @Option(names = "--parallelism", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}")
    int parallelism;

    @Option(
            names = "--policies",
            description =
                    "Policy file: also run the decision engine and write decisions, exactly once,"
                            + " to meshloop.decisions.")
    Path policies;

    @Option(
            names = "--mesh",
            description =
                    "With --policies: apply enforced decisions to the mesh ("
                            + MeshTarget.SYNTAX
                            + ") and write the outcomes to meshloop.actuations.")
    String mesh;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description =
                    "Checkpoint interval; decisions become visible to read_committed consumers when"
                            + " the checkpoint after them completes. Default: ${DEFAULT-VALUE}")
    Duration checkpointInterval;

    @Override
    public Integer call() throws Exception {
        Encoding enc = Encoding.fromConfigName(encoding);
        KafkaSettings d = KafkaSettings.ofDefaults(bootstrapServers);
        KafkaSettings kafka =
                new KafkaSettings(
                        bootstrapServers,
                        spansTopic,
                        metricsTopic,
                        enc,
                        enc,
                        d.signalsTopic(),
                        d.deadLetterTopic(),
                        d.consumerGroup(),
                        d.startFrom(),
                        d.clientProperties());
        StreamExecutionEnvironment env = FlinkEnvironments.local(parallelism, checkpointInterval);
        SignalsJobConfig cfg = SignalsJobConfig.ofDefaults(bootstrapServers).withKafka(kafka);
        if (policies == null) {
            SignalsPipeline.attach(env, cfg);
            env.execute("meshloop-signals");
        } else {
            DataStream<Decision> decided =
                    DecisionsPipeline.attach(
                            env,
                            cfg,
                            DecisionSettings.of(PolicySource.read(policies)),
                            SignalsPipeline.Mode.CONTINUOUS);
            if (mesh != null) {
                ActuationStage.attach(
                        decided, MeshTarget.parse(mesh), kafka, ActuationStage.DEFAULT_TOPIC);
            }
            env.execute("meshloop-decisions");
        }
        return 0;
    }
}
