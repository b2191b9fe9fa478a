package io.meshloop.operators.decision.safety;

import java.util.Map;
import java.util.Optional;

/**
 * Runs every rail over a proposed action, in order: kill switch, per-target cooldown, global rate
 * limit, blast radius. The first rail that objects suppresses the action with its reason. An {@link
 * GateDecision.Allowed} answer counts as taken: it starts the target's cooldown and uses one unit
 * of the global rate.
 *
 * <p>A weight proposal that the blast-radius rail clamps is allowed in its clamped form, unless the
 * clamped weights equal the current ones (then nothing would change: suppressed).
 *
 * <p>Not thread-safe; one gate per decision-engine instance.
 */
public final class SafetyGate {

    private final KillSwitch killSwitch;
    private final Cooldown cooldown;
    private final GlobalRateLimiter rateLimiter;
    private final BlastRadius blastRadius;

    public SafetyGate(
            KillSwitch killSwitch,
            Cooldown cooldown,
            GlobalRateLimiter rateLimiter,
            BlastRadius blastRadius) {
        this.killSwitch = killSwitch;
        this.cooldown = cooldown;
        this.rateLimiter = rateLimiter;
        this.blastRadius = blastRadius;
    }

    /** Judges {@code action} proposed at {@code nowMillis} (epoch ms, non-decreasing). */
    public GateDecision evaluate(ProposedAction action, long nowMillis) {
        if (killSwitch.engaged()) {
            return new GateDecision.Suppressed("killSwitch", "kill switch engaged");
        }
        Optional<String> cool = cooldown.check(action.target(), nowMillis);
        if (cool.isPresent()) {
            return new GateDecision.Suppressed("cooldown", cool.get());
        }
        Optional<String> rate = rateLimiter.check(nowMillis);
        if (rate.isPresent()) {
            return new GateDecision.Suppressed("rateLimit", rate.get());
        }
        ProposedAction effective = action;
        String note = "";
        if (action instanceof ProposedAction.RouteWeights rw) {
            BlastRadius.WeightCheck check =
                    blastRadius.clampWeights(rw.current(), rw.proposed(), rw.healthy());
            if (check.clamped()) {
                if (samePositive(check.weights(), rw.current())) {
                    return new GateDecision.Suppressed("blastRadius", check.reason());
                }
                effective =
                        new ProposedAction.RouteWeights(
                                rw.target(), rw.current(), check.weights(), rw.healthy());
                note = check.reason();
            }
        } else if (action instanceof ProposedAction.EjectInstance ej) {
            Optional<String> denied =
                    blastRadius.checkEjection(ej.instances(), ej.ejected(), ej.instance());
            if (denied.isPresent()) {
                return new GateDecision.Suppressed("blastRadius", denied.get());
            }
        }
        cooldown.record(action.target(), nowMillis);
        rateLimiter.record(nowMillis);
        return new GateDecision.Allowed(effective, note);
    }

    private static boolean samePositive(Map<String, Integer> a, Map<String, Integer> b) {
        for (Map.Entry<String, Integer> e : a.entrySet()) {
            if (!e.getValue().equals(b.getOrDefault(e.getKey(), 0))) {
                return false;
            }
        }
        for (Map.Entry<String, Integer> e : b.entrySet()) {
            if (!e.getValue().equals(a.getOrDefault(e.getKey(), 0))) {
                return false;
            }
        }
        return true;
    }
}
