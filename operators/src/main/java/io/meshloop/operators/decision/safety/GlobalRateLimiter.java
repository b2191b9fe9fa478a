package io.meshloop.operators.decision.safety;

import java.util.Optional;

/**
 * At most {@code maxActions} actions in any window of {@code windowMillis} (default use: K per
 * minute), across all targets. An exact sliding-window log: a ring of the last K action times, so
 * memory is {@code 8 × K} bytes and a check is O(1). Not thread-safe.
 */
public final class GlobalRateLimiter {

    private final int maxActions;
    private final long windowMillis;
    private final long[] times;
    private int next;
    private int count;

    /**
     * @param maxActions K &ge; 1
     * @param windowMillis window length, ms, &ge; 1 (60_000 for "per minute")
     */
    public GlobalRateLimiter(int maxActions, long windowMillis) {
        if (maxActions < 1 || windowMillis < 1) {
            throw new IllegalArgumentException(
                    "maxActions and windowMillis must be >= 1, got "
                            + maxActions
                            + " and "
                            + windowMillis);
        }
        this.maxActions = maxActions;
        this.windowMillis = windowMillis;
        this.times = new long[maxActions];
    }

    /** Empty when one more action is allowed at {@code nowMillis}, else the reason. */
    public Optional<String> check(long nowMillis) {
        if (count < maxActions) {
            return Optional.empty();
        }
        long oldest = times[next]; // ring is full: next is the oldest slot
        if (nowMillis - oldest >= windowMillis) {
            return Optional.empty();
        }
        return Optional.of(
                "global rate limit: "
                        + maxActions
                        + " actions in the last "
                        + windowMillis
                        + " ms");
    }

    /** Records an action at {@code nowMillis} (times must not decrease). */
    public void record(long nowMillis) {
        times[next] = nowMillis;
        next = (next + 1) % maxActions;
        count = Math.min(count + 1, maxActions);
    }
}
