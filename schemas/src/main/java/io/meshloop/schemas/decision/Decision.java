package io.meshloop.schemas.decision;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * An explainable decision: what the policy wants the mesh to be, why, and whether it is meant to be
 * applied. What {@code meshloop.decisions} carries.
 *
 * @param id deterministic identity (see {@link #idFor}): the same inputs replayed give the same id,
 *     so actuation is idempotent
 * @param time event time of the evaluation that produced it (the end of the judged window), epoch
 *     ms
 * @param policy name of the policy
 * @param loop the policy's loop (canary, shift-away, retries, ...)
 * @param target what it acts on
 * @param action what kind of change
 * @param desired the state asked for (absolute, not a delta)
 * @param mode enforce, dry-run, or suppressed by a safety rail
 * @param summary one sentence a person reads first
 * @param evidence the values, baselines, statistics, thresholds and windows that triggered it
 * @param revertOf id of the decision this one reverts, or null
 */
public record Decision(
        String id,
        long time,
        String policy,
        String loop,
        DecisionTarget target,
        ActionType action,
        DesiredState desired,
        DecisionMode mode,
        String summary,
        List<Evidence> evidence,
        String revertOf) {

    public Decision {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /**
     * The id of a decision: a name-based UUID over policy, target, action, evaluation time and the
     * desired state. Replaying the same telemetry through the same policies reproduces it.
     */
    public static String idFor(
            String policy,
            DecisionTarget target,
            ActionType action,
            long time,
            DesiredState desired) {
        String identity =
                policy + '\n' + target.asString() + '\n' + action + '\n' + time + '\n' + desired;
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
