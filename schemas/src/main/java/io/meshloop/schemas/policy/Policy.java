package io.meshloop.schemas.policy;

import io.meshloop.schemas.signal.SignalScope;

/**
 * One policy: when {@code when} holds on {@code target} for {@code safety.for} consecutive
 * evaluations, the {@code loop} takes {@code action}, within the safety rails.
 *
 * @param name unique in the set, an RFC 1123 label (lower case, digits, '-', at most 63)
 * @param mode enforce or dry-run (the set's default when the file omits it)
 * @param loop which feedback loop; must match {@code action.loop()}
 * @param target what is watched and acted on
 * @param when the trigger; an empty {@link Condition.All} means "every evaluation" (continuous
 *     loops without {@code when})
 * @param action the loop's parameters
 * @param safety hysteresis, cooldown, revert, blast radius
 */
public record Policy(
        String name,
        Mode mode,
        Loop loop,
        Target target,
        Condition when,
        Action action,
        Safety safety) {

    public Policy {
        Checks.notNull("name", name);
        Checks.check(
                Checks.DNS_LABEL.matcher(name).matches(),
                "name '" + name + "' is not an RFC 1123 label");
        Checks.notNull("mode", mode);
        Checks.notNull("loop", loop);
        Checks.notNull("target", target);
        Checks.notNull("when", when);
        Checks.notNull("action", action);
        Checks.notNull("safety", safety);
        Checks.check(
                action.loop() == loop,
                "action is for loop "
                        + action.loop().yamlName()
                        + ", policy loop is "
                        + loop.yamlName());
    }

    /** The scope of the signals the conditions are evaluated on. */
    public SignalScope scope() {
        return loop.scope(target);
    }
}
