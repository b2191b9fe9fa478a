package io.meshloop.schemas.decision;

/** What a decision asks the mesh to do. Stable names: they appear in decision records. */
public enum ActionType {
    /**
     * Set the traffic split between versions (subsets) of a service: canary steps, rollback,
     * shift-away.
     */
    SET_WEIGHTS,
    /** Set or clear the retry policy of a service's routes. */
    SET_RETRIES,
    /** Set the request timeout of a service's routes. */
    SET_TIMEOUT,
    /** Eject instances (outlier detection / circuit breaking). */
    EJECT_INSTANCES,
    /** Set connection-pool limits (adaptive concurrency / backpressure). */
    SET_CONNECTION_LIMITS,
    /** Fail traffic over from one locality to others. */
    FAILOVER,
    /** Recommend (or set) a replica count. */
    SCALE,
    /** Deny a caller→callee edge. */
    DENY_CALLER,
    /** Require mutual TLS for a workload. */
    REQUIRE_MTLS,
    /** Only raise an alert: nothing is written to the mesh. */
    ALERT
}
