package io.meshloop.actuators.gatewayapi;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.meshloop.actuators.IstioObjects;
import io.meshloop.actuators.MeshState;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState.Ejection;
import io.meshloop.schemas.decision.DesiredState.Retries;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the mesh-neutral {@link MeshState} back from the HTTPRoute and Service. Pure. Connection
 * limits, failover and access are always null (not expressible here); the ejection's {@code
 * maxEjectionPercent} is reported as 100, since Linkerd's failure accrual does not bound it.
 */
final class GatewayApiState {

    private final GatewayApiSettings settings;

    GatewayApiState(GatewayApiSettings settings) {
        this.settings = settings;
    }

    MeshState of(DecisionTarget t, HTTPRoute route, Service service) {
        List<VersionWeight> weights = null;
        Long timeout = null;
        Retries retries = null;
        HTTPRouteRule rule = managedRule(route);
        if (rule != null) {
            weights = weights(t, rule);
            timeout =
                    rule.getTimeouts() == null
                            ? null
                            : GatewayDurations.parseMillis(rule.getTimeouts().getRequest());
        }
        if (route != null && GatewayApiObjects.attachedToService(route, t.service())) {
            retries = retries(route.getMetadata().getAnnotations());
        }
        Ejection ejection = service == null ? null : ejection(service);
        return new MeshState(weights, retries, timeout, ejection, null, null, null);
    }

    private HTTPRouteRule managedRule(HTTPRoute route) {
        if (route == null || route.getSpec() == null) {
            return null;
        }
        for (HTTPRouteRule r : GatewayApiObjects.list(route.getSpec().getRules())) {
            if (settings.managedRuleName().equals(r.getName())) {
                return r;
            }
        }
        return null;
    }

    private List<VersionWeight> weights(DecisionTarget t, HTTPRouteRule rule) {
        List<HTTPBackendRef> refs = GatewayApiObjects.list(rule.getBackendRefs());
        List<VersionWeight> out = new ArrayList<>();
        long total = 0;
        for (HTTPBackendRef r : refs) {
            total += r.getWeight() == null ? 1 : r.getWeight();
        }
        for (HTTPBackendRef r : refs) {
            String version = settings.versionOf(t.service(), r.getName());
            if (version == null || total == 0) {
                return null; // routes to the service itself, not split by version
            }
            int w = r.getWeight() == null ? 1 : r.getWeight();
            out.add(new VersionWeight(version, (int) Math.round(100.0 * w / total)));
        }
        return out.isEmpty() ? null : out;
    }

    private static Retries retries(Map<String, String> a) {
        if (a == null || a.get(GatewayApiObjects.RETRY_LIMIT) == null) {
            return null;
        }
        String http = a.get(GatewayApiObjects.RETRY_HTTP);
        Long perTry = GatewayDurations.parseMillis(a.get(GatewayApiObjects.RETRY_TIMEOUT));
        return new Retries(
                Integer.parseInt(a.get(GatewayApiObjects.RETRY_LIMIT).strip()),
                http == null || http.isBlank() ? List.of() : Arrays.asList(http.split(",")),
                perTry == null ? 0 : perTry);
    }

    private static Ejection ejection(Service s) {
        Map<String, String> a = s.getMetadata().getAnnotations();
        if (a == null || !"consecutive".equals(a.get(GatewayApiObjects.FAILURE_ACCRUAL))) {
            return null;
        }
        String instances = a.get(IstioObjects.EJECT_ANNOTATION);
        String max = a.get(GatewayApiObjects.MAX_FAILURES);
        Long base = GatewayDurations.parseMillis(a.get(GatewayApiObjects.MIN_PENALTY));
        return new Ejection(
                instances == null ? List.of() : Arrays.asList(instances.split(",")),
                100,
                max == null ? 7 : Integer.parseInt(max.strip()), // Linkerd's default
                base == null ? 1_000L : base); // Linkerd's default min penalty
    }
}
