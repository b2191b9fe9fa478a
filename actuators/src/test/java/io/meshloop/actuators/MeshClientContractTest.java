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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link MeshClient} contract, run against every implementation: each subclass provides a
 * client on a fresh, empty mesh and direct access to what is stored there.
 */
abstract class MeshClientContractTest {

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
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("DestinationRule", Change.CREATED),
                        org.assertj.core.groups.Tuple.tuple("VirtualService", Change.CREATED));
        assertThat(r.objects()).allSatisfy(o -> assertThat(o.resourceVersion()).isNotBlank());
        assertThat(client().read(TARGET).weights())
                .containsExactly(new VersionWeight("v1", 90), new VersionWeight("v2", 10));

        VirtualService vs = stored(VirtualService.class, NS, SVC);
        assertThat(vs.getMetadata().getLabels()).containsEntry(IstioObjects.MANAGED_BY, "meshloop");

        ActuationResult back = client().apply(Decisions.weights("v1", 100, "v2", 0));
        assertThat(back.objects())
                .extracting(TouchedObject::change)
                .containsExactly(Change.NOOP, Change.PATCHED);
        assertThat(client().read(TARGET).weights())
                .containsExactly(new VersionWeight("v1", 100), new VersionWeight("v2", 0));
    }

    @Test
    void reapplyingTheSameDecisionIsANoopAndWritesNothing() {
        for (Decision d : everyWritingDecision()) {
            client().apply(d);
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
        assertThat(snapshot()).isEmpty();
    }

    @Test
    void alertWritesNothingAndScaleIsRejected() {
        ActuationResult alert = client().apply(Decisions.of(ActionType.ALERT, DesiredState.none()));
        assertThat(alert.outcome()).isEqualTo(Outcome.NOOP);
        ActuationResult scale =
                client().apply(Decisions.of(ActionType.SCALE, DesiredState.replicas(5)));
        assertThat(scale.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(scale.reason()).contains("SCALE");
        assertThat(snapshot()).isEmpty();
    }

    @Test
    void everyActionRoundTripsThroughRead() {
        for (Decision d : everyWritingDecision()) {
            ActuationResult r = client().apply(d);
            assertThat(r.outcome()).as(d.action() + ": " + r.reason()).isEqualTo(Outcome.APPLIED);
        }
        MeshState s = client().read(TARGET);
        assertThat(s.weights())
                .containsExactly(new VersionWeight("v1", 80), new VersionWeight("v2", 20));
        assertThat(s.retries()).isEqualTo(new Retries(2, List.of("5xx", "reset"), 1500));
        assertThat(s.timeoutMillis()).isEqualTo(2500L);
        assertThat(s.ejection()).isEqualTo(new Ejection(List.of("cart-v2-7d9f"), 30, 3, 45_000));
        assertThat(s.connectionLimits()).isEqualTo(new ConnectionLimits(100, 20, 200));
        assertThat(s.failover()).isEqualTo(new Failover("eu-west-1", List.of("eu-central-1")));
        assertThat(s.access()).isEqualTo(new Access(List.of("bot", "scraper"), true));
    }

    @Test
    void fieldsMeshloopDoesNotManageSurvive() {
        VirtualService userVs =
                Manifests.read(
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
                        """,
                        VirtualService.class);
        DestinationRule userDr =
                Manifests.read(
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
                        """,
                        DestinationRule.class);
        seed(userVs);
        seed(userDr);

        for (Decision d :
                List.of(
                        Decisions.weights("v1", 80, "v2", 20),
                        Decisions.of(ActionType.SET_TIMEOUT, DesiredState.timeout(2500)))) {
            ActuationResult r = client().apply(d);
            assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        }

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

    @Test
    void aCatchAllRouteThatWouldShadowMeshloopsIsRejectedNotOverwritten() {
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
        Map<String, String> before = snapshot();

        ActuationResult r =
                client().apply(Decisions.of(ActionType.SET_TIMEOUT, DesiredState.timeout(1000)));

        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.reason()).contains("catch-all route 'default'");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void objectsMeshloopDidNotCreateAreNeverTakenOverOrDeleted() {
        AuthorizationPolicy foreign =
                Manifests.read(
                        """
                        apiVersion: security.istio.io/v1
                        kind: AuthorizationPolicy
                        metadata: {name: cart-meshloop-deny, namespace: shop}
                        spec:
                          action: ALLOW
                        """,
                        AuthorizationPolicy.class);
        seed(foreign);
        VirtualService other =
                Manifests.read(
                        """
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: other, namespace: shop}
                        spec:
                          hosts: [other]
                        """,
                        VirtualService.class);
        seed(other);
        Map<String, String> before = snapshot();

        ActuationResult r =
                client().apply(
                                Decisions.of(
                                        ActionType.DENY_CALLER,
                                        DesiredState.access(new Access(List.of("bot"), false))));

        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.reason()).contains("does not take over");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void liftingADenialKeepsTheObjectAndWritesAnEmptyPolicy() {
        client().apply(
                        Decisions.of(
                                ActionType.DENY_CALLER,
                                DesiredState.access(new Access(List.of("bot"), false))));
        ActuationResult lift =
                client().apply(
                                Decisions.of(
                                        ActionType.DENY_CALLER,
                                        DesiredState.access(new Access(List.of(), false))));

        assertThat(lift.outcome()).as(lift.reason()).isEqualTo(Outcome.APPLIED);
        AuthorizationPolicy ap = stored(AuthorizationPolicy.class, NS, "cart-meshloop-deny");
        assertThat(ap).isNotNull();
        assertThat(ap.getSpec().getRules()).isEmpty();
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
}
