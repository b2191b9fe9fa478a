package io.meshloop.operators.decision.engine;

import io.meshloop.operators.decision.safety.BlastRadius;
import io.meshloop.operators.decision.safety.Hysteresis;
import io.meshloop.operators.decision.stats.ErrorRateJudge;
import io.meshloop.operators.decision.stats.ErrorRateJudgeConfig;
import io.meshloop.operators.decision.stats.Judgement;
import io.meshloop.operators.decision.stats.Verdict;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState;
import io.meshloop.schemas.decision.Evidence;
import io.meshloop.schemas.policy.Action;
import io.meshloop.schemas.policy.Condition;
import io.meshloop.schemas.policy.Policy;
import io.meshloop.schemas.policy.Safety;
import io.meshloop.schemas.signal.Signal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Ejects instances (pods) of the target service that stand out from their peers, and lets them back
 * in when they recover. Every window, each instance of the service (of {@code target.version} when
 * the policy names one) seen in the frame's INSTANCE-scope signals is an outlier when
 *
 * <ul>
 *   <li>the policy's {@code when} holds on the instance's own signal ({@code threshold} conditions,
 *       combined with {@code all}/{@code any}; other conditions are "not enough data" at instance
 *       scope; an empty {@code when} never holds here), or
 *   <li>its error rate is significantly worse than the pooled error rate of the other instances
 *       ({@link ErrorRateJudge}, the instance as canary, the pooled peers as stable), or
 *   <li>its p99 exceeds {@code latencyFactor} × the median p99 of the other instances (the mesh
 *       proxies only eject on errors; latency ejection is meshloop's addition). Only instances with
 *       at least {@link #MIN_LATENCY_REQUESTS} requests are judged or counted as peers.
 * </ul>
 *
 * Once an instance has been an outlier for {@code safety.for} consecutive evaluations it is ejected
 * (up to {@code safety.maxTargetsPerAction} per action, by name), unless {@link BlastRadius} says
 * no: never more than {@code maxEjectedPercent} of the instances, never the last one. Candidates
 * over the cap are skipped (they stay candidates and are reconsidered every window). When an
 * ejected instance has been clear for {@code safety.revertAfter} evaluations and {@code revert:
 * auto}, it is let back in by a decision with the smaller set whose {@code revertOf} is the
 * decision that ejected it. Actions on the service are at least {@code safety.cooldown} apart.
 *
 * <p>An ejected instance that reports no signal in a window (no traffic reaches it) keeps its
 * hysteresis state; it still counts towards the instances the blast radius is computed on.
 *
 * <p><b>State.</b> {@link LoopState} cannot grow fields now, so the ejected set lives in the shared
 * state's {@link LoopState#weights} as {@code instance -> 1} (null or empty: nothing ejected). The
 * per-instance state keeps the hysteresis and, while the instance is ejected, in {@link
 * LoopState#activeDecisionId} the id of the decision that ejected it.
 */
final class OutlierEjectionLoop {

    /** Requests an instance needs in the window for its p99 to be judged or used as a peer's. */
    static final long MIN_LATENCY_REQUESTS = 100;

    /** Consecutive 5xx errors written to the mesh's outlier detection along with the set. */
    static final int CONSECUTIVE_ERRORS = 5;

    private static final ErrorRateJudge JUDGE =
            new ErrorRateJudge(ErrorRateJudgeConfig.ofDefaults());

    private OutlierEjectionLoop() {}

    /**
     * @param shared the policy's service-wide state (ejected set in {@code weights}, cooldown)
     * @param perInstance the policy's state of one instance (hysteresis, ejecting decision id)
     */
    static Optional<Decision> evaluate(
            Policy policy,
            ServiceFrame frame,
            LoopState shared,
            Function<String, LoopState> perInstance) {
        Action.OutlierEjection action = (Action.OutlierEjection) policy.action();
        Safety safety = policy.safety();
        long now = frame.windowEnd();
        Map<String, Signal> instances = instances(frame, policy.target().version());
        if (instances.size() < 2) {
            return Optional.empty();
        }
        TreeSet<String> ejected =
                shared.weights == null ? new TreeSet<>() : new TreeSet<>(shared.weights.keySet());

        Hysteresis hysteresis = new Hysteresis(safety.forEvaluations(), safety.revertAfter());
        TreeSet<String> outliers = new TreeSet<>();
        TreeSet<String> released = new TreeSet<>();
        Map<String, List<Evidence>> evidenceOf = new TreeMap<>();
        for (Map.Entry<String, Signal> e : instances.entrySet()) {
            String name = e.getKey();
            List<Evidence> ev = new ArrayList<>();
            boolean outlier = isOutlier(policy, action, name, instances, ev);
            LoopState is = perInstance.apply(name);
            Hysteresis.State h =
                    hysteresis.next(new Hysteresis.State(is.active, is.streak), outlier);
            is.active = h.active();
            is.streak = h.streak();
            evidenceOf.put(name, ev);
            if (is.active) {
                outliers.add(name);
            } else if (ejected.contains(name)) {
                released.add(name);
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
        TreeSet<String> universe = new TreeSet<>(instances.keySet());
        universe.addAll(ejected);
        BlastRadius blast = new BlastRadius(action.maxEjectedPercent());

        TreeSet<String> proposed = new TreeSet<>(ejected);
        List<String> newlyEjected = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        List<Evidence> skipped = new ArrayList<>();
        for (String candidate : outliers) {
            if (ejected.contains(candidate)) {
                continue;
            }
            if (newlyEjected.size() >= safety.maxTargetsPerAction()) {
                skipped.add(
                        Evidence.note(
                                "skipped." + candidate,
                                "maxTargetsPerAction "
                                        + safety.maxTargetsPerAction()
                                        + " reached in this action"));
                continue;
            }
            Optional<String> refused = blast.checkEjection(universe, proposed, candidate);
            if (refused.isPresent()) {
                skipped.add(Evidence.note("skipped." + candidate, refused.get()));
                continue;
            }
            proposed.add(candidate);
            newlyEjected.add(candidate);
            evidence.addAll(evidenceOf.get(candidate));
        }
        if (!newlyEjected.isEmpty()) {
            evidence.addAll(skipped);
            evidence.add(
                    Evidence.of(
                            "ejected.percent",
                            100.0 * proposed.size() / universe.size(),
                            action.maxEjectedPercent(),
                            "%",
                            proposed.size() + " of " + universe.size() + " instances"));
            Decision d =
                    Decisions.create(
                            policy,
                            target,
                            ActionType.EJECT_INSTANCES,
                            now,
                            desired(proposed, action),
                            "eject "
                                    + newlyEjected
                                    + " of "
                                    + policy.target().service()
                                    + ": now ejected "
                                    + proposed,
                            evidence,
                            null);
            for (String i : newlyEjected) {
                perInstance.apply(i).activeDecisionId = d.id();
            }
            shared.weights = asWeights(proposed);
            shared.lastActionAt = now;
            return Optional.of(d);
        }

        if (safety.revert() == Safety.Revert.AUTO && !released.isEmpty()) {
            // One decision reverts the instances one earlier decision ejected, so revertOf is
            // exact.
            String revertOf = perInstance.apply(released.first()).activeDecisionId;
            List<String> back = new ArrayList<>();
            for (String i : released) {
                if (Objects.equals(perInstance.apply(i).activeDecisionId, revertOf)) {
                    back.add(i);
                }
            }
            TreeSet<String> remaining = new TreeSet<>(ejected);
            back.forEach(remaining::remove);
            for (String i : back) {
                evidence.addAll(evidenceOf.get(i));
                evidence.add(
                        Evidence.of(
                                i + ".revert.after",
                                safety.revertAfter(),
                                safety.revertAfter(),
                                "evaluations",
                                "clear for the required consecutive evaluations"));
                perInstance.apply(i).activeDecisionId = null;
            }
            shared.weights = asWeights(remaining);
            shared.lastActionAt = now;
            return Optional.of(
                    Decisions.create(
                            policy,
                            target,
                            ActionType.EJECT_INSTANCES,
                            now,
                            desired(remaining, action),
                            "let "
                                    + back
                                    + " of "
                                    + policy.target().service()
                                    + " back in: recovered; now ejected "
                                    + remaining,
                            evidence,
                            revertOf));
        }
        return Optional.empty();
    }

    /** The instance signals of the service (of one version when set), spans preferred, by name. */
    static Map<String, Signal> instances(ServiceFrame frame, String version) {
        TreeMap<String, Signal> out = new TreeMap<>();
        for (Signal s : frame.instances()) {
            String name = s.key().instance();
            if (name == null || (version != null && !version.equals(s.key().version()))) {
                continue;
            }
            Signal old = out.get(name);
            if (old == null || Signal.SOURCE_SPANS.equals(s.source())) {
                out.put(name, s);
            }
        }
        return out;
    }

    /** Whether {@code name} is an outlier in this window; explains itself in {@code ev}. */
    static boolean isOutlier(
            Policy policy,
            Action.OutlierEjection action,
            String name,
            Map<String, Signal> instances,
            List<Evidence> ev) {
        Signal self = instances.get(name);
        boolean outlier = false;
        Condition when = policy.when();
        boolean always = when instanceof Condition.All all && all.conditions().isEmpty();
        if (!always) {
            ConditionEvaluator.Outcome o = ConditionEvaluator.evaluateOn(when, self, name);
            ev.addAll(o.evidence());
            outlier = o.verdict() == Verdict.FAIL;
        }
        long peerRequests = 0;
        long peerErrors = 0;
        List<Double> peerP99 = new ArrayList<>();
        for (Map.Entry<String, Signal> e : instances.entrySet()) {
            if (e.getKey().equals(name)) {
                continue;
            }
            Signal p = e.getValue();
            peerRequests += p.requests();
            peerErrors += Math.min(p.errors(), p.requests());
            if (p.requests() >= MIN_LATENCY_REQUESTS && Double.isFinite(p.p99Ms())) {
                peerP99.add(p.p99Ms());
            }
        }
        Judgement j =
                JUDGE.judge(
                        self.requests(),
                        Math.min(self.errors(), self.requests()),
                        peerRequests,
                        peerErrors);
        double selfRate =
                self.requests() == 0 ? Double.NaN : (double) self.errors() / self.requests();
        double peerRate = peerRequests == 0 ? Double.NaN : (double) peerErrors / peerRequests;
        ev.add(
                Evidence.of(
                        name + ".error_rate.vs_peers",
                        selfRate,
                        peerRate,
                        "ratio",
                        "peers pooled "
                                + peerErrors
                                + "/"
                                + peerRequests
                                + "; "
                                + j.method()
                                + ": "
                                + j.reason()));
        if (j.verdict() == Verdict.FAIL) {
            outlier = true;
        }
        if (self.requests() >= MIN_LATENCY_REQUESTS
                && Double.isFinite(self.p99Ms())
                && !peerP99.isEmpty()) {
            double median = median(peerP99);
            double bound = action.latencyFactor() * median;
            boolean slow = median > 0 && self.p99Ms() > bound;
            ev.add(
                    Evidence.of(
                            name + ".p99_ms.vs_peers",
                            self.p99Ms(),
                            bound,
                            "ms",
                            (slow ? "" : "not ")
                                    + "above "
                                    + action.latencyFactor()
                                    + " x peers' median p99 "
                                    + median
                                    + " ms ("
                                    + peerP99.size()
                                    + " peers)"));
            outlier |= slow;
        }
        return outlier;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static DesiredState desired(TreeSet<String> ejected, Action.OutlierEjection action) {
        return DesiredState.ejection(
                new DesiredState.Ejection(
                        List.copyOf(ejected),
                        action.maxEjectedPercent(),
                        CONSECUTIVE_ERRORS,
                        action.baseEjectionTime().toMillis()));
    }

    private static Map<String, Integer> asWeights(TreeSet<String> ejected) {
        TreeMap<String, Integer> out = new TreeMap<>();
        for (String i : ejected) {
            out.put(i, 1);
        }
        return out;
    }
}
