package io.meshloop.operators.decision.loops;

import io.meshloop.schemas.decision.Evidence;
import java.util.List;

/**
 * Whether a route should retry failed requests.
 *
 * <ul>
 *   <li><b>Enable</b> when errors are mostly transient (HTTP 503 / gRPC UNAVAILABLE share &ge;
 *       {@code transientShare}) and the error rate is at least {@code minErrorRate}: a retry likely
 *       lands on a healthy instance.
 *   <li><b>Disable</b> when the pattern looks like overload: error rate &ge; {@code
 *       overloadErrorRate} <em>and</em> both the error rate and p99 latency grew by at least {@code
 *       riseFactor} since the previous window. Retrying into an overloaded service multiplies its
 *       load (retry storm). Retries stay disabled until the error rate falls below {@code
 *       overloadErrorRate}.
 *   <li>Otherwise keep the current setting.
 * </ul>
 *
 * Feed one disjoint window at a time. Pure; the state is a record.
 */
public final class RetryAdvisor {

    /**
     * One window of a route.
     *
     * @param requests requests
     * @param errors failed requests
     * @param transientErrors failed requests with 503 / UNAVAILABLE, &le; errors
     * @param p99Millis p99 latency, ms
     */
    public record Window(long requests, long errors, long transientErrors, double p99Millis) {
        public Window {
            if (requests < 0
                    || errors < 0
                    || errors > requests
                    || transientErrors < 0
                    || transientErrors > errors) {
                throw new IllegalArgumentException(
                        "need 0 <= transientErrors <= errors <= requests, got "
                                + transientErrors
                                + ", "
                                + errors
                                + ", "
                                + requests);
            }
        }

        double errorRate() {
            return requests == 0 ? 0.0 : (double) errors / requests;
        }
    }

    /**
     * @param enabled retries on
     * @param overloaded disabled for overload; sticky until the error rate falls
     * @param previousErrorRate last window's error rate, NaN initially
     * @param previousP99Millis last window's p99, NaN initially
     */
    public record State(
            boolean enabled,
            boolean overloaded,
            double previousErrorRate,
            double previousP99Millis) {
        public static State initial(boolean enabled) {
            return new State(enabled, false, Double.NaN, Double.NaN);
        }
    }

    /**
     * @param transientShare share of errors that are transient to enable, in (0, 1]; e.g. 0.5
     * @param minErrorRate error rate at which retries are worth enabling, in [0, 1]; e.g. 0.001
     * @param overloadErrorRate error rate at or above which overload is suspected; e.g. 0.05
     * @param riseFactor growth counted as "rising", &gt; 1; e.g. 1.2
     */
    public record Config(
            double transientShare,
            double minErrorRate,
            double overloadErrorRate,
            double riseFactor) {
        public Config {
            if (!(transientShare > 0 && transientShare <= 1)) {
                throw new IllegalArgumentException(
                        "transientShare must be in (0, 1], got " + transientShare);
            }
            if (!(minErrorRate >= 0
                    && overloadErrorRate > minErrorRate
                    && overloadErrorRate <= 1)) {
                throw new IllegalArgumentException(
                        "need 0 <= minErrorRate < overloadErrorRate <= 1, got "
                                + minErrorRate
                                + " and "
                                + overloadErrorRate);
            }
            if (!(riseFactor > 1)) {
                throw new IllegalArgumentException("riseFactor must be > 1, got " + riseFactor);
            }
        }

        public static Config ofDefaults() {
            return new Config(0.5, 0.001, 0.05, 1.2);
        }
    }

    private final Config config;

    public RetryAdvisor(Config config) {
        this.config = config;
    }

    public Transition<State> next(State state, Window w) {
        double rate = w.errorRate();
        double share = w.errors() == 0 ? 0.0 : (double) w.transientErrors() / w.errors();
        boolean rising =
                state.previousErrorRate() >= 0
                        && rate >= state.previousErrorRate() * config.riseFactor()
                        && rate > state.previousErrorRate()
                        && w.p99Millis() >= state.previousP99Millis() * config.riseFactor();
        List<Evidence> ev =
                List.of(
                        new Evidence("errorRate", rate, config.overloadErrorRate(), "ratio"),
                        new Evidence("transientShare", share, config.transientShare(), "ratio"),
                        Evidence.of("previousErrorRate", state.previousErrorRate(), "ratio"),
                        Evidence.of("latency.p99", w.p99Millis(), "ms"),
                        Evidence.of("previousP99", state.previousP99Millis(), "ms"));
        boolean enabled = state.enabled();
        boolean overloaded = state.overloaded() && rate >= config.overloadErrorRate();
        String reason;
        if (rate >= config.overloadErrorRate() && rising) {
            enabled = false;
            overloaded = true;
            reason = "overload pattern (errors and latency rising): disable retries";
        } else if (overloaded) {
            enabled = false;
            reason = "still overloaded: keep retries off";
        } else if (rate >= config.minErrorRate() && share >= config.transientShare()) {
            enabled = true;
            reason = "transient errors dominate: enable retries";
        } else {
            reason = "no change";
        }
        State next = new State(enabled, overloaded, rate, w.p99Millis());
        return new Transition<>(next, enabled != state.enabled(), reason, ev);
    }
}
