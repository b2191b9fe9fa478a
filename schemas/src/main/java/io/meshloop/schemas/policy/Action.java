package io.meshloop.schemas.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The loop-specific parameters of a policy: one record per {@link Loop}. In YAML, {@code action} is
 * a flat mapping whose keys must belong to the policy's loop. Weights are percent of the service's
 * traffic (0..100).
 */
public sealed interface Action {

    /** The loop these parameters belong to. */
    Loop loop();

    /**
     * Flagger/Argo-style progressive delivery of {@code target.version} against {@code
     * stableVersion}: every {@code interval} in which {@code when} does not hold (and the judge has
     * enough data), the canary weight rises by {@code stepWeight} up to {@code maxWeight}; when
     * {@code when} holds (for {@code safety.for} evaluations) it goes back to 0.
     *
     * @param stableVersion the version that takes the rest of the traffic, e.g. {@code v1}
     * @param stepWeight 1..100, default 10
     * @param maxWeight stepWeight..100, default 50
     * @param interval time between steps, 1s..24h, default 1m
     */
    record Canary(String stableVersion, int stepWeight, int maxWeight, Duration interval)
            implements Action {
        public static final int DEFAULT_STEP_WEIGHT = 10;
        public static final int DEFAULT_MAX_WEIGHT = 50;
        public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

        public Canary {
            Checks.notBlank("action.stableVersion", stableVersion);
            Checks.range("action.stepWeight", stepWeight, 1, 100);
            Checks.range("action.maxWeight", maxWeight, stepWeight, 100);
            Checks.positive("action.interval", interval);
        }

        @Override
        public Loop loop() {
            return Loop.CANARY;
        }
    }

    /**
     * Move weight away from the target version or locality to the others while {@code when} holds,
     * back when it clears. The engine never routes 100% away from the last healthy version.
     *
     * @param awayWeight percentage points moved per action, 1..100, default 25
     * @param minRemainingWeight the target always keeps at least this weight, 0..99, default 0
     */
    record ShiftAway(int awayWeight, int minRemainingWeight) implements Action {
        public static final int DEFAULT_AWAY_WEIGHT = 25;

        public ShiftAway {
            Checks.range("action.awayWeight", awayWeight, 1, 100);
            Checks.range("action.minRemainingWeight", minRemainingWeight, 0, 99);
        }

        @Override
        public Loop loop() {
            return Loop.SHIFT_AWAY;
        }
    }

    /**
     * Enable retries while {@code when} (transient failures) holds; switch them off while the
     * target's error rate is above {@code overloadCutoff}, where retries would feed a retry storm.
     *
     * @param attempts retries per request, 1..10, default 2
     * @param retryOn Istio/Envoy retry conditions ({@code 5xx}, {@code gateway-error}, {@code
     *     reset}, {@code connect-failure}, {@code refused-stream}, {@code retriable-4xx}, gRPC
     *     {@code unavailable}, {@code cancelled}, {@code deadline-exceeded}, {@code
     *     resource-exhausted}, {@code internal}) or HTTP status codes such as {@code 503}
     * @param perTryTimeout timeout of each attempt; empty: the route timeout
     * @param overloadCutoff error rate 0..1 above which retries are cut, default 0.25
     */
    record Retries(
            int attempts,
            List<String> retryOn,
            Optional<Duration> perTryTimeout,
            double overloadCutoff)
            implements Action {
        public static final int DEFAULT_ATTEMPTS = 2;
        public static final int MAX_ATTEMPTS = 10;
        public static final List<String> RETRY_ON_VALUES =
                List.of(
                        "5xx",
                        "gateway-error",
                        "reset",
                        "connect-failure",
                        "refused-stream",
                        "retriable-4xx",
                        "unavailable",
                        "cancelled",
                        "deadline-exceeded",
                        "resource-exhausted",
                        "internal");
        public static final List<String> DEFAULT_RETRY_ON =
                List.of("connect-failure", "refused-stream", "unavailable", "503");
        public static final double DEFAULT_OVERLOAD_CUTOFF = 0.25;

        public Retries {
            Checks.range("action.attempts", attempts, 1, MAX_ATTEMPTS);
            retryOn = List.copyOf(retryOn);
            Checks.check(!retryOn.isEmpty(), "action.retryOn must not be empty");
            for (String r : retryOn) {
                Checks.check(isRetryOn(r), "action.retryOn: unknown condition '" + r + "'");
            }
            Checks.notNull("action.perTryTimeout", perTryTimeout);
            perTryTimeout.ifPresent(d -> Checks.positive("action.perTryTimeout", d));
            Checks.range("action.overloadCutoff", overloadCutoff, 0, 1);
        }

        /** Whether {@code value} is a known retry condition or an HTTP status code 100..599. */
        public static boolean isRetryOn(String value) {
            return RETRY_ON_VALUES.contains(value) || value.matches("[1-5][0-9][0-9]");
        }

        @Override
        public Loop loop() {
            return Loop.RETRIES;
        }
    }

