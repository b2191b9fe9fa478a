package io.meshloop.jobs.cli;

import io.meshloop.jobs.actuation.MeshTarget;
import io.meshloop.jobs.demo.Demo;
import io.meshloop.jobs.demo.DemoOptions;
import io.meshloop.operators.decision.engine.PolicySource;
import io.meshloop.schemas.otlp.Encoding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshloop demo}: everything in one process on the embedded default. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the loop on the embedded default: an in-JVM Kafka broker, a Flink MiniCluster"
                    + " (signals, decision engine), synthetic shop traffic with a failing canary,"
                    + " and the actuators writing to a GitOps directory, with a live terminal view.",
            "Needs nothing but Java."
        })
final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--duration",
            defaultValue = "PT45S",
            description =
                    "How long traffic runs (ISO-8601 or e.g. 45s, 2m). Default: ${DEFAULT-VALUE}",
            converter = DurationConverter.class)
    Duration duration;

    @Option(
            names = "--rate",
            defaultValue = "200",
            description = "User requests per second entering the mesh. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(
            names = "--encoding",
            defaultValue = "otlp_proto",
            description = "Record encoding: otlp_proto or otlp_json. Default: ${DEFAULT-VALUE}")
    String encoding;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Flink parallelism. Default: ${DEFAULT-VALUE}")
    int parallelism;

    @Option(
            names = "--policies",
            description =
                    "Policy file (default: the demo's canary policy, jobs/src/main/resources/demo/policies.yaml).")
    Path policies;

    @Option(
            names = "--mesh",
            defaultValue = "gitops:./meshloop-out",
            description =
                    "Where decisions are applied: "
                            + MeshTarget.SYNTAX
                            + ". Default: ${DEFAULT-VALUE}")
    String mesh;

    @Override
    public Integer call() throws Exception {
        PolicySource source =
                policies != null
                        ? PolicySource.read(policies)
                        : new PolicySource("demo/policies.yaml", bundledPolicies());
        DemoOptions options =
                new DemoOptions(
                        duration,
                        rate,
                        Encoding.fromConfigName(encoding),
                        parallelism,
                        source,
                        MeshTarget.parse(mesh));
        return new Demo(options, Clock.systemUTC(), System.out).run();
    }

    static String bundledPolicies() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/policies.yaml")) {
            if (in == null) {
                throw new IOException("demo/policies.yaml is missing from the meshloop jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
