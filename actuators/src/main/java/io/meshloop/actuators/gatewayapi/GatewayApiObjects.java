package io.meshloop.actuators.gatewayapi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteTimeouts;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.meshloop.actuators.IstioObjects;
import io.meshloop.actuators.IstioObjects.Plan;
import io.meshloop.actuators.Manifests;
import io.meshloop.actuators.PermanentMeshException;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure builders of the desired Gateway API objects (GAMMA mesh attachment, as Linkerd reads them):
 * each takes the decision and the live object and returns the object as it should be, changing only
 * what meshloop manages. No I/O; {@link GatewayApiMeshClient} reads, diffs and writes.
 *
 * <p>Per target service {@code S} in namespace {@code N}:
 *
 * <ul>
 *   <li>HTTPRoute {@code N/S} ({@code gateway.networking.k8s.io/v1}), attached to the Service
 *       ({@code parentRefs: [{group: "", kind: Service, name: S}]}), shared with people: meshloop
 *       owns the rule named {@link GatewayApiSettings#managedRuleName()} (weighted {@code
 *       backendRefs}, {@code timeouts.request}) and the Linkerd retry annotations, and adds the
 *       {@code managed-by} label. A route of that name not attached to Service {@code S} (e.g. an
 *       ingress route) is never taken over.
 *   <li>Service {@code N/S}, never created or labelled by meshloop (it belongs to whoever deploys
 *       the workload, often Helm, which owns the {@code managed-by} label): meshloop writes only
 *       the Linkerd failure-accrual annotations and {@link IstioObjects#EJECT_ANNOTATION}.
 * </ul>
 *
 * <p>The standard channel of Gateway API v1.6.1 (the CRD meshloop validates against) has no {@code
 * rules[].retry} (GEP-1731 is experimental), so retries are Linkerd's annotations on the HTTPRoute;
 * they apply to every rule of that route, not only meshloop's.
 */
public final class GatewayApiObjects {

    public static final String RETRY_HTTP = "retry.linkerd.io/http";
    public static final String RETRY_LIMIT = "retry.linkerd.io/limit";
    public static final String RETRY_TIMEOUT = "retry.linkerd.io/timeout";
    public static final String FAILURE_ACCRUAL = "balancer.linkerd.io/failure-accrual";
    public static final String MAX_FAILURES =
            "balancer.linkerd.io/failure-accrual-consecutive-max-failures";
    public static final String MIN_PENALTY =
            "balancer.linkerd.io/failure-accrual-consecutive-min-penalty";
    public static final String MAX_PENALTY =
            "balancer.linkerd.io/failure-accrual-consecutive-max-penalty";

    /** Linkerd's default maximum failure-accrual penalty, ms; raised to the base when lower. */
    static final long DEFAULT_MAX_PENALTY_MILLIS = 60_000L;

    private final GatewayApiSettings settings;

    public GatewayApiObjects(GatewayApiSettings settings) {
        this.settings = settings;
    }

    /**
     * The objects a decision touches.
     *
     * @throws PermanentMeshException REJECTED, naming the action, for what Gateway API and Linkerd
     *     annotations cannot express
     */
    public List<Plan<?>> plans(Decision d) {
        DecisionTarget t = d.target();
        String ns = IstioObjects.namespace(t);
        return switch (d.action()) {
            case SET_WEIGHTS, SET_TIMEOUT, SET_RETRIES ->
                    List.of(
                            new Plan<>(
                                    HTTPRoute.class,
                                    "HTTPRoute",
                                    ns,
                                    t.service(),
                                    l -> httpRoute(d, l)));
            case EJECT_INSTANCES ->
                    List.of(
                            new Plan<>(
                                    Service.class, "Service", ns, t.service(), l -> service(d, l)));
            case ALERT -> List.of();
            case SET_CONNECTION_LIMITS ->
                    throw unsupported(d, "Gateway API and Linkerd have no connection-pool limits");
            case FAILOVER ->
                    throw unsupported(
                            d, "Gateway API has no locality failover (Linkerd's is multicluster)");
            case DENY_CALLER, REQUIRE_MTLS ->
                    throw unsupported(
                            d,
                            "access policy is Linkerd's policy.linkerd.io (Server,"
                                    + " AuthorizationPolicy), not part of this adapter");
            case SCALE ->
                    throw unsupported(
                            d, "a replica recommendation; mesh actuators do not scale workloads");
        };
    }

    /** What the decision asks that this mesh cannot express and is therefore not written. */
    public List<String> lossyParts(Decision d) {
        List<String> out = new ArrayList<>();
        switch (d.action()) {
            case SET_RETRIES -> {
                var r = d.desired().retries();
                if (r != null && r.attempts() > 0) {
                    List<String> dropped = new ArrayList<>();
                    for (String on : r.retryOn()) {
                        if (linkerdCondition(on) == null) {
                            dropped.add(on);
                        }
                    }
                    if (!dropped.isEmpty()) {
                        out.add("retryOn " + dropped + " has no Linkerd equivalent, not written");
                    }
                }
            }
            case EJECT_INSTANCES -> {
                var e = d.desired().ejection();
                if (e != null && e.maxEjectionPercent() < 100) {
                    out.add(
                            "Linkerd failure accrual has no maxEjectionPercent ("
                                    + e.maxEjectionPercent()
                                    + " not written)");
                }
            }
            default -> {}
        }
        return out;
    }

    /**
     * The desired HTTPRoute. The managed rule (appended last when missing) gets the weights (one
     * backendRef per version Service), the request timeout, or, for retries, the route carries
     * Linkerd's annotations. A rule that matches everything and precedes where meshloop's would go
     * shadows it (Gateway API breaks ties between equal matches by rule order): REJECTED.
     */
    public HTTPRoute httpRoute(Decision d, HTTPRoute live) {
        DecisionTarget t = d.target();
        String ns = IstioObjects.namespace(t);
        if (live != null && !attachedToService(live, t.service())) {
            throw PermanentMeshException.rejected(
                    "HTTPRoute "
                            + ns
                            + "/"
                            + t.service()
                            + " exists but is not attached to Service "
                            + t.service()
                            + " (no parentRef {group: \"\", kind: Service, name: "
                            + t.service()
                            + "}); meshloop does not take over routes it did not create");
        }
        HTTPRoute route = live == null ? newRoute(t) : Manifests.copy(live);
        markManaged(route.getMetadata());
        HTTPRouteSpec spec = route.getSpec();
        List<HTTPRouteRule> rules = new ArrayList<>(list(spec.getRules()));
        HTTPRouteRule rule = null;
        for (HTTPRouteRule r : rules) {
            if (settings.managedRuleName().equals(r.getName())) {
                rule = r;
            }
        }
        if (rule == null && d.action() != io.meshloop.schemas.decision.ActionType.SET_RETRIES) {
            for (HTTPRouteRule r : rules) {
                if (isCatchAll(r)) {
                    throw PermanentMeshException.rejected(
                            "HTTPRoute "
                                    + ns
                                    + "/"
                                    + t.service()
                                    + " has a catch-all rule '"
                                    + r.getName()
                                    + "' that would shadow meshloop's; name it '"
                                    + settings.managedRuleName()
                                    + "' to hand it over");
                }
            }
            rule = new HTTPRouteRule();
            rule.setName(settings.managedRuleName());
            rule.setMatches(List.of(catchAllMatch()));
            rule.setBackendRefs(List.of(backend(t.service(), null)));
            rules.add(rule);
        }
        switch (d.action()) {
            case SET_WEIGHTS -> {
                List<HTTPBackendRef> refs = new ArrayList<>();
                for (VersionWeight w : require(d.desired().weights(), d, "weights")) {
                    refs.add(backend(settings.backendName(t.service(), w.version()), w.percent()));
                }
                rule.setBackendRefs(refs);
            }
            case SET_TIMEOUT -> {
                long ms = require(d.desired().timeoutMillis(), d, "timeout_millis");
                HTTPRouteTimeouts timeouts =
                        rule.getTimeouts() == null ? new HTTPRouteTimeouts() : rule.getTimeouts();
                Long backend = GatewayDurations.parseMillis(timeouts.getBackendRequest());
                if (backend != null && ms != 0 && backend > ms) {
                    throw PermanentMeshException.rejected(
                            "timeouts.backendRequest "
                                    + timeouts.getBackendRequest()
                                    + " of rule '"
                                    + rule.getName()
                                    + "' would exceed timeouts.request "
                                    + GatewayDurations.format(ms)
                                    + ", which the HTTPRoute CRD forbids");
                }
                timeouts.setRequest(GatewayDurations.format(ms));
                rule.setTimeouts(timeouts);
            }
            case SET_RETRIES -> retryAnnotations(d, route.getMetadata());
            default ->
                    throw new IllegalArgumentException(d.action() + " does not touch an HTTPRoute");
        }
        spec.setRules(rules);
        return route;
    }

    /**
     * The desired Service: Linkerd consecutive-failure accrual ({@code max-failures} =
     * consecutiveErrors, {@code min-penalty} = baseEjection, {@code max-penalty} at least that),
     * and the instances meshloop saw failing in {@link IstioObjects#EJECT_ANNOTATION}. Linkerd,
     * like Istio, cannot eject a named endpoint: failure accrual makes the proxies stop sending to
     * the failing ones themselves.
     */
    public Service service(Decision d, Service live) {
        DecisionTarget t = d.target();
        if (live == null) {
            throw new PermanentMeshException(
                    io.meshloop.schemas.actuation.Outcome.FAILED,
                    404,
                    "Service "
                            + IstioObjects.namespace(t)
                            + "/"
                            + t.service()
                            + " not found: Linkerd failure accrual is configured on the Service,"
                            + " and meshloop does not create Services",
                    null);
        }
        var e = require(d.desired().ejection(), d, "ejection");
        if (e.consecutiveErrors() < 1) {
            throw PermanentMeshException.rejected(
                    "ejection.consecutiveErrors must be >= 1 for Linkerd failure accrual, was "
                            + e.consecutiveErrors());
        }
        Service svc = Manifests.copy(live);
        Map<String, String> a = mutable(svc.getMetadata().getAnnotations());
        long base = Math.max(0, e.baseEjectionMillis());
        a.put(FAILURE_ACCRUAL, "consecutive");
        a.put(MAX_FAILURES, Integer.toString(e.consecutiveErrors()));
        a.put(MIN_PENALTY, GatewayDurations.format(base));
        a.put(MAX_PENALTY, GatewayDurations.format(Math.max(base, DEFAULT_MAX_PENALTY_MILLIS)));
        if (e.instances().isEmpty()) {
            a.remove(IstioObjects.EJECT_ANNOTATION);
        } else {
            a.put(IstioObjects.EJECT_ANNOTATION, String.join(",", e.instances()));
        }
        svc.getMetadata().setAnnotations(a);
        return svc;
    }

    /**
     * Linkerd's name for an Envoy-style retry condition: {@code 5xx}, {@code gateway-error}, a
     * status code or a range ({@code 500-504}) pass through; connection-level conditions ({@code
     * reset}, {@code connect-failure}, ...) have none (null).
     */
    static String linkerdCondition(String retryOn) {
        String s = retryOn.strip();
        if (s.equals("5xx")
                || s.equals("gateway-error")
                || s.matches("[1-5][0-9][0-9](-[1-5][0-9][0-9])?")) {
            return s;
        }
        return null;
    }

    private void retryAnnotations(Decision d, ObjectMeta meta) {
        var r = require(d.desired().retries(), d, "retries");
        Map<String, String> a = mutable(meta.getAnnotations());
        a.remove(RETRY_HTTP);
        a.remove(RETRY_TIMEOUT);
        a.put(RETRY_LIMIT, Integer.toString(r.attempts()));
        if (r.attempts() > 0) {
            List<String> on = new ArrayList<>();
            for (String c : r.retryOn()) {
                String l = linkerdCondition(c);
                if (l != null && !on.contains(l)) {
                    on.add(l);
                }
            }
            if (on.isEmpty()) {
                throw PermanentMeshException.rejected(
                        "SET_RETRIES: none of retryOn "
                                + r.retryOn()
                                + " is expressible on Linkerd (5xx, gateway-error, status codes"
                                + " or ranges)");
            }
            a.put(RETRY_HTTP, String.join(",", on));
            if (r.perTryTimeoutMillis() > 0) {
                a.put(RETRY_TIMEOUT, GatewayDurations.format(r.perTryTimeoutMillis()));
            }
        }
        meta.setAnnotations(a);
    }

    /**
     * Whether a rule matches every request: no matches (the CRD defaults them to path prefix {@code
     * /}), or a match that is only path prefix {@code /}.
     */
    static boolean isCatchAll(HTTPRouteRule r) {
        if (list(r.getMatches()).isEmpty()) {
            return true;
        }
        for (HTTPRouteMatch m : r.getMatches()) {
            boolean anyPath =
                    m.getPath() == null
                            || ("PathPrefix".equals(m.getPath().getType())
                                            || m.getPath().getType() == null)
                                    && ("/".equals(m.getPath().getValue())
                                            || m.getPath().getValue() == null);
            if (anyPath
                    && list(m.getHeaders()).isEmpty()
                    && list(m.getQueryParams()).isEmpty()
                    && m.getMethod() == null) {
                return true;
            }
        }
        return false;
    }

    static boolean attachedToService(HTTPRoute route, String service) {
        if (route.getSpec() == null) {
            return false;
        }
        for (ParentReference p : list(route.getSpec().getParentRefs())) {
            if ("".equals(p.getGroup())
                    && "Service".equals(p.getKind())
                    && service.equals(p.getName())
                    && p.getNamespace() == null) {
                return true;
            }
        }
        return false;
    }

    /** Written with the CRD's defaults spelled out, so the stored object compares equal. */
    private HTTPBackendRef backend(String name, Integer weight) {
        HTTPBackendRef ref = new HTTPBackendRef();
        ref.setGroup("");
        ref.setKind("Service");
        ref.setName(name);
        ref.setPort(settings.backendPort());
        ref.setWeight(weight == null ? 1 : weight);
        return ref;
    }

    private static HTTPRouteMatch catchAllMatch() {
        HTTPPathMatch path = new HTTPPathMatch();
        path.setType("PathPrefix");
        path.setValue("/");
        HTTPRouteMatch m = new HTTPRouteMatch();
        m.setPath(path);
        return m;
    }

    private static HTTPRoute newRoute(DecisionTarget t) {
        HTTPRoute route = new HTTPRoute();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(t.service());
        meta.setNamespace(IstioObjects.namespace(t));
        route.setMetadata(meta);
        ParentReference parent = new ParentReference();
        parent.setGroup("");
        parent.setKind("Service");
        parent.setName(t.service());
        HTTPRouteSpec spec = new HTTPRouteSpec();
        spec.setParentRefs(List.of(parent));
        route.setSpec(spec);
        return route;
    }

    /** Whether meshloop labelled the object as managed. */
    public static boolean isManaged(HasMetadata o) {
        return IstioObjects.isManaged(o);
    }

    private static void markManaged(ObjectMeta meta) {
        Map<String, String> labels = mutable(meta.getLabels());
        labels.put(IstioObjects.MANAGED_BY, IstioObjects.MESHLOOP);
        meta.setLabels(labels);
    }

    private static Map<String, String> mutable(Map<String, String> m) {
        return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static PermanentMeshException unsupported(Decision d, String why) {
        return PermanentMeshException.rejected(
                d.action() + " is not supported on Gateway API/Linkerd: " + why);
    }

    private static <T> T require(T part, Decision d, String field) {
        if (part == null) {
            throw PermanentMeshException.rejected(
                    "decision " + d.id() + " (" + d.action() + ") has no desired." + field);
        }
        return part;
    }
}
