package io.meshloop.actuators;

import io.meshloop.schemas.decision.DesiredState.Access;
import io.meshloop.schemas.decision.DesiredState.ConnectionLimits;
import io.meshloop.schemas.decision.DesiredState.Ejection;
import io.meshloop.schemas.decision.DesiredState.Failover;
import io.meshloop.schemas.decision.DesiredState.Retries;
import io.meshloop.schemas.decision.DesiredState.VersionWeight;
import java.util.List;

/**
 * What a mesh currently does for one target, in the decision vocabulary, so a read can be compared
 * with a decision's desired state. A part is null when the mesh has no such setting for the target
 * (e.g. no meshloop-managed route yet).
 *
 * @param weights share of each version on the meshloop-managed route, percent
 * @param retries retry policy of the managed route
 * @param timeoutMillis timeout of the managed route, ms
 * @param ejection outlier detection, with the instances meshloop last asked to eject
 * @param connectionLimits connection-pool limits (only when all three are set)
 * @param failover locality failover (the first rule)
 * @param access denied callers and whether mTLS is required
 */
public record MeshState(
        List<VersionWeight> weights,
        Retries retries,
        Long timeoutMillis,
        Ejection ejection,
        ConnectionLimits connectionLimits,
        Failover failover,
        Access access) {

    public MeshState {
        weights = weights == null ? null : List.copyOf(weights);
    }

    /** Nothing configured. */
    public static MeshState empty() {
        return new MeshState(null, null, null, null, null, null, null);
    }
}
