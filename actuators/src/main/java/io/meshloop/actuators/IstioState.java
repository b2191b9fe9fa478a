package io.meshloop.actuators;

import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRetry;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicy;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLSMode;
import io.fabric8.istio.api.api.security.v1beta1.Rule;
import io.fabric8.istio.api.api.security.v1beta1.RuleFrom;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.istio.api.security.v1.PeerAuthentication;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState.Access;
import io.meshloop.schemas.decision.DesiredState.ConnectionLimits;
import io.meshloop.schemas.decision.DesiredState.Ejection;
import io.meshloop.schemas.decision.DesiredState.Failover;
import io.meshloop.schemas.decision.DesiredState.Retries;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the mesh-neutral {@link MeshState} back from the Istio objects meshloop manages. Pure. */
final class IstioState {

    private final IstioSettings settings;

    IstioState(IstioSettings settings) {
        this.settings = settings;
    }

    MeshState of(
            DecisionTarget t,
            VirtualService vs,
            DestinationRule dr,
            AuthorizationPolicy ap,
            PeerAuthentication pa) {
        List<VersionWeight> weights = null;
        Retries retries = null;
        Long timeout = null;
        HTTPRoute route = managedRoute(vs);
        if (route != null) {
            weights = weights(route);
            retries = retries(route.getRetries());
            timeout = Durations.parseMillis(route.getTimeout());
        }
        Ejection ejection = null;
        ConnectionLimits limits = null;
        Failover failover = null;
        TrafficPolicy tp =
                dr == null || dr.getSpec() == null ? null : dr.getSpec().getTrafficPolicy();
        if (tp != null) {
            var od = tp.getOutlierDetection();
            if (od != null) {
                String ann =
                        dr.getMetadata().getAnnotations() == null
                                ? null
                                : dr.getMetadata()
                                        .getAnnotations()
                                        .get(IstioObjects.EJECT_ANNOTATION);
                Long base = Durations.parseMillis(od.getBaseEjectionTime());
                ejection =
                        new Ejection(
                                ann == null ? List.of() : Arrays.asList(ann.split(",")),
                                od.getMaxEjectionPercent() == null
                                        ? 10
                                        : od.getMaxEjectionPercent(),
                                od.getConsecutive5xxErrors() == null
                                        ? 5
                                        : od.getConsecutive5xxErrors(),
                                base == null ? 30_000L : base);
            }
            var pool = tp.getConnectionPool();
            if (pool != null
                    && pool.getTcp() != null
                    && pool.getHttp() != null
                    && pool.getTcp().getMaxConnections() != null
                    && pool.getHttp().getHttp1MaxPendingRequests() != null
                    && pool.getHttp().getHttp2MaxRequests() != null) {
                limits =
                        new ConnectionLimits(
                                pool.getTcp().getMaxConnections(),
                                pool.getHttp().getHttp1MaxPendingRequests(),
                                pool.getHttp().getHttp2MaxRequests());
            }
            var lb = tp.getLoadBalancer();
            if (lb != null && lb.getLocalityLbSetting() != null) {
                var rules = IstioObjects.list(lb.getLocalityLbSetting().getFailover());
                if (!rules.isEmpty()) {
                    failover = new Failover(rules.get(0).getFrom(), List.of(rules.get(0).getTo()));
                }
            }
        }
        Access access = null;
        if (ap != null || pa != null) {
            List<String> denied = new ArrayList<>();
            if (ap != null && ap.getSpec() != null) {
                for (Rule r : IstioObjects.list(ap.getSpec().getRules())) {
                    for (RuleFrom f : IstioObjects.list(r.getFrom())) {
                        if (f.getSource() != null) {
                            for (String p : IstioObjects.list(f.getSource().getPrincipals())) {
                                denied.add(callerOf(t, p));
                            }
                        }
                    }
                }
            }
            boolean strict =
                    pa != null
                            && pa.getSpec() != null
                            && pa.getSpec().getMtls() != null
                            && pa.getSpec().getMtls().getMode()
                                    == PeerAuthenticationMutualTLSMode.STRICT;
            access = new Access(denied, strict);
        }
        return new MeshState(weights, retries, timeout, ejection, limits, failover, access);
    }

    private HTTPRoute managedRoute(VirtualService vs) {
        if (vs == null || vs.getSpec() == null) {
            return null;
        }
        for (HTTPRoute r : IstioObjects.list(vs.getSpec().getHttp())) {
            if (settings.managedRouteName().equals(r.getName())) {
                return r;
            }
        }
        return null;
    }

    private static List<VersionWeight> weights(HTTPRoute route) {
        List<HTTPRouteDestination> dests = IstioObjects.list(route.getRoute());
        List<VersionWeight> out = new ArrayList<>();
        for (HTTPRouteDestination d : dests) {
            String subset = d.getDestination() == null ? null : d.getDestination().getSubset();
            if (subset == null) {
                return null; // routes to the whole service, not split by version
            }
            int w = d.getWeight() == null ? (dests.size() == 1 ? 100 : 0) : d.getWeight();
            out.add(new VersionWeight(subset, w));
        }
        return out.isEmpty() ? null : out;
    }

    private static Retries retries(HTTPRetry r) {
        if (r == null) {
            return null;
        }
        List<String> on =
                r.getRetryOn() == null || r.getRetryOn().isBlank()
                        ? List.of()
                        : Arrays.asList(r.getRetryOn().split(","));
        Long perTry = Durations.parseMillis(r.getPerTryTimeout());
        return new Retries(
                r.getAttempts() == null ? 0 : r.getAttempts(), on, perTry == null ? 0 : perTry);
    }

    private String callerOf(DecisionTarget t, String principal) {
        String prefix = settings.principal(IstioObjects.namespace(t), "");
        return principal.startsWith(prefix) ? principal.substring(prefix.length()) : principal;
    }
}
