package io.meshloop.schemas.policy;

import io.meshloop.schemas.signal.SignalScope;

/**
 * The feedback loops a policy can drive. Each has its own {@link Action} parameters; the scope is
 * the granularity of the signals its conditions are evaluated on.
 */
public enum Loop implements YamlEnum {
    /** Step a canary version's weight up while healthy, back to 0 when not. */
    CANARY("canary", true),
    /** Move weight away from a degraded version or locality, back when it recovers. */
    SHIFT_AWAY("shift-away", true),
    /** Enable retries on transient failures; cut them when errors look like overload. */
    RETRIES("retries", true),
    /** Set request timeouts from the observed p99 with headroom. */
    TIMEOUTS("timeouts", false),
    /** Eject outlier instances (errors, latency vs peers), bounded by a share of instances. */
    OUTLIER_EJECTION("outlier-ejection", true),
    /** Gradient-style adaptive concurrency limit, written as connection-pool limits. */
    CONCURRENCY_LIMIT("concurrency-limit", false),
    /** Fail over between localities or regions. */
    FAILOVER("failover", true),
    /** Replica recommendations (optionally actuated) with scale-down damping. */
    SCALING("scaling", false),
    /** Unexpected caller→callee edges and plaintext traffic → deny, strict mTLS or alert. */
    SECURITY("security", true);

    private final String yamlName;
    private final boolean needsCondition;

    Loop(String yamlName, boolean needsCondition) {
        this.yamlName = yamlName;
        this.needsCondition = needsCondition;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }

    /**
     * Whether {@code when} is required. Timeouts, concurrency limits and scaling are continuous
     * controllers: without {@code when} they run on every evaluation.
     */
    public boolean needsCondition() {
        return needsCondition;
    }

    /**
     * The scope of the signals this loop's conditions are evaluated on for {@code target}: edges
     * for security, instances for outlier ejection, otherwise what the target selects.
     */
    public SignalScope scope(Target target) {
        return switch (this) {
            case SECURITY -> SignalScope.EDGE;
            case OUTLIER_EJECTION -> SignalScope.INSTANCE;
            default -> target.scope();
        };
    }
}
