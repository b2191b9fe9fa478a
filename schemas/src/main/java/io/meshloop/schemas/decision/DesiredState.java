package io.meshloop.schemas.decision;

import java.util.List;

/**
 * The mesh state a decision asks for, mesh-neutral: each actuator translates the parts it owns into
 * its own objects (Istio VirtualService/DestinationRule/AuthorizationPolicy/PeerAuthentication,
 * Gateway API HTTPRoute, Consul config entries, GitOps manifests). Only the part matching the
 * decision's {@link ActionType} is set; the others are null. Desired state is absolute, never a
 * delta, so applying a decision twice is the same as applying it once.
 *
 * @param weights {@link ActionType#SET_WEIGHTS}: the share of each version (subset), in percent,
 *     summing to 100
 * @param retries {@link ActionType#SET_RETRIES}
 * @param timeoutMillis {@link ActionType#SET_TIMEOUT}: the route timeout, ms
 * @param ejection {@link ActionType#EJECT_INSTANCES}
 * @param connectionLimits {@link ActionType#SET_CONNECTION_LIMITS}
 * @param failover {@link ActionType#FAILOVER}
 * @param replicas {@link ActionType#SCALE}: the recommended replica count
 * @param access {@link ActionType#DENY_CALLER} and {@link ActionType#REQUIRE_MTLS}
 */
public record DesiredState(
        List<VersionWeight> weights,
        Retries retries,
        Long timeoutMillis,
        Ejection ejection,
        ConnectionLimits connectionLimits,
        Failover failover,
        Integer replicas,
        Access access) {

    public DesiredState {
        weights = weights == null ? null : List.copyOf(weights);
        if (weights != null) {
            int sum = 0;
            for (VersionWeight w : weights) {
                sum += w.percent();
            }
            if (sum != 100) {
                throw new IllegalArgumentException(
                        "weights must sum to 100, sum to " + sum + ": " + weights);
            }
        }
    }

    public static DesiredState weights(List<VersionWeight> weights) {
        return new DesiredState(weights, null, null, null, null, null, null, null);
    }

    public static DesiredState retries(Retries retries) {
        return new DesiredState(null, retries, null, null, null, null, null, null);
    }

    public static DesiredState timeout(long millis) {
        return new DesiredState(null, null, millis, null, null, null, null, null);
    }

    public static DesiredState ejection(Ejection ejection) {
        return new DesiredState(null, null, null, ejection, null, null, null, null);
    }

    public static DesiredState connectionLimits(ConnectionLimits limits) {
        return new DesiredState(null, null, null, null, limits, null, null, null);
    }

    public static DesiredState failover(Failover failover) {
        return new DesiredState(null, null, null, null, null, failover, null, null);
    }

    public static DesiredState replicas(int replicas) {
        return new DesiredState(null, null, null, null, null, null, replicas, null);
    }

    public static DesiredState access(Access access) {
        return new DesiredState(null, null, null, null, null, null, null, access);
    }

    public static DesiredState none() {
        return new DesiredState(null, null, null, null, null, null, null, null);
    }

    /** A version (subset) and its share of traffic in percent (0..100). */
    public record VersionWeight(String version, int percent) {
        public VersionWeight {
            if (version == null || version.isBlank()) {
                throw new IllegalArgumentException("weights[].version must be set");
            }
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException(
                        "weights[" + version + "].percent must be in [0, 100], was " + percent);
            }
        }
    }

    /**
     * Retry policy; {@code attempts == 0} disables retries.
     *
     * @param attempts retries after the first try
     * @param retryOn conditions, in Envoy's vocabulary ({@code 5xx}, {@code connect-failure},
     *     {@code unavailable}, {@code reset}, ...)
     * @param perTryTimeoutMillis timeout of each try, ms, 0 for none
     */
    public record Retries(int attempts, List<String> retryOn, long perTryTimeoutMillis) {
        public Retries {
            if (attempts < 0 || attempts > 10) {
                throw new IllegalArgumentException(
                        "retries.attempts must be in [0, 10], was " + attempts);
            }
            retryOn = retryOn == null ? List.of() : List.copyOf(retryOn);
        }
    }

    /**
     * Instances to eject, and the mesh's own outlier-detection settings that go with it.
     *
     * @param instances instances (pod names) to eject now; empty to eject none
     * @param maxEjectionPercent never eject more than this share of a service's instances
     * @param consecutiveErrors errors in a row after which the proxy ejects on its own
     * @param baseEjectionMillis how long an ejection lasts at first, ms
     */
    public record Ejection(
            List<String> instances,
            int maxEjectionPercent,
            int consecutiveErrors,
            long baseEjectionMillis) {
        public Ejection {
            instances = instances == null ? List.of() : List.copyOf(instances);
            if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
                throw new IllegalArgumentException(
                        "ejection.maxEjectionPercent must be in [0, 100], was "
                                + maxEjectionPercent);
            }
        }
    }

    /**
     * Connection-pool limits: the adaptive concurrency limit as the mesh enforces it.
     *
     * @param maxConnections TCP connections to the service
     * @param maxPendingRequests requests queued waiting for a connection
     * @param maxRequests concurrent requests (HTTP/2 streams) to the service
     */
    public record ConnectionLimits(int maxConnections, int maxPendingRequests, int maxRequests) {
        public ConnectionLimits {
            if (maxConnections < 1 || maxPendingRequests < 1 || maxRequests < 1) {
                throw new IllegalArgumentException(
                        "connection limits must be >= 1, were "
                                + maxConnections
                                + "/"
                                + maxPendingRequests
                                + "/"
                                + maxRequests);
            }
        }
    }

    /**
     * Locality failover.
     *
     * @param from locality (region or region/zone) traffic leaves
     * @param to localities traffic goes to, in order of preference
     */
    public record Failover(String from, List<String> to) {
        public Failover {
            to = to == null ? List.of() : List.copyOf(to);
        }
    }

    /**
     * Access rules of a workload.
     *
     * @param denyCallers calling services to deny
     * @param requireMtls whether plaintext is refused (PeerAuthentication STRICT)
     */
    public record Access(List<String> denyCallers, boolean requireMtls) {
        public Access {
            denyCallers = denyCallers == null ? List.of() : List.copyOf(denyCallers);
        }
    }
}
