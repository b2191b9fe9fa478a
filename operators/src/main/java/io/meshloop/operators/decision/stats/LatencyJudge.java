package io.meshloop.operators.decision.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.meshloop.schemas.decision.Evidence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * Is the canary's latency worse than the stable's? Works on raw samples (a bounded {@link
 * LatencyReservoir} per arm) or on the pipeline's DDSketches.
 *
 * <p><b>Two routes to FAIL</b>, each at alpha/m (Bonferroni over m = 1 + number of tail tests, so
 * the family-wise false-positive rate stays at or below alpha):
 *
 * <ol>
 *   <li><b>Shift</b>: one-sided Mann-Whitney U ("canary stochastically greater"): the exact or
 *       asymptotic test of commons-statistics on samples, {@link BinnedRankTest} on sketches;
 *       significant <em>and</em> at least one compared quantile beyond the bound below.
 *   <li><b>Tail</b>, for every quantile q &ge; {@value #TAIL_QUANTILE}: with {@code T = stable_q ×
 *       bound}, the share of canary samples above T is compared with the stable's by the one-sided
 *       proportion test of {@link ErrorRateJudge} (Fisher or pooled z); significant <em>and</em>
 *       {@code canary_q > T}. This catches a slow 2% of requests that barely moves the ranks.
 * </ol>
 *
 * <p><b>Bound.</b> {@code 1 + margin} on raw samples; {@code 1 + margin + 2 × relativeAccuracy} on
 * sketches: each sketch quantile is within ±relativeAccuracy of a true sample quantile, so the
 * ratio of two sketch quantiles may be off by about 2 × relativeAccuracy. Quantiles whose tails
 * hold fewer than {@code minTailSamples} samples in an arm are not compared.
 *
 * <p><b>Independence.</b> Samples must come from disjoint time (tumbling panes, or a reservoir
 * cleared after each judgement): the sliding 10 s signal windows overlap, and merging overlapping
 * windows counts each request several times and inflates significance. Latencies of concurrent
 * requests are correlated (shared load), which the tests ignore; the margin guards against acting
 * on small but "significant" shifts.
 *
 * <p>Stateless and thread-safe.
 */
public final class LatencyJudge {

    /** Quantiles at or above this also get a tail exceedance test. */
    public static final double TAIL_QUANTILE = 0.9;

