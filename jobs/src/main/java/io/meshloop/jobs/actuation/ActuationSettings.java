package io.meshloop.jobs.actuation;

import io.meshloop.actuators.RetryPolicy;
import java.io.Serializable;
import java.time.Duration;

/**
 * How the actuation stage retries and how wide it runs.
 *
 * <p>There are two retry loops, on purpose. The client's own ({@link #clientRetry()}) is short
 * because it sleeps on the task thread, holding back checkpoint barriers and every other target;
 * when it gives up on a transient error the decision stays queued in Flink state and is retried on
 * processing-time timers, {@code initialBackoff} doubling up to {@code maxBackoff}, without end: a
 * decision is never dropped because the mesh was down.
 *
 * @param clientAttempts attempts of the mesh client's own retry loop, in [1, 20]
 * @param clientInitialBackoff its first wait (then doubling, ±20 % jitter), > 0
 * @param clientMaxBackoff cap of its waits, >= clientInitialBackoff
 * @param initialBackoff wait before the first timer retry, > 0
 * @param maxBackoff cap of the timer retries' wait, >= initialBackoff
 * @param parallelism subtasks of the actuation operator, >= 1; keep 1 for a GitOps directory
 *     (writes are serialized within one JVM only)
 */
public record ActuationSettings(
        int clientAttempts,
        Duration clientInitialBackoff,
        Duration clientMaxBackoff,
        Duration initialBackoff,
        Duration maxBackoff,
        int parallelism)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public ActuationSettings {
        if (clientAttempts < 1 || clientAttempts > 20) {
            throw new IllegalArgumentException(
                    "actuation.clientAttempts must be in [1, 20], was " + clientAttempts);
        }
        requireBackoffs(
                "clientInitialBackoff", clientInitialBackoff, "clientMaxBackoff", clientMaxBackoff);
        requireBackoffs("initialBackoff", initialBackoff, "maxBackoff", maxBackoff);
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "actuation.parallelism must be >= 1, was " + parallelism);
        }
    }

    /**
     * Client: 3 attempts, 200 ms doubling to 1 s, ±20 % (blocks the task at most about 0.6 s per
     * decision); then timer retries from 1 s doubling to 1 min; parallelism 1.
     */
    public static ActuationSettings ofDefaults() {
        return new ActuationSettings(
                3,
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                1);
    }

    public ActuationSettings withParallelism(int parallelism) {
        return new ActuationSettings(
                clientAttempts,
                clientInitialBackoff,
                clientMaxBackoff,
                initialBackoff,
                maxBackoff,
                parallelism);
    }

    /** The mesh client's own retry loop (RetryPolicy is not serializable, so built on demand). */
    public RetryPolicy clientRetry() {
        return new RetryPolicy(clientAttempts, clientInitialBackoff, clientMaxBackoff, 2.0, 0.2);
    }

    /** The wait before the next timer retry after {@code failures} (>= 1) failed attempts, ms. */
    public long backoffMillis(int failures) {
        long max = maxBackoff.toMillis();
        long wait = initialBackoff.toMillis();
        for (int i = 1; i < failures && wait < max; i++) {
            wait *= 2;
        }
        return Math.min(wait, max);
    }

    private static void requireBackoffs(
            String initialName, Duration initial, String maxName, Duration max) {
        if (initial == null || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException(
                    "actuation." + initialName + " must be > 0, was " + initial);
        }
        if (max == null || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "actuation."
                            + maxName
                            + " must be >= "
                            + initialName
                            + " ("
                            + initial
                            + "), was "
                            + max);
        }
    }
}
