package io.meshloop.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The shipped RBAC grants exactly what the Istio actuator uses: no delete, no other kinds. */
class RbacManifestTest {

    @Test
    void rolesGrantReadAndWriteOnTheFourIstioKindsOnly() throws IOException {
        Path dir = null;
        for (Path p = Paths.get("").toAbsolutePath(); p != null && dir == null; p = p.getParent()) {
            Path c = p.resolve("deploy/kubernetes/rbac");
            dir = Files.isDirectory(c) ? c : null;
        }
        assertThat(dir).as("deploy/kubernetes/rbac above the working directory").isNotNull();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        int roles = 0;
        for (String file : new String[] {"istio-actuator.yaml", "clusterrole.yaml"}) {
            var docs = yaml.readerFor(JsonNode.class).readValues(dir.resolve(file).toFile());
            while (docs.hasNext()) {
                JsonNode doc = (JsonNode) docs.next();
                String kind = doc.path("kind").asText();
                if (!kind.equals("Role") && !kind.equals("ClusterRole")) {
                    continue;
                }
                roles++;
                TreeSet<String> resources = new TreeSet<>();
                for (JsonNode rule : doc.path("rules")) {
                    rule.path("resources").forEach(r -> resources.add(r.asText()));
                    TreeSet<String> verbs = new TreeSet<>();
                    rule.path("verbs").forEach(v -> verbs.add(v.asText()));
                    assertThat(verbs)
                            .containsExactlyInAnyOrder(
                                    "get", "list", "watch", "create", "update", "patch");
                }
                assertThat(resources)
                        .containsExactly(
                                "authorizationpolicies",
                                "destinationrules",
                                "peerauthentications",
                                "virtualservices");
            }
        }
        assertThat(roles).isEqualTo(2);
    }
}
