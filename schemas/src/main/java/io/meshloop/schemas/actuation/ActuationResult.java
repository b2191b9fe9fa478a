package io.meshloop.schemas.actuation;

import java.util.List;
import java.util.Objects;

/**
 * What an actuator did with one decision: the record of the topic {@code meshloop.actuations}.
 * Format fixed by {@code schemas/actuation.schema.json} and a golden file; see {@link
 * ActuationJson}.
 *
 * @param decisionId id of the decision applied (the key that joins actuations to decisions)
 * @param time when the actuator finished with it, epoch ms, read from the actuator's injected clock
 *     (not the decision's event time)
 * @param mesh which mesh adapter handled it
 * @param outcome what happened, overall
 * @param objects every mesh object the actuator looked at, with its per-object change; empty when
 *     nothing was read (dry-run, alert, rejected before reading)
 * @param reason one sentence for people: why it was skipped, rejected or failed, or what changed
 */
public record ActuationResult(
        String decisionId,
        long time,
        Mesh mesh,
        Outcome outcome,
        List<TouchedObject> objects,
        String reason) {

    public ActuationResult {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(mesh, "mesh");
        Objects.requireNonNull(outcome, "outcome");
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    /** The outcome that follows from the per-object changes: APPLIED if any object changed. */
    public static Outcome outcomeOf(List<TouchedObject> objects) {
        for (TouchedObject o : objects) {
            if (o.change() != Change.NOOP) {
                return Outcome.APPLIED;
            }
        }
        return Outcome.NOOP;
    }

    /** Whether the actuator wrote anything to the mesh. */
    public boolean wroteAnything() {
        return outcome == Outcome.APPLIED;
    }
}
