package io.meshloop.schemas.signal;

/** What a golden signal describes. */
public enum SignalScope {
    /**
     * Requests served by one (service, version, route), from SERVER spans or destination-reported
     * Istio metrics. Route {@link SignalKey#ALL} aggregates every route of the version.
     */
    SERVICE,
    /** Requests served by one instance (pod) of a (service, version). */
    INSTANCE,
    /** Calls from a caller service to a callee service, as the caller (or the mesh) saw them. */
    EDGE
}
