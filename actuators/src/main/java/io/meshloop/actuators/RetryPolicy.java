package io.meshloop.actuators;

import java.time.Duration;

/**
 * Bounded exponential backoff with jitter for {@link RetryableMeshException}s. Attempt {@code n}
 * (1-based) that fails waits {@code min(maxBackoff, initialBackoff * multiplier^(n-1))}, scaled by
 * a random factor in {@code [1 - jitter, 1 + jitter]}, before attempt {@code n + 1}.
 *
 * @param maxAttempts attempts in all, including the first, in [1, 20]
 * @param initialBackoff wait after the first failure, > 0
 * @param maxBackoff cap of a single wait, >= initialBackoff
 * @param multiplier growth per attempt, >= 1
 * @param jitter relative randomization, in [0, 1)
 */
public record RetryPolicy(
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        double multiplier,
        double jitter) {

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException(
                    "retry.maxAttempts must be in [1, 20], was " + maxAttempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException(
                    "retry.initialBackoff must be > 0, was " + initialBackoff);
        }
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "retry.maxBackoff must be >= initialBackoff ("
                            + initialBackoff
                            + "), was "
                            + maxBackoff);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("retry.multiplier must be >= 1, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("retry.jitter must be in [0, 1), was " + jitter);
        }
    }

    /** 6 attempts, 200 ms doubling to at most 5 s, ±20 % jitter: gives up after about 6 s. */
    public static RetryPolicy ofDefaults() {
        return new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 0.2);
    }

    /**
     * The wait after failed attempt {@code attempt} (1-based).
     *
     * @param random a uniform sample in [0, 1), e.g. {@code
     *     ThreadLocalRandom.current().nextDouble()}
     */
    public Duration backoff(int attempt, double random) {
        double base = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, maxBackoff.toMillis());
        double factor = 1.0 + jitter * (2.0 * random - 1.0);
        return Duration.ofMillis(Math.max(1L, Math.round(capped * factor)));
    }
}