    /**
     * Request timeout = observed p99 × {@code headroom}, clamped to [{@code min}, {@code max}].
     *
     * @param headroom 1..10, default 1.5
     * @param min default 100ms
     * @param max at least min, default 30s
     */
    record Timeouts(double headroom, Duration min, Duration max) implements Action {
        public static final double DEFAULT_HEADROOM = 1.5;
        public static final double MAX_HEADROOM = 10;
        public static final Duration DEFAULT_MIN = Duration.ofMillis(100);
        public static final Duration DEFAULT_MAX = Duration.ofSeconds(30);

        public Timeouts {
            Checks.range("action.headroom", headroom, 1, MAX_HEADROOM);
            Checks.positive("action.min", min);
            Checks.positive("action.max", max);
            Checks.check(min.compareTo(max) <= 0, "action.min must be <= action.max");
        }

        @Override
        public Loop loop() {
            return Loop.TIMEOUTS;
        }
    }

    /**
     * Eject instances of the target service on which {@code when} holds (evaluated per instance),
     * or whose p99 exceeds {@code latencyFactor} × the median p99 of their peers.
     *
     * @param maxEjectedPercent never eject more than this share of instances, 1..100, default 10
     *     (Istio's default); at least one instance always stays
     * @param baseEjectionTime first ejection length (doubles on repeat, as Envoy does), default 30s
     * @param latencyFactor 1..100, default 3
     */
    record OutlierEjection(int maxEjectedPercent, Duration baseEjectionTime, double latencyFactor)
            implements Action {
        public static final int DEFAULT_MAX_EJECTED_PERCENT = 10;
        public static final Duration DEFAULT_BASE_EJECTION_TIME = Duration.ofSeconds(30);
        public static final double DEFAULT_LATENCY_FACTOR = 3;

        public OutlierEjection {
            Checks.range("action.maxEjectedPercent", maxEjectedPercent, 1, 100);
            Checks.positive("action.baseEjectionTime", baseEjectionTime);
            Checks.range("action.latencyFactor", latencyFactor, 1, 100);
        }

        @Override
        public Loop loop() {
            return Loop.OUTLIER_EJECTION;
        }
    }

    /**
     * Gradient-style adaptive concurrency limit (Netflix concurrency-limits' Gradient2): the limit
     * follows {@code limit × (longRtt × tolerance / shortRtt)}, smoothed, clamped, written as the
     * connection pool's max connections / pending requests.
     *
     * @param minLimit 1..100000, default 10
     * @param maxLimit minLimit..100000, default 1000
     * @param smoothing weight of each new estimate, 0.01..1, default 0.2
     * @param tolerance how much latency growth is tolerated before the limit drops, 1..10, default
     *     1.5
     */
    record ConcurrencyLimit(int minLimit, int maxLimit, double smoothing, double tolerance)
            implements Action {
        public static final int DEFAULT_MIN_LIMIT = 10;
        public static final int DEFAULT_MAX_LIMIT = 1000;
        public static final int MAX_LIMIT = 100_000;
        public static final double DEFAULT_SMOOTHING = 0.2;
        public static final double DEFAULT_TOLERANCE = 1.5;

        public ConcurrencyLimit {
            Checks.range("action.minLimit", minLimit, 1, MAX_LIMIT);
            Checks.range("action.maxLimit", maxLimit, minLimit, MAX_LIMIT);
            Checks.range("action.smoothing", smoothing, 0.01, 1);
            Checks.range("action.tolerance", tolerance, 1, 10);
        }

        @Override
        public Loop loop() {
            return Loop.CONCURRENCY_LIMIT;
        }
    }

