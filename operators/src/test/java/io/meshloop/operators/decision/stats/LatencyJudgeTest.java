package io.meshloop.operators.decision.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.meshloop.operators.signals.LatencySketch;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

class LatencyJudgeTest {

    private static final LatencyJudge JUDGE = new LatencyJudge(LatencyJudgeConfig.ofDefaults());
    private static final double ALPHA = 0.02;

    private static ContinuousDistribution.Sampler lognormal(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        UniformRandomProvider rng = r::nextLong;
        // median 50 ms, sigma 0.5: p99 ≈ 160 ms
        return LogNormalDistribution.of(Math.log(50), 0.5).createSampler(rng);
    }

    private static double[] draw(ContinuousDistribution.Sampler s, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.sample() * scale;
        }
        return out;
    }

    private static DDSketch sketch(double[] values) {
        DDSketch sk = LatencySketch.newSketch();
        for (double v : values) {
            LatencySketch.add(sk, v, 1);
        }
        return sk;
    }

    private static double failRate(int trials, int n, double scale, boolean sketches, long seed) {
        ContinuousDistribution.Sampler s = lognormal(seed);
        int fails = 0;
        for (int i = 0; i < trials; i++) {
            double[] c = draw(s, n, scale);
            double[] st = draw(s, n, 1.0);
            Judgement j =
                    sketches
                            ? JUDGE.judgeSketches(sketch(c), sketch(st))
                            : JUDGE.judgeSamples(c, st);
            if (j.verdict() == Verdict.FAIL) {
                fails++;
            }
        }
        return (double) fails / trials;
    }

    private static double tolerance(int trials) {
        return ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / trials);
    }

    @Test
    void identicalArmsFailAtMostAlpha() {
        double samples = failRate(1000, 1000, 1.0, false, 11);
        double sketches = failRate(1000, 2000, 1.0, true, 12);
        System.out.printf("latency FPR: samples %.4f, sketches %.4f%n", samples, sketches);
        assertThat(samples).isLessThanOrEqualTo(tolerance(1000));
        assertThat(sketches).isLessThanOrEqualTo(tolerance(1000));
    }

    @Test
    void rankTestAloneRejectsAtMostAlphaOnIdenticalArms() {
        ContinuousDistribution.Sampler s = lognormal(13);
        int trials = 2000;
        int rejected = 0;
        for (int i = 0; i < trials; i++) {
            if (BinnedRankTest.greater(sketch(draw(s, 500, 1)), sketch(draw(s, 500, 1))).pValue()
                    < ALPHA) {
                rejected++;
            }
        }
        System.out.printf("binned rank test size: %.4f%n", (double) rejected / trials);
        assertThat((double) rejected / trials).isLessThanOrEqualTo(tolerance(trials));
    }

    @Test
    void thirtyPercentSlowerCanaryFails() {
        double samples = failRate(300, 1000, 1.3, false, 14);
        double sketches = failRate(300, 2000, 1.3, true, 15);
        System.out.printf("latency power (x1.3): samples %.3f, sketches %.3f%n", samples, sketches);
        assertThat(samples).isGreaterThanOrEqualTo(0.95);
        assertThat(sketches).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void smallShiftWithinMarginPasses() {
        // ×1.05 is detectable at n = 5000 but inside the 10% (+2% sketch) margin.
        double sketches = failRate(100, 5000, 1.05, true, 16);
        assertThat(sketches).isLessThanOrEqualTo(0.05);
    }

    @Test
    void slowTailIsCaughtByTheTailTest() {
        ContinuousDistribution.Sampler s = lognormal(17);
        int fails = 0;
        int tailRejects = 0;
        for (int t = 0; t < 100; t++) {
            double[] c = draw(s, 4000, 1);
            for (int i = 0; i < c.length; i += 25) {
                c[i] *= 6; // 4% of canary requests are 6× slower
            }
            Judgement j = JUDGE.judgeSketches(sketch(c), sketch(draw(s, 4000, 1)));
            if (j.verdict() == Verdict.FAIL) {
                fails++;
            }
            if (j.evidence().stream()
                    .anyMatch(
                            e ->
                                    e.name().equals("p99.tail.pValue.adjusted")
                                            && e.value() < ALPHA)) {
                tailRejects++;
            }
        }
        System.out.printf(
                "tail regression: FAIL %.2f, tail test alone %.2f%n",
                fails / 100.0, tailRejects / 100.0);
        assertThat(fails).isGreaterThanOrEqualTo(90);
        assertThat(tailRejects).isGreaterThanOrEqualTo(90);
    }

    @Test
    void binnedRankTestMatchesRawMannWhitney() {
        ContinuousDistribution.Sampler s = lognormal(18);
        MannWhitneyUTest mw =
                MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN);
        double maxDiff = 0;
        for (int t = 0; t < 50; t++) {
            double[] c = draw(s, 800, 1.04);
            double[] st = draw(s, 800, 1);
            double raw = mw.test(c, st).getPValue();
            double binned = BinnedRankTest.greater(sketch(c), sketch(st)).pValue();
            maxDiff = Math.max(maxDiff, Math.abs(raw - binned));
        }
        System.out.printf("binned vs raw Mann-Whitney: max |dp| %.4f%n", maxDiff);
        assertThat(maxDiff).isLessThan(0.02);
    }

    @Test
    void handComputedBinnedU() {
        // canary {10, 20}, stable {10, 5}: pairs c>s: (10,5) (20,10) (20,5) = 3, tie (10,10) = 0.5
        DDSketch c = sketch(new double[] {10, 20});
        DDSketch s = sketch(new double[] {10, 5});
        assertThat(BinnedRankTest.greater(c, s).u()).isEqualTo(3.5);
    }

    @Test
    void fewSamplesAreNotEnoughData() {
        ContinuousDistribution.Sampler s = lognormal(19);
        assertThat(JUDGE.judgeSamples(draw(s, 199, 3), draw(s, 5000, 1)).verdict())
                .isEqualTo(Verdict.NOT_ENOUGH_DATA);
        assertThat(
                        JUDGE.judgeSketches(sketch(draw(s, 5000, 3)), LatencySketch.newSketch())
                                .verdict())
                .isEqualTo(Verdict.NOT_ENOUGH_DATA);
    }

    @Test
    void reservoirIsBoundedAndDeterministic() {
        LatencyReservoir a = new LatencyReservoir(100, 7);
        LatencyReservoir b = new LatencyReservoir(100, 7);
        for (int i = 0; i < 10_000; i++) {
            a.add(i);
            b.add(i);
        }
        assertThat(a.size()).isEqualTo(100);
        assertThat(a.offered()).isEqualTo(10_000);
        assertThat(a.snapshot()).containsExactly(b.snapshot());
        double mean = java.util.Arrays.stream(a.snapshot()).average().orElseThrow();
        assertThat(mean).isBetween(4000.0, 6000.0); // uniform over 0..9999: 5000 ± 3 s.e.
        a.clear();
        assertThat(a.size()).isZero();
    }
}
