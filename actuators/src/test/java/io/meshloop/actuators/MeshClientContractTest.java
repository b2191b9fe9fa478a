package io.meshloop.actuators;

import static io.meshloop.actuators.Decisions.NS;
import static io.meshloop.actuators.Decisions.SVC;
import static io.meshloop.actuators.Decisions.TARGET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Change;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.actuation.TouchedObject;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.decision.DesiredState;
import io.meshloop.schemas.decision.DesiredState.Access;
import io.meshloop.schemas.decision.DesiredState.ConnectionLimits;
import io.meshloop.schemas.decision.DesiredState.Ejection;
import io.meshloop.schemas.decision.DesiredState.Failover;
import io.meshloop.schemas.decision.DesiredState.Retries;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link MeshClient} contract, run against every implementation: each subclass provides a
 * client on a fresh, empty mesh and direct access to what is stored there.
 *
 * <p>The scenarios that need mesh-specific objects (what to seed, what to look at afterwards) are
 * {@code protected} hooks whose defaults are the Istio objects, so the Istio and GitOps suites run
 * unchanged. Actions a mesh cannot express are declared in {@link #unsupportedActions()}: the suite
 * then asserts that they are {@code REJECTED} with a reason naming the action and write nothing,
 * instead of skipping them. Implementations in other packages extend {@link ForMesh}.
 */
public abstract class MeshClientContractTest {

    static final Clock CLOCK =
            Clock.fixed(Instant.ofEpochMilli(1_740_787_300_000L), ZoneOffset.UTC);

    /** The client under test, on an empty mesh. */
    abstract MeshClient client();

    /** Writes an object directly, as a person or another tool would. */
    abstract void seed(HasMetadata object);

    /** Reads an object directly; null if absent. */
    abstract <T extends HasMetadata> T stored(Class<T> type, String namespace, String name);

    /**
     * Everything that identifies the stored state: object key to resourceVersion (API server), or
     * file to content hash and modification time (GitOps), so "nothing written" is comparable.
     */
    abstract Map<String, String> snapshot();

    /** Every stored object, as JSON trees, for schema validation. */
    abstract List<JsonNode> allStored();

    /** Releases the client; called after the schema check of each test. */
    void close() {}

    // ---- mesh-specific hooks; the defaults describe the Istio objects ----

    /**
     * Actions this mesh cannot express: each must be {@code REJECTED} with a reason naming it,
     * writing nothing. Default: SCALE only.
     */
    protected Set<ActionType> unsupportedActions() {
        return EnumSet.of(ActionType.SCALE);
    }

    /** (kind, change) of the objects of a first SET_WEIGHTS on an empty mesh, in order. */
    protected List<Tuple> firstWeightsObjects() {
        return List.of(
                Tuple.tuple("DestinationRule", Change.CREATED),
                Tuple.tuple("VirtualService", Change.CREATED));
    }

    /** Changes of the objects of a second SET_WEIGHTS with other weights, in order. */
    protected List<Change> shiftedWeightsChanges() {
        return List.of(Change.NOOP, Change.PATCHED);
    }

    /** Asserts that what the weights decision wrote carries meshloop's managed-by mark. */
    protected void assertWeightsObjectMarkedManaged() {
        VirtualService vs = stored(VirtualService.class, NS, SVC);
        assertThat(vs.getMetadata().getLabels()).containsEntry(IstioObjects.MANAGED_BY, "meshloop");
    }

    /**
     * What {@link MeshClient#read} reports after {@link #everyWritingDecision()} was applied (its
     * unsupported actions rejected). Meshes whose mapping is lossy override it and say why.
     */
    protected MeshState expectedStateAfterEveryWritingDecision() {
        return new MeshState(
                List.of(new VersionWeight("v1", 80), new VersionWeight("v2", 20)),
                new Retries(2, List.of("5xx", "reset"), 1500),
                2500L,
                new Ejection(List.of("cart-v2-7d9f"), 30, 3, 45_000),
                new ConnectionLimits(100, 20, 200),
                new Failover("eu-west-1", List.of("eu-central-1")),
                new Access(List.of("bot", "scraper"), true));
    }

    /**
     * Seeds objects shared with people, with fields meshloop does not manage, before a SET_WEIGHTS
     * (v1 80, v2 20) and a SET_TIMEOUT (2500 ms) are applied.
     */
    protected void seedUnmanagedFields() {
        seed(Manifests.read(USER_VS, VirtualService.class));
        seed(Manifests.read(USER_DR, DestinationRule.class));
    }

    /** Asserts that everything {@link #seedUnmanagedFields()} wrote is still there. */
    protected void assertUnmanagedFieldsSurvived() {
        VirtualService userVs = Manifests.read(USER_VS, VirtualService.class);
        VirtualService vs = stored(VirtualService.class, NS, SVC);
        assertThat(vs.getMetadata().getLabels())
                .containsEntry("team", "payments")
                .containsEntry(IstioObjects.MANAGED_BY, "meshloop");
        assertThat(vs.getMetadata().getAnnotations()).containsEntry("owner", "alice");
        assertThat(vs.getSpec().getGateways()).containsExactly("mesh");
        List<HTTPRoute> http = vs.getSpec().getHttp();
        assertThat(http).extracting(HTTPRoute::getName).containsExactly("beta-testers", "meshloop");
        assertThat(Manifests.tree(http.get(0)))
                .isEqualTo(Manifests.tree(userVs.getSpec().getHttp().get(0)));
        assertThat(http.get(1).getTimeout()).isEqualTo("2.5s");

        DestinationRule dr = stored(DestinationRule.class, NS, SVC);
        assertThat(dr.getSpec().getTrafficPolicy().getTls().getMode().toString())
                .isEqualTo("ISTIO_MUTUAL");
        assertThat(dr.getSpec().getSubsets()).hasSize(2);
        assertThat(dr.getSpec().getSubsets().get(0).getLabels())
                .isEqualTo(Map.of("version", "v1", "track", "stable"));
        assertThat(dr.getSpec().getSubsets().get(1).getLabels()).isEqualTo(Map.of("version", "v2"));
    }

    /**
     * Seeds a catch-all route named {@code default} placed before where meshloop's route would go,
     * so that a SET_TIMEOUT must be rejected without writing.
     */
    protected void seedShadowingCatchAll() {
        seed(
                Manifests.read(
                        """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: cart, namespace: shop}
                        spec:
                          hosts: [cart]
                          http:
                          - name: default
                            route:
                            - destination: {host: cart}
                        """,
                        VirtualService.class));
    }

    /** What the rejection of a shadowed route says. */
    protected String shadowingReason() {
        return "catch-all route 'default'";
    }

    /**
     * Seeds an object meshloop would write but did not create (and an unrelated one), and returns
     * the decision that must then be rejected without writing anything.
     */
    protected Decision seedForeignObjectsAndDecide() {
        seed(
                Manifests.read(
                        """
                        apiVersion: security.istio.io/v1
                        kind: AuthorizationPolicy
                        metadata: {name: cart-meshloop-deny, namespace: shop}
                        spec:
                          action: ALLOW
                        """,
                        AuthorizationPolicy.class));
        seed(
                Manifests.read(
                        """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: other, namespace: shop}
                        spec:
                          hosts: [other]
                        """,
                        VirtualService.class));
        return Decisions.of(
                ActionType.DENY_CALLER, DesiredState.access(new Access(List.of("bot"), false)));
    }

    /** Asserts that after a denial was lifted the denying object is still there, denying none. */
    protected void assertLiftedDenialKeptItsObject() {
        AuthorizationPolicy ap = stored(AuthorizationPolicy.class, NS, "cart-meshloop-deny");
        assertThat(ap).isNotNull();
        assertThat(ap.getSpec().getRules()).isEmpty();
    }

    /** Asserts the result of an action this mesh does not support, and that nothing was written. */
    protected final void assertRejectedAsUnsupported(
            Decision d, ActuationResult r, Map<String, String> before) {
        assertThat(r.outcome()).as(d.action() + ": " + r.reason()).isEqualTo(Outcome.REJECTED);
        assertThat(r.reason()).contains(d.action().name());
        assertThat(snapshot()).as(d.action() + " wrote nothing").isEqualTo(before);
    }

    private boolean supports(ActionType action) {
        return !unsupportedActions().contains(action);
    }

    @AfterEach
    void everyStoredObjectMatchesItsCrdSchema() {
        try {
            List<JsonNode> all = allStored();
            for (JsonNode o : all) {
                CrdSchemaValidator.get().assertValid(o);
            }
        } finally {
            close();
        }
    }

    @Test
    void appliesWeightsAndReadsThemBack() {
        ActuationResult r = client().apply(Decisions.weights("v1", 90, "v2", 10));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.mesh()).isEqualTo(client().mesh());
        assertThat(r.time()).isEqualTo(CLOCK.millis());
        assertThat(r.objects())
                .extracting(TouchedObject::kind, TouchedObject::change)
                .containsExactlyElementsOf(firstWeightsObjects());
        assertThat(r.objects()).allSatisfy(o -> assertThat(o.resourceVersion()).isNotBlank());
        assertThat(client().read(TARGET).weights())
                .containsExactly(new VersionWeight("v1", 90), new VersionWeight("v2", 10));

        assertWeightsObjectMarkedManaged();

        ActuationResult back = client().apply(Decisions.weights("v1", 100, "v2", 0));
        assertThat(back.objects())
                .extracting(TouchedObject::change)
                .containsExactlyElementsOf(shiftedWeightsChanges());
        assertThat(client().read(TARGET).weights())
                .containsExactly(new VersionWeight("v1", 100), new VersionWeight("v2", 0));
    }

    @Test
    void reapplyingTheSameDecisionIsANoopAndWritesNothing() {
        for (Decision d : everyWritingDecision()) {
            Map<String, String> beforeFirst = snapshot();
            ActuationResult first = client().apply(d);
            if (!supports(d.action())) {
                assertRejectedAsUnsupported(d, first, beforeFirst);
                continue;
            }
            Map<String, String> before = snapshot();

            ActuationResult again = client().apply(d);

            assertThat(again.outcome())
                    .as(d.action() + ": " + again.reason())
                    .isEqualTo(Outcome.NOOP);
            assertThat(again.objects())
                    .allSatisfy(o -> assertThat(o.change()).isEqualTo(Change.NOOP));
            assertThat(snapshot()).as(d.action().toString()).isEqualTo(before);
        }
    }

    @Test
    void dryRunAndSuppressedDecisionsAreNeverWritten() {
        Map<String, String> initial = snapshot(); // empty unless a suite seeds workloads
        for (DecisionMode mode : List.of(DecisionMode.DRY_RUN, DecisionMode.SUPPRESSED)) {
            Decision d =
                    Decisions.of(
                            ActionType.SET_WEIGHTS,
                            DesiredState.weights(
                                    List.of(
                                            new VersionWeight("v1", 50),
                                            new VersionWeight("v2", 50))),
                            mode);
            ActuationResult r = client().apply(d);
            assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED_DRY_RUN);
            assertThat(r.objects()).isEmpty();
        }
        assertThat(snapshot()).isEqualTo(initial);
    }

    @Test
    void alertWritesNothingAndScaleIsRejected() {
        Map<String, String> initial = snapshot(); // empty unless a suite seeds workloads
        ActuationResult alert = client().apply(Decisions.of(ActionType.ALERT, DesiredState.none()));
        assertThat(alert.outcome()).isEqualTo(Outcome.NOOP);
        ActuationResult scale =
                client().apply(Decisions.of(ActionType.SCALE, DesiredState.replicas(5)));
        assertThat(scale.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(scale.reason()).contains("SCALE");
        assertThat(snapshot()).isEqualTo(initial);
    }

    @Test
    void everyActionRoundTripsThroughRead() {
        List<ActionType> supported = new ArrayList<>();
        for (Decision d : everyWritingDecision()) {
            Map<String, String> before = snapshot();
            ActuationResult r = client().apply(d);
            if (supports(d.action())) {
                supported.add(d.action());
                assertThat(r.outcome())
                        .as(d.action() + ": " + r.reason())
                        .isEqualTo(Outcome.APPLIED);
            } else {
                assertRejectedAsUnsupported(d, r, before);
            }
        }
        assertThat(supported).contains(ActionType.SET_WEIGHTS);
        MeshState s = client().read(TARGET);
        MeshState want = expectedStateAfterEveryWritingDecision();
        assertThat(s.weights()).isEqualTo(want.weights());
        assertThat(s.retries()).isEqualTo(want.retries());
        assertThat(s.timeoutMillis()).isEqualTo(want.timeoutMillis());
        assertThat(s.ejection()).isEqualTo(want.ejection());
        assertThat(s.connectionLimits()).isEqualTo(want.connectionLimits());
        assertThat(s.failover()).isEqualTo(want.failover());
        assertThat(s.access()).isEqualTo(want.access());
    }

    @Test
    void fieldsMeshloopDoesNotManageSurvive() {
        seedUnmanagedFields();

        for (Decision d :
                List.of(
                        Decisions.weights("v1", 80, "v2", 20),
                        Decisions.of(ActionType.SET_TIMEOUT, DesiredState.timeout(2500)))) {
            ActuationResult r = client().apply(d);
            assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        }

        assertUnmanagedFieldsSurvived();
    }

    @Test
    void aCatchAllRouteThatWouldShadowMeshloopsIsRejectedNotOverwritten() {
        seedShadowingCatchAll();
        Map<String, String> before = snapshot();

        ActuationResult r =
                client().apply(Decisions.of(ActionType.SET_TIMEOUT, DesiredState.timeout(1000)));

        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.reason()).contains(shadowingReason());
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void objectsMeshloopDidNotCreateAreNeverTakenOverOrDeleted() {
        Decision d = seedForeignObjectsAndDecide();
        Map<String, String> before = snapshot();

        ActuationResult r = client().apply(d);

        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.reason()).contains("does not take over");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void liftingADenialKeepsTheObjectAndWritesAnEmptyPolicy() {
        Decision deny =
                Decisions.of(
                        ActionType.DENY_CALLER,
                        DesiredState.access(new Access(List.of("bot"), false)));
        if (!supports(ActionType.DENY_CALLER)) {
            Map<String, String> before = snapshot();
            assertRejectedAsUnsupported(deny, client().apply(deny), before);
            return;
        }
        client().apply(deny);
        ActuationResult lift =
                client().apply(
                                Decisions.of(
                                        ActionType.DENY_CALLER,
                                        DesiredState.access(new Access(List.of(), false))));

        assertThat(lift.outcome()).as(lift.reason()).isEqualTo(Outcome.APPLIED);
        assertLiftedDenialKeptItsObject();
        assertThat(client().read(TARGET).access().denyCallers()).isEmpty();
    }

    /**
     * One decision per action that writes, with the values everyActionRoundTripsThroughRead reads.
     */
    static List<Decision> everyWritingDecision() {
        return List.of(
                Decisions.weights("v1", 80, "v2", 20),
                Decisions.of(
                        ActionType.SET_RETRIES,
                        DesiredState.retries(new Retries(2, List.of("5xx", "reset"), 1500))),
                Decisions.of(ActionType.SET_TIMEOUT, DesiredState.timeout(2500)),
                Decisions.of(
                        ActionType.EJECT_INSTANCES,
                        DesiredState.ejection(
                                new Ejection(List.of("cart-v2-7d9f"), 30, 3, 45_000))),
                Decisions.of(
                        ActionType.SET_CONNECTION_LIMITS,
                        DesiredState.connectionLimits(new ConnectionLimits(100, 20, 200))),
                Decisions.of(
                        ActionType.FAILOVER,
                        DesiredState.failover(new Failover("eu-west-1", List.of("eu-central-1")))),
                Decisions.of(
                        ActionType.DENY_CALLER,
                        DesiredState.access(new Access(List.of("bot", "scraper"), false))),
                Decisions.of(
                        ActionType.REQUIRE_MTLS, DesiredState.access(new Access(List.of(), true))));
    }

    private static final String USER_VS =
            """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: cart
              namespace: shop
              labels: {team: payments}
              annotations: {owner: alice}
            spec:
              hosts: [cart]
              gateways: [mesh]
              http:
              - name: beta-testers
                match:
                - headers:
                    x-beta: {exact: "1"}
                route:
                - destination: {host: cart, subset: v2}
                timeout: 9s
            """;

    private static final String USER_DR =
            """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: cart, namespace: shop}
            spec:
              host: cart
              trafficPolicy:
                tls: {mode: ISTIO_MUTUAL}
              subsets:
              - name: v1
                labels: {version: v1, track: stable}
            """;

    /**
     * The suite for implementations outside this package, which cannot implement its
     * package-private hooks: the same hooks, {@code protected}. A mesh whose objects are not
     * Kubernetes objects must override every scenario hook that seeds or inspects objects; the
     * Kubernetes-object accessors then fail loudly if a default is still reached.
     */
    public abstract static class ForMesh extends MeshClientContractTest {

        /** The client under test, on an empty mesh (or one holding only seeded workloads). */
        protected abstract MeshClient meshClient();

        /** Identity of the stored state (object key to version), so "nothing written" compares. */
        protected abstract Map<String, String> storedVersions();

        /** Every stored Kubernetes object, as JSON, to validate against its CRD; empty if none. */
        protected abstract List<JsonNode> storedCustomResources();

        /** Writes a Kubernetes object directly, as a person would. */
        protected void seedObject(HasMetadata object) {
            throw new UnsupportedOperationException(
                    getClass().getSimpleName()
                            + " stores no Kubernetes objects: override the scenario hook that"
                            + " seeds "
                            + object.getKind());
        }

        /** Reads a Kubernetes object directly; null if absent. */
        protected <T extends HasMetadata> T storedObject(
                Class<T> type, String namespace, String name) {
            throw new UnsupportedOperationException(
                    getClass().getSimpleName()
                            + " stores no Kubernetes objects: override the scenario hook that"
                            + " reads "
                            + type.getSimpleName());
        }

        /** Releases the client after each test. */
        protected void release() {}

        @Override
        final MeshClient client() {
            return meshClient();
        }

        @Override
        final void seed(HasMetadata object) {
            seedObject(object);
        }

        @Override
        final <T extends HasMetadata> T stored(Class<T> type, String namespace, String name) {
            return storedObject(type, namespace, name);
        }

        @Override
        final Map<String, String> snapshot() {
            return storedVersions();
        }

        @Override
        final List<JsonNode> allStored() {
            return storedCustomResources();
        }

        @Override
        final void close() {
            release();
        }

        /** The namespace, service and target every decision of the suite acts on. */
        protected static final String NAMESPACE = NS;

        protected static final String SERVICE = SVC;
        protected static final io.meshloop.schemas.decision.DecisionTarget SERVICE_TARGET = TARGET;

        /** The fixed clock the suite expects results to be stamped with. */
        protected static Clock contractClock() {
            return CLOCK;
        }

        /** The writing decisions of the suite, for mesh-specific tests. */
        protected static List<Decision> writingDecisions() {
            return everyWritingDecision();
        }

        /** An enforced decision on the suite's target. */
        protected static Decision decision(ActionType action, DesiredState desired) {
            return Decisions.of(action, desired);
        }

        /** SET_WEIGHTS on the suite's target: version, percent, version, percent, ... */
        protected static Decision weightsDecision(Object... versionPercent) {
            return Decisions.weights(versionPercent);
        }
    }
}
