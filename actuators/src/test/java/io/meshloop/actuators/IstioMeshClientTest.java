package io.meshloop.actuators;

import static io.meshloop.actuators.Decisions.NS;
import static io.meshloop.actuators.Decisions.SVC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.istio.api.security.v1.PeerAuthentication;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Change;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.actuation.TouchedObject;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.DesiredState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract on Istio through the fabric8 mock API server in CRUD mode (expectations, where set,
 * are answered first), plus conflicts, transient and permanent errors.
 */
@EnableKubernetesMockClient(crud = true)
class IstioMeshClientTest extends MeshClientContractTest {

    private static final String VS_PATH =
            "/apis/networking.istio.io/v1/namespaces/shop/virtualservices";
    private static final String DR_PATH =
            "/apis/networking.istio.io/v1/namespaces/shop/destinationrules";

    KubernetesMockServer server;
    KubernetesClient client; // injected by the extension; kube below has fabric8's retries off

    private KubernetesClient kube;
    private final List<Duration> sleeps = new ArrayList<>();
    private final RetryPolicy retry =
            new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.2);
    private MeshClient mesh;

    @BeforeEach
    void setUp() {
        kube =
                new KubernetesClientBuilder()
                        .withConfig(
                                new ConfigBuilder(client.getConfiguration())
                                        .withRequestRetryBackoffLimit(0)
                                        .build())
                        .build();
        mesh = meshOn(new KubernetesObjectStore(kube, false));
    }

    @Override
    void close() {
        kube.close();
    }

    private MeshClient meshOn(ObjectStore store) {
        // The mock server would persist a dryRun=All request, so server dry-run is off here.
        return new IstioMeshClient(
                Mesh.ISTIO,
                store,
                IstioSettings.ofDefaults().withServerDryRun(false),
                retry,
                CLOCK,
                sleeps::add,
                () -> 0.5);
    }

    @Override
    MeshClient client() {
        return mesh;
    }

    @Override
    void seed(HasMetadata object) {
        kube.resource(object).create();
    }

    @Override
    <T extends HasMetadata> T stored(Class<T> type, String namespace, String name) {
        return kube.resources(type).inNamespace(namespace).withName(name).get();
    }

    @Override
    Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        for (HasMetadata o : all()) {
            out.put(
                    o.getKind()
                            + "/"
                            + o.getMetadata().getNamespace()
                            + "/"
                            + o.getMetadata().getName(),
                    o.getMetadata().getResourceVersion());
        }
        return out;
    }

    @Override
    List<JsonNode> allStored() {
        List<JsonNode> out = new ArrayList<>();
        for (HasMetadata o : all()) {
            out.add(Manifests.content(o));
        }
        return out;
    }

    private List<HasMetadata> all() {
        List<HasMetadata> out = new ArrayList<>();
        out.addAll(kube.resources(VirtualService.class).inAnyNamespace().list().getItems());
        out.addAll(kube.resources(DestinationRule.class).inAnyNamespace().list().getItems());
        out.addAll(kube.resources(AuthorizationPolicy.class).inAnyNamespace().list().getItems());
        out.addAll(kube.resources(PeerAuthentication.class).inAnyNamespace().list().getItems());
        return out;
    }

    @Test
    void aConcurrentWriteBetweenReadAndWriteIsAConflictThatIsRetried() {
        mesh.apply(Decisions.weights("v1", 100, "v2", 0));
        ObjectStore racing =
                new ObjectStore() {
                    private final KubernetesObjectStore real =
                            new KubernetesObjectStore(kube, false);
                    private boolean raced;

                    @Override
                    public <T extends HasMetadata> T get(Class<T> type, String ns, String name) {
                        return real.get(type, ns, name);
                    }

                    @Override
                    public <T extends HasMetadata> T create(T object) {
                        return real.create(object);
                    }

                    @Override
                    public <T extends HasMetadata> T update(T object) {
                        if (!raced) {
                            raced = true; // someone edits the object after our read
                            kube.resources(VirtualService.class)
                                    .inNamespace(NS)
                                    .withName(SVC)
                                    .edit(
                                            vs -> {
                                                vs.getMetadata()
                                                        .getAnnotations()
                                                        .put("edited-by", "someone-else");
                                                return vs;
                                            });
                        }
                        return real.update(object);
                    }
                };

        ActuationResult r = meshOn(racing).apply(Decisions.weights("v1", 50, "v2", 50));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.reason()).contains("attempt 2");
        assertThat(sleeps).hasSize(1);
        VirtualService vs = stored(VirtualService.class, NS, SVC);
        assertThat(vs.getMetadata().getAnnotations()).containsEntry("edited-by", "someone-else");
        assertThat(mesh.read(Decisions.TARGET).weights())
                .extracting(w -> w.percent())
                .containsExactly(50, 50);
    }

    @Test
    void aBurstOf5xxAnd429IsRetriedWithGrowingBackoff() {
        server.expect().get().withPath(DR_PATH + "/cart").andReturn(503, "unavailable").once();
        server.expect().post().withPath(DR_PATH).andReturn(500, "boom").times(2);
        server.expect().post().withPath(DR_PATH).andReturn(429, "slow down").once();

        ActuationResult r = mesh.apply(Decisions.weights("v1", 90, "v2", 10));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.objects())
                .extracting(TouchedObject::change)
                .containsExactly(Change.CREATED, Change.CREATED);
        // random = 0.5 cancels the jitter: 100, 200, 400, 800 ms
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800));
    }

    @Test
    void transientErrorsThatOutlastTheRetriesFail() {
        server.expect().get().withPath(DR_PATH + "/cart").andReturn(503, "unavailable").always();

        ActuationResult r = mesh.apply(Decisions.weights("v1", 90, "v2", 10));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.reason()).contains("gave up after 5 attempts").contains("503");
        assertThat(sleeps).hasSize(4);
    }

    @Test
    void forbiddenFailsAndInvalidIsRejectedWithTheReason() {
        server.expect()
                .post()
                .withPath(DR_PATH)
                .andReturn(
                        403,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"destinationrules is forbidden: User cannot create\",\"code\":403}")
                .once();
        ActuationResult forbidden = mesh.apply(Decisions.weights("v1", 90, "v2", 10));
        assertThat(forbidden.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(forbidden.reason()).contains("403").contains("forbidden");

        server.expect()
                .post()
                .withPath(VS_PATH)
                .andReturn(
                        422,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"admission webhook validation.istio.io denied the request\",\"code\":422}")
                .once();
        ActuationResult invalid =
                mesh.apply(Decisions.of(ActionType.SET_TIMEOUT, DesiredState.timeout(1000)));
        assertThat(invalid.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(invalid.reason()).contains("422").contains("denied");
        assertThat(sleeps).isEmpty();
    }
}
