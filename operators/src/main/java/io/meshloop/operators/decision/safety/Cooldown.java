package io.meshloop.operators.decision.safety;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * At most one action per target within {@code cooldownMillis} of the previous one.
 *
 * <p>Memory: one entry per target acted on within the last cooldown; older entries are pruned on
 * {@link #record}. Not thread-safe.
 */
public final class Cooldown {

    private final long cooldownMillis;
    private final Map<String, Long> lastAction = new HashMap<>();

    /**
     * @param cooldownMillis minimum gap between two actions on one target, ms, &ge; 0
     */
    public Cooldown(long cooldownMillis) {
        if (cooldownMillis < 0) {
            throw new IllegalArgumentException(
                    "cooldownMillis must be >= 0, got " + cooldownMillis);
        }
        this.cooldownMillis = cooldownMillis;
    }

    /** Empty when an action on {@code target} is allowed at {@code nowMillis}, else the reason. */
    public Optional<String> check(String target, long nowMillis) {
        Long last = lastAction.get(target);
        if (last == null || nowMillis - last >= cooldownMillis) {
            return Optional.empty();
        }
        return Optional.of(
                "cooldown: last action on "
                        + target
                        + " "
                        + (nowMillis - last)
                        + " ms ago < "
                        + cooldownMillis
                        + " ms");
    }

    /** Records an action taken on {@code target} at {@code nowMillis}. */
    public void record(String target, long nowMillis) {
        for (Iterator<Long> it = lastAction.values().iterator(); it.hasNext(); ) {
            if (nowMillis - it.next() >= cooldownMillis) {
                it.remove();
            }
        }
        lastAction.put(target, nowMillis);
    }

    /** Targets currently remembered (for tests of bounded memory). */
    public int trackedTargets() {
        return lastAction.size();
    }
}
