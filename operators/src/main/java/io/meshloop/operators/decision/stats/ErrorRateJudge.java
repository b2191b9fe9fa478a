package io.meshloop.operators.decision.stats;

import io.meshloop.schemas.decision.Evidence;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.FisherExactTest;
import org.apache.commons.statistics.inference.SignificanceResult;

/**
 * Is the canary's error proportion worse than the stable's? A one-sided test of H0: {@code p_canary
 * <= p_stable} against H1: {@code p_canary > p_stable}, on the request and error counts of one
 * judging interval.
 *
 * <p><b>Test choice.</b> Fisher's exact test (conditional on both margins, one-sided "greater" odds
 * ratio) while counts are small or sparse: it is valid at any count, including zero errors, and
 * conservative. The pooled two-proportion z-test above {@link
 * ErrorRateJudgeConfig#exactBelowRequests()} requests per arm with every expected cell count &ge;
 * 5, where the normal approximation is good and the z value is a readable effect measure. Both are
 * evaluated on the same hypothesis, and they agree closely in the overlap region (tested).
 *
 * <p><b>Verdict.</b> {@link Verdict#NOT_ENOUGH_DATA} when either arm has fewer than {@link
 * ErrorRateJudgeConfig#minRequestsPerArm()} requests. {@link Verdict#FAIL} only when p &lt; alpha
 * <em>and</em> the observed difference is practically significant (canary rate exceeds stable by at
 * least {@code minAbsoluteIncrease}, or is at least {@code minRatio} times it), so a 1.00% versus
 * 1.05% difference on ten million requests does not fail a canary. A canary with zero errors can
 * never FAIL (its difference is not positive). Everything else is {@link Verdict#PASS}.
 *
 * <p><b>Independence.</b> The test assumes every request is an independent Bernoulli trial and that
 * each request is counted once: feed it sums of disjoint (tumbling) panes, never the overlapping
 * outputs of a sliding window (a request in 10 overlapping windows would be counted 10 times and
 * shrink the p-value by about sqrt(10)). Requests are not truly independent (retries, a bad pod),
 * which makes the test somewhat anti-conservative; the practical margin and the default confidence
 * of 0.98 absorb part of that.
 *
 * <p>Stateless and thread-safe.
 */
