package io.meshloop.operators.decision.engine;

import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionMode;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState;
import io.meshloop.schemas.decision.Evidence;
import io.meshloop.schemas.policy.Mode;
import io.meshloop.schemas.policy.Policy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds decision records with their deterministic ids. */
final class Decisions {

    private Decisions() {}

    static Decision create(
            Policy policy,
            DecisionTarget target,
            ActionType action,
            long time,
            DesiredState desired,
            String summary,
            List<Evidence> evidence,
            String revertOf) {
        DecisionMode mode =
                policy.mode() == Mode.ENFORCE ? DecisionMode.ENFORCE : DecisionMode.DRY_RUN;
        return new Decision(
                Decision.idFor(policy.name(), target, action, time, desired),
                time,
                policy.name(),
                policy.loop().yamlName(),
                target,
                action,
                desired,
                mode,
                summary,
                evidence,
                revertOf);
    }

    /** The same decision, held back by a safety rail: recorded, never applied. */
    static Decision suppressed(Decision d, String rule, String reason) {
        List<Evidence> ev = new java.util.ArrayList<>(d.evidence());
        ev.add(Evidence.note("suppressed." + rule, reason));
        return new Decision(
                d.id(),
                d.time(),
                d.policy(),
                d.loop(),
                d.target(),
                d.action(),
                d.desired(),
                DecisionMode.SUPPRESSED,
                d.summary() + " [suppressed: " + reason + "]",
                ev,
                d.revertOf());
    }

    /** Weights as the decision format wants them: sorted by version, summing to 100. */
    static DesiredState weights(Map<String, Integer> byVersion) {
        List<DesiredState.VersionWeight> list =
                new TreeMap<>(byVersion)
                        .entrySet().stream()
                                .map(e -> new DesiredState.VersionWeight(e.getKey(), e.getValue()))
                                .toList();
        return DesiredState.weights(list);
    }
}
