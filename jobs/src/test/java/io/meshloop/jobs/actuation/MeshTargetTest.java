package io.meshloop.jobs.actuation;

import static io.meshloop.jobs.actuation.TestDecisions.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshloop.actuators.MeshClient;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshTargetTest {

    @Test
    void parsesTheCommandLineForms() {
        assertThat(MeshTarget.parse("gitops:./meshloop-out"))
                .isEqualTo(new MeshTarget.GitOps("./meshloop-out"));
        assertThat(MeshTarget.parse(" kubernetes ")).isEqualTo(MeshTarget.Kubernetes.ofDefaults());
        assertThat(MeshTarget.parse("kubernetes:context=kind-mesh"))
                .isEqualTo(new MeshTarget.Kubernetes("kind-mesh", null, true));
        assertThat(MeshTarget.parse("kubernetes:master=http://127.0.0.1:6443,server-dry-run=false"))
                .isEqualTo(new MeshTarget.Kubernetes(null, "http://127.0.0.1:6443", false));
    }

    @Test
    void describeGivesBackWhatParseReads() {
        for (String s :
                new String[] {
                    "gitops:/tmp/out",
                    "kubernetes",
                    "kubernetes:context=kind-mesh,master=https://k:6443,server-dry-run=false"
                }) {
            assertThat(MeshTarget.parse(s).describe()).isEqualTo(s);
        }
        assertThat(MeshTarget.parse("gitops:x").mesh()).isEqualTo(Mesh.GITOPS);
        assertThat(MeshTarget.parse("kubernetes").mesh()).isEqualTo(Mesh.ISTIO);
    }

    @Test
    void badValuesAreRefusedNamingTheOptionTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> MeshTarget.parse("consul"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--mesh")
                .hasMessageContaining("unknown mesh target")
                .hasMessageContaining("'consul'")
                .hasMessageContaining(MeshTarget.SYNTAX);
        assertThatThrownBy(() -> MeshTarget.parse("gitops:"))
                .hasMessageContaining("gitops needs a directory");
        assertThatThrownBy(() -> MeshTarget.parse("gitops"))
                .hasMessageContaining("gitops needs a directory");
        assertThatThrownBy(() -> MeshTarget.parse("")).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> MeshTarget.parse("kubernetes:namespace=x"))
                .hasMessageContaining("unknown kubernetes option 'namespace'")
                .hasMessageContaining("allowed: context, master, server-dry-run");
        assertThatThrownBy(() -> MeshTarget.parse("kubernetes:context"))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> MeshTarget.parse("kubernetes:server-dry-run=no"))
                .hasMessageContaining("server-dry-run must be true or false, was 'no'");
    }

    @Test
    void gitOpsTargetWritesOnceAndReApplyingTouchesNoFile(@TempDir Path dir) throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(TestDecisions.T0), ZoneOffset.UTC);
        try (MeshSession session =
                new MeshTarget.GitOps(dir.toString())
                        .open(clock, ActuationSettings.ofDefaults().clientRetry())) {
            MeshClient client = session.client();
            ActuationResult first = client.apply(weights("d1", "cart", 100, 0));
            assertThat(first.outcome()).isEqualTo(Outcome.APPLIED);
            assertThat(first.mesh()).isEqualTo(Mesh.GITOPS);
            Path vs = dir.resolve("default/VirtualService/cart.yaml");
            byte[] bytes = Files.readAllBytes(vs);
            FileTime mtime = Files.getLastModifiedTime(vs);

            ActuationResult again = client.apply(weights("d1", "cart", 100, 0));
            assertThat(again.outcome()).isEqualTo(Outcome.NOOP);
            assertThat(Files.readAllBytes(vs)).isEqualTo(bytes);
            assertThat(Files.getLastModifiedTime(vs)).isEqualTo(mtime);
        }
    }
}