    private final LatencyJudgeConfig config;
    private final ErrorRateJudgeConfig tailTestConfig;
    private final MannWhitneyUTest mannWhitney =
            MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN);

    public LatencyJudge(LatencyJudgeConfig config) {
        this.config = config;
        this.tailTestConfig = ErrorRateJudgeConfig.ofDefaults();
    }

    public LatencyJudgeConfig config() {
        return config;
    }

    /**
     * Judges raw latency samples (any unit, the same in both arms; arrays are not modified).
     *
     * @param canary canary latencies
     * @param stable stable latencies
     */
    public Judgement judgeSamples(double[] canary, double[] stable) {
        Arm c = new SampleArm(canary);
        Arm s = new SampleArm(stable);
        if (c.count() < config.minSamplesPerArm() || s.count() < config.minSamplesPerArm()) {
            return notEnough(c.count(), s.count());
        }
        MannWhitneyUTest.Result r = mannWhitney.test(canary, stable);
        return judge(c, s, r.getStatistic(), r.getPValue(), 0.0, "mann-whitney");
    }

    /**
     * Judges two sketches built by {@code LatencySketch.newSketch()} (values in ms). Sketch counts
     * are rounded to whole samples.
     */
    public Judgement judgeSketches(DDSketch canary, DDSketch stable) {
        Arm c = new SketchArm(canary);
        Arm s = new SketchArm(stable);
        if (c.count() < config.minSamplesPerArm() || s.count() < config.minSamplesPerArm()) {
            return notEnough(c.count(), s.count());
        }
        RankTestResult r = BinnedRankTest.greater(canary, stable);
        double slack = 2 * canary.getIndexMapping().relativeAccuracy();
        return judge(c, s, r.u(), r.pValue(), slack, "binned-mann-whitney");
    }

    private Judgement notEnough(long nc, long ns) {
        return new Judgement(
                Verdict.NOT_ENOUGH_DATA,
                "none",
                Double.NaN,
                Double.NaN,
                Double.NaN,
                config.alpha(),
                "fewer than " + config.minSamplesPerArm() + " latency samples in an arm",
                List.of(
                        new Evidence("canary.samples", nc, config.minSamplesPerArm(), "samples"),
                        new Evidence("stable.samples", ns, config.minSamplesPerArm(), "samples")));
    }

    private Judgement judge(Arm c, Arm s, double u, double rankP, double slack, String rankMethod) {
        double alpha = config.alpha();
        double bound = 1 + config.margin() + slack;
        long nc = c.count();
        long ns = s.count();
        List<Double> qs = config.quantiles();
        int tailTests = 0;
        for (double q : qs) {
            if (q >= TAIL_QUANTILE && usable(q, nc, ns)) {
                tailTests++;
            }
        }
        int m = 1 + tailTests;
        List<Evidence> ev = new ArrayList<>(6 + 4 * qs.size());
        ev.add(Evidence.of("canary.samples", nc, "samples"));
        ev.add(Evidence.of("stable.samples", ns, "samples"));
        ev.add(new Evidence("rank.pValue.adjusted", Math.min(1, rankP * m), alpha, "1"));
        ev.add(Evidence.of("rank.u", u, "1"));
        boolean beyondAny = false;
        double maxRatio = Double.NaN;
        double minAdjustedP = Math.min(1, rankP * m);
        boolean tailFail = false;
        String tailReason = "";
        for (double q : qs) {
            if (!usable(q, nc, ns)) {
                ev.add(
                        new Evidence(
                                name(q) + ".tailSamples",
                                Math.min(nc, ns) * (1 - q),
                                config.minTailSamples(),
                                "samples"));
                continue;
            }
            double cq = c.quantile(q);
            double sq = s.quantile(q);
            double ratio = sq > 0 ? cq / sq : (cq > 0 ? Double.POSITIVE_INFINITY : 1.0);
            boolean beyond = ratio > bound;
            beyondAny |= beyond;
            maxRatio = Double.isNaN(maxRatio) ? ratio : Math.max(maxRatio, ratio);
            ev.add(Evidence.of("canary." + name(q), cq, "ms"));
            ev.add(Evidence.of("stable." + name(q), sq, "ms"));
            ev.add(new Evidence(name(q) + ".ratio", ratio, bound, "1"));
            if (q >= TAIL_QUANTILE) {
                double threshold = sq * bound;
                long ec = c.countAbove(threshold);
                long es = s.countAbove(threshold);
                double p = tailPValue(nc, ec, ns, es);
                double adjusted = Math.min(1, p * m);
                minAdjustedP = Math.min(minAdjustedP, adjusted);
                ev.add(new Evidence(name(q) + ".tail.pValue.adjusted", adjusted, alpha, "1"));
                ev.add(Evidence.of(name(q) + ".tail.canaryAbove", ec, "samples"));
                ev.add(Evidence.of(name(q) + ".tail.stableAbove", es, "samples"));
                if (adjusted < alpha && beyond && ec * (double) ns > es * (double) nc) {
                    tailFail = true;
                    tailReason =
                            String.format(
                                    "canary %s %.1f > stable %.1f × %.3f; %d/%d vs %d/%d above (p=%.3g)",
                                    name(q), cq, sq, bound, ec, nc, es, ns, adjusted);
                }
            }
        }
        double rankAdjusted = Math.min(1, rankP * m);
        boolean shiftFail = rankAdjusted < alpha && beyondAny;
        Verdict verdict = shiftFail || tailFail ? Verdict.FAIL : Verdict.PASS;
        String reason;
        if (shiftFail) {
            reason =
                    String.format(
                            "canary latency shifted up (%s p=%.3g < %.3g) and a quantile ratio %.3f > %.3f",
                            rankMethod, rankAdjusted, alpha, maxRatio, bound);
        } else if (tailFail) {
            reason = "canary latency tail: " + tailReason;
        } else {
            reason =
                    String.format(
                            "no material latency regression (%s p=%.3g, max quantile ratio %.3f, bound"
                                    + " %.3f)",
                            rankMethod, rankAdjusted, maxRatio, bound);
        }
        String method = tailTests > 0 ? rankMethod + "+tail" : rankMethod;
        return new Judgement(verdict, method, minAdjustedP, u, maxRatio, alpha, reason, ev);
    }

    private double tailPValue(long nc, long ec, long ns, long es) {
        if (nc < tailTestConfig.exactBelowRequests() && ns < tailTestConfig.exactBelowRequests()) {
            return ErrorRateJudge.fisher(nc, ec, ns, es).getPValue();
        }
        return ErrorRateJudge.zPooledPValue(nc, ec, ns, es);
    }

    private boolean usable(double q, long nc, long ns) {
        return Math.min(nc, ns) * (1 - q) >= config.minTailSamples();
    }

    private static String name(double q) {
        double pct = q * 100;
        return pct == Math.rint(pct) ? "p" + (long) pct : "p" + pct;
    }

    /** The view of one arm the judge needs. */
    private interface Arm {
        long count();

        /** Value of rank {@code floor(q·(n-1))}, as DDSketch defines its quantiles. */
        double quantile(double q);

        long countAbove(double threshold);
    }

    private static final class SampleArm implements Arm {
        private final double[] sorted;

        SampleArm(double[] values) {
            this.sorted = values.clone();
            Arrays.sort(sorted);
        }

        @Override
        public long count() {
            return sorted.length;
        }

        @Override
        public double quantile(double q) {
            return sorted[(int) Math.floor(q * (sorted.length - 1))];
        }

        @Override
        public long countAbove(double threshold) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] <= threshold) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return sorted.length - lo;
        }
    }

    private static final class SketchArm implements Arm {
        private final DDSketch sketch;

        SketchArm(DDSketch sketch) {
            this.sketch = sketch;
        }

        @Override
        public long count() {
            return Math.round(sketch.getCount());
        }

        @Override
        public double quantile(double q) {
            return sketch.getValueAtQuantile(q);
        }

        /**
         * Samples in bins strictly above the bin holding {@code threshold} (same rule both arms).
         */
        @Override
        public long countAbove(double threshold) {
            if (threshold <= 0) {
                return Math.round(sketch.getPositiveValueStore().getTotalCount());
            }
            int index = sketch.getIndexMapping().index(threshold);
            double[] sum = {0};
            sketch.getPositiveValueStore()
                    .forEach(
                            (i, count) -> {
                                if (i > index) {
                                    sum[0] += count;
                                }
                            });
            return Math.round(sum[0]);
        }
    }
}
