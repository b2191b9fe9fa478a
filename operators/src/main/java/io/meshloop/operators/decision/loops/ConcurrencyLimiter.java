package io.meshloop.operators.decision.loops;

import io.meshloop.schemas.decision.Evidence;
import java.util.List;

/**
 * Adaptive concurrency limit after Netflix concurrency-limits' {@code Gradient2Limit}, fed one
 * short-term RTT per evaluation (e.g. a window's p50 in ms) instead of every request.
 *
 * <pre>
 * longRtt   = exponential average of shortRtt (window {@code longWindow} evaluations, plain mean
 *             during the first {@code warmup} evaluations); decays by 5% when longRtt/shortRtt &gt; 2
 *             so that it recovers after a latency spike
 * if inFlight &lt; limit / 2: keep the limit (app-limited: no evidence about capacity)
 * gradient  = clamp(tolerance × longRtt / shortRtt, 0.5, 1.0)
 * newLimit  = limit × gradient + sqrt(limit)             (the queue allowance)
 * limit     = clamp(limit × (1 - smoothing) + newLimit × smoothing, minLimit, maxLimit)
 * </pre>
 *
 * Units: RTT in any unit used consistently (ms in this project); limits in concurrent requests.
 * Pure; the state is a record.
 */
public final class ConcurrencyLimiter {

    /**
     * @param limit current limit (fractional; use {@link #roundedLimit})
     * @param longRtt long-term RTT average; NaN before the first sample
     * @param samples evaluations seen (for the warm-up mean)
     */
    public record State(double limit, double longRtt, long samples) {
        public int roundedLimit() {
            return (int) Math.round(limit);
        }
    }

    /**
     * @param initialLimit starting limit
     * @param minLimit lower clamp, &ge; 1
     * @param maxLimit upper clamp, &ge; minLimit
     * @param smoothing in (0, 1]; Gradient2 default 0.2
     * @param tolerance RTT growth tolerated before shrinking, &ge; 1; Gradient2 default 1.5
     * @param longWindow evaluations in the long average, &ge; 1; Gradient2 default 600
     * @param warmup evaluations averaged plainly first, &ge; 0; default 10
     */
    public record Config(
            double initialLimit,
            double minLimit,
            double maxLimit,
            double smoothing,
            double tolerance,
            int longWindow,
            int warmup) {
        public Config {
            if (!(minLimit >= 1 && maxLimit >= minLimit)) {
                throw new IllegalArgumentException(
                        "need 1 <= minLimit <= maxLimit, got " + minLimit + " and " + maxLimit);
            }
            if (!(initialLimit >= minLimit && initialLimit <= maxLimit)) {
                throw new IllegalArgumentException(
                        "initialLimit must be in [minLimit, maxLimit], got " + initialLimit);
            }
            if (!(smoothing > 0 && smoothing <= 1)) {
                throw new IllegalArgumentException("smoothing must be in (0, 1], got " + smoothing);
            }
            if (!(tolerance >= 1)) {
                throw new IllegalArgumentException("tolerance must be >= 1, got " + tolerance);
            }
            if (longWindow < 1 || warmup < 0) {
                throw new IllegalArgumentException(
                        "need longWindow >= 1 and warmup >= 0, got "
                                + longWindow
                                + " and "
                                + warmup);
            }
        }

        /** Gradient2's defaults: limit 20 in [20, 200], smoothing 0.2, tolerance 1.5, 600/10. */
        public static Config ofDefaults() {
            return new Config(20, 20, 200, 0.2, 1.5, 600, 10);
        }
    }

    private final Config config;

    public ConcurrencyLimiter(Config config) {
        this.config = config;
    }

    public State initial() {
        return new State(config.initialLimit(), Double.NaN, 0);
    }

    /**
     * One evaluation.
     *
     * @param shortRtt RTT of the latest window (e.g. p50), &gt; 0
     * @param inFlight peak concurrent requests in the window, &ge; 0
     */
    public Transition<State> next(State state, double shortRtt, int inFlight) {
        if (!(shortRtt > 0)) {
            throw new IllegalArgumentException("shortRtt must be > 0, got " + shortRtt);
        }
        long n = state.samples() + 1;
        double longRtt;
        if (n <= config.warmup() || Double.isNaN(state.longRtt())) {
            longRtt =
                    Double.isNaN(state.longRtt())
                            ? shortRtt
                            : state.longRtt() + (shortRtt - state.longRtt()) / n;
        } else {
            double factor = 2.0 / (config.longWindow() + 1);
            longRtt = state.longRtt() * (1 - factor) + shortRtt * factor;
        }
        if (longRtt / shortRtt > 2) {
            longRtt *= 0.95;
        }
        double limit = state.limit();
        List<Evidence> ev =
                List.of(
                        Evidence.of("rtt.short", shortRtt, "ms"),
                        Evidence.of("rtt.long", longRtt, "ms"),
                        new Evidence("inFlight", inFlight, limit / 2, "requests"));
        if (inFlight < limit / 2) {
            return new Transition<>(
                    new State(limit, longRtt, n), false, "app-limited: in-flight < limit/2", ev);
        }
        double gradient = Math.max(0.5, Math.min(1.0, config.tolerance() * longRtt / shortRtt));
        double newLimit = limit * gradient + Math.sqrt(limit);
        newLimit = limit * (1 - config.smoothing()) + newLimit * config.smoothing();
        newLimit = Math.max(config.minLimit(), Math.min(config.maxLimit(), newLimit));
        State next = new State(newLimit, longRtt, n);
        boolean changed = next.roundedLimit() != state.roundedLimit();
        return new Transition<>(
                next,
                changed,
                String.format("gradient %.3f: limit %.1f -> %.1f", gradient, limit, newLimit),
                ev);
    }
}
