package io.meshloop.operators.decision.safety;

/** What the {@link SafetyGate} says about a proposed action. */
public sealed interface GateDecision {

    /**
     * Go ahead with {@code action}, which may differ from the proposal (clamped weights).
     *
     * @param note why it was changed, empty when it was not
     */
    record Allowed(ProposedAction action, String note) implements GateDecision {}

    /**
     * Do nothing.
     *
     * @param rule the rail that stopped it: {@code killSwitch}, {@code cooldown}, {@code rateLimit}
     *     or {@code blastRadius}
     * @param reason text for the decision record
     */
    record Suppressed(String rule, String reason) implements GateDecision {}

    default boolean allowed() {
        return this instanceof Allowed;
    }
}
