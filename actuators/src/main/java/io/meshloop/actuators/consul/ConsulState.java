package io.meshloop.actuators.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshloop.actuators.MeshState;
import io.meshloop.schemas.decision.DesiredState.Access;
import io.meshloop.schemas.decision.DesiredState.ConnectionLimits;
import io.meshloop.schemas.decision.DesiredState.Ejection;
import io.meshloop.schemas.decision.DesiredState.Failover;
import io.meshloop.schemas.decision.DesiredState.Retries;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the mesh-neutral {@link MeshState} back from Consul config entries. Pure. A retry's per-try
 * timeout is always 0 (service-router has none). Ejection and request limits live in the caller's
 * service-defaults ({@code UpstreamConfig.Overrides[Name=S]}): without a caller they read as absent
 * (ejection null; connection limits null, as S's {@code MaxInboundConnections} alone is not a
 * complete {@code ConnectionLimits}); with one, the connection cap is S's {@code
 * MaxInboundConnections} (else the override's {@code MaxConnections}).
 */
final class ConsulState {

    private ConsulState() {}

    static MeshState of(
            ObjectNode resolver,
            ObjectNode splitter,
            ObjectNode router,
            ObjectNode defaults,
            ObjectNode callerDefaults,
            String service,
            ObjectNode intentions) {
        List<VersionWeight> weights = null;
        if (splitter != null && splitter.path("Splits").size() > 0) {
            weights = new ArrayList<>();
            for (JsonNode s : splitter.path("Splits")) {
                if (!s.hasNonNull("ServiceSubset")) {
                    weights = null;
                    break;
                }
                weights.add(
                        new VersionWeight(
                                s.path("ServiceSubset").asText(),
                                (int) Math.round(s.path("Weight").asDouble())));
            }
        }
        Retries retries = null;
        Long timeout = null;
        JsonNode routes = router == null ? null : router.path("Routes");
        if (routes != null
                && router.path("Meta").has(ConsulEntries.ROUTE_META)
                && routes.size() > 0
                && ConsulEntries.isMeshloopMatch(routes.get(routes.size() - 1))) {
            JsonNode dest = routes.get(routes.size() - 1).path("Destination");
            if (dest.has("NumRetries")) {
                List<String> on = new ArrayList<>();
                dest.path("RetryOn").forEach(n -> on.add(n.asText()));
                dest.path("RetryOnStatusCodes").forEach(n -> on.add(n.asText()));
                retries = new Retries(dest.path("NumRetries").asInt(), on, 0);
            }
            timeout = GoDurations.parseMillis(dest.path("RequestTimeout").asText(null));
        }
        Ejection ejection = null;
        ConnectionLimits limits = null;
        boolean strict = false;
        JsonNode override = null;
        if (callerDefaults != null) {
            for (JsonNode o : callerDefaults.path("UpstreamConfig").path("Overrides")) {
                if (ConsulEntries.isOverrideFor(o, service)) {
                    override = o;
                    break;
                }
            }
        }
        if (override != null) {
            JsonNode phc = override.path("PassiveHealthCheck");
            if (phc.isObject()) {
                String instances =
                        callerDefaults
                                .path("Meta")
                                .path(ConsulEntries.ejectMeta(service))
                                .asText(null);
                Long base = GoDurations.parseMillis(phc.path("BaseEjectionTime").asText(null));
                ejection =
                        new Ejection(
                                instances == null ? List.of() : Arrays.asList(instances.split(",")),
                                phc.path("MaxEjectionPercent").asInt(),
                                phc.path("MaxFailures").asInt(),
                                base == null ? 30_000L : base);
            }
        }
        JsonNode l = override == null ? null : override.path("Limits");
        JsonNode inbound = defaults == null ? null : defaults.get("MaxInboundConnections");
        if (l != null
                && l.has("MaxPendingRequests")
                && l.has("MaxConcurrentRequests")
                && (inbound != null || l.has("MaxConnections"))) {
            limits =
                    new ConnectionLimits(
                            inbound != null ? inbound.asInt() : l.path("MaxConnections").asInt(),
                            l.path("MaxPendingRequests").asInt(),
                            l.path("MaxConcurrentRequests").asInt());
        }
        if (defaults != null) {
            strict = "strict".equals(defaults.path("MutualTLSMode").asText(null));
        }
        Failover failover = null;
        JsonNode any = resolver == null ? null : resolver.path("Failover").path("*");
        if (any != null && any.path("Datacenters").size() > 0) {
            List<String> to = new ArrayList<>();
            any.path("Datacenters").forEach(n -> to.add(n.asText()));
            failover =
                    new Failover(
                            resolver.path("Meta")
                                    .path(ConsulEntries.FAILOVER_FROM_META)
                                    .asText(null),
                            to);
        }
        Access access = null;
        if (intentions != null || strict) {
            List<String> denied = new ArrayList<>();
            if (intentions != null) {
                for (JsonNode s : intentions.path("Sources")) {
                    if (ConsulEntries.SOURCE_MARK.equals(s.path("Description").asText(null))) {
                        denied.add(s.path("Name").asText());
                    }
                }
            }
            access = new Access(denied, strict);
        }
        return new MeshState(weights, retries, timeout, ejection, limits, failover, access);
    }
}
