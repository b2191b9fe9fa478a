package io.meshloop.operators.decision.engine;

import io.meshloop.operators.decision.safety.Hysteresis;
import io.meshloop.operators.decision.stats.Verdict;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.Evidence;
import io.meshloop.schemas.policy.Action;
import io.meshloop.schemas.policy.Policy;
import io.meshloop.schemas.policy.Safety;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Weighted routing away from a degraded version, and back when it recovers. Each version the policy
 * targets (its {@code target.version}, or every version of the service) is judged every window;
 * once its condition has held for {@code safety.for} evaluations, {@code awayWeight} percentage
 * points per action move from it to the healthy versions (never below {@code minRemainingWeight},
 * never when no healthy version is left to take the traffic: the last healthy version is never
 * routed away from). When every version is clear for {@code safety.revertAfter} evaluations and
 * {@code revert: auto}, the weights from before the first move are restored.
 *
 * <p>The starting weights are inferred from the observed traffic split. Actions on the service are
 * at least {@code safety.cooldown} apart.
 */
final class ShiftAwayLoop {

    private ShiftAwayLoop() {}

    /**
     * @param shared the policy's service-wide state (weights, revert bookkeeping)
     * @param perVersion the policy's hysteresis state of one version
     */
    static Optional<Decision> evaluate(
            Policy policy,
            ServiceFrame frame,
            LoopState shared,
            Function<String, LoopState> perVersion) {
        Action.ShiftAway action = (Action.ShiftAway) policy.action();
        Safety safety = policy.safety();
        long now = frame.windowEnd();
        if (shared.weights == null) {
            if (frame.versionNames().size() < 2) {
                return Optional.empty();
            }
            shared.weights = observedWeights(frame);
        }
        List<Evidence> evidence = new ArrayList<>();
        TreeSet<String> unhealthy = new TreeSet<>();
        Iterable<String> subjects =
                policy.target().version() != null
                        ? List.of(policy.target().version())
                        : new ArrayList<>(shared.weights.keySet());
        Hysteresis hysteresis = new Hysteresis(safety.forEvaluations(), safety.revertAfter());
        for (String v : subjects) {
            LoopState vs = perVersion.apply(v);
            ConditionEvaluator.Outcome o =
                    ConditionEvaluator.evaluate(policy.when(), frame, v, null);
            Hysteresis.State h =
                    hysteresis.next(
                            new Hysteresis.State(vs.active, vs.streak),
                            o.verdict() == Verdict.FAIL);
            vs.active = h.active();
            vs.streak = h.streak();
            if (vs.active) {
                unhealthy.add(v);
                evidence.addAll(o.evidence());
            }
        }
        if (shared.coolingDown(now, safety.cooldown())) {
            return Optional.empty();
        }
        DecisionTarget target =
                new DecisionTarget(
                        null,
                        policy.target().service(),
                        policy.target().version(),
                        null,
                        null,
                        null,
                        null);
        if (!unhealthy.isEmpty()) {
            Map<String, Integer> proposed = moveAway(shared.weights, unhealthy, action);
            if (proposed.equals(shared.weights)) {
                return Optional.empty();
            }
            evidence.add(
                    Evidence.note(
                            "weights",
                            "from "
                                    + new TreeMap<>(shared.weights)
                                    + " to "
                                    + new TreeMap<>(proposed)));
            if (shared.before == null) {
                shared.before = new TreeMap<>(shared.weights);
            }
            shared.weights = proposed;
            shared.lastActionAt = now;
            Decision d =
                    Decisions.create(
                            policy,
                            target,
                            ActionType.SET_WEIGHTS,
                            now,
                            Decisions.weights(proposed),
                            "shift traffic of "
                                    + policy.target().service()
                                    + " away from "
                                    + unhealthy
                                    + ": now "
                                    + new TreeMap<>(proposed),
                            evidence,
                            null);
            if (shared.activeDecisionId == null) {
                shared.activeDecisionId = d.id();
            }
            return Optional.of(d);
        }
        if (shared.before != null
                && safety.revert() == Safety.Revert.AUTO
                && !shared.before.equals(shared.weights)) {
            Map<String, Integer> restored = shared.before;
            String revertOf = shared.activeDecisionId;
            evidence.add(
                    Evidence.of(
                            "revert.after",
                            safety.revertAfter(),
                            safety.revertAfter(),
                            "evaluations",
                            "every targeted version clear for the required consecutive evaluations"));
            shared.weights = new TreeMap<>(restored);
            shared.before = null;
            shared.activeDecisionId = null;
            shared.lastActionAt = now;
            return Optional.of(
                    Decisions.create(
                            policy,
                            target,
                            ActionType.SET_WEIGHTS,
                            now,
                            Decisions.weights(restored),
                            "revert "
                                    + policy.target().service()
                                    + " to "
                                    + new TreeMap<>(restored)
                                    + ": recovered",
                            evidence,
                            revertOf));
        }
        return Optional.empty();
    }

    /**
     * Moves up to {@code awayWeight} points from each unhealthy version (keeping {@code
     * minRemainingWeight}) to the healthy ones, in equal shares (remainder to the first by name).
     * With no healthy version nothing moves.
     */
    static Map<String, Integer> moveAway(
            Map<String, Integer> current, TreeSet<String> unhealthy, Action.ShiftAway action) {
        TreeMap<String, Integer> out = new TreeMap<>(current);
        List<String> healthy = new ArrayList<>();
        for (String v : out.keySet()) {
            if (!unhealthy.contains(v)) {
                healthy.add(v);
            }
        }
        if (healthy.isEmpty()) {
            return out;
        }
        int moved = 0;
        for (String v : unhealthy) {
            int w = out.getOrDefault(v, 0);
            int take = Math.max(0, Math.min(action.awayWeight(), w - action.minRemainingWeight()));
            out.put(v, w - take);
            moved += take;
        }
        int each = moved / healthy.size();
        int rest = moved - each * healthy.size();
        for (String v : healthy) {
            out.put(v, out.get(v) + each + (rest-- > 0 ? 1 : 0));
        }
        return out;
    }

    /** The observed split in whole percent, summing to 100 (largest remainders get the rest). */
    static Map<String, Integer> observedWeights(ServiceFrame frame) {
        long total = frame.totalRequests();
        TreeMap<String, Integer> out = new TreeMap<>();
        TreeMap<String, Double> remainder = new TreeMap<>();
        int assigned = 0;
        for (String v : frame.versionNames()) {
            double share = 100.0 * frame.version(v).requests() / total;
            out.put(v, (int) Math.floor(share));
            remainder.put(v, share - Math.floor(share));
            assigned += (int) Math.floor(share);
        }
        for (int left = 100 - assigned; left > 0; left--) {
            String best = null;
            for (Map.Entry<String, Double> e : remainder.entrySet()) {
                if (best == null || e.getValue() > remainder.get(best)) {
                    best = e.getKey();
                }
            }
            out.merge(best, 1, Integer::sum);
            remainder.put(best, -1.0);
        }
        return out;
    }
}
