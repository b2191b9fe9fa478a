package io.meshloop.actuators.consul;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshloop.actuators.MeshClient;
import io.meshloop.actuators.MeshClientContractTest;
import io.meshloop.actuators.MeshState;
import io.meshloop.actuators.RetryPolicy;
import io.meshloop.schemas.actuation.ActuationResult;
import io.meshloop.schemas.actuation.Change;
import io.meshloop.schemas.actuation.Mesh;
import io.meshloop.schemas.actuation.Outcome;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState;
import io.meshloop.schemas.decision.DesiredState.Access;
import io.meshloop.schemas.decision.DesiredState.ConnectionLimits;
import io.meshloop.schemas.decision.DesiredState.Ejection;
import io.meshloop.schemas.decision.DesiredState.Failover;
import io.meshloop.schemas.decision.DesiredState.Retries;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract on Consul, against {@link FakeConsul}, plus CAS races and HTTP errors. */
class ConsulMeshClientTest extends MeshClientContractTest.ForMesh {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeConsul consul;
    private final List<Duration> sleeps = new ArrayList<>();
    private MeshClient mesh;

    @BeforeEach
    void setUp() throws IOException {
        consul = new FakeConsul();
        ConsulSettings settings = ConsulSettings.of(consul.address());
        mesh =
                new ConsulMeshClient(
                        new ConsulConfigApi(HttpClient.newHttpClient(), settings),
                        settings,
                        new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.2),
                        contractClock(),
                        sleeps::add,
                        () -> 0.5);
    }

    @Override
    protected MeshClient meshClient() {
        return mesh;
    }

    @Override
    protected Map<String, String> storedVersions() {
        return consul.versions();
    }

    /** Config entries are not Kubernetes custom resources: there is no CRD to validate. */
    @Override
    protected List<JsonNode> storedCustomResources() {
        return List.of();
    }

    @Override
    protected void release() {
        consul.close();
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- contract hooks ----

    @Override
    protected List<Tuple> firstWeightsObjects() {
        return List.of(
                Tuple.tuple("service-resolver", Change.CREATED),
                Tuple.tuple("service-splitter", Change.CREATED));
    }

    @Override
    protected void assertWeightsObjectMarkedManaged() {
        ObjectNode splitter = consul.entry("service-splitter", SERVICE);
        assertThat(splitter.path("Meta").path("managed-by").asText()).isEqualTo("meshloop");
        assertThat(splitter.path("Splits").toString())
                .isEqualTo(
                        "[{\"Weight\":90,\"ServiceSubset\":\"v1\"},{\"Weight\":10,\"ServiceSubset\":\"v2\"}]");
        ObjectNode resolver = consul.entry("service-resolver", SERVICE);
        assertThat(resolver.path("Meta").path("managed-by").asText()).isEqualTo("meshloop");
        assertThat(resolver.path("Subsets").path("v2").path("Filter").asText())
                .isEqualTo("Service.Meta.version == v2");
    }

    /**
     * The suite's target has no caller: Consul has passive health checks only in a caller's
     * UpstreamConfig, so EJECT_INSTANCES is rejected (see {@link
     * #ejectionWithACallerGoesToTheCallersOverride}).
     */
    @Override
    protected Set<ActionType> unsupportedActions() {
        return EnumSet.of(ActionType.SCALE, ActionType.EJECT_INSTANCES);
    }

    /**
     * service-router has no per-try timeout: read back as 0 (the result says it was dropped).
     * Without a caller only the inbound cap (MaxInboundConnections) is written and no ejection:
     * neither reads back as a complete ConnectionLimits/Ejection.
     */
    @Override
    protected MeshState expectedStateAfterEveryWritingDecision() {
        return new MeshState(
                List.of(new VersionWeight("v1", 80), new VersionWeight("v2", 20)),
                new Retries(2, List.of("5xx", "reset"), 0),
                2500L,
                null,
                null,
                new Failover("eu-west-1", List.of("eu-central-1")),
                new Access(List.of("bot", "scraper"), true));
    }

    private static final String USER_ROUTER =
            """
            {"Kind": "service-router", "Name": "cart", "Meta": {"owner": "alice"},
             "Routes": [{"Match": {"HTTP": {"Header": [{"Name": "x-beta", "Exact": "1"}]}},
                         "Destination": {"Service": "cart", "ServiceSubset": "v2", "RequestTimeout": "9s"}}]}
            """;
    private static final String USER_RESOLVER =
            """
            {"Kind": "service-resolver", "Name": "cart", "ConnectTimeout": "15s",
             "Subsets": {"v1": {"Filter": "Service.Meta.version == v1 and Service.Meta.track == stable"}}}
            """;

    @Override
    protected void seedUnmanagedFields() {
        consul.seed(json(USER_ROUTER));
        consul.seed(json(USER_RESOLVER));
    }

    @Override
    protected void assertUnmanagedFieldsSurvived() {
        ObjectNode router = consul.entry("service-router", SERVICE);
        assertThat(router.path("Meta").path("owner").asText()).isEqualTo("alice");
        assertThat(router.path("Meta").path("managed-by").asText()).isEqualTo("meshloop");
        assertThat(router.path("Routes")).hasSize(2);
        assertThat(router.path("Routes").get(0)).isEqualTo(json(USER_ROUTER).path("Routes").get(0));
        assertThat(router.path("Routes").get(1).toString())
                .isEqualTo(
                        "{\"Match\":{\"HTTP\":{\"PathPrefix\":\"/\"}},\"Destination\":{\"Service\":\"cart\",\"RequestTimeout\":\"2.5s\"}}");
        ObjectNode resolver = consul.entry("service-resolver", SERVICE);
        assertThat(resolver.path("ConnectTimeout").asText()).isEqualTo("15s");
        assertThat(resolver.path("Subsets").path("v1"))
                .isEqualTo(json(USER_RESOLVER).path("Subsets").path("v1"));
        assertThat(resolver.path("Subsets").path("v2").path("Filter").asText())
                .isEqualTo("Service.Meta.version == v2");
    }

    @Override
    protected void seedShadowingCatchAll() {
        consul.seed(
                json(
                        """
                        {"Kind": "service-router", "Name": "cart",
                         "Routes": [{"Destination": {"Service": "cart-legacy"}}]}
                        """));
    }

    @Override
    protected String shadowingReason() {
        return "catch-all route #0";
    }

    @Override
    protected Decision seedForeignObjectsAndDecide() {
        consul.seed(
                json(
                        """
                        {"Kind": "service-intentions", "Name": "cart",
                         "Sources": [{"Name": "bot", "Action": "allow", "Type": "consul"}]}
                        """));
        consul.seed(json("{\"Kind\": \"service-splitter\", \"Name\": \"other\", \"Splits\": []}"));
        return decision(
                ActionType.DENY_CALLER, DesiredState.access(new Access(List.of("bot"), false)));
    }

    @Override
    protected void assertLiftedDenialKeptItsObject() {
        ObjectNode intentions = consul.entry("service-intentions", SERVICE);
        assertThat(intentions).isNotNull();
        assertThat(intentions.path("Sources")).isEmpty();
    }

    // ---- Consul specifics ----

    @Test
    void otherSourcesOfTheIntentionsAreKeptAndMeshloopsAreMarked() {
        consul.seed(
                json(
                        """
                        {"Kind": "service-intentions", "Name": "cart",
                         "Sources": [{"Name": "web", "Action": "allow", "Type": "consul"}]}
                        """));

        ActuationResult r =
                mesh.apply(
                        decision(
                                ActionType.DENY_CALLER,
                                DesiredState.access(new Access(List.of("bot"), false))));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        JsonNode sources = consul.entry("service-intentions", SERVICE).path("Sources");
        assertThat(sources.toString())
                .isEqualTo(
                        "[{\"Name\":\"web\",\"Action\":\"allow\",\"Type\":\"consul\"},"
                                + "{\"Name\":\"bot\",\"Action\":\"deny\",\"Type\":\"consul\","
                                + "\"Precedence\":9,\"Description\":\"managed-by: meshloop\"}]");
    }

    @Test
    void retriesSplitConditionsFromStatusCodesAndReportTheDroppedPerTryTimeout() {
        ActuationResult r =
                mesh.apply(
                        decision(
                                ActionType.SET_RETRIES,
                                DesiredState.retries(
                                        new Retries(3, List.of("connect-failure", "503"), 200))));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.reason()).contains("no per-try timeout");
        JsonNode dest =
                consul.entry("service-router", SERVICE).path("Routes").get(0).path("Destination");
        assertThat(dest.toString())
                .isEqualTo(
                        "{\"Service\":\"cart\",\"NumRetries\":3,\"RetryOn\":[\"connect-failure\"],"
                                + "\"RetryOnStatusCodes\":[503]}");
    }

    @Test
    void aConcurrentWriterWinningTheCasIsRetriedAndItsChangeKept() {
        mesh.apply(weightsDecision("v1", 100, "v2", 0));
        consul.raceNextWrite(e -> e.with("Meta").put("edited-by", "someone-else"));

        ActuationResult r = mesh.apply(weightsDecision("v1", 50, "v2", 50));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.reason()).contains("attempt 2");
        assertThat(sleeps).hasSize(1);
        ObjectNode splitter = consul.entry("service-splitter", SERVICE);
        assertThat(splitter.path("Meta").path("edited-by").asText()).isEqualTo("someone-else");
        assertThat(r.objects().get(1).resourceVersion())
                .isEqualTo(splitter.path("ModifyIndex").asText());
        assertThat(mesh.read(SERVICE_TARGET).weights())
                .extracting(VersionWeight::percent)
                .containsExactly(50, 50);
    }

    @Test
    void createIsCasZeroSoAnEntryThatAppearedMeanwhileIsAConflict() {
        consul.raceNextWrite(e -> {}); // nothing stored yet: the race is a no-op
        ActuationResult r =
                mesh.apply(decision(ActionType.SET_TIMEOUT, DesiredState.timeout(1000)));
        assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(r.objects().get(0).change()).isEqualTo(Change.CREATED);
        assertThat(consul.entry("service-router", SERVICE).path("CreateIndex").asLong())
                .isEqualTo(consul.entry("service-router", SERVICE).path("ModifyIndex").asLong());
    }

    @Test
    void aBurstOf5xxAnd429IsRetriedWithGrowingBackoff() {
        consul.failNext(503, 1);
        consul.failNext(500, 2);
        consul.failNext(429, 1);

        ActuationResult r = mesh.apply(weightsDecision("v1", 90, "v2", 10));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.mesh()).isEqualTo(Mesh.CONSUL);
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800));
    }

    @Test
    void transientErrorsThatOutlastTheRetriesFail() {
        consul.failNext(503, 100);

        ActuationResult r = mesh.apply(weightsDecision("v1", 90, "v2", 10));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.reason()).contains("gave up after 5 attempts").contains("503");
        assertThat(sleeps).hasSize(4);
    }

    @Test
    void aclDeniedFailsAndInvalidIsRejectedWithTheReason() {
        consul.failNext(403, 1);
        ActuationResult denied = mesh.apply(weightsDecision("v1", 90, "v2", 10));
        assertThat(denied.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(denied.reason()).contains("HTTP 403");

        consul.failNextWrite(400);
        int before = consul.writes();
        ActuationResult invalid =
                mesh.apply(decision(ActionType.SET_TIMEOUT, DesiredState.timeout(1000)));
        assertThat(invalid.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(invalid.reason()).contains("HTTP 400").contains("Invalid config entry");
        assertThat(consul.writes()).isEqualTo(before);
        assertThat(sleeps).isEmpty();
    }

    // ---- connection limits and ejection: the callee's UpstreamConfig is never touched ----

    private static final String CALLEE_DEFAULTS =
            """
            {"Kind": "service-defaults", "Name": "cart", "Protocol": "http",
             "UpstreamConfig": {"Defaults": {"Limits": {"MaxConnections": 7}}}}
            """;
    private static final String CALLER_DEFAULTS =
            """
            {"Kind": "service-defaults", "Name": "web", "Meta": {"owner": "bob"},
             "UpstreamConfig": {"Overrides": [{"Name": "db", "ConnectTimeoutMs": 900},
                                              {"Name": "cart", "ConnectTimeoutMs": 1200}]}}
            """;

    private static final DecisionTarget FROM_WEB =
            new DecisionTarget(null, SERVICE, null, null, null, "web", null);

    private static Decision fromWeb(ActionType action, DesiredState desired) {
        Decision d = decision(action, desired);
        return new Decision(
                d.id(),
                d.time(),
                d.policy(),
                d.loop(),
                FROM_WEB,
                action,
                desired,
                d.mode(),
                d.summary(),
                d.evidence(),
                d.revertOf());
    }

    @Test
    void connectionLimitsWithoutACallerWriteOnlyTheInboundCapAndSaySo() {
        consul.seed(json(CALLEE_DEFAULTS));

        ActuationResult r =
                mesh.apply(
                        decision(
                                ActionType.SET_CONNECTION_LIMITS,
                                DesiredState.connectionLimits(new ConnectionLimits(100, 20, 200))));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.objects())
                .extracting(o -> o.kind(), o -> o.name(), o -> o.change())
                .containsExactly(Tuple.tuple("service-defaults", "cart", Change.PATCHED));
        assertThat(r.reason())
                .contains("service-defaults cart: MaxInboundConnections=100")
                .contains("not written: MaxPendingRequests=20, MaxConcurrentRequests=200")
                .contains("no target.caller");
        ObjectNode cart = consul.entry("service-defaults", SERVICE);
        assertThat(cart.path("MaxInboundConnections").asInt()).isEqualTo(100);
        assertThat(cart.path("UpstreamConfig"))
                .isEqualTo(json(CALLEE_DEFAULTS).path("UpstreamConfig"));
        assertThat(cart.path("Protocol").asText()).isEqualTo("http");
        assertThat(consul.entry("service-defaults", "web")).isNull();
        assertThat(mesh.read(SERVICE_TARGET).connectionLimits()).isNull();
    }

    @Test
    void connectionLimitsWithACallerGoToTheCalleesInboundCapAndTheCallersOverride() {
        consul.seed(json(CALLEE_DEFAULTS));
        consul.seed(json(CALLER_DEFAULTS));
        Decision d =
                fromWeb(
                        ActionType.SET_CONNECTION_LIMITS,
                        DesiredState.connectionLimits(new ConnectionLimits(100, 20, 200)));

        ActuationResult r = mesh.apply(d);

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.objects())
                .extracting(o -> o.kind(), o -> o.name(), o -> o.change())
                .containsExactly(
                        Tuple.tuple("service-defaults", "cart", Change.PATCHED),
                        Tuple.tuple("service-defaults", "web", Change.PATCHED));
        assertThat(r.reason())
                .contains("service-defaults cart: MaxInboundConnections=100")
                .contains(
                        "service-defaults web: UpstreamConfig.Overrides[Name=cart].Limits="
                                + "{MaxConnections=100, MaxPendingRequests=20,"
                                + " MaxConcurrentRequests=200}")
                .doesNotContain("not written");
        ObjectNode cart = consul.entry("service-defaults", SERVICE);
        assertThat(cart.path("MaxInboundConnections").asInt()).isEqualTo(100);
        assertThat(cart.path("UpstreamConfig"))
                .isEqualTo(json(CALLEE_DEFAULTS).path("UpstreamConfig"));
        ObjectNode web = consul.entry("service-defaults", "web");
        assertThat(web.path("Meta").path("owner").asText()).isEqualTo("bob");
        assertThat(web.path("Meta").path("managed-by").asText()).isEqualTo("meshloop");
        assertThat(web.path("UpstreamConfig").path("Overrides").toString())
                .isEqualTo(
                        "[{\"Name\":\"db\",\"ConnectTimeoutMs\":900},"
                                + "{\"Name\":\"cart\",\"ConnectTimeoutMs\":1200,"
                                + "\"Limits\":{\"MaxConnections\":100,\"MaxPendingRequests\":20,"
                                + "\"MaxConcurrentRequests\":200}}]");
        assertThat(mesh.read(FROM_WEB).connectionLimits())
                .isEqualTo(new ConnectionLimits(100, 20, 200));

        Map<String, String> before = consul.versions();
        ActuationResult again = mesh.apply(d);
        assertThat(again.outcome()).as(again.reason()).isEqualTo(Outcome.NOOP);
        assertThat(consul.versions()).isEqualTo(before);
    }

    @Test
    void ejectionWithACallerGoesToTheCallersOverride() {
        consul.seed(json(CALLEE_DEFAULTS));
        Map<String, String> calleeBefore =
                Map.of(
                        "cart",
                        consul.entry("service-defaults", SERVICE).path("ModifyIndex").asText());
        Decision d =
                fromWeb(
                        ActionType.EJECT_INSTANCES,
                        DesiredState.ejection(
                                new Ejection(List.of("cart-v2-7d9f"), 30, 3, 45_000)));

        ActuationResult r = mesh.apply(d);

        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(r.objects())
                .extracting(o -> o.kind(), o -> o.name(), o -> o.change())
                .containsExactly(Tuple.tuple("service-defaults", "web", Change.CREATED));
        assertThat(r.reason())
                .contains(
                        "service-defaults web: UpstreamConfig.Overrides[Name=cart].PassiveHealthCheck");
        ObjectNode cart = consul.entry("service-defaults", SERVICE);
        assertThat(cart.path("ModifyIndex").asText()).isEqualTo(calleeBefore.get("cart"));
        assertThat(cart.path("UpstreamConfig"))
                .isEqualTo(json(CALLEE_DEFAULTS).path("UpstreamConfig"));
        ObjectNode web = consul.entry("service-defaults", "web");
        assertThat(web.path("UpstreamConfig").path("Overrides").toString())
                .isEqualTo(
                        "[{\"Name\":\"cart\",\"PassiveHealthCheck\":{\"MaxFailures\":3,"
                                + "\"EnforcingConsecutive5xx\":100,\"MaxEjectionPercent\":30,"
                                + "\"BaseEjectionTime\":\"45s\"}}]");
        assertThat(web.path("UpstreamConfig").has("Defaults")).isFalse();
        assertThat(web.path("Meta").path("meshloop-eject-instances-cart").asText())
                .isEqualTo("cart-v2-7d9f");
        assertThat(mesh.read(FROM_WEB).ejection())
                .isEqualTo(new Ejection(List.of("cart-v2-7d9f"), 30, 3, 45_000));
        assertThat(mesh.read(SERVICE_TARGET).ejection()).isNull();
    }

    @Test
    void durationsAreWrittenAsGoPrintsThem() {
        assertThat(GoDurations.format(2500)).isEqualTo("2.5s");
        assertThat(GoDurations.format(45_000)).isEqualTo("45s");
        assertThat(GoDurations.format(90_000)).isEqualTo("1m30s");
        assertThat(GoDurations.format(250)).isEqualTo("250ms");
        assertThat(GoDurations.format(3_600_000)).isEqualTo("1h0m0s");
        for (long ms : new long[] {0, 1, 250, 1000, 2500, 90_000, 3_723_004}) {
            assertThat(GoDurations.parseMillis(GoDurations.format(ms))).isEqualTo(ms);
        }
    }
}
