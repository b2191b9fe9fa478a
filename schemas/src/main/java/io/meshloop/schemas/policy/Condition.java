package io.meshloop.schemas.policy;

import java.time.Duration;
import java.util.List;

/**
 * A trigger condition over the signals of a policy's target. In YAML each condition is a mapping
 * with exactly one key naming its kind ({@code threshold}, {@code compare}, {@code burnRate},
 * {@code plaintext}, {@code unexpectedEdge}, {@code all}, {@code any}); the list under {@code when}
 * is an implicit {@code all}.
 *
 * <p>Conditions are three-valued at evaluation time: a statistical comparison below its minimum
 * sample size is "not enough data", which never triggers an action and never counts as clean.
 */
public sealed interface Condition {

    /**
     * {@code signal op value}, e.g. {@code error_rate > 0.05}.
     *
     * @param value in the signal's unit: 0..1 for error_rate, ms for latencies, per second for rate
     */
    record Threshold(SignalName signal, Comparison op, double value) implements Condition {
        public Threshold {
            Checks.notNull("threshold.signal", signal);
            Checks.notNull("threshold.op", op);
            Checks.check(Double.isFinite(value), "threshold.value must be finite");
            if (signal.kind() == SignalName.Kind.RATIO) {
                Checks.range("threshold.value", value, 0, 1);
            } else {
                Checks.check(value >= 0, "threshold.value must be >= 0, was " + value);
            }
        }
    }

    /**
     * Holds when the target is worse than its baseline with the given confidence (one-sided test):
     * higher error rate or latency.
     *
     * @param baseline what the target is compared against
     * @param stableVersion with {@link Baseline#STABLE_VERSION}: the stable version (for canary
     *     policies, defaults to the action's {@code stableVersion}); null otherwise
     * @param test two-proportion or fisher for error_rate; mann-whitney or quantile for latencies
     * @param confidence 0.5..0.9999, default 0.98
     * @param minSamples requests needed on each side before judging, 1..10^9, default 100; below it
     *     the result is "not enough data"
     */
    record Compare(
            SignalName signal,
            Baseline baseline,
            String stableVersion,
            StatTest test,
            double confidence,
            long minSamples)
            implements Condition {

        public static final double DEFAULT_CONFIDENCE = 0.98;
        public static final double MIN_CONFIDENCE = 0.5;
        public static final double MAX_CONFIDENCE = 0.9999;
        public static final long DEFAULT_MIN_SAMPLES = 100;
        public static final long MAX_MIN_SAMPLES = 1_000_000_000L;

        public Compare {
            Checks.notNull("compare.signal", signal);
            Checks.notNull("compare.baseline", baseline);
            Checks.notNull("compare.test", test);
            Checks.check(
                    test.accepts(signal),
                    "compare.test " + test.yamlName() + " cannot judge " + signal.yamlName());
            Checks.check(
                    (baseline == Baseline.STABLE_VERSION) == (stableVersion != null),
                    "compare.stableVersion is required with baseline stable-version only");
            Checks.range("compare.confidence", confidence, MIN_CONFIDENCE, MAX_CONFIDENCE);
            Checks.check(
                    minSamples >= 1 && minSamples <= MAX_MIN_SAMPLES,
                    "compare.minSamples is " + minSamples + ", allowed 1..1000000000");
        }
    }

    /**
     * Multi-window, multi-burn-rate SLO alert on the error rate (Google SRE workbook, ch. 5): holds
     * when, for any window pair, the error rate over both the long and the short window exceeds
     * {@code factor × (1 − objective)}.
     *
     * @param objective the SLO, e.g. 0.999; 0.5..0.99999
     * @param windows at least one; default 1h/5m ×14.4 and 6h/30m ×6 (page-worthy pairs)
     */
    record BurnRate(double objective, List<BurnWindow> windows) implements Condition {

        public static final double MIN_OBJECTIVE = 0.5;
        public static final double MAX_OBJECTIVE = 0.99999;
        public static final List<BurnWindow> DEFAULT_WINDOWS =
                List.of(
                        new BurnWindow(Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
                        new BurnWindow(Duration.ofHours(6), Duration.ofMinutes(30), 6));

        public BurnRate {
            Checks.range("burnRate.objective", objective, MIN_OBJECTIVE, MAX_OBJECTIVE);
            windows = List.copyOf(Checks.notNull("burnRate.windows", windows));
            Checks.check(!windows.isEmpty(), "burnRate.windows must not be empty");
            for (BurnWindow w : windows) {
                Checks.check(
                        w.factor() * (1 - objective) <= 1,
                        "burnRate factor "
                                + w.factor()
                                + " can never fire at objective "
                                + objective);
            }
        }

        /** The error rate above which window pair {@code w} fires. */
        public double errorRateThreshold(BurnWindow w) {
            return w.factor() * (1 - objective);
        }
    }

