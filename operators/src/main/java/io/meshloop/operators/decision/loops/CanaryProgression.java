package io.meshloop.operators.decision.loops;

import io.meshloop.operators.decision.stats.Verdict;
import io.meshloop.schemas.decision.Evidence;
import java.util.List;

/**
 * Canary weight progression: step up after the judges have said PASS continuously for {@code
 * stepIntervalMillis}; roll back to 0 on any FAIL; hold on NOT_ENOUGH_DATA.
 *
 * <p>NOT_ENOUGH_DATA holds the weight and restarts the PASS streak: promotion needs an unbroken
 * interval of positive evidence, so a canary that gets no traffic never progresses. A rollback is
 * terminal ({@link Phase#ROLLED_BACK}) until an operator starts a new rollout. Pure.
 */
public final class CanaryProgression {

    /** Where the rollout is. */
    public enum Phase {
        PROGRESSING,
        PROMOTED,
        ROLLED_BACK
    }

    /**
     * @param weight canary weight now, in [0, maxWeight]
     * @param phase rollout phase
     * @param passSinceMillis start of the current unbroken PASS streak, epoch ms; -1 when none
     */
    public record State(int weight, Phase phase, long passSinceMillis) {
        /** A fresh rollout at weight 0. */
        public static State start() {
            return new State(0, Phase.PROGRESSING, -1);
        }
    }

    private final int stepWeight;
    private final int maxWeight;
    private final long stepIntervalMillis;

    /**
     * @param stepWeight weight added per step, in [1, maxWeight]
     * @param maxWeight final canary weight, in [1, 100]
     * @param stepIntervalMillis PASS duration required before each step, ms, &ge; 0
     */
    public CanaryProgression(int stepWeight, int maxWeight, long stepIntervalMillis) {
        if (maxWeight < 1 || maxWeight > 100) {
            throw new IllegalArgumentException("maxWeight must be in [1, 100], got " + maxWeight);
        }
        if (stepWeight < 1 || stepWeight > maxWeight) {
            throw new IllegalArgumentException(
                    "stepWeight must be in [1, maxWeight=" + maxWeight + "], got " + stepWeight);
        }
        if (stepIntervalMillis < 0) {
            throw new IllegalArgumentException(
                    "stepIntervalMillis must be >= 0, got " + stepIntervalMillis);
        }
        this.stepWeight = stepWeight;
        this.maxWeight = maxWeight;
        this.stepIntervalMillis = stepIntervalMillis;
    }

    /** The next state given the latest combined verdict at {@code nowMillis}. */
    public Transition<State> next(State state, Verdict verdict, long nowMillis) {
        List<Evidence> ev = List.of(Evidence.of("canary.weight", state.weight(), "percent"));
        if (state.phase() != Phase.PROGRESSING) {
            return new Transition<>(state, false, "rollout " + state.phase(), ev);
        }
        switch (verdict) {
            case FAIL:
                return new Transition<>(
                        new State(0, Phase.ROLLED_BACK, -1),
                        true,
                        "FAIL: roll back from " + state.weight() + " to 0",
                        ev);
            case NOT_ENOUGH_DATA:
                State held = new State(state.weight(), Phase.PROGRESSING, -1);
                return new Transition<>(held, false, "not enough data: hold", ev);
            case PASS:
            default:
                long since = state.passSinceMillis() < 0 ? nowMillis : state.passSinceMillis();
                long passed = nowMillis - since;
                List<Evidence> pev =
                        List.of(
                                ev.get(0),
                                new Evidence(
                                        "pass.durationMillis", passed, stepIntervalMillis, "ms"));
                if (passed < stepIntervalMillis) {
                    return new Transition<>(
                            new State(state.weight(), Phase.PROGRESSING, since),
                            false,
                            "PASS for " + passed + " ms < " + stepIntervalMillis + " ms: hold",
                            pev);
                }
                int weight = Math.min(maxWeight, state.weight() + stepWeight);
                Phase phase = weight >= maxWeight ? Phase.PROMOTED : Phase.PROGRESSING;
                return new Transition<>(
                        new State(weight, phase, phase == Phase.PROMOTED ? -1 : nowMillis),
                        true,
                        "PASS for " + passed + " ms: step " + state.weight() + " -> " + weight,
                        pev);
        }
    }
}
