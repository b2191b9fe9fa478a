package io.meshloop.actuators.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshloop.actuators.PermanentMeshException;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Pure builders of the desired Consul config entries, from the decision and the live entry (null
 * when absent); the live entry is never modified. Every entry meshloop writes carries {@code
 * Meta["managed-by"] = "meshloop"}; fields meshloop does not manage are kept.
 *
 * <p>Per target service {@code S} (entry name {@code S}):
 *
 * <ul>
 *   <li>{@code service-resolver}: meshloop adds a subset {@code <v>} ({@code Filter:
 *       Service.Meta.version == <v>}) per version it splits to (existing subsets untouched), and
 *       owns {@code Failover["*"]};
 *   <li>{@code service-splitter}: meshloop owns {@code Splits};
 *   <li>{@code service-router}: meshloop owns its catch-all route ({@code Match.HTTP.PathPrefix
 *       "/"}, appended last, marked by {@link #ROUTE_META}): {@code NumRetries}, {@code RetryOn},
 *       {@code RetryOnStatusCodes}, {@code RequestTimeout};
 *   <li>{@code service-defaults}: {@code MaxInboundConnections} (S's own inbound cap) and {@code
 *       MutualTLSMode}. S's {@code UpstreamConfig} configures S's <em>outgoing</em> calls and is
 *       never touched for a decision about calls to S;
 *   <li>{@code service-defaults} of the decision's {@code target.caller} C (only when set): in the
 *       {@code UpstreamConfig.Overrides} entry {@code {Name: S}} (created if missing, its other
 *       fields kept), {@code Limits} and {@code PassiveHealthCheck}; ejected instances in {@code
 *       Meta["meshloop-eject-instances-S"]}. Consul has request limits and passive health checks
 *       only as upstream (caller-side) config, and {@code proxy-defaults} has no {@code
 *       UpstreamConfig}, so without a caller these parts are not written (EJECT_INSTANCES is
 *       REJECTED, SET_CONNECTION_LIMITS writes only {@code MaxInboundConnections} and says so);
 *   <li>{@code service-intentions}: the {@code deny} sources whose {@code Description} is {@link
 *       #SOURCE_MARK}; other sources are kept, and one for a caller meshloop would deny is never
 *       taken over.
 * </ul>
 */
public final class ConsulEntries {

    public static final String MANAGED_BY = "managed-by";
    public static final String MESHLOOP = "meshloop";

    /** Meta key marking that the last catch-all route of a service-router is meshloop's. */
    public static final String ROUTE_META = "meshloop-route";

    /**
     * Meta keys recording what Consul cannot hold itself, for {@code read}. On the caller's
     * service-defaults, the ejected instances of upstream S are under {@code EJECT_META + "-" + S}.
     */
    public static final String EJECT_META = "meshloop-eject-instances";

    public static final String FAILOVER_FROM_META = "meshloop-failover-from";

    /** Description of the intention sources meshloop owns. */
    public static final String SOURCE_MARK = "managed-by: meshloop";

    /** Fields Consul sets; never part of a comparison or a write. */
    static final List<String> SERVER_FIELDS =
            List.of("CreateIndex", "ModifyIndex", "Hash", "CreateTime", "UpdateTime");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ConsulSettings settings;

    public ConsulEntries(ConsulSettings settings) {
        this.settings = settings;
    }

    /**
     * One entry a decision touches.
     *
     * @param desired from the live entry (null if absent) to the desired one; null for nothing to
     *     write
     */
    public record Plan(String kind, String name, UnaryOperator<ObjectNode> desired) {}

    /**
     * @throws PermanentMeshException REJECTED, naming the action, for SCALE
     */
    public List<Plan> plans(Decision d) {
        String s = d.target().service();
        return switch (d.action()) {
            case SET_WEIGHTS ->
                    List.of(
                            new Plan("service-resolver", s, l -> resolver(d, l)),
                            new Plan("service-splitter", s, l -> splitter(d, l)));
            case FAILOVER -> List.of(new Plan("service-resolver", s, l -> resolver(d, l)));
            case SET_RETRIES, SET_TIMEOUT ->
                    List.of(new Plan("service-router", s, l -> router(d, l)));
            case SET_CONNECTION_LIMITS -> connectionLimitPlans(d);
            case EJECT_INSTANCES -> {
                String c = caller(d);
                if (c == null) {
                    throw PermanentMeshException.rejected(
                            "EJECT_INSTANCES needs target.caller on Consul: passive health checks"
                                    + " exist only in a caller's service-defaults"
                                    + " UpstreamConfig (proxy-defaults has none), and "
                                    + s
                                    + "'s own UpstreamConfig would eject "
                                    + s
                                    + "'s upstreams, not "
                                    + s
                                    + "; nothing written");
                }
                yield List.of(new Plan("service-defaults", c, l -> upstreamOverride(d, l)));
            }
            case REQUIRE_MTLS -> List.of(new Plan("service-defaults", s, l -> defaults(d, l)));
            case DENY_CALLER -> List.of(new Plan("service-intentions", s, l -> intentions(d, l)));
            case ALERT -> List.of();
            case SCALE ->
                    throw PermanentMeshException.rejected(
                            "SCALE is a replica recommendation; mesh actuators do not scale workloads");
        };
    }

    private List<Plan> connectionLimitPlans(Decision d) {
        String s = d.target().service();
        require(d.desired().connectionLimits(), d, "connection_limits");
        String c = caller(d);
        if (c == null) {
            return List.of(new Plan("service-defaults", s, e -> defaults(d, e)));
        }
        return List.of(
                new Plan("service-defaults", s, e -> defaults(d, e)),
                new Plan("service-defaults", c, e -> upstreamOverride(d, e)));
    }

    /** The decision's caller, or null when it has none. */
    static String caller(Decision d) {
        String c = d.target().caller();
        return c == null || c.isBlank() ? null : c;
    }

    /**
     * What was written where beyond the entry listing, and what the decision asks that Consul
     * cannot express and is therefore not written.
     */
    public List<String> notes(Decision d) {
        List<String> out = new ArrayList<>();
        String s = d.target().service();
        var cl = d.desired() == null ? null : d.desired().connectionLimits();
        if (d.action() == io.meshloop.schemas.decision.ActionType.SET_CONNECTION_LIMITS
                && cl != null) {
            String c = caller(d);
            out.add("service-defaults " + s + ": MaxInboundConnections=" + cl.maxConnections());
            if (c != null) {
                out.add(
                        "service-defaults "
                                + c
                                + ": UpstreamConfig.Overrides[Name="
                                + s
                                + "].Limits={MaxConnections="
                                + cl.maxConnections()
                                + ", MaxPendingRequests="
                                + cl.maxPendingRequests()
                                + ", MaxConcurrentRequests="
                                + cl.maxRequests()
                                + "}");
            } else {
                out.add(
                        "not written: MaxPendingRequests="
                                + cl.maxPendingRequests()
                                + ", MaxConcurrentRequests="
                                + cl.maxRequests()
                                + " (Consul has request limits only in a caller's service-defaults"
                                + " UpstreamConfig.Overrides and the decision has no"
                                + " target.caller)");
            }
        }
        if (d.action() == io.meshloop.schemas.decision.ActionType.EJECT_INSTANCES
                && caller(d) != null) {
            out.add(
                    "service-defaults "
                            + caller(d)
                            + ": UpstreamConfig.Overrides[Name="
                            + s
                            + "].PassiveHealthCheck");
        }
        var r = d.desired().retries();
        if (d.action() == io.meshloop.schemas.decision.ActionType.SET_RETRIES
                && r != null
                && r.attempts() > 0
                && r.perTryTimeoutMillis() > 0) {
            out.add("service-router has no per-try timeout (perTryTimeout not written)");
        }
        return out;
    }

    ObjectNode resolver(Decision d, ObjectNode live) {
        ObjectNode e = start("service-resolver", d, live);
        switch (d.action()) {
            case SET_WEIGHTS -> {
                ObjectNode subsets = e.with("Subsets");
                for (VersionWeight w : require(d.desired().weights(), d, "weights")) {
                    if (!subsets.has(w.version())) {
                        subsets.set(
                                w.version(),
                                F.objectNode()
                                        .put(
                                                "Filter",
                                                "Service.Meta."
                                                        + settings.versionMetaKey()
                                                        + " == "
                                                        + w.version()));
                    }
                }
            }
            case FAILOVER -> {
                var f = require(d.desired().failover(), d, "failover");
                if (f.to().isEmpty()) {
                    throw PermanentMeshException.rejected(
                            "failover needs at least one to locality, got " + f);
                }
                ArrayNode dcs = F.arrayNode();
                f.to().forEach(dcs::add);
                e.with("Failover").set("*", F.objectNode().set("Datacenters", dcs));
                if (f.from() == null || f.from().isBlank()) {
                    e.with("Meta").remove(FAILOVER_FROM_META);
                } else {
                    e.with("Meta").put(FAILOVER_FROM_META, f.from());
                }
            }
            default -> throw new IllegalArgumentException(d.action() + " is not a resolver change");
        }
        return e;
    }

    ObjectNode splitter(Decision d, ObjectNode live) {
        ObjectNode e = start("service-splitter", d, live);
        ArrayNode splits = F.arrayNode();
        for (VersionWeight w : require(d.desired().weights(), d, "weights")) {
            splits.add(F.objectNode().put("Weight", w.percent()).put("ServiceSubset", w.version()));
        }
        e.set("Splits", splits);
        return e;
    }

    ObjectNode router(Decision d, ObjectNode live) {
        String s = d.target().service();
        ObjectNode e = start("service-router", d, live);
        ArrayNode routes = e.withArray("Routes");
        ObjectNode route = null;
        if (live != null && live.path("Meta").has(ROUTE_META) && routes.size() > 0) {
            JsonNode last = routes.get(routes.size() - 1);
            if (isMeshloopMatch(last)) {
                route = (ObjectNode) last;
            }
        }
        if (route == null) {
            for (int i = 0; i < routes.size(); i++) {
                if (isCatchAll(routes.get(i))) {
                    throw PermanentMeshException.rejected(
                            "service-router "
                                    + s
                                    + " has a catch-all route #"
                                    + i
                                    + " that would shadow meshloop's; set Meta."
                                    + ROUTE_META
                                    + " and make it the last route with Match.HTTP.PathPrefix \"/\""
                                    + " to hand it over");
                }
            }
            route = F.objectNode();
            route.set("Match", F.objectNode().set("HTTP", F.objectNode().put("PathPrefix", "/")));
            route.set("Destination", F.objectNode().put("Service", s));
            routes.add(route);
        }
        e.with("Meta").put(ROUTE_META, "last");
        ObjectNode dest = route.with("Destination");
        switch (d.action()) {
            case SET_RETRIES -> {
                var r = require(d.desired().retries(), d, "retries");
                dest.remove(List.of("NumRetries", "RetryOn", "RetryOnStatusCodes"));
                if (r.attempts() > 0) {
                    dest.put("NumRetries", r.attempts());
                    ArrayNode on = F.arrayNode();
                    ArrayNode codes = F.arrayNode();
                    for (String c : r.retryOn()) {
                        if (c.strip().matches("[1-5][0-9][0-9]")) {
                            codes.add(Integer.parseInt(c.strip()));
                        } else {
                            on.add(c.strip());
                        }
                    }
                    if (!on.isEmpty()) {
                        dest.set("RetryOn", on);
                    }
                    if (!codes.isEmpty()) {
                        dest.set("RetryOnStatusCodes", codes);
                    }
                } else {
                    dest.put("NumRetries", 0);
                }
            }
            case SET_TIMEOUT ->
                    dest.put(
                            "RequestTimeout",
                            GoDurations.format(
                                    require(d.desired().timeoutMillis(), d, "timeout_millis")));
            default -> throw new IllegalArgumentException(d.action() + " is not a router change");
        }
        return e;
    }

    /** The callee's own service-defaults: its inbound cap, or its mTLS mode. */
    ObjectNode defaults(Decision d, ObjectNode live) {
        String s = d.target().service();
        switch (d.action()) {
            case SET_CONNECTION_LIMITS -> {
                var l = require(d.desired().connectionLimits(), d, "connection_limits");
                return start("service-defaults", s, live)
                        .put("MaxInboundConnections", l.maxConnections());
            }
            case REQUIRE_MTLS -> {
                var a = require(d.desired().access(), d, "access");
                if (live == null && !a.requireMtls()) {
                    return null;
                }
                ObjectNode e = start("service-defaults", s, live);
                if (a.requireMtls()) {
                    e.put("MutualTLSMode", "strict");
                } else {
                    e.remove("MutualTLSMode"); // inherit the proxy-defaults/mesh setting
                }
                return e;
            }
            default -> throw new IllegalArgumentException(d.action() + " is not a defaults change");
        }
    }

    /**
     * The caller's service-defaults: in its {@code UpstreamConfig.Overrides} entry for the callee S
     * (no Peer, Namespace or Partition), {@code Limits} or {@code PassiveHealthCheck}.
     */
    ObjectNode upstreamOverride(Decision d, ObjectNode live) {
        String s = d.target().service();
        String c = caller(d);
        ObjectNode e = start("service-defaults", c, live);
        ArrayNode overrides = e.with("UpstreamConfig").withArray("Overrides");
        ObjectNode o = null;
        for (JsonNode n : overrides) {
            if (isOverrideFor(n, s)) {
                o = (ObjectNode) n;
                break;
            }
        }
        if (o == null) {
            o = F.objectNode().put("Name", s);
            overrides.add(o);
        }
        switch (d.action()) {
            case SET_CONNECTION_LIMITS -> {
                var l = require(d.desired().connectionLimits(), d, "connection_limits");
                o.set(
                        "Limits",
                        F.objectNode()
                                .put("MaxConnections", l.maxConnections())
                                .put("MaxPendingRequests", l.maxPendingRequests())
                                .put("MaxConcurrentRequests", l.maxRequests()));
            }
            case EJECT_INSTANCES -> {
                var x = require(d.desired().ejection(), d, "ejection");
                o.set(
                        "PassiveHealthCheck",
                        F.objectNode()
                                .put("MaxFailures", x.consecutiveErrors())
                                .put("EnforcingConsecutive5xx", 100)
                                .put("MaxEjectionPercent", x.maxEjectionPercent())
                                .put(
                                        "BaseEjectionTime",
                                        GoDurations.format(Math.max(0, x.baseEjectionMillis()))));
                if (x.instances().isEmpty()) {
                    e.with("Meta").remove(ejectMeta(s));
                } else {
                    e.with("Meta").put(ejectMeta(s), String.join(",", x.instances()));
                }
            }
            default ->
                    throw new IllegalArgumentException(d.action() + " is not an upstream change");
        }
        return e;
    }

    /** The Meta key, on a caller's service-defaults, of the instances of S it ejects. */
    static String ejectMeta(String service) {
        return EJECT_META + "-" + service;
    }

    /** The override of a caller's UpstreamConfig that meshloop manages for upstream S. */
    static boolean isOverrideFor(JsonNode override, String service) {
        return service.equals(override.path("Name").asText(null))
                && override.path("Peer").asText("").isEmpty()
                && override.path("Namespace").asText("").isEmpty()
                && override.path("Partition").asText("").isEmpty();
    }

    ObjectNode intentions(Decision d, ObjectNode live) {
        var a = require(d.desired().access(), d, "access");
        if (live == null && a.denyCallers().isEmpty()) {
            return null;
        }
        ObjectNode e = start("service-intentions", d, live);
        ArrayNode kept = F.arrayNode();
        for (JsonNode src : e.withArray("Sources")) {
            boolean mine = SOURCE_MARK.equals(src.path("Description").asText(null));
            if (!mine && a.denyCallers().contains(src.path("Name").asText())) {
                throw PermanentMeshException.rejected(
                        "service-intentions "
                                + d.target().service()
                                + " already has a source '"
                                + src.path("Name").asText()
                                + "' ("
                                + src.path("Action").asText("L7 permissions")
                                + ") that meshloop did not write; meshloop does not take over"
                                + " intentions it did not create");
            }
            if (!mine) {
                kept.add(src);
            }
        }
        for (String caller : a.denyCallers()) {
            kept.add(
                    F.objectNode()
                            .put("Name", caller)
                            .put("Action", "deny")
                            .put("Type", "consul")
                            .put("Precedence", 9)
                            .put("Description", SOURCE_MARK));
        }
        e.set("Sources", kept);
        return e;
    }

    /** A copy of the live entry (or a new one) with meshloop's ownership in Meta. */
    private static ObjectNode start(String kind, Decision d, ObjectNode live) {
        return start(kind, d.target().service(), live);
    }

    /** A copy of the live entry (or a new one named {@code name}) with meshloop's ownership. */
    private static ObjectNode start(String kind, String name, ObjectNode live) {
        ObjectNode e;
        if (live == null) {
            e = F.objectNode().put("Kind", kind).put("Name", name);
        } else {
            e = live.deepCopy();
            e.remove(SERVER_FIELDS);
        }
        e.with("Meta").put(MANAGED_BY, MESHLOOP);
        return e;
    }

    /** The match meshloop's route uses: every path, nothing else. */
    static boolean isMeshloopMatch(JsonNode route) {
        JsonNode http = route.path("Match").path("HTTP");
        return http.size() == 1 && "/".equals(http.path("PathPrefix").asText(null));
    }

    /** A route that matches every request: no match, an empty one, or path prefix "/" only. */
    static boolean isCatchAll(JsonNode route) {
        JsonNode http = route.path("Match").path("HTTP");
        return http.isMissingNode() || http.isNull() || http.isEmpty() || isMeshloopMatch(route);
    }

    private static <T> T require(T part, Decision d, String field) {
        if (part == null) {
            throw PermanentMeshException.rejected(
                    "decision " + d.id() + " (" + d.action() + ") has no desired." + field);
        }
        return part;
    }
}
