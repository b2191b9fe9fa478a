package io.meshloop.operators.decision.stats;

/**
 * Settings of {@link ErrorRateJudge}.
 *
 * @param confidence one-sided confidence, in (0.5, 1); alpha = 1 - confidence. Default 0.98.
 * @param minRequestsPerArm below this many requests in either arm the verdict is {@link
 *     Verdict#NOT_ENOUGH_DATA}; at least 1. Default 100.
 * @param exactBelowRequests Fisher's exact test is used while either arm has fewer requests than
 *     this or any expected cell count is below 5; the pooled z-test above. Default 5000 (Fisher's
 *     cost is linear in the smaller margin, so this is about accuracy of the z approximation, not
 *     speed). Counts above {@link Integer#MAX_VALUE} always use the z-test.
 * @param minAbsoluteIncrease practical margin: the canary's error rate must exceed the stable's by
 *     at least this many (ratio units: 0.005 = 0.5 percentage points) ... Default 0.005.
 * @param minRatio ... <em>or</em> be at least this many times the stable's (must be &ge; 1; {@code
 *     Double.POSITIVE_INFINITY} disables the ratio route). Default 1.5.
 */
public record ErrorRateJudgeConfig(
        double confidence,
        long minRequestsPerArm,
        long exactBelowRequests,
        double minAbsoluteIncrease,
        double minRatio) {

    public ErrorRateJudgeConfig {
        if (!(confidence > 0.5 && confidence < 1.0)) {
            throw new IllegalArgumentException("confidence must be in (0.5, 1), got " + confidence);
        }
        if (minRequestsPerArm < 1) {
            throw new IllegalArgumentException(
                    "minRequestsPerArm must be >= 1, got " + minRequestsPerArm);
        }
        if (exactBelowRequests < 0) {
            throw new IllegalArgumentException(
                    "exactBelowRequests must be >= 0, got " + exactBelowRequests);
        }
        if (!(minAbsoluteIncrease >= 0.0 && minAbsoluteIncrease < 1.0)) {
            throw new IllegalArgumentException(
                    "minAbsoluteIncrease must be in [0, 1), got " + minAbsoluteIncrease);
        }
        if (!(minRatio >= 1.0)) {
            throw new IllegalArgumentException("minRatio must be >= 1, got " + minRatio);
        }
    }

    /** confidence 0.98, 100 requests per arm, exact below 5000, margin 0.5 pp or ×1.5. */
    public static ErrorRateJudgeConfig ofDefaults() {
        return new ErrorRateJudgeConfig(0.98, 100, 5000, 0.005, 1.5);
    }

    public double alpha() {
        return 1.0 - confidence;
    }

    public ErrorRateJudgeConfig withConfidence(double value) {
        return new ErrorRateJudgeConfig(
                value, minRequestsPerArm, exactBelowRequests, minAbsoluteIncrease, minRatio);
    }

    public ErrorRateJudgeConfig withMinRequestsPerArm(long value) {
        return new ErrorRateJudgeConfig(
                confidence, value, exactBelowRequests, minAbsoluteIncrease, minRatio);
    }

    public ErrorRateJudgeConfig withExactBelowRequests(long value) {
        return new ErrorRateJudgeConfig(
                confidence, minRequestsPerArm, value, minAbsoluteIncrease, minRatio);
    }

    public ErrorRateJudgeConfig withMargin(double absoluteIncrease, double ratio) {
        return new ErrorRateJudgeConfig(
                confidence, minRequestsPerArm, exactBelowRequests, absoluteIncrease, ratio);
    }
}
