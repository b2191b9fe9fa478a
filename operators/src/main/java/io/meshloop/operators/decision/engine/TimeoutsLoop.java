package io.meshloop.operators.decision.engine;

import io.meshloop.operators.decision.loops.TimeoutAdvisor;
import io.meshloop.operators.decision.loops.Transition;
import io.meshloop.schemas.decision.ActionType;
import io.meshloop.schemas.decision.Decision;
import io.meshloop.schemas.decision.DecisionTarget;
import io.meshloop.schemas.decision.DesiredState;
import io.meshloop.schemas.decision.Evidence;
import io.meshloop.schemas.policy.Action;
import io.meshloop.schemas.policy.Policy;
import io.meshloop.schemas.signal.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Request timeouts from observed tail latency: {@code clamp(p99 × headroom, min, max)} (see {@link
 * TimeoutAdvisor}). A new timeout is set only when the advice differs from the timeout in force by
 * at least 10% for {@code safety.for} consecutive windows, and actions are at least {@code
 * safety.cooldown} apart, so p99 jitter does not rewrite routes.
 *
 * <p>The latency judged is the p99 of the policy's version, or, without one, the largest p99 among
 * the service's versions (a timeout must let the slowest version finish). Windows with fewer than
 * {@link #MIN_REQUESTS} requests are skipped: their p99 is a handful of samples. Limit: route-level
 * signals are not used yet; a policy naming a route is judged on its version roll-up.
 */
final class TimeoutsLoop {

    /** Fewer requests than this in a window give no advice. */
    static final long MIN_REQUESTS = 50;

    private static final double MIN_RELATIVE_CHANGE = 0.10;

    private TimeoutsLoop() {}

    static Optional<Decision> evaluate(Policy policy, ServiceFrame frame, LoopState s) {
        Action.Timeouts action = (Action.Timeouts) policy.action();
        Signal signal = subject(policy, frame);
        if (signal == null || signal.requests() < MIN_REQUESTS || Double.isNaN(signal.p99Ms())) {
            return Optional.empty();
        }
        TimeoutAdvisor advisor =
                new TimeoutAdvisor(
                        action.headroom(),
                        action.min().toMillis(),
                        action.max().toMillis(),
                        MIN_RELATIVE_CHANGE);
        Transition<Double> advice = advisor.next(s.timeoutMillis, signal.p99Ms());
        s.streak = advice.changed() ? s.streak + 1 : 0;
        long now = frame.windowEnd();
        if (s.streak < policy.safety().forEvaluations()
                || s.coolingDown(now, policy.safety().cooldown())) {
            return Optional.empty();
        }
        long previous = s.timeoutMillis;
        s.timeoutMillis = Math.round(advice.next());
        s.streak = 0;
        s.lastActionAt = now;
        List<Evidence> evidence = new ArrayList<>(advice.evidence());
        evidence.add(
                Evidence.of(
                        "advice.for",
                        policy.safety().forEvaluations(),
                        policy.safety().forEvaluations(),
                        "evaluations",
                        "p99 of "
                                + signal.key().version()
                                + " over ["
                                + signal.windowStart()
                                + ", "
                                + signal.windowEnd()
                                + "), "
                                + signal.requests()
                                + " requests"));
        DecisionTarget target =
                new DecisionTarget(
                        null,
                        policy.target().service(),
                        policy.target().version(),
                        policy.target().route(),
                        null,
                        null,
                        null);
        return Optional.of(
                Decisions.create(
                        policy,
                        target,
                        ActionType.SET_TIMEOUT,
                        now,
                        DesiredState.timeout(s.timeoutMillis),
                        "set the timeout of "
                                + policy.target().service()
                                + " to "
                                + s.timeoutMillis
                                + " ms (was "
                                + (previous < 0 ? "unset" : previous + " ms")
                                + "): "
                                + advice.reason(),
                        evidence,
                        null));
    }

    private static Signal subject(Policy policy, ServiceFrame frame) {
        if (policy.target().version() != null) {
            return frame.version(policy.target().version());
        }
        Signal slowest = null;
        for (String v : frame.versionNames()) {
            Signal s = frame.version(v);
            if (s.requests() >= MIN_REQUESTS && (slowest == null || s.p99Ms() > slowest.p99Ms())) {
                slowest = s;
            }
        }
        return slowest;
    }
}
