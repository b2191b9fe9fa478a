package io.meshloop.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshloop.jobs.cli.BacktestCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input fails before any job starts, with exit code 2 and a message naming the option. */
class BacktestCommandTest {

    private static final String POLICIES =
            """
            apiVersion: meshloop.io/v1
            kind: PolicySet
            policies:
              - name: cart-canary
                loop: canary
                target: {service: cart, version: v2}
                when:
                  - compare: {signal: error_rate, baseline: stable-version}
                action: {stableVersion: v1}
            """;

    @TempDir Path dir;
    private Path policies;
    private Path input;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void files() throws IOException {
        policies = Files.writeString(dir.resolve("policies.yaml"), POLICIES);
        input = Files.write(dir.resolve("spans.pb"), new byte[0]);
    }

    @Test
    void missingInput() {
        assertThat(run("--input", dir.resolve("nope.pb").toString())).isEqualTo(2);
        assertThat(stderr()).contains("--input").contains("nope.pb").contains("does not exist");
    }

    @Test
    void unknownEncoding() {
        assertThat(run("--input", input.toString(), "--encoding", "otlp_xml")).isEqualTo(2);
        assertThat(stderr()).contains("otlp_xml").contains("otlp_proto, otlp_json");
    }

    @Test
    void invalidPolicies() throws IOException {
        Files.writeString(policies, POLICIES.replace("stableVersion: v1", "stableVersion: v2"));
        assertThat(run("--input", input.toString())).isEqualTo(2);
        assertThat(stderr()).contains("policies.yaml").contains("stableVersion");
    }

    @Test
    void fromAndToNeedAKafkaInput() {
        assertThat(run("--input", input.toString(), "--from", "2025-03-01T00:00:00Z")).isEqualTo(2);
        assertThat(stderr()).contains("kafka://");
    }

    @Test
    void badKafkaRange() {
        assertThat(
                        run(
                                "--input", "kafka://127.0.0.1:9092/otlp_spans",
                                "--from", "2025-03-02T00:00:00Z",
                                "--to", "2025-03-01T00:00:00Z"))
                .isEqualTo(2);
        assertThat(stderr()).contains("must be before --to");
        assertThat(run("--input", "kafka://127.0.0.1:9092/otlp_spans", "--from", "yesterday"))
                .isEqualTo(2);
        assertThat(stderr()).contains("--from").contains("'yesterday'");
    }

    private int run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--policies";
        all[args.length + 1] = policies.toString();
        all[args.length + 2] = "--out";
        all[args.length + 3] = dir.resolve("out").toString();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandLine(new BacktestCommand(System.out, e)).execute(all);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
