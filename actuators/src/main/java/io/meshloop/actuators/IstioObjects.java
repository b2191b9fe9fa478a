package io.meshloop.actuators;

import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsHTTPSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsTCPSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRetry;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.LocalityLoadBalancerSetting;
import io.fabric8.istio.api.api.networking.v1alpha3.LocalityLoadBalancerSettingFailover;
import io.fabric8.istio.api.api.networking.v1alpha3.OutlierDetection;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicy;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyAction;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLS;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLSMode;
import io.fabric8.istio.api.api.security.v1beta1.Rule;
import io.fabric8.istio.api.api.security.v1beta1.RuleFrom;
import io.fabric8.istio.api.api.security.v1beta1.Source;
import io.fabric8.istio.api.api.type.v1beta1.WorkloadSelector;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.istio.api.security.v1.PeerAuthentication;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Pure builders of the desired Istio objects: each takes the decision and the live object (null
 * when absent) and returns the object as it should be, changing only the fields meshloop manages
 * and adding the {@code app.kubernetes.io/managed-by: meshloop} label. The live object is never
 * modified. No I/O: {@link IstioMeshClient} does the reading, diffing and writing.
 *
 * <p>Objects and names, per target service {@code S} in namespace {@code N}:
 *
 * <ul>
 *   <li>VirtualService {@code N/S} (shared with people): meshloop owns only the HTTP route named
 *       {@link IstioSettings#managedRouteName()} (weights, retries, timeout);
 *   <li>DestinationRule {@code N/S} (shared): meshloop adds missing version subsets and owns {@code
 *       trafficPolicy.outlierDetection}, {@code .connectionPool} limits and {@code
 *       .loadBalancer.localityLbSetting};
 *   <li>AuthorizationPolicy {@code N/S-meshloop-deny} and PeerAuthentication {@code
 *       N/S-meshloop-mtls}: wholly meshloop's; one with that name that meshloop did not label is
 *       never taken over (REJECTED).
 * </ul>
 */
public final class IstioObjects {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MESHLOOP = "meshloop";

    /**
     * Annotation on the DestinationRule listing the instances meshloop last asked to eject (Istio
     * has no per-pod ejection: see {@link #destinationRule}).
     */
    public static final String EJECT_ANNOTATION = "meshloop.io/eject-instances";

    private static final String DEFAULT_NAMESPACE = "default";

    private final IstioSettings settings;

    public IstioObjects(IstioSettings settings) {
        this.settings = settings;
    }

    public IstioSettings settings() {
        return settings;
    }

    /**
     * One object a decision touches and how to build its desired form from the live one.
     *
     * @param desired from the live object (null if absent) to the desired one; null when there is
     *     nothing to write (e.g. "do not require mTLS" and no policy exists)
     */
    public record Plan<T extends HasMetadata>(
            Class<T> type, String kind, String namespace, String name, UnaryOperator<T> desired) {}

    /**
     * The objects a decision touches, in write order (a DestinationRule's subsets before the
     * VirtualService routes to them).
     *
     * @throws PermanentMeshException REJECTED for actions Istio cannot express (SCALE)
     */
    public List<Plan<?>> plans(Decision d) {
        DecisionTarget t = d.target();
        String ns = namespace(t);
        String svc = t.service();
        Plan<VirtualService> vs =
                new Plan<>(
                        VirtualService.class, "VirtualService", ns, svc, l -> virtualService(d, l));
        Plan<DestinationRule> dr =
                new Plan<>(
                        DestinationRule.class,
                        "DestinationRule",
                        ns,
                        svc,
                        l -> destinationRule(d, l));
        return switch (d.action()) {
            case SET_WEIGHTS -> List.of(dr, vs);
            case SET_RETRIES, SET_TIMEOUT -> List.of(vs);
            case EJECT_INSTANCES, SET_CONNECTION_LIMITS, FAILOVER -> List.of(dr);
            case DENY_CALLER ->
                    List.of(
                            new Plan<>(
                                    AuthorizationPolicy.class,
                                    "AuthorizationPolicy",
                                    ns,
                                    denyPolicyName(svc),
                                    l -> authorizationPolicy(d, l)));
            case REQUIRE_MTLS ->
                    List.of(
                            new Plan<>(
                                    PeerAuthentication.class,
                                    "PeerAuthentication",
                                    ns,
                                    mtlsPolicyName(svc),
                                    l -> peerAuthentication(d, l)));
            case ALERT -> List.of();
            case SCALE ->
                    throw PermanentMeshException.rejected(
                            "SCALE is a replica recommendation; mesh actuators do not scale workloads");
        };
    }

    public static String namespace(DecisionTarget t) {
        return t.namespace() == null ? DEFAULT_NAMESPACE : t.namespace();
    }

    public static String denyPolicyName(String service) {
        return service + "-meshloop-deny";
    }

    public static String mtlsPolicyName(String service) {
        return service + "-meshloop-mtls";
    }

    /**
     * The desired VirtualService: the managed route gets the weights (one destination per version
     * subset), retries or timeout; every other route and field is kept. A missing managed route is
     * appended last, so people's routes with matches keep precedence; if a catch-all route (no
     * match) would shadow it, the decision is REJECTED rather than silently ineffective.
     */
    public VirtualService virtualService(Decision d, VirtualService live) {
        DecisionTarget t = d.target();
        VirtualService vs = live == null ? newVirtualService(t) : Manifests.copy(live);
        markManaged(vs.getMetadata());
        if (vs.getSpec() == null) {
            vs.setSpec(new io.fabric8.istio.api.api.networking.v1alpha3.VirtualService());
        }
        var spec = vs.getSpec();
        List<HTTPRoute> http = new ArrayList<>(list(spec.getHttp()));
        HTTPRoute route = null;
        for (HTTPRoute r : http) {
            if (settings.managedRouteName().equals(r.getName())) {
                route = r;
            }
        }
        if (route == null) {
            for (HTTPRoute r : http) {
                if (list(r.getMatch()).isEmpty()) {
                    throw PermanentMeshException.rejected(
                            "VirtualService "
                                    + namespace(t)
                                    + "/"
                                    + t.service()
                                    + " has a catch-all route '"
                                    + r.getName()
                                    + "' that would shadow meshloop's; name it '"
                                    + settings.managedRouteName()
                                    + "' to hand it over");
                }
            }
            route = new HTTPRoute();
            route.setName(settings.managedRouteName());
            route.setRoute(List.of(destination(t.service(), null, null)));
            http.add(route);
        }
        DesiredState want = d.desired();
        switch (d.action()) {
            case SET_WEIGHTS -> {
                List<HTTPRouteDestination> dests = new ArrayList<>();
                for (VersionWeight w : require(want.weights(), d, "weights")) {
                    dests.add(destination(t.service(), w.version(), w.percent()));
                }
                route.setRoute(dests);
            }
            case SET_RETRIES -> {
                var r = require(want.retries(), d, "retries");
                HTTPRetry retry = new HTTPRetry();
                retry.setAttempts(r.attempts());
                if (r.attempts() > 0 && !r.retryOn().isEmpty()) {
                    retry.setRetryOn(String.join(",", r.retryOn()));
                }
                if (r.attempts() > 0 && r.perTryTimeoutMillis() > 0) {
                    retry.setPerTryTimeout(Durations.format(r.perTryTimeoutMillis()));
                }
                route.setRetries(retry);
            }
            case SET_TIMEOUT ->
                    route.setTimeout(
                            Durations.format(require(want.timeoutMillis(), d, "timeout_millis")));
            default ->
                    throw new IllegalArgumentException(
                            d.action() + " does not touch a VirtualService");
        }
        spec.setHttp(http);
        return vs;
    }

    /**
     * The desired DestinationRule. SET_WEIGHTS adds a subset {@code version=<v>} for each version
     * that has none (existing subsets are never changed). EJECT_INSTANCES: Istio cannot eject a
     * named pod (subsets select by label equality only, and pods of a Deployment share their
     * labels), so meshloop tightens {@code outlierDetection} ({@code consecutive5xxErrors}, {@code
     * baseEjectionTime}, {@code maxEjectionPercent}) so that Envoy ejects the failing instances
     * itself, and records the instances it saw failing in the {@link #EJECT_ANNOTATION} annotation.
     * SET_CONNECTION_LIMITS sets {@code connectionPool.tcp.maxConnections}, {@code
     * http.http1MaxPendingRequests} and {@code http.http2MaxRequests}. FAILOVER sets {@code
     * loadBalancer.localityLbSetting} (enabled, one failover rule per {@code from}, to the first
     * preferred locality), and adds a default outlier detection when there is none, which Istio
     * requires for locality failover to take effect.
     */
    public DestinationRule destinationRule(Decision d, DestinationRule live) {
        DecisionTarget t = d.target();
        DestinationRule dr = live == null ? newDestinationRule(t) : Manifests.copy(live);
        markManaged(dr.getMetadata());
        if (dr.getSpec() == null) {
            dr.setSpec(new io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule());
        }
        var spec = dr.getSpec();
        DesiredState want = d.desired();
        switch (d.action()) {
            case SET_WEIGHTS -> {
                List<Subset> subsets = new ArrayList<>(list(spec.getSubsets()));
                for (VersionWeight w : require(want.weights(), d, "weights")) {
                    boolean present = false;
                    for (Subset s : subsets) {
                        present |= w.version().equals(s.getName());
                    }
                    if (!present) {
                        Subset s = new Subset();
                        s.setName(w.version());
                        s.setLabels(Map.of(settings.versionLabel(), w.version()));
                        subsets.add(s);
                    }
                }
                spec.setSubsets(subsets);
            }
            case EJECT_INSTANCES -> {
                var e = require(want.ejection(), d, "ejection");
                OutlierDetection od = outlier(trafficPolicy(spec));
                od.setConsecutive5xxErrors(e.consecutiveErrors());
                od.setBaseEjectionTime(Durations.format(Math.max(1, e.baseEjectionMillis())));
                od.setMaxEjectionPercent(e.maxEjectionPercent());
                Map<String, String> annotations = mutable(dr.getMetadata().getAnnotations());
                if (e.instances().isEmpty()) {
                    annotations.remove(EJECT_ANNOTATION);
                } else {
                    annotations.put(EJECT_ANNOTATION, String.join(",", e.instances()));
                }
                dr.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
            }
            case SET_CONNECTION_LIMITS -> {
                var l = require(want.connectionLimits(), d, "connection_limits");
                TrafficPolicy tp = trafficPolicy(spec);
                ConnectionPoolSettings pool =
                        tp.getConnectionPool() == null
                                ? new ConnectionPoolSettings()
                                : tp.getConnectionPool();
                ConnectionPoolSettingsTCPSettings tcp =
                        pool.getTcp() == null
                                ? new ConnectionPoolSettingsTCPSettings()
                                : pool.getTcp();
                ConnectionPoolSettingsHTTPSettings h =
                        pool.getHttp() == null
                                ? new ConnectionPoolSettingsHTTPSettings()
                                : pool.getHttp();
                tcp.setMaxConnections(l.maxConnections());
                h.setHttp1MaxPendingRequests(l.maxPendingRequests());
                h.setHttp2MaxRequests(l.maxRequests());
                pool.setTcp(tcp);
                pool.setHttp(h);
                tp.setConnectionPool(pool);
            }
            case FAILOVER -> {
                var f = require(want.failover(), d, "failover");
                if (f.to().isEmpty() || f.from() == null || f.from().isBlank()) {
                    throw PermanentMeshException.rejected(
                            "failover needs a from locality and at least one to locality, got "
                                    + f);
                }
                TrafficPolicy tp = trafficPolicy(spec);
                LoadBalancerSettings lb =
                        tp.getLoadBalancer() == null
                                ? new LoadBalancerSettings()
                                : tp.getLoadBalancer();
                LocalityLoadBalancerSetting locality =
                        lb.getLocalityLbSetting() == null
                                ? new LocalityLoadBalancerSetting()
                                : lb.getLocalityLbSetting();
                List<LocalityLoadBalancerSettingFailover> rules = new ArrayList<>();
                for (var r : list(locality.getFailover())) {
                    if (!f.from().equals(r.getFrom())) {
                        rules.add(r);
                    }
                }
                LocalityLoadBalancerSettingFailover rule =
                        new LocalityLoadBalancerSettingFailover();
                rule.setFrom(f.from());
                rule.setTo(f.to().get(0));
                rules.add(rule);
                locality.setEnabled(true);
                locality.setFailover(rules);
                lb.setLocalityLbSetting(locality);
                tp.setLoadBalancer(lb);
                if (tp.getOutlierDetection() == null) {
                    OutlierDetection od = new OutlierDetection();
                    od.setConsecutive5xxErrors(5);
                    od.setInterval("10s");
                    od.setBaseEjectionTime("30s");
                    tp.setOutlierDetection(od);
                }
            }
            default ->
                    throw new IllegalArgumentException(
                            d.action() + " does not touch a DestinationRule");
        }
        return dr;
    }

    /**
     * The desired AuthorizationPolicy {@code <service>-meshloop-deny}: action DENY on the workloads
     * {@code <workloadLabel>=<service>}, one rule whose source principals are the denied callers
     * (see {@link IstioSettings#principal}, callers assumed in the target's namespace). Null when
     * no caller is denied and no policy exists.
     */
    public AuthorizationPolicy authorizationPolicy(Decision d, AuthorizationPolicy live) {
        DecisionTarget t = d.target();
        var access = require(d.desired().access(), d, "access");
        if (live != null) {
            requireOwned(live, "AuthorizationPolicy");
        } else if (access.denyCallers().isEmpty()) {
            return null;
        }
        AuthorizationPolicy ap =
                live == null
                        ? newObject(new AuthorizationPolicy(), denyPolicyName(t.service()), t)
                        : Manifests.copy(live);
        markManaged(ap.getMetadata());
        var spec = new io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicy();
        spec.setSelector(selector(t));
        spec.setAction(AuthorizationPolicyAction.DENY);
        List<String> principals = new ArrayList<>();
        for (String caller : access.denyCallers()) {
            principals.add(settings.principal(namespace(t), caller));
        }
        if (!principals.isEmpty()) {
            Source source = new Source();
            source.setPrincipals(principals);
            RuleFrom from = new RuleFrom();
            from.setSource(source);
            Rule rule = new Rule();
            rule.setFrom(List.of(from));
            spec.setRules(List.of(rule));
        }
        ap.setSpec(spec);
        return ap;
    }

    /**
     * The desired PeerAuthentication {@code <service>-meshloop-mtls}: mode STRICT when mTLS is
     * required, else UNSET (inherit the namespace/mesh setting). Null when mTLS is not required and
     * no policy exists.
     */
    public PeerAuthentication peerAuthentication(Decision d, PeerAuthentication live) {
        DecisionTarget t = d.target();
        var access = require(d.desired().access(), d, "access");
        if (live != null) {
            requireOwned(live, "PeerAuthentication");
        } else if (!access.requireMtls()) {
            return null;
        }
        PeerAuthentication pa =
                live == null
                        ? newObject(new PeerAuthentication(), mtlsPolicyName(t.service()), t)
                        : Manifests.copy(live);
        markManaged(pa.getMetadata());
        var spec = new io.fabric8.istio.api.api.security.v1beta1.PeerAuthentication();
        spec.setSelector(selector(t));
        PeerAuthenticationMutualTLS mtls = new PeerAuthenticationMutualTLS();
        mtls.setMode(
                access.requireMtls()
                        ? PeerAuthenticationMutualTLSMode.STRICT
                        : PeerAuthenticationMutualTLSMode.UNSET);
        spec.setMtls(mtls);
        pa.setSpec(spec);
        return pa;
    }

    /** Whether meshloop labelled the object as managed. */
    public static boolean isManaged(HasMetadata o) {
        var labels = o.getMetadata() == null ? null : o.getMetadata().getLabels();
        return labels != null && MESHLOOP.equals(labels.get(MANAGED_BY));
    }

    private static void requireOwned(HasMetadata live, String kind) {
        if (!isManaged(live)) {
            throw PermanentMeshException.rejected(
                    kind
                            + " "
                            + live.getMetadata().getNamespace()
                            + "/"
                            + live.getMetadata().getName()
                            + " exists but is not labelled "
                            + MANAGED_BY
                            + "="
                            + MESHLOOP
                            + "; meshloop does not take over objects it did not create");
        }
    }

    private WorkloadSelector selector(DecisionTarget t) {
        WorkloadSelector s = new WorkloadSelector();
        s.setMatchLabels(Map.of(settings.workloadLabel(), t.service()));
        return s;
    }

    private static HTTPRouteDestination destination(String host, String subset, Integer weight) {
        return new HTTPRouteDestinationBuilder()
                .withDestination(new DestinationBuilder().withHost(host).withSubset(subset).build())
                .withWeight(weight)
                .build();
    }

    private static TrafficPolicy trafficPolicy(
            io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule spec) {
        if (spec.getTrafficPolicy() == null) {
            spec.setTrafficPolicy(new TrafficPolicy());
        }
        return spec.getTrafficPolicy();
    }

    private static OutlierDetection outlier(TrafficPolicy tp) {
        if (tp.getOutlierDetection() == null) {
            tp.setOutlierDetection(new OutlierDetection());
        }
        return tp.getOutlierDetection();
    }

    private static VirtualService newVirtualService(DecisionTarget t) {
        VirtualService vs = newObject(new VirtualService(), t.service(), t);
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.VirtualService();
        spec.setHosts(List.of(t.service()));
        vs.setSpec(spec);
        return vs;
    }

    private static DestinationRule newDestinationRule(DecisionTarget t) {
        DestinationRule dr = newObject(new DestinationRule(), t.service(), t);
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule();
        spec.setHost(t.service());
        dr.setSpec(spec);
        return dr;
    }

    private static <T extends HasMetadata> T newObject(T o, String name, DecisionTarget t) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace(t));
        o.setMetadata(meta);
        return o;
    }

    private static void markManaged(ObjectMeta meta) {
        Map<String, String> labels = mutable(meta.getLabels());
        labels.put(MANAGED_BY, MESHLOOP);
        meta.setLabels(labels);
    }

    private static Map<String, String> mutable(Map<String, String> m) {
        return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static <T> T require(T part, Decision d, String field) {
        if (part == null) {
            throw PermanentMeshException.rejected(
                    "decision " + d.id() + " (" + d.action() + ") has no desired." + field);
        }
        return part;
    }
}
