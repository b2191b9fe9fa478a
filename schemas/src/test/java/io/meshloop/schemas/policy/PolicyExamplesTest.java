package io.meshloop.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in {@code examples/} loads, and all.yaml is the union of the others. */
class PolicyExamplesTest {

    static final Path EXAMPLES = Path.of("..", "examples");

    static final List<String> PER_LOOP =
            List.of(
                    "canary.yaml",
                    "shift-away.yaml",
                    "retries-timeouts.yaml",
                    "outlier-ejection.yaml",
                    "concurrency-limit.yaml",
                    "failover.yaml",
                    "scaling.yaml",
                    "security.yaml");

    static Stream<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void everyExampleLoads(Path file) throws Exception {
        PolicySet set = PolicyLoader.load(file);
        assertThat(set.policies()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void policyCheckSaysOk(Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = PolicyCheck.run(file, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("OK: ");
        assertThat(code).isZero();
    }

    @Test
    void everyLoopHasAnExampleAndAllYamlHasEveryPolicy() throws Exception {
        assertThat(exampleFiles().map(p -> p.getFileName().toString()))
                .containsAll(PER_LOOP)
                .contains("all.yaml");
        PolicySet all = PolicyLoader.load(EXAMPLES.resolve("all.yaml"));
        int total = 0;
        for (String f : PER_LOOP) {
            PolicySet one = PolicyLoader.load(EXAMPLES.resolve(f));
            total += one.policies().size();
            for (Policy p : one.policies()) {
                Policy inAll = all.policy(p.name()).orElseThrow();
                // Same policy except for the mode, which all.yaml defaults to dry-run.
                assertThat(inAll.loop()).isEqualTo(p.loop());
                assertThat(inAll.target()).isEqualTo(p.target());
                assertThat(inAll.when()).isEqualTo(p.when());
                assertThat(inAll.action()).isEqualTo(p.action());
                assertThat(inAll.safety()).isEqualTo(p.safety());
            }
        }
        assertThat(all.policies()).hasSize(total);
        assertThat(all.policies().stream().map(Policy::loop).distinct())
                .containsExactlyInAnyOrder(Loop.values());
    }
}