    /**
     * Send {@code fromLocality}'s traffic to {@code toLocalities} (in preference order) while
     * {@code when} holds there.
     *
     * @param fromLocality {@code region[/zone[/subzone]]}
     * @param toLocalities at least one, not containing fromLocality
     */
    record Failover(String fromLocality, List<String> toLocalities) implements Action {
        public Failover {
            Checks.notBlank("action.fromLocality", fromLocality);
            toLocalities = List.copyOf(toLocalities);
            Checks.check(!toLocalities.isEmpty(), "action.toLocalities must not be empty");
            Checks.check(
                    !toLocalities.contains(fromLocality),
                    "action.toLocalities must not contain fromLocality");
        }

        @Override
        public Loop loop() {
            return Loop.FAILOVER;
        }
    }

    /**
     * Replica recommendations from utilization, request rate and latency (the largest of the
     * recommendations wins, as with the Kubernetes HPA); scale-down uses the highest recommendation
     * of the last {@code scaleDownStabilization}.
     *
     * @param minReplicas 1..10000, default 1
     * @param maxReplicas minReplicas..10000, required
     * @param targetUtilization CPU utilization per replica, 0.05..1, default 0.7
     * @param targetRatePerReplica requests/s one replica should serve; empty: not used
     * @param targetP99Ms p99 latency to stay under; empty: not used
     * @param scaleDownStabilization 0s..1h, default 5m
     * @param actuate false (default): recommend only; true: write the replica count
     */
    record Scaling(
            int minReplicas,
            int maxReplicas,
            double targetUtilization,
            OptionalDouble targetRatePerReplica,
            OptionalDouble targetP99Ms,
            Duration scaleDownStabilization,
            boolean actuate)
            implements Action {
        public static final int MAX_REPLICAS = 10_000;
        public static final double DEFAULT_TARGET_UTILIZATION = 0.7;
        public static final Duration DEFAULT_SCALE_DOWN_STABILIZATION = Duration.ofMinutes(5);

        public Scaling {
            Checks.range("action.minReplicas", minReplicas, 1, MAX_REPLICAS);
            Checks.range("action.maxReplicas", maxReplicas, minReplicas, MAX_REPLICAS);
            Checks.range("action.targetUtilization", targetUtilization, 0.05, 1);
            Checks.notNull("action.targetRatePerReplica", targetRatePerReplica);
            Checks.notNull("action.targetP99Ms", targetP99Ms);
            targetRatePerReplica.ifPresent(
                    v -> Checks.check(v > 0, "action.targetRatePerReplica must be > 0"));
            targetP99Ms.ifPresent(v -> Checks.check(v > 0, "action.targetP99Ms must be > 0"));
            Checks.notNull("action.scaleDownStabilization", scaleDownStabilization);
        }

        @Override
        public Loop loop() {
            return Loop.SCALING;
        }
    }

    /**
     * What to do about an unexpected or plaintext edge.
     *
     * @param response default {@link SecurityResponse#ALERT}
     */
    record Security(SecurityResponse response) implements Action {
        public Security {
            Checks.notNull("action.response", response);
        }

        @Override
        public Loop loop() {
            return Loop.SECURITY;
        }
    }

    /** Response of a security policy. */
    enum SecurityResponse implements YamlEnum {
        /** Write an AuthorizationPolicy denying the caller→callee edge. */
        DENY("deny"),
        /** Write a PeerAuthentication with mTLS mode STRICT for the callee. */
        STRICT_MTLS("strict-mtls"),
        /** Record a decision and alert; change nothing in the mesh. */
        ALERT("alert");

        private final String yamlName;

        SecurityResponse(String yamlName) {
            this.yamlName = yamlName;
        }

        @Override
        public String yamlName() {
            return yamlName;
        }
    }
}
