package io.meshloop.jobs.actuation;

import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The decisions of one service waiting for the mesh, in arrival order: pure list logic, kept out of
 * the Flink function so it is tested with plain lists.
 *
 * <p><b>Superseding.</b> Desired state is absolute, so applying an older decision and then a newer
 * one for the same target and action ends where applying the newer one alone ends. A queued
 * decision is therefore dropped (reported, see {@link ActuationFunction}) when a newer one with the
 * same {@link io.meshloop.schemas.decision.DecisionTarget#asString() target} and action is queued
 * behind it. Decisions for other targets or actions keep their place and their order: a rollback of
 * weights never overtakes an earlier retry-policy change of the same service.
 */
final class ActuationQueue {

    private ActuationQueue() {}

    /**
     * @param queue the new queue, ending with the added decision
     * @param superseded queued decisions the added one makes pointless, oldest first
     */
    record Added(List<Decision> queue, List<Decision> superseded) {}

    /** Appends an {@code ENFORCE} decision, dropping queued ones it supersedes. */
    static Added add(List<Decision> queued, Decision newer) {
        List<Decision> queue = new ArrayList<>(queued.size() + 1);
        List<Decision> superseded = new ArrayList<>();
        for (Decision d : queued) {
            if (supersedes(newer, d)) {
                superseded.add(d);
            } else {
                queue.add(d);
            }
        }
        queue.add(newer);
        return new Added(queue, superseded);
    }

    static boolean supersedes(Decision newer, Decision older) {
        return newer.mode() == DecisionMode.ENFORCE
                && older.mode() == DecisionMode.ENFORCE
                && newer.action() == older.action()
                && newer.target().asString().equals(older.target().asString());
    }
}
