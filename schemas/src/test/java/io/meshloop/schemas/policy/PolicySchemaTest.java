package io.meshloop.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code policy.schema.json} accepts every example and rejects structural mistakes. */
class PolicySchemaTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static MiniJsonSchema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = PolicySet.class.getResourceAsStream("/schemas/policy.schema.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            assertThat(root.path("$schema").asText())
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
            schema = new MiniJsonSchema(root);
        }
    }

    static List<Path> exampleFiles() throws Exception {
        return PolicyExamplesTest.exampleFiles().toList();
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void everyExampleValidates(Path file) throws Exception {
        assertThat(schema.validate(YAML.readTree(file.toFile()))).isEmpty();
    }

    private static final String VALID_POLICY =
            "apiVersion: meshloop.io/v1\n"
                    + "kind: PolicySet\n"
                    + "policies:\n"
                    + "  - name: c\n"
                    + "    loop: canary\n"
                    + "    target: {service: cart, version: v2}\n"
                    + "    when: [{threshold: {signal: error_rate, op: '>', value: 0.05}}]\n"
                    + "    action: {stableVersion: v1, stepWeight: 10}\n"
                    + "    safety: {for: 3, cooldown: 1m}\n";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "safety: {for: 3, cooldown: 1m}|safety: {for: 3, cooldown: 5 minutes}",
                "safety: {for: 3|safety: {fore: 3",
                "stepWeight: 10|stepWeight: 101",
                "stepWeight: 10|attempts: 3",
                "loop: canary|loop: canry",
                "signal: error_rate|signal: errors",
                "{threshold:|{threshold: {}, any:",
                "stableVersion: v1, |",
                "name: c|name: Cart_Canary",
                "kind: PolicySet|kind: Policy",
            })
    void structuralMistakesAreRejected(String edit) throws Exception {
        String[] fromTo = edit.split("\\|", -1);
        assertThat(VALID_POLICY).contains(fromTo[0]);
        assertThat(schema.validate(YAML.readTree(VALID_POLICY))).isEmpty();
        String broken = VALID_POLICY.replace(fromTo[0], fromTo[1]);
        assertThat(schema.validate(YAML.readTree(broken))).as(broken).isNotEmpty();
    }
}
