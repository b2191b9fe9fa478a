package io.meshloop.operators.decision.stats;

import java.util.List;

/**
 * Settings of {@link LatencyJudge}.
 *
 * @param confidence one-sided family-wise confidence in (0.5, 1); alpha = 1 - confidence is split
 *     (Bonferroni) over the rank test and the tail tests. Default 0.98.
 * @param minSamplesPerArm below this many latency samples in either arm: NOT_ENOUGH_DATA. Default
 *     200.
 * @param quantiles quantiles in (0, 1) compared for practical significance, ascending. Default p50
 *     and p99. Quantiles &ge; {@value LatencyJudge#TAIL_QUANTILE} also get a tail exceedance test.
 * @param margin relative practical margin: a canary quantile must exceed the stable's by more than
 *     this fraction (0.10 = 10%) to count; sketches add 2 × their relative accuracy. Default 0.10.
 * @param minTailSamples a quantile q is only compared when both arms have at least this many
 *     samples above it, i.e. {@code n × (1 - q) >= minTailSamples}; a p99 over 300 samples is three
 *     points and is noise. Default 10.
 */
public record LatencyJudgeConfig(
        double confidence,
        long minSamplesPerArm,
        List<Double> quantiles,
        double margin,
        long minTailSamples) {

    public LatencyJudgeConfig {
        if (!(confidence > 0.5 && confidence < 1.0)) {
            throw new IllegalArgumentException("confidence must be in (0.5, 1), got " + confidence);
        }
        if (minSamplesPerArm < 2) {
            throw new IllegalArgumentException(
                    "minSamplesPerArm must be >= 2, got " + minSamplesPerArm);
        }
        quantiles = List.copyOf(quantiles);
        if (quantiles.isEmpty()) {
            throw new IllegalArgumentException("quantiles must not be empty");
        }
        for (double q : quantiles) {
            if (!(q > 0 && q < 1)) {
                throw new IllegalArgumentException(
                        "quantiles must be in (0, 1), got " + q + " in " + quantiles);
            }
        }
        if (!(margin >= 0 && margin < 10)) {
            throw new IllegalArgumentException("margin must be in [0, 10), got " + margin);
        }
        if (minTailSamples < 1) {
            throw new IllegalArgumentException(
                    "minTailSamples must be >= 1, got " + minTailSamples);
        }
    }

    /** confidence 0.98, 200 samples per arm, p50 and p99, 10% margin, 10 tail samples. */
    public static LatencyJudgeConfig ofDefaults() {
        return new LatencyJudgeConfig(0.98, 200, List.of(0.5, 0.99), 0.10, 10);
    }

    public double alpha() {
        return 1.0 - confidence;
    }

    public LatencyJudgeConfig withMinSamplesPerArm(long value) {
        return new LatencyJudgeConfig(confidence, value, quantiles, margin, minTailSamples);
    }

    public LatencyJudgeConfig withQuantiles(List<Double> value) {
        return new LatencyJudgeConfig(confidence, minSamplesPerArm, value, margin, minTailSamples);
    }

    public LatencyJudgeConfig withMargin(double value) {
        return new LatencyJudgeConfig(
                confidence, minSamplesPerArm, quantiles, value, minTailSamples);
    }
}