    /**
     * One window pair of a {@link BurnRate}.
     *
     * @param longWindow YAML {@code long}: 1m..30d
     * @param shortWindow YAML {@code short}: shorter than the long window (workbook: 1/12 of it)
     * @param factor burn rate, &gt; 0: 1 spends the error budget exactly over the SLO period
     */
    record BurnWindow(Duration longWindow, Duration shortWindow, double factor) {
        public BurnWindow {
            Checks.positive("burnRate.windows.long", longWindow);
            Checks.positive("burnRate.windows.short", shortWindow);
            Checks.check(
                    shortWindow.compareTo(longWindow) < 0,
                    "burnRate.windows.short must be shorter than long");
            Checks.check(
                    factor > 0 && Double.isFinite(factor), "burnRate.windows.factor must be > 0");
        }
    }

    /**
     * Holds on an edge that carried plaintext requests (Istio {@code connection_security_policy}
     * other than {@code mutual_tls}). Edge scope only.
     */
    record Plaintext() implements Condition {}

    /**
     * Holds on a caller→callee edge that is not expected: not seen during the learning period
     * (counted from the engine's start) and not listed in {@code allowedEdges}. At least one of the
     * two is set; with only {@code allowedEdges}, the declared graph is the whole truth. Edge scope
     * only.
     *
     * @param learningPeriod null when not learning
     */
    record UnexpectedEdge(Duration learningPeriod, List<EdgeSelector> allowedEdges)
            implements Condition {
        public UnexpectedEdge {
            allowedEdges = List.copyOf(Checks.notNull("unexpectedEdge.allowedEdges", allowedEdges));
            Checks.check(
                    learningPeriod != null || !allowedEdges.isEmpty(),
                    "unexpectedEdge needs learningPeriod or allowedEdges");
            if (learningPeriod != null) {
                Checks.positive("unexpectedEdge.learningPeriod", learningPeriod);
            }
        }
    }

    /** Holds when every condition holds; an empty list always holds. */
    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
        }

        /** The condition of a policy without {@code when}: every evaluation. */
        public static All always() {
            return new All(List.of());
        }
    }

    /** Holds when at least one condition holds. */
    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
            Checks.check(!conditions.isEmpty(), "any needs at least one condition");
        }
    }

    /** Comparison operator of a {@link Threshold}; YAML accepts the symbol or the word. */
    enum Comparison implements YamlEnum {
        GT(">", "gt"),
        GE(">=", "gte"),
        LT("<", "lt"),
        LE("<=", "lte");

        private final String yamlName;
        private final String word;

        Comparison(String yamlName, String word) {
            this.yamlName = yamlName;
            this.word = word;
        }

        @Override
        public String yamlName() {
            return yamlName;
        }

        /** The word spelling, e.g. {@code gt}: needs no quoting in YAML, unlike {@code >}. */
        @Override
        public List<String> aliases() {
            return List.of(word);
        }

        public boolean test(double observed, double threshold) {
            return switch (this) {
                case GT -> observed > threshold;
                case GE -> observed >= threshold;
                case LT -> observed < threshold;
                case LE -> observed <= threshold;
            };
        }
    }

    /** What a {@link Compare} compares the target against. */
    enum Baseline implements YamlEnum {
        /** The same service's stable version over the same window (canary vs stable). */
        STABLE_VERSION("stable-version"),
        /** The target itself over the preceding window of the same length. */
        PREVIOUS_WINDOW("previous-window");

        private final String yamlName;

        Baseline(String yamlName) {
            this.yamlName = yamlName;
        }

        @Override
        public String yamlName() {
            return yamlName;
        }
    }

    /** The statistical test of a {@link Compare}. */
    enum StatTest implements YamlEnum {
        /** Two-proportion z-test on error counts; fine from a few hundred requests per side. */
        TWO_PROPORTION("two-proportion"),
        /** Fisher's exact test on error counts; for small samples or rare errors. */
        FISHER("fisher"),
        /** Mann-Whitney U rank test on latencies (needs latency samples or histograms). */
        MANN_WHITNEY("mann-whitney"),
        /** Compares sketch quantiles with their error bounds (DDSketch, 1% relative). */
        QUANTILE("quantile");

        private final String yamlName;

        StatTest(String yamlName) {
            this.yamlName = yamlName;
        }

        @Override
        public String yamlName() {
            return yamlName;
        }

        public boolean accepts(SignalName signal) {
            return switch (this) {
                case TWO_PROPORTION, FISHER -> signal.kind() == SignalName.Kind.RATIO;
                case MANN_WHITNEY, QUANTILE -> signal.kind() == SignalName.Kind.LATENCY;
            };
        }

        /** The default test for a signal, or null when no test can judge it. */
        public static StatTest defaultFor(SignalName signal) {
            return switch (signal.kind()) {
                case RATIO -> TWO_PROPORTION;
                case LATENCY -> QUANTILE;
                default -> null;
            };
        }
    }
}
