package io.meshloop.operators.decision.safety;

/**
 * Debounces a boolean condition: it must hold for {@code triggerAfter} consecutive evaluations to
 * become active, and be clear for {@code releaseAfter} consecutive evaluations to become inactive.
 * Input that flaps faster than either count never changes the output.
 *
 * <p>Pure: the state is an immutable {@link State} the caller keeps (e.g. in Flink keyed state).
 */
public final class Hysteresis {

    /**
     * @param active the debounced output
     * @param streak consecutive evaluations contradicting {@code active} so far
     */
    public record State(boolean active, int streak) {
        public static final State INACTIVE = new State(false, 0);
    }

    private final int triggerAfter;
    private final int releaseAfter;

    /**
     * @param triggerAfter N &ge; 1 consecutive true evaluations to activate
     * @param releaseAfter M &ge; 1 consecutive false evaluations to deactivate
     */
    public Hysteresis(int triggerAfter, int releaseAfter) {
        if (triggerAfter < 1 || releaseAfter < 1) {
            throw new IllegalArgumentException(
                    "triggerAfter and releaseAfter must be >= 1, got "
                            + triggerAfter
                            + " and "
                            + releaseAfter);
        }
        this.triggerAfter = triggerAfter;
        this.releaseAfter = releaseAfter;
    }

    /** The state after one more evaluation of the condition. */
    public State next(State state, boolean condition) {
        if (condition == state.active()) {
            return state.streak() == 0 ? state : new State(state.active(), 0);
        }
        int streak = state.streak() + 1;
        int needed = state.active() ? releaseAfter : triggerAfter;
        return streak >= needed ? new State(!state.active(), 0) : new State(state.active(), streak);
    }
}
