package io.meshloop.operators.decision.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.DiscreteDistribution;
import org.junit.jupiter.api.Test;

class ErrorRateJudgeTest {

    private static final ErrorRateJudge JUDGE =
            new ErrorRateJudge(ErrorRateJudgeConfig.ofDefaults());
    private static final double ALPHA = 0.02;

    private static UniformRandomProvider rng(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return r::nextLong;
    }

    /** Fraction of trials whose p-value is below alpha, and of FAIL verdicts. */
    private static double[] simulate(
            ErrorRateJudge judge, int trials, int n, double pCanary, double pStable, long seed) {
        UniformRandomProvider rng = rng(seed);
        DiscreteDistribution.Sampler canary =
                BinomialDistribution.of(n, pCanary).createSampler(rng);
        DiscreteDistribution.Sampler stable =
                BinomialDistribution.of(n, pStable).createSampler(rng);
        int rejected = 0;
        int failed = 0;
        for (int i = 0; i < trials; i++) {
            Judgement j = judge.judge(n, canary.sample(), n, stable.sample());
            if (j.pValue() < ALPHA) {
                rejected++;
            }
            if (j.verdict() == Verdict.FAIL) {
                failed++;
            }
        }
        return new double[] {(double) rejected / trials, (double) failed / trials};
    }

    /** alpha + 3 binomial standard errors over the trial count. */
    private static double tolerance(int trials) {
        return ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / trials);
    }

    @Test
    void identicalArmsRejectAtMostAlphaWithFisher() {
        double[] r = simulate(JUDGE, 4000, 2000, 0.02, 0.02, 1);
        System.out.printf("fisher FPR: p<alpha %.4f, FAIL %.4f%n", r[0], r[1]);
        assertThat(r[0]).isLessThanOrEqualTo(tolerance(4000));
        assertThat(r[1]).isLessThanOrEqualTo(r[0]);
    }

    @Test
    void identicalArmsRejectAtMostAlphaWithZ() {
        double[] r = simulate(JUDGE, 4000, 20_000, 0.01, 0.01, 2);
        System.out.printf("z FPR: p<alpha %.4f, FAIL %.4f%n", r[0], r[1]);
        assertThat(r[0]).isLessThanOrEqualTo(tolerance(4000));
    }

    @Test
    void clearlyWorseCanaryFails() {
        double[] fisher = simulate(JUDGE, 1000, 2000, 0.03, 0.01, 3);
        double[] z = simulate(JUDGE, 1000, 10_000, 0.02, 0.01, 4);
        System.out.printf(
                "power: 3%% vs 1%% n=2000 %.3f; 2%% vs 1%% n=10000 %.3f%n", fisher[1], z[1]);
        assertThat(fisher[1]).isGreaterThanOrEqualTo(0.95);
        assertThat(z[1]).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void lowTrafficIsNotEnoughData() {
        Judgement j = JUDGE.judge(99, 50, 10_000, 10);
        assertThat(j.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
        assertThat(j.pValue()).isNaN();
        assertThat(JUDGE.judge(10_000, 0, 0, 0).verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
    }

    @Test
    void zeroErrorCanaryNeverFails() {
        long[][] cases = {
            {100, 0, 100, 0},
            {100, 0, 100, 50},
            {1_000_000, 0, 100, 0},
            {5000, 0, 5000, 3},
            {100_000, 0, 100_000, 0}
        };
        for (long[] c : cases) {
            Judgement j = JUDGE.judge(c[0], c[1], c[2], c[3]);
            assertThat(j.verdict())
                    .as("case %s", java.util.Arrays.toString(c))
                    .isEqualTo(Verdict.PASS);
        }
    }

    @Test
    void sparseErrorsUseFisher() {
        // 10/200 vs 0/200: Fisher one-sided p = C(390,190)/C(400,200) ≈ 0.0009.
        Judgement j = JUDGE.judge(200, 10, 200, 0);
        assertThat(j.method()).isEqualTo(ErrorRateJudge.FISHER);
        assertThat(j.pValue()).isBetween(0.0005, 0.0015);
        assertThat(j.verdict()).isEqualTo(Verdict.FAIL);
        // 3/200 vs 0/200: p ≈ 0.124, not significant.
        assertThat(JUDGE.judge(200, 3, 200, 0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void tinyDifferenceOnHugeSamplesPassesThePracticalMargin() {
        // 1.00% vs 1.05% on 10M requests: z ≈ 11, but +0.05 pp and ×1.05 are within the margin.
        Judgement j = JUDGE.judge(10_000_000, 105_000, 10_000_000, 100_000);
        assertThat(j.method()).isEqualTo(ErrorRateJudge.Z_POOLED);
        assertThat(j.pValue()).isLessThan(1e-10);
        assertThat(j.verdict()).isEqualTo(Verdict.PASS);
        assertThat(j.evidence()).anyMatch(e -> e.name().equals("errorRate.increase"));
    }

    @Test
    void exactAndZAgreeInTheOverlapRegion() {
        UniformRandomProvider rng = rng(5);
        int n = 5000;
        DiscreteDistribution.Sampler a = BinomialDistribution.of(n, 0.02).createSampler(rng);
        DiscreteDistribution.Sampler b = BinomialDistribution.of(n, 0.015).createSampler(rng);
        int agree = 0;
        double maxDiff = 0;
        int trials = 500;
        for (int i = 0; i < trials; i++) {
            long ec = a.sample();
            long es = b.sample();
            double pf = ErrorRateJudge.fisher(n, ec, n, es).getPValue();
            double pz = ErrorRateJudge.zPooledPValue(n, ec, n, es);
            maxDiff = Math.max(maxDiff, Math.abs(pf - pz));
            if ((pf < ALPHA) == (pz < ALPHA)) {
                agree++;
            }
        }
        System.out.printf(
                "exact vs z: verdict agreement %.3f, max |pF-pZ| %.4f%n",
                (double) agree / trials, maxDiff);
        assertThat((double) agree / trials).isGreaterThanOrEqualTo(0.95);
        assertThat(maxDiff).isLessThan(0.06);
    }
}
