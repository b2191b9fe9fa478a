package io.meshloop.operators.decision.engine;

import java.util.Map;

/**
 * What the engine remembers about one policy on one service between evaluations. A Flink POJO
 * (public fields, no-argument constructor): it lives in keyed state and is checkpointed with it.
 */
public class LoopState {

    /** Hysteresis output: the policy's condition has held long enough to act on. */
    public boolean active;

    /** Consecutive evaluations contradicting {@link #active} so far. */
    public int streak;

    /**
     * Event time of the last decision issued (not suppressed), epoch ms; Long.MIN_VALUE if none.
     */
    public long lastActionAt = Long.MIN_VALUE;

    /** Canary loop: canary weight in percent; -1 until first inferred from the observed split. */
    public int canaryWeight = -1;

    /** Canary loop: PROGRESSING, PROMOTED or ROLLED_BACK. */
    public String phase;

    /** Canary loop: start of the current unbroken PASS streak, epoch ms; -1 when none. */
    public long passSince = -1;

    /** Shift-away: the weights this policy last asked for, by version; null until first known. */
    public Map<String, Integer> weights;

    /** Shift-away: the weights before the policy first moved traffic, restored on revert. */
    public Map<String, Integer> before;

    /** Timeouts loop: the route timeout this policy last set, ms; -1 until first set. */
    public long timeoutMillis = -1;

    /** Id of the decision that a revert would undo; null when nothing is to be reverted. */
    public String activeDecisionId;

    public LoopState() {}

    /** Whether the last action was less than {@code cooldown} before {@code nowMillis}. */
    boolean coolingDown(long nowMillis, java.time.Duration cooldown) {
        return lastActionAt != Long.MIN_VALUE && nowMillis - lastActionAt < cooldown.toMillis();
    }
}