public final class ErrorRateJudge {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);
    private static final FisherExactTest FISHER_GREATER =
            FisherExactTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN);

    /** Method names, as written in {@link Judgement#method()}. */
    public static final String FISHER = "fisher-exact";

    public static final String Z_POOLED = "z-pooled";

    private final ErrorRateJudgeConfig config;

    public ErrorRateJudge(ErrorRateJudgeConfig config) {
        this.config = config;
    }

    public ErrorRateJudgeConfig config() {
        return config;
    }

    /**
     * Judges one interval.
     *
     * @param canaryRequests requests to the canary, &ge; 0
     * @param canaryErrors failed canary requests, in [0, canaryRequests]
     * @param stableRequests requests to the stable version, &ge; 0
     * @param stableErrors failed stable requests, in [0, stableRequests]
     */
    public Judgement judge(
            long canaryRequests, long canaryErrors, long stableRequests, long stableErrors) {
        checkCounts("canary", canaryRequests, canaryErrors);
        checkCounts("stable", stableRequests, stableErrors);
        double alpha = config.alpha();
        double canaryRate = rate(canaryErrors, canaryRequests);
        double stableRate = rate(stableErrors, stableRequests);
        double increase = canaryRate - stableRate;
        double ratio = ratio(canaryRate, stableRate);
        Evidence[] counts = {
            new Evidence("canary.requests", canaryRequests, config.minRequestsPerArm(), "requests"),
            Evidence.of("canary.errors", canaryErrors, "requests"),
            new Evidence("stable.requests", stableRequests, config.minRequestsPerArm(), "requests"),
            Evidence.of("stable.errors", stableErrors, "requests"),
            Evidence.of("canary.errorRate", canaryRate, "ratio"),
            Evidence.of("stable.errorRate", stableRate, "ratio"),
            new Evidence("errorRate.increase", increase, config.minAbsoluteIncrease(), "ratio"),
            new Evidence("errorRate.ratio", ratio, config.minRatio(), "1"),
        };
        if (canaryRequests < config.minRequestsPerArm()
                || stableRequests < config.minRequestsPerArm()) {
            return new Judgement(
                    Verdict.NOT_ENOUGH_DATA,
                    "none",
                    Double.NaN,
                    Double.NaN,
                    increase,
                    alpha,
                    "fewer than " + config.minRequestsPerArm() + " requests in an arm",
                    List.of(counts));
        }
        boolean exact = useExact(canaryRequests, canaryErrors, stableRequests, stableErrors);
        double statistic;
        double p;
        if (exact) {
            SignificanceResult r =
                    fisher(canaryRequests, canaryErrors, stableRequests, stableErrors);
            statistic = r.getStatistic();
            p = r.getPValue();
        } else {
            statistic = zPooled(canaryRequests, canaryErrors, stableRequests, stableErrors);
            p = STANDARD_NORMAL.survivalProbability(statistic);
        }
        boolean significant = p < alpha;
        boolean material =
                increase > 0
                        && (increase >= config.minAbsoluteIncrease() || ratio >= config.minRatio());
        Verdict verdict = significant && material ? Verdict.FAIL : Verdict.PASS;
        String reason;
        if (verdict == Verdict.FAIL) {
            reason =
                    String.format(
                            "canary error rate %.4f > stable %.4f (p=%.3g < %.3g, %s)",
                            canaryRate, stableRate, p, alpha, exact ? FISHER : Z_POOLED);
        } else if (significant) {
            reason =
                    String.format(
                            "canary error rate %.4f vs stable %.4f significant (p=%.3g) but within margin"
                                    + " (+%.4f or x%.2f)",
                            canaryRate,
                            stableRate,
                            p,
                            config.minAbsoluteIncrease(),
                            config.minRatio());
        } else {
            reason =
                    String.format(
                            "canary error rate %.4f vs stable %.4f not significant (p=%.3g >= %.3g)",
                            canaryRate, stableRate, p, alpha);
        }
        Evidence[] all = new Evidence[counts.length + 2];
        System.arraycopy(counts, 0, all, 0, counts.length);
        all[counts.length] = new Evidence("pValue", p, alpha, "1");
        all[counts.length + 1] = Evidence.of(exact ? "oddsRatio" : "z", statistic, "1");
        return new Judgement(
                verdict,
                exact ? FISHER : Z_POOLED,
                p,
                statistic,
                increase,
                alpha,
                reason,
                List.of(all));
    }

    private boolean useExact(long nc, long ec, long ns, long es) {
        if (nc > Integer.MAX_VALUE || ns > Integer.MAX_VALUE) {
            return false;
        }
        if (nc < config.exactBelowRequests() || ns < config.exactBelowRequests()) {
            return true;
        }
        double pooled = (double) (ec + es) / (nc + ns);
        double minExpected = Math.min(pooled, 1 - pooled) * Math.min(nc, ns);
        return minExpected < 5.0;
    }

    /** One-sided ("canary greater") Fisher exact test on the 2×2 table; counts must fit an int. */
    public static SignificanceResult fisher(long nc, long ec, long ns, long es) {
        int[][] table = {
            {Math.toIntExact(ec), Math.toIntExact(nc - ec)},
            {Math.toIntExact(es), Math.toIntExact(ns - es)}
        };
        return FISHER_GREATER.test(table);
    }

    /**
     * Pooled two-proportion z statistic, positive when the canary is worse; 0 when the pooled
     * proportion is 0 or 1 (no variance, no evidence either way).
     */
    public static double zPooled(long nc, long ec, long ns, long es) {
        double pooled = (double) (ec + es) / (nc + ns);
        double variance = pooled * (1 - pooled) * (1.0 / nc + 1.0 / ns);
        if (!(variance > 0)) {
            return 0.0;
        }
        return (rate(ec, nc) - rate(es, ns)) / Math.sqrt(variance);
    }

    /** One-sided p-value of {@link #zPooled}. */
    public static double zPooledPValue(long nc, long ec, long ns, long es) {
        return STANDARD_NORMAL.survivalProbability(zPooled(nc, ec, ns, es));
    }

    private static double rate(long errors, long requests) {
        return requests == 0 ? Double.NaN : (double) errors / requests;
    }

    private static double ratio(double canaryRate, double stableRate) {
        if (stableRate > 0) {
            return canaryRate / stableRate;
        }
        return canaryRate > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    }

    private static void checkCounts(String arm, long requests, long errors) {
        if (requests < 0 || errors < 0 || errors > requests) {
            throw new IllegalArgumentException(
                    arm
                            + " counts must satisfy 0 <= errors <= requests, got errors="
                            + errors
                            + " requests="
                            + requests);
        }
    }
}
