package io.meshloop.operators.decision.engine;

import io.meshloop.operators.decision.loops.CanaryProgression;
import io.meshloop.operators.decision.loops.Transition;
import io.meshloop.operators.decision.safety.Hysteresis;
import io.meshloop.operators.decision.stats.Verdict;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.Evidence;
import io.meshloop.schemas.policy.Action;
import io.meshloop.schemas.policy.Policy;
import io.meshloop.schemas.signal.Signal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Canary progression and rollback for one policy: every window, the policy's conditions judge the
 * canary against the stable version; a failure that holds for {@code safety.for} consecutive
 * evaluations rolls the canary back to 0%, an unbroken run of passes for {@code action.interval}
 * steps it up by {@code stepWeight} (at most to {@code maxWeight}), and anything else holds.
 *
 * <p>The starting weight is inferred from the observed traffic split the first time both versions
 * are seen. A rollback ignores the cooldown (it moves traffic to safety and ends the rollout, so it
 * cannot flap); a step up waits for it.
 */
final class CanaryLoop {

    private CanaryLoop() {}

    static Optional<Decision> evaluate(Policy policy, ServiceFrame frame, LoopState s) {
        Action.Canary action = (Action.Canary) policy.action();
        String canary = policy.target().version();
        String stable = action.stableVersion();
        long now = frame.windowEnd();
        if (s.canaryWeight < 0) {
            Signal c = frame.version(canary);
            Signal b = frame.version(stable);
            if (c == null || b == null) {
                return Optional.empty();
            }
            s.canaryWeight = (int) Math.round(100.0 * c.requests() / (c.requests() + b.requests()));
            s.phase =
                    (s.canaryWeight >= action.maxWeight()
                                    ? CanaryProgression.Phase.PROMOTED
                                    : CanaryProgression.Phase.PROGRESSING)
                            .name();
        }
        if (!CanaryProgression.Phase.PROGRESSING.name().equals(s.phase)) {
            return Optional.empty();
        }
        ConditionEvaluator.Outcome outcome =
                ConditionEvaluator.evaluate(policy.when(), frame, canary, stable);
        Hysteresis.State h =
                new Hysteresis(policy.safety().forEvaluations(), policy.safety().revertAfter())
                        .next(
                                new Hysteresis.State(s.active, s.streak),
                                outcome.verdict() == Verdict.FAIL);
        s.active = h.active();
        s.streak = h.streak();
        Verdict verdict =
                s.active
                        ? Verdict.FAIL
                        : outcome.verdict() == Verdict.FAIL
                                ? Verdict.NOT_ENOUGH_DATA
                                : outcome.verdict();

        CanaryProgression progression =
                new CanaryProgression(
                        action.stepWeight(), action.maxWeight(), action.interval().toMillis());
        CanaryProgression.State before =
                new CanaryProgression.State(
                        s.canaryWeight, CanaryProgression.Phase.valueOf(s.phase), s.passSince);
        Transition<CanaryProgression.State> t = progression.next(before, verdict, now);
        boolean stepUp = t.changed() && t.next().weight() > before.weight();
        if (stepUp && s.coolingDown(now, policy.safety().cooldown())) {
            // hold the step until the cooldown has passed; the PASS streak is kept
            return Optional.empty();
        }
        s.canaryWeight = t.next().weight();
        s.phase = t.next().phase().name();
        s.passSince = t.next().passSinceMillis();
        if (!t.changed()) {
            return Optional.empty();
        }
        s.lastActionAt = now;
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put(stable, 100 - s.canaryWeight);
        weights.put(canary, s.canaryWeight);
        List<Evidence> evidence = new ArrayList<>(outcome.evidence());
        evidence.addAll(t.evidence());
        evidence.add(
                Evidence.of(
                        "hysteresis.for",
                        policy.safety().forEvaluations(),
                        policy.safety().forEvaluations(),
                        "evaluations",
                        verdict == Verdict.FAIL
                                ? "failure held for the required consecutive evaluations"
                                : "passes since " + before.passSinceMillis()));
        DecisionTarget target =
                new DecisionTarget(null, policy.target().service(), canary, null, null, null, null);
        String summary =
                verdict == Verdict.FAIL
                        ? "roll back "
                                + policy.target().service()
                                + " "
                                + canary
                                + " from "
                                + before.weight()
                                + "% to 0%: "
                                + t.reason()
                        : "promote "
                                + policy.target().service()
                                + " "
                                + canary
                                + " from "
                                + before.weight()
                                + "% to "
                                + s.canaryWeight
                                + "%: "
                                + t.reason();
        return Optional.of(
                Decisions.create(
                        policy,
                        target,
                        ActionType.SET_WEIGHTS,
                        now,
                        Decisions.weights(weights),
                        summary,
                        evidence,
                        null));
    }
}
