package io.meshloop.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.DesiredState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a GitOps directory, plus its file layout and deterministic output. */
class GitOpsMeshClientTest extends MeshClientContractTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir Path dir;
    private GitOpsObjectStore store;
    private MeshClient mesh;

    @BeforeEach
    void setUp() {
        store = new GitOpsObjectStore(dir);
        mesh = MeshClients.gitOps(dir, CLOCK);
    }

    @Override
    MeshClient client() {
        return mesh;
    }

    @Override
    void seed(HasMetadata object) {
        store.create(object);
    }

    @Override
    <T extends HasMetadata> T stored(Class<T> type, String namespace, String name) {
        return store.get(type, namespace, name);
    }

    @Override
    Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        for (Path f : files()) {
            try {
                out.put(
                        dir.relativize(f).toString(),
                        GitOpsObjectStore.hash(Files.readAllBytes(f))
                                + "@"
                                + Files.getLastModifiedTime(f).toMillis());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Override
    List<JsonNode> allStored() {
        List<JsonNode> out = new ArrayList<>();
        for (Path f : files()) {
            try {
                out.add(YAML.readTree(f.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private List<Path> files() {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void writesOneCanonicalFilePerObjectAndNoTemporaryFiles() throws IOException {
        ActuationResult r = mesh.apply(Decisions.weights("v1", 90, "v2", 10));

        assertThat(r.mesh()).isEqualTo(Mesh.GITOPS);
        assertThat(files())
                .extracting(f -> dir.relativize(f).toString())
                .containsExactly("shop/DestinationRule/cart.yaml", "shop/VirtualService/cart.yaml");
        String vs =
                Files.readString(
                        dir.resolve("shop/VirtualService/cart.yaml"), StandardCharsets.UTF_8);
        assertThat(vs)
                .isEqualTo(
                        """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata:
                          labels:
                            app.kubernetes.io/managed-by: meshloop
                          name: cart
                          namespace: shop
                        spec:
                          hosts:
                          - cart
                          http:
                          - name: meshloop
                            route:
                            - destination:
                                host: cart
                                subset: v1
                              weight: 90
                            - destination:
                                host: cart
                                subset: v2
                              weight: 10
                        """);
        assertThat(r.objects().get(1).resourceVersion())
                .isEqualTo(GitOpsObjectStore.hash(vs.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSameDecisionsGiveTheSameBytesInAnyFreshDirectory(@TempDir Path other)
            throws IOException {
        MeshClient second = MeshClients.gitOps(other, CLOCK);
        for (var d : everyWritingDecision()) {
            mesh.apply(d);
            second.apply(d);
        }
        for (Path f : files()) {
            assertThat(other.resolve(dir.relativize(f))).hasSameBinaryContentAs(f);
        }
    }

    @Test
    void anEditOfTheFileBetweenReadAndWriteIsAConflict() throws IOException {
        mesh.apply(Decisions.of(ActionType.SET_TIMEOUT, DesiredState.timeout(1000)));
        var live =
                store.get(io.fabric8.istio.api.networking.v1.VirtualService.class, "shop", "cart");
        Path file = dir.resolve("shop/VirtualService/cart.yaml");
        Files.writeString(
                file,
                Files.readString(file)
                        .replace("name: cart", "name: cart\n  annotations: {edited: by-hand}"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.update(live))
                .isInstanceOf(MeshConflictException.class)
                .hasMessageContaining("changed meanwhile");

        ActuationResult r =
                mesh.apply(Decisions.of(ActionType.SET_TIMEOUT, DesiredState.timeout(2000)));
        assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(Files.readString(file)).contains("edited: by-hand").contains("timeout: 2s");
    }
}
