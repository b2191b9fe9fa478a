package io.meshloop.actuators.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshloop.actuators.IstioObjects;
import io.meshloop.actuators.KubernetesObjectStore;
import io.meshloop.actuators.Manifests;
import io.meshloop.actuators.MeshClient;
import io.meshloop.actuators.MeshClientContractTest;
import io.meshloop.actuators.MeshState;
import io.meshloop.actuators.ObjectStore;
import io.meshloop.actuators.RetryPolicy;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Change;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState;
import io.meshloop.schemas.decision.DesiredState.Ejection;
import io.meshloop.schemas.decision.DesiredState.Retries;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract on Gateway API (Linkerd flavour) through the fabric8 mock API server in CRUD mode,
 * with the workload's Service {@code shop/cart} present (meshloop never creates Services), plus
 * conflicts, transient and permanent errors, and the Linkerd-specific objects.
 */
@EnableKubernetesMockClient(crud = true)
class GatewayApiMeshClientTest extends MeshClientContractTest.ForMesh {

    private static final String ROUTES =
            "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes";

    KubernetesMockServer server;
    KubernetesClient client; // injected; kube below has fabric8's retries off

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
        mesh = meshOn(new KubernetesObjectStore(kube, false), GatewayApiSettings.ofDefaults());
        kube.resource(
                        Manifests.read(
                                """
                                apiVersion: v1
                                kind: Service
                                metadata:
                                  name: cart
                                  namespace: shop
                                  labels: {app.kubernetes.io/managed-by: Helm}
                                  annotations: {owner: alice}
                                spec:
                                  selector: {app: cart}
                                  ports: [{port: 80}]
                                """,
                                Service.class))
                .create();
    }

    private MeshClient meshOn(ObjectStore store, GatewayApiSettings settings) {
        // The mock server would persist a dryRun=All request, so server dry-run is off here.
        return new GatewayApiMeshClient(
                store,
                settings.withServerDryRun(false),
                retry,
                contractClock(),
                sleeps::add,
                () -> 0.5);
    }

    @Override
    protected MeshClient meshClient() {
        return mesh;
    }

    @Override
    protected void release() {
        kube.close();
    }

    @Override
    protected void seedObject(HasMetadata object) {
        kube.resource(object).create();
    }

    @Override
    protected <T extends HasMetadata> T storedObject(Class<T> type, String namespace, String name) {
        return kube.resources(type).inNamespace(namespace).withName(name).get();
    }

    @Override
    protected Map<String, String> storedVersions() {
        Map<String, String> out = new TreeMap<>();
        List<HasMetadata> all = new ArrayList<>(routes());
        all.addAll(kube.services().inAnyNamespace().list().getItems());
        for (HasMetadata o : all) {
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

    /** HTTPRoutes only: the Service is a core object, validated by the API server itself. */
    @Override
    protected List<JsonNode> storedCustomResources() {
        List<JsonNode> out = new ArrayList<>();
        for (HTTPRoute r : routes()) {
            out.add(Manifests.content(r));
        }
        return out;
    }

    private List<HTTPRoute> routes() {
        return kube.resources(HTTPRoute.class).inAnyNamespace().list().getItems();
    }

    private HTTPRoute route() {
        return storedObject(HTTPRoute.class, NAMESPACE, SERVICE);
    }

    private static HTTPRouteRule rule(HTTPRoute r, String name) {
        return r.getSpec().getRules().stream()
                .filter(x -> name.equals(x.getName()))
                .findFirst()
                .orElseThrow();
    }

    // ---- contract hooks ----

    @Override
    protected Set<ActionType> unsupportedActions() {
        return EnumSet.of(
                ActionType.SCALE,
                ActionType.SET_CONNECTION_LIMITS,
                ActionType.FAILOVER,
                ActionType.DENY_CALLER,
                ActionType.REQUIRE_MTLS);
    }

    @Override
    protected List<Tuple> firstWeightsObjects() {
        return List.of(Tuple.tuple("HTTPRoute", Change.CREATED));
    }

    @Override
    protected List<Change> shiftedWeightsChanges() {
        return List.of(Change.PATCHED);
    }

    @Override
    protected void assertWeightsObjectMarkedManaged() {
        HTTPRoute r = route();
        assertThat(r.getMetadata().getLabels()).containsEntry(IstioObjects.MANAGED_BY, "meshloop");
        assertThat(r.getSpec().getParentRefs())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.getGroup()).isEmpty();
                            assertThat(p.getKind()).isEqualTo("Service");
                            assertThat(p.getName()).isEqualTo("cart");
                        });
        HTTPRouteRule rule = rule(r, "meshloop");
        // the CRD's defaults are written out, so a real API server stores what meshloop compares
        assertThat(Manifests.tree(rule.getMatches()).toString())
                .isEqualTo("[{\"path\":{\"type\":\"PathPrefix\",\"value\":\"/\"}}]");
        assertThat(rule.getBackendRefs())
                .extracting(
                        HTTPBackendRef::getGroup,
                        HTTPBackendRef::getKind,
                        HTTPBackendRef::getName,
                        HTTPBackendRef::getPort,
                        HTTPBackendRef::getWeight)
                .containsExactly(
                        Tuple.tuple("", "Service", "cart-v1", 80, 90),
                        Tuple.tuple("", "Service", "cart-v2", 80, 10));
    }

    /**
     * Retries: Linkerd has no connection-level condition, so {@code reset} is dropped (the result
     * says so). Ejection: failure accrual has no bound on the ejected share, read back as 100.
     */
    @Override
    protected MeshState expectedStateAfterEveryWritingDecision() {
        return new MeshState(
                List.of(new VersionWeight("v1", 80), new VersionWeight("v2", 20)),
                new Retries(2, List.of("5xx"), 1500),
                2500L,
                new Ejection(List.of("cart-v2-7d9f"), 100, 3, 45_000),
                null,
                null,
                null);
    }

    private static final String USER_ROUTE =
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: cart
              namespace: shop
              labels: {team: payments}
              annotations: {owner: alice}
            spec:
              parentRefs:
              - {group: "", kind: Service, name: cart, port: 80}
              rules:
              - name: beta-testers
                matches:
                - headers:
                  - {name: x-beta, value: "1"}
                backendRefs:
                - {name: cart-v2, port: 80}
                timeouts: {request: 9s}
            """;

    @Override
    protected void seedUnmanagedFields() {
        seedObject(Manifests.read(USER_ROUTE, HTTPRoute.class));
    }

    @Override
    protected void assertUnmanagedFieldsSurvived() {
        HTTPRoute user = Manifests.read(USER_ROUTE, HTTPRoute.class);
        HTTPRoute r = route();
        assertThat(r.getMetadata().getLabels())
                .containsEntry("team", "payments")
                .containsEntry(IstioObjects.MANAGED_BY, "meshloop");
        assertThat(r.getMetadata().getAnnotations()).containsEntry("owner", "alice");
        assertThat(Manifests.tree(r.getSpec().getParentRefs()))
                .isEqualTo(Manifests.tree(user.getSpec().getParentRefs()));
        assertThat(r.getSpec().getRules())
                .extracting(HTTPRouteRule::getName)
                .containsExactly("beta-testers", "meshloop");
        assertThat(Manifests.tree(r.getSpec().getRules().get(0)))
                .isEqualTo(Manifests.tree(user.getSpec().getRules().get(0)));
        assertThat(rule(r, "meshloop").getTimeouts().getRequest()).isEqualTo("2s500ms");
    }

    @Override
    protected void seedShadowingCatchAll() {
        seedObject(
                Manifests.read(
                        """
                        apiVersion: gateway.networking.k8s.io/v1
                        kind: HTTPRoute
                        metadata: {name: cart, namespace: shop}
                        spec:
                          parentRefs: [{group: "", kind: Service, name: cart}]
                          rules:
                          - name: default
                            backendRefs: [{name: cart, port: 80}]
                        """,
                        HTTPRoute.class));
    }

    @Override
    protected String shadowingReason() {
        return "catch-all rule 'default'";
    }

    /** A route named like the service but attached to an ingress Gateway is not meshloop's. */
    @Override
    protected Decision seedForeignObjectsAndDecide() {
        seedObject(
                Manifests.read(
                        """
                        apiVersion: gateway.networking.k8s.io/v1
                        kind: HTTPRoute
                        metadata: {name: cart, namespace: shop}
                        spec:
                          parentRefs: [{name: ingress}]
                          hostnames: [shop.example.com]
                          rules:
                          - backendRefs: [{name: cart, port: 80}]
                        """,
                        HTTPRoute.class));
        seedObject(
                Manifests.read(
                        """
                        apiVersion: gateway.networking.k8s.io/v1
                        kind: HTTPRoute
                        metadata: {name: other, namespace: shop}
                        spec:
                          parentRefs: [{group: "", kind: Service, name: other}]
                        """,
                        HTTPRoute.class));
        return decision(ActionType.SET_TIMEOUT, DesiredState.timeout(1000));
    }

    // ---- Gateway API and Linkerd specifics ----

    @Test
    void retriesAreLinkerdAnnotationsAndWhatLinkerdCannotExpressIsReported() {
        ActuationResult r =
                mesh.apply(
                        decision(
                                ActionType.SET_RETRIES,
                                DesiredState.retries(
                                        new Retries(3, List.of("5xx", "reset", "429"), 250))));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.reason()).contains("retryOn [reset] has no Linkerd equivalent");
        assertThat(route().getMetadata().getAnnotations())
                .containsEntry("retry.linkerd.io/http", "5xx,429")
                .containsEntry("retry.linkerd.io/limit", "3")
                .containsEntry("retry.linkerd.io/timeout", "250ms");

        mesh.apply(
                decision(
                        ActionType.SET_RETRIES,
                        DesiredState.retries(new Retries(0, List.of(), 0))));
        assertThat(route().getMetadata().getAnnotations())
                .containsEntry("retry.linkerd.io/limit", "0")
                .doesNotContainKeys("retry.linkerd.io/http", "retry.linkerd.io/timeout");

        ActuationResult none =
                mesh.apply(
                        decision(
                                ActionType.SET_RETRIES,
                                DesiredState.retries(new Retries(2, List.of("reset"), 0))));
        assertThat(none.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(none.reason()).contains("none of retryOn [reset]");
    }

    @Test
    void ejectionAnnotatesTheServiceWithoutLabellingIt() {
        ActuationResult r =
                mesh.apply(
                        decision(
                                ActionType.EJECT_INSTANCES,
                                DesiredState.ejection(
                                        new Ejection(List.of("cart-v2-7d9f"), 30, 3, 90_000))));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.reason()).contains("no maxEjectionPercent");
        Service s = storedObject(Service.class, NAMESPACE, SERVICE);
        assertThat(s.getMetadata().getLabels())
                .containsEntry(IstioObjects.MANAGED_BY, "Helm")
                .hasSize(1);
        assertThat(s.getMetadata().getAnnotations())
                .containsEntry("owner", "alice")
                .containsEntry("balancer.linkerd.io/failure-accrual", "consecutive")
                .containsEntry("balancer.linkerd.io/failure-accrual-consecutive-max-failures", "3")
                .containsEntry(
                        "balancer.linkerd.io/failure-accrual-consecutive-min-penalty", "1m30s")
                .containsEntry(
                        "balancer.linkerd.io/failure-accrual-consecutive-max-penalty", "1m30s")
                .containsEntry(IstioObjects.EJECT_ANNOTATION, "cart-v2-7d9f");
    }

    @Test
    void ejectionOfAServiceThatDoesNotExistFailsWithoutCreatingIt() {
        DecisionTarget ghost = new DecisionTarget("shop", "ghost", null, null, null, null, null);
        DesiredState desired = DesiredState.ejection(new Ejection(List.of(), 10, 5, 30_000));
        Decision d =
                new Decision(
                        Decision.idFor("test", ghost, ActionType.EJECT_INSTANCES, 1L, desired),
                        1L,
                        "test",
                        "outliers",
                        ghost,
                        ActionType.EJECT_INSTANCES,
                        desired,
                        DecisionMode.ENFORCE,
                        "eject",
                        List.of(),
                        null);
        Map<String, String> before = storedVersions();

        ActuationResult r = mesh.apply(d);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.reason()).contains("Service shop/ghost not found");
        assertThat(storedVersions()).isEqualTo(before);
    }

    @Test
    void aBackendRequestTimeoutLongerThanTheRequestTimeoutIsRejected() {
        // the CRD's CEL rule "backendRequest timeout cannot be longer than request timeout"
        mesh.apply(decision(ActionType.SET_TIMEOUT, DesiredState.timeout(5_000)));
        kube.resources(HTTPRoute.class)
                .inNamespace(NAMESPACE)
                .withName(SERVICE)
                .edit(
                        r -> {
                            rule(r, "meshloop").getTimeouts().setBackendRequest("3s");
                            return r;
                        });

        ActuationResult r =
                mesh.apply(decision(ActionType.SET_TIMEOUT, DesiredState.timeout(2_000)));

        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.reason()).contains("backendRequest 3s").contains("exceed timeouts.request 2s");
        assertThat(
                        mesh.apply(decision(ActionType.SET_TIMEOUT, DesiredState.timeout(4_000)))
                                .outcome())
                .isEqualTo(Outcome.APPLIED);
    }

    @Test
    void theBackendNameFormatIsUsedToWriteAndToReadWeights() {
        MeshClient custom =
                meshOn(
                        new KubernetesObjectStore(kube, false),
                        GatewayApiSettings.ofDefaults().withBackendNameFormat("%2$s.%1$s-svc"));

        custom.apply(weightsDecision("stable", 70, "canary", 30));

        assertThat(rule(route(), "meshloop").getBackendRefs())
                .extracting(HTTPBackendRef::getName)
                .containsExactly("stable.cart-svc", "canary.cart-svc");
        assertThat(custom.read(SERVICE_TARGET).weights())
                .containsExactly(new VersionWeight("stable", 70), new VersionWeight("canary", 30));
        // the default format does not recognise these backends: not a version split
        assertThat(mesh.read(SERVICE_TARGET).weights()).isNull();
    }

    @Test
    void aConcurrentWriteBetweenReadAndWriteIsAConflictThatIsRetried() {
        mesh.apply(weightsDecision("v1", 100, "v2", 0));
        KubernetesObjectStore real = new KubernetesObjectStore(kube, false);
        ObjectStore racing =
                new ObjectStore() {
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
                            raced = true; // someone edits the route after our read
                            kube.resources(HTTPRoute.class)
                                    .inNamespace(NAMESPACE)
                                    .withName(SERVICE)
                                    .edit(
                                            r -> {
                                                r.getMetadata()
                                                        .setAnnotations(
                                                                Map.of(
                                                                        "edited-by",
                                                                        "someone-else"));
                                                return r;
                                            });
                        }
                        return real.update(object);
                    }
                };

        ActuationResult r =
                meshOn(racing, GatewayApiSettings.ofDefaults())
                        .apply(weightsDecision("v1", 50, "v2", 50));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.reason()).contains("attempt 2");
        assertThat(sleeps).hasSize(1);
        assertThat(route().getMetadata().getAnnotations())
                .containsEntry("edited-by", "someone-else");
        assertThat(mesh.read(SERVICE_TARGET).weights())
                .extracting(VersionWeight::percent)
                .containsExactly(50, 50);
    }

    @Test
    void aBurstOf5xxAnd429IsRetriedWithGrowingBackoff() {
        server.expect().get().withPath(ROUTES + "/cart").andReturn(503, "unavailable").once();
        server.expect().post().withPath(ROUTES).andReturn(500, "boom").times(2);
        server.expect().post().withPath(ROUTES).andReturn(429, "slow down").once();

        ActuationResult r = mesh.apply(weightsDecision("v1", 90, "v2", 10));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.mesh()).isEqualTo(Mesh.GATEWAY_API);
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800));
    }

    @Test
    void transientErrorsThatOutlastTheRetriesFail() {
        server.expect().get().withPath(ROUTES + "/cart").andReturn(503, "unavailable").always();

        ActuationResult r = mesh.apply(weightsDecision("v1", 90, "v2", 10));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.reason()).contains("gave up after 5 attempts").contains("503");
        assertThat(sleeps).hasSize(4);
    }

    @Test
    void forbiddenFailsAndInvalidIsRejectedWithTheReason() {
        server.expect()
                .post()
                .withPath(ROUTES)
                .andReturn(
                        403,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"httproutes is forbidden\",\"code\":403}")
                .once();
        ActuationResult forbidden = mesh.apply(weightsDecision("v1", 90, "v2", 10));
        assertThat(forbidden.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(forbidden.reason()).contains("403").contains("forbidden");

        server.expect()
                .post()
                .withPath(ROUTES)
                .andReturn(
                        422,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"HTTPRoute.gateway.networking.k8s.io is invalid\",\"code\":422}")
                .once();
        ActuationResult invalid =
                mesh.apply(decision(ActionType.SET_TIMEOUT, DesiredState.timeout(1000)));
        assertThat(invalid.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(invalid.reason()).contains("422").contains("invalid");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void durationsUseTheGatewayApiForm() {
        assertThat(GatewayDurations.format(2500)).isEqualTo("2s500ms");
        assertThat(GatewayDurations.format(30_000)).isEqualTo("30s");
        assertThat(GatewayDurations.format(0)).isEqualTo("0s");
        assertThat(GatewayDurations.format(3_723_004)).isEqualTo("1h2m3s4ms");
        for (long ms : new long[] {0, 1, 999, 1000, 2500, 59_999, 60_000, 3_723_004}) {
            assertThat(GatewayDurations.format(ms)).matches("^([0-9]{1,5}(h|m|s|ms)){1,4}$");
            assertThat(GatewayDurations.parseMillis(GatewayDurations.format(ms))).isEqualTo(ms);
        }
        assertThatThrownBy(() -> GatewayDurations.parseMillis("1.5s"))
                .hasMessageContaining("not a Gateway API duration: '1.5s'");
    }

    @Test
    void settingsRejectBadValuesNamingTheField() {
        assertThatThrownBy(() -> new GatewayApiSettings("Meshloop", "%1$s-%2$s", 80, true))
                .hasMessageContaining("gatewayApi.managedRuleName")
                .hasMessageContaining("'Meshloop'");
        assertThatThrownBy(() -> new GatewayApiSettings("meshloop", "%1$s", 80, true))
                .hasMessageContaining("gatewayApi.backendNameFormat must contain %2$s");
        assertThatThrownBy(() -> new GatewayApiSettings("meshloop", "%1$s-%2$s", 0, true))
                .hasMessageContaining("gatewayApi.backendPort must be in [1, 65535], was 0");
    }
}
