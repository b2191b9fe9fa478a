package io.meshloop.operators.decision.loops;

import io.meshloop.schemas.decision.Evidence;
import java.util.List;

/**
 * Request timeout from observed tail latency: {@code clamp(p99 × headroom, min, max)}, changed only
 * when the new value differs from the current one by at least {@code minRelativeChange} (default
 * 10%), so that normal p99 jitter does not rewrite routes every window. Units: ms. Pure.
 *
 * @param headroom multiplier on p99, &ge; 1 (e.g. 1.5)
 * @param minMillis lower clamp, &gt; 0
 * @param maxMillis upper clamp, &ge; minMillis
 * @param minRelativeChange smallest relative change acted on, in [0, 1)
 */
public record TimeoutAdvisor(
        double headroom, double minMillis, double maxMillis, double minRelativeChange) {

    public TimeoutAdvisor {
        if (!(headroom >= 1)) {
            throw new IllegalArgumentException("headroom must be >= 1, got " + headroom);
        }
        if (!(minMillis > 0 && maxMillis >= minMillis)) {
            throw new IllegalArgumentException(
                    "need 0 < minMillis <= maxMillis, got " + minMillis + " and " + maxMillis);
        }
        if (!(minRelativeChange >= 0 && minRelativeChange < 1)) {
            throw new IllegalArgumentException(
                    "minRelativeChange must be in [0, 1), got " + minRelativeChange);
        }
    }

    /** headroom 1.5, [50 ms, 30 s], 10% hysteresis. */
    public static TimeoutAdvisor ofDefaults() {
        return new TimeoutAdvisor(1.5, 50, 30_000, 0.10);
    }

    /**
     * @param currentMillis timeout in force, ms (&le; 0 = none set: always advise)
     * @param p99Millis observed p99 latency, ms
     */
    public Transition<Double> next(double currentMillis, double p99Millis) {
        double candidate = Math.max(minMillis, Math.min(maxMillis, p99Millis * headroom));
        double relative =
                currentMillis > 0 ? Math.abs(candidate - currentMillis) / currentMillis : 1.0;
        List<Evidence> ev =
                List.of(
                        Evidence.of("latency.p99", p99Millis, "ms"),
                        Evidence.of("timeout.candidate", candidate, "ms"),
                        new Evidence("timeout.relativeChange", relative, minRelativeChange, "1"));
        if (currentMillis > 0 && relative < minRelativeChange) {
            return new Transition<>(currentMillis, false, "change below hysteresis", ev);
        }
        return new Transition<>(
                candidate,
                candidate != currentMillis,
                String.format(
                        "timeout %.0f -> %.0f ms (p99 %.1f × %.2f)",
                        currentMillis, candidate, p99Millis, headroom),
                ev);
    }
}
